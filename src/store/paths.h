/* paths.h — where sapxep finds its forms, rules and translations, and
 * which workspace it opens.
 *
 * Program data (screens/, config/) comes from $SAPXEP_SHARE, else from
 * the source tree the binary was built in (the binary's folder or its
 * parent holds screens/), else from an installed tree found from the
 * binary's own place (<bindir>/../share/sapxep, wherever the tree was
 * moved), else from the compiled-in pkgdatadir. The message catalogues
 * likewise: <exe>/locale, <exe>/build/locale, <bindir>/../share/locale,
 * then the compiled-in localedir, the first holding sapxep.mo. Rule packs and
 * lists are looked up in <workspace>/config, then SYSCONFDIR (/etc/sapxep
 * or $SAPXEP_SYSCONFDIR), then <data>/config: earlier folders override.
 */
#ifndef SAPXEP_PATHS_H
#define SAPXEP_PATHS_H

#include <stdbool.h>

#include "core/err.h"
#include "core/xmem.h"

struct paths {
	char *datadir;		/* holds screens/ and config/ */
	char *screens;		/* <datadir>/screens */
	char *localedir;	/* message catalogues */
	char *sysconfdir;	/* site overrides; may not exist */
};

/* Work the folders out. Returns 0, or -1 when no screens/ can be found:
 * p is filled in either way (free it with paths_free), so that --help,
 * --version and the message itself need no data files. */
int paths_init(struct paths *p, struct err *e);
/* paths_init's check again (its message in the language chosen since). */
int paths_check(const struct paths *p, struct err *e);
void paths_free(struct paths *p);

/* The config folders for a workspace, most important first (owned). */
void paths_config_dirs(const struct paths *p, const char *workspace,
    struct strv *out);

/* The default workspace: $SAPXEP_DATA, else $XDG_DATA_HOME/sapxep, else
 * ~/.local/share/sapxep. Owned. */
char *paths_default_data(void);

/* The workspace a command run without --data or $SAPXEP_DATA works on,
 * found from the current folder `cwd` (absolute, as getcwd gives it) as
 * git finds its repository:
 *   - the nearest folder at or above cwd that holds a sapxep.yaml (a
 *     commune's workspace, from any folder inside it);
 *   - else, when `province`, cwd itself if one of its subfolders is a
 *     workspace or a commune repository made by `server init` (a
 *     province's folder); never the home folder `home`, where the
 *     default workspace is meant.
 * What is found must belong to the user, or to one of their groups and
 * not be writable by everyone: a sapxep.yaml someone else planted above
 * cwd is never opened unasked. Returns 1 with *dir set (owned), 0 when
 * nothing is found (then the default applies), -1 (E_USAGE) when what
 * was found is not trusted (E_IO): the message names it and says how to open
 * it anyway. */
int paths_discover(const char *cwd, const char *home, bool province, char **dir,
    struct err *e);

#endif
