/* fuzz_workspace.c — the workspace settings loader (sapxep.yaml); what it
 * accepts is written back and must read back to the same bytes. */
#include "fuzz.h"
#include "store/workspace.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ws_config c;
	struct err e;
	if (ws_config_parse((const char *)data, size, "sapxep.yaml", &c, &e) != 0)
		return 0;
	char *out, *again;
	size_t len, len2;
	if (ws_config_serialize(&c, &out, &len, &e) != 0)
		fuzz_fail("accepted settings do not serialise: %s", e.msg);
	struct ws_config back;
	if (ws_config_parse(out, len, "sapxep.yaml", &back, &e) != 0)
		fuzz_fail("written settings do not load again: %s\n%s", e.msg, out);
	if (ws_config_serialize(&back, &again, &len2, &e) != 0)
		fuzz_fail("settings read back do not serialise: %s", e.msg);
	if (len != len2 || memcmp(out, again, len) != 0)
		fuzz_fail("same settings, other bytes:\n%s\n---\n%s", out, again);
	for (const char *const *k = (const char *const[]){ "commune.region", "commune.kind",
		"commune.class", "commune.border_or_island", "commune.key_security",
		"officer.id", NULL }; *k; k++)
		free(ws_config_value(&c, *k));
	free(again);
	free(out);
	ws_config_free(&back);
	ws_config_free(&c);
	return 0;
}
