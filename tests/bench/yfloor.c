/* yfloor.c — the floor for a roll-up: find every .yaml file below a
 * folder (never inside hidden folders, as sapxep), read it, and run
 * libyaml's parser over it, event by event, doing nothing with the
 * events. No program that reads these files with libyaml can be faster.
 *
 *   yfloor DIR    prints "files=N events=N bytes=N"
 *
 * Only for `make bench`; not part of sapxep.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static size_t files, events, bytes;
static char *buf;
static size_t cap;

static int parse(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	size_t len = (size_t)st.st_size;
	if (len + 1 > cap) {
		cap = len + 1;
		buf = realloc(buf, cap);
		if (!buf)
			abort();
	}
	size_t got = 0;
	while (got < len) {
		ssize_t k = read(fd, buf + got, len - got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	yaml_parser_t p;
	yaml_event_t ev;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, got);
	int rc = 0;
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "yfloor: %s: %s\n", path, p.problem ? p.problem : "error");
			rc = -1;
			break;
		}
		events++;
		int end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	files++;
	bytes += got;
	return rc;
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	char path[4096];
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		size_t n = strlen(de->d_name);
		unsigned char type = de->d_type;
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (lstat(path, &st) != 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		}
		if (type == DT_DIR)
			walk(path);
		else if (type == DT_REG && n > 5 && strcmp(de->d_name + n - 5, ".yaml") == 0)
			parse(path);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yfloor DIR\n");
		return 2;
	}
	walk(argv[1]);
	printf("files=%zu events=%zu bytes=%zu\n", files, events, bytes);
	free(buf);
	return files ? 0 : 2;
}
