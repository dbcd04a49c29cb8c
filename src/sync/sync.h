/* sync.h — a commune's workspace as a git repository, synced with the
 * commune's repository at the province.
 *
 * git (the program, see gitrun.h) is the engine: it moves the files over
 * SSH with the officer's own keys and settings, works offline and keeps a
 * tamper-evident history. sapxep adds what a commune needs on top:
 *
 *   - every save and every delete is a commit, made under the workspace
 *     lock by the ws->on_change hook (sync_attach), author the officer;
 *     commits are local and never wait on the network;
 *   - sync_run fetches, merges record by record with sapxep's merge
 *     driver (merge.h; a conflict is kept in the record, never decided
 *     silently; edited against deleted is kept and flagged), checks what
 *     it would send with the province's own checks (check.h), and sends,
 *     fetching and merging again when someone else sent first;
 *   - an unreachable server is a normal state: nothing is lost, the
 *     changes wait (sync_status counts them for the dashboard).
 *
 * The merge never touches the officer's files until it is complete: git
 * merge-tree builds the merged commit aside, and the files move to it in
 * one fast-forward under the workspace lock. A sync killed at any point
 * leaves a workspace the next sync completes; stale git lock files left
 * by a killed git are removed while sapxep holds its own locks.
 *
 * Local state, never synced: .sapxep/sync.yaml (times and result of the
 * last sync), .sapxep/sync.lock (one sync at a time).
 */
#ifndef SAPXEP_SYNC_H
#define SAPXEP_SYNC_H

#include <stdbool.h>
#include <time.h>

#include "core/err.h"
#include "core/xmem.h"
#include "store/paths.h"
#include "store/workspace.h"

/* The branch every workspace and province repository uses. */
#define SYNC_BRANCH "main"

/* True when the workspace is a git repository (has .git). */
bool sync_is_repo(const struct workspace *ws);

/* Make ws a git repository (when it is not one yet) tied to `remote`
 * (may be NULL; an existing origin is kept): .gitignore (.sapxep/ and
 * temporary files), .gitattributes (records merge with sapxep's driver,
 * no end-of-line conversion), the driver in .git/config, and a first
 * commit of the workspace. Safe to call again: it only adds what is
 * missing and points the driver at this program. */
int sync_setup(struct workspace *ws, const char *remote, struct err *e);

/* Install the commit-on-save hook (ws->on_change). Harmless on a
 * workspace that is not a git repository: the hook does nothing there. */
void sync_attach(struct workspace *ws);

struct sync_opts {
	/* a line for the officer ("Receiving from the province server..."),
	 * percentages included; may be NULL */
	void (*progress)(void *data, const char *line);
	void *data;
	/* may ssh ask for a key's passphrase on the terminal? */
	bool interactive;
	/* asked about every tenth of a second while the server is being
	 * talked to; true stops the sync there (SYNC_CANCELLED, nothing
	 * lost); may be NULL */
	bool (*cancel)(void *data);
};

/* Copy the commune's repository at `url` into the new folder `dir` and
 * make it a workspace (a new laptop). Fails, leaving nothing behind, when
 * the province copy is empty or is not a sapxep workspace. */
int sync_clone(const char *url, const char *dir, const struct paths *p,
    const struct sync_opts *o, struct err *e);

enum sync_outcome {
	SYNC_OK,	/* everything sent and received */
	SYNC_OFFLINE,	/* the server could not be reached; the changes wait */
	SYNC_REFUSED,	/* the province's checks refused what would be sent */
	SYNC_STUCK,	/* a file could not be merged; a person must look */
	SYNC_CANCELLED,	/* stopped by the officer while talking to the
			 * server; the changes wait, as when offline */
};

struct sync_result {
	enum sync_outcome outcome;
	long sent;		/* changes sent */
	long received;		/* records changed elsewhere, now here */
	long unsent;		/* changes waiting to be sent afterwards */
	/* records now in conflict: "<form title>: <name> (<fields>)" */
	struct strv conflicts;
	/* what the server or git said, made safe for a terminal */
	struct strv messages;
};

/* Sync ws with its repository. Returns 0 with res->outcome set (an
 * offline server, a refusal and a stuck merge are outcomes, each with
 * its messages, and nothing is lost in any of them), or -1 when the sync
 * could not start (no git, no remote, another sync running). */
int sync_run(struct workspace *ws, const struct sync_opts *o,
    struct sync_result *res, struct err *e);
void sync_result_free(struct sync_result *res);

/* What the dashboard shows. */
struct sync_status {
	bool repo;		/* the workspace is a git repository */
	char *remote;		/* where it syncs to; NULL: nowhere yet */
	long unsent;		/* saved changes not yet at the province */
	long unrecorded;	/* files changed outside sapxep, not yet committed */
	time_t last_ok;		/* end of the last successful sync; 0: never */
	time_t last_attempt;	/* 0: never */
	char *last_result;	/* "ok", "offline", "refused", "stuck"; may be NULL */
	char *last_message;	/* a line about the last attempt; may be NULL */
};

int sync_status(struct workspace *ws, struct sync_status *st, struct err *e);
void sync_status_free(struct sync_status *st);

/* History, for reports as of a date (sapxep report --as-of). */

/* The commit of branch main of `repo` (a workspace, or a province's bare
 * repository) as it stood at the end of day `date` (YYYY-MM-DD, local
 * time): from the branch's reflog, which records when each change arrived
 * (the province keeps it forever), else the last commit made by then.
 * *oid is owned; E_NOTFOUND when there was nothing yet. */
int sync_rev_at(const char *repo, const char *date, char **oid, struct err *e);

/* Write the files of commit `rev` of `repo` into the new folder `dest`:
 * a read-only copy of the workspace as it was, which ws_open and db_open
 * read like any workspace. */
int sync_export(const char *repo, const char *rev, const char *dest,
    struct err *e);

/* The absolute path of the running sapxep program (owned), for the merge
 * driver and the server hook. */
char *sync_self_path(void);

#endif
