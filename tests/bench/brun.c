/* brun.c — run a command several times and print what it cost: the
 * median wall-clock time, the peak resident memory, and, for a scripted
 * run of the interface (SAPXEP_SCRIPT_TIMES), the time to the first
 * complete screen, to the first wait for a key, and the time and bytes of
 * each keystroke.
 *
 *   brun [-n RUNS] [-w WARMUP] [-c CPU] [-o OUT] [-T TIMES] [-s SKIP] -- CMD ARGS...
 *
 *   -n RUNS    timed runs (default 5); the figures are their median
 *   -w WARMUP  untimed runs first (default 1): the files are in the page
 *              cache for every timed run, as for an officer's second run
 *   -c CPU     pin the command to this processor (sched_setaffinity)
 *   -o OUT     the command's standard output goes there (default /dev/null)
 *   -T TIMES   the file the command writes its timings to; read after
 *              each run (see sapxep(1), SCRIPTED MODE)
 *   -s SKIP    keystrokes not counted (those that open the screen)
 *
 * Output, one line of name=value pairs (times in ms, memory in KiB):
 *   runs= status= wall_med= wall_min= wall_max= cpu_med= rss_max=
 *   (cpu: user and system time of the command, which other work on the
 *   machine disturbs less than the wall clock)
 *   with -T: first_med= first_bytes= ready_med= keys= key_med= key_p95= key_max=
 *            key_worst= key_bytes_mean= key_bytes_max=
 *   (key_worst: each keystroke's median over the runs, the slowest of
 *   them: a keystroke slow in every run, not a run slowed by other work;
 *   first: the first screen shown whole, which may come before the
 *   program is ready for keys — the dashboard of the last run while the
 *   records load; ready: the first wait for a key)
 * A run that exits with a status other than 0 or 1 stops everything
 * (status 1 is a finding, such as validate's problems).
 *
 * Only for `make bench`; not part of sapxep.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct vec {
	double *v;
	size_t n, cap;
};

static void push(struct vec *a, double x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = realloc(a->v, a->cap * sizeof *a->v);
		if (!a->v) {
			perror("brun");
			exit(2);
		}
	}
	a->v[a->n++] = x;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The q-quantile (0.5: the median) of a, by nearest rank; sorts a. */
static double quantile(struct vec *a, double q)
{
	if (!a->n)
		return 0;
	qsort(a->v, a->n, sizeof *a->v, cmp);
	size_t i = (size_t)(q * (double)(a->n - 1) + 0.5);
	return a->v[i];
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Read one timing log: "<ns> wait <bytes>" when the program waits for a
 * key, its screen up to date; "<ns> key <code>" when it takes one;
 * "<ns> shown <bytes>" when a whole screen went out before it could. */
static void read_times(const char *path, double t0, int skip, struct vec *first,
    double *first_bytes, struct vec *ready, struct vec *lat, struct vec *bytes)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "brun: %s: %s (was SAPXEP_SCRIPT_TIMES set?)\n", path,
		    strerror(errno));
		exit(2);
	}
	char ev[16];
	double ns, n, key_at = -1, last_bytes = 0;
	int waits = 0, keys = 0;
	bool shown = false;
	while (fscanf(f, "%lf %15s %lf", &ns, ev, &n) == 3) {
		if (strcmp(ev, "shown") == 0 && !waits && !shown) {
			shown = true;
			push(first, (ns - t0) / 1e6);
			*first_bytes = n;
			continue;
		}
		if (strcmp(ev, "key") == 0) {
			if (key_at < 0)
				key_at = ns;	/* several keys before a wait: from the first */
			keys++;
			continue;
		}
		if (strcmp(ev, "wait") != 0)
			continue;
		if (waits++ == 0) {
			push(ready, (ns - t0) / 1e6);
			if (!shown) {
				push(first, (ns - t0) / 1e6);
				*first_bytes = n;
			}
		} else if (key_at >= 0 && keys > skip) {
			push(lat, (ns - key_at) / 1e6);
			push(bytes, n - last_bytes);
		}
		key_at = -1;
		last_bytes = n;
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	int runs = 5, warm = 1, cpu = -1, skip = 0, opt;
	const char *out = "/dev/null", *times = NULL;
	while ((opt = getopt(argc, argv, "n:w:c:o:T:s:")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case 'w': warm = atoi(optarg); break;
		case 'c': cpu = atoi(optarg); break;
		case 'o': out = optarg; break;
		case 'T': times = optarg; break;
		case 's': skip = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: brun [-n RUNS] [-w WARMUP] [-c CPU] [-o OUT] "
			    "[-T TIMES] [-s SKIP] -- CMD ARGS...\n");
			return 2;
		}
	}
	if (optind >= argc || runs < 1) {
		fprintf(stderr, "brun: no command\n");
		return 2;
	}
	struct vec wall = { 0 }, cpu_ms = { 0 }, first = { 0 }, ready = { 0 }, lat = { 0 },
	    bytes = { 0 };
	long rss = 0;
	double first_bytes = 0;
	int status = 0;
	for (int i = 0; i < warm + runs; i++) {
		if (times)
			unlink(times);
		double t0 = now_ns();
		pid_t pid = fork();
		if (pid < 0) {
			perror("brun: fork");
			return 2;
		}
		if (pid == 0) {
			if (cpu >= 0) {
				cpu_set_t set;
				CPU_ZERO(&set);
				CPU_SET(cpu, &set);
				if (sched_setaffinity(0, sizeof set, &set) != 0) {
					perror("brun: sched_setaffinity");
					_exit(127);
				}
			}
			int in = open("/dev/null", O_RDONLY);
			int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			int e = open("/dev/null", O_WRONLY);
			if (in < 0 || o < 0 || e < 0) {
				perror("brun: open");
				_exit(127);
			}
			dup2(in, 0);
			dup2(o, 1);
			dup2(e, 2);
			execvp(argv[optind], argv + optind);
			_exit(127);
		}
		int st;
		struct rusage ru;
		if (wait4(pid, &st, 0, &ru) < 0) {
			perror("brun: wait4");
			return 2;
		}
		double t1 = now_ns();
		status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		if (status != 0 && status != 1) {
			fprintf(stderr, "brun: %s exited with status %d\n", argv[optind], status);
			return 2;
		}
		if (i < warm)
			continue;
		push(&wall, (t1 - t0) / 1e6);
		push(&cpu_ms, (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
		if (times)
			read_times(times, t0, skip, &first, &first_bytes, &ready, &lat, &bytes);
	}
	/* the latencies are in run order, the same keys in each run */
	double worst = 0;
	size_t per = lat.n / (size_t)runs;
	for (size_t k = 0; times && per && k < per; k++) {
		struct vec one = { 0 };
		for (int r = 0; r < runs; r++)
			push(&one, lat.v[(size_t)r * per + k]);
		double m = quantile(&one, 0.5);
		worst = m > worst ? m : worst;
		free(one.v);
	}
	printf("runs=%d status=%d wall_med=%.2f wall_min=%.2f wall_max=%.2f cpu_med=%.2f rss_max=%ld",
	    runs, status, quantile(&wall, 0.5), quantile(&wall, 0), quantile(&wall, 1),
	    quantile(&cpu_ms, 0.5), rss);
	if (times) {
		double sum = 0;
		for (size_t i = 0; i < bytes.n; i++)
			sum += bytes.v[i];
		printf(" first_med=%.2f first_bytes=%.0f ready_med=%.2f keys=%zu key_worst=%.3f"
		    " key_med=%.3f key_p95=%.3f key_max=%.3f key_bytes_mean=%.1f key_bytes_max=%.0f",
		    quantile(&first, 0.5), first_bytes, quantile(&ready, 0.5), per, worst,
		    quantile(&lat, 0.5), quantile(&lat, 0.95), quantile(&lat, 1),
		    bytes.n ? sum / (double)bytes.n : 0, quantile(&bytes, 1));
	}
	printf("\n");
	free(wall.v);
	free(cpu_ms.v);
	free(first.v);
	free(ready.v);
	free(lat.v);
	free(bytes.v);
	return 0;
}
