/* replay.c — run a harness over files and folders of inputs, without
 * libFuzzer: `make check` replays the crashes kept in regress/ and the
 * seed corpus through every harness, under any compiler (and under ASan
 * and UBSan in `make asan`).
 *
 *   replay NAME PATH...   each PATH a file, or a folder of files
 */
#include "fuzz.h"
#include "core/xmem.h"
#include "store/fsutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t inputs;

static void run_file(const char *path)
{
	char *buf;
	size_t len;
	struct err e;
	if (fs_read_file(path, 16 * 1024 * 1024, &buf, &len, &e) != 0) {
		fprintf(stderr, "replay: %s\n", e.msg);
		exit(2);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	inputs++;
}

static void run_path(const char *path)
{
	if (!fs_is_dir(path)) {
		run_file(path);
		return;
	}
	DIR *d = opendir(path);
	struct strv names = STRV_INIT;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			strv_take(&names, path_join(path, de->d_name));
	if (d)
		closedir(d);
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++)
		run_path(names.v[i]);
	strv_free(&names);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: replay NAME PATH...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++)
		run_path(argv[i]);
	printf("replay %s: %zu inputs, no crash\n", argv[1], inputs);
	return 0;
}
