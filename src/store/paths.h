/* paths.h — where sapxep finds its forms, rules and translations, and
 * which workspace it opens.
 *
 * Program data (screens/, config/) comes from $SAPXEP_SHARE, else from
 * the source tree the binary was built in (the binary's folder or its
 * parent holds screens/), else from the installed DATADIR. Rule packs and
 * lists are looked up in <workspace>/config, then SYSCONFDIR (/etc/sapxep
 * or $SAPXEP_SYSCONFDIR), then <data>/config: earlier folders override.
 */
#ifndef SAPXEP_PATHS_H
#define SAPXEP_PATHS_H

#include "core/err.h"
#include "core/xmem.h"

struct paths {
	char *datadir;		/* holds screens/ and config/ */
	char *screens;		/* <datadir>/screens */
	char *localedir;	/* message catalogues */
	char *sysconfdir;	/* site overrides; may not exist */
};

/* Work the folders out. Returns 0 or -1 when no screens/ can be found. */
int paths_init(struct paths *p, struct err *e);
void paths_free(struct paths *p);

/* The config folders for a workspace, most important first (owned). */
void paths_config_dirs(const struct paths *p, const char *workspace,
    struct strv *out);

/* The default workspace: $SAPXEP_DATA, else $XDG_DATA_HOME/sapxep, else
 * ~/.local/share/sapxep. Owned. */
char *paths_default_data(void);

#endif
