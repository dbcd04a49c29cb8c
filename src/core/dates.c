/* dates.c — see dates.h */
#include "core/dates.h"
#include "core/xmem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

bool date_valid(int y, int m, int d)
{
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= date_days_in_month(y, m);
}

/* Read exactly `n` digits (n > 0) or between 1 and -n digits (n < 0). */
static const char *digits(const char *p, int n, int *out)
{
	int max = n < 0 ? -n : n, k = 0, v = 0;
	while (k < max && isdigit((unsigned char)p[k])) {
		v = v * 10 + (p[k] - '0');
		k++;
	}
	if (k == 0 || (n > 0 && k != n))
		return NULL;
	*out = v;
	return p + k;
}

int date_parse_iso(const char *s, struct date *out)
{
	int y, m, d;
	const char *p = digits(s, 4, &y);
	if (!p || *p++ != '-' || !(p = digits(p, 2, &m)) || *p++ != '-' ||
	    !(p = digits(p, 2, &d)) || *p)
		return -1;
	if (!date_valid(y, m, d))
		return -1;
	out->y = y, out->m = m, out->d = d;
	return 0;
}

int date_parse_input(const char *s, struct date *out)
{
	while (*s == ' ')
		s++;
	char buf[32];
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (date_parse_iso(buf, out) == 0)
		return 0;
	int d, m, y;
	const char *p = digits(buf, -2, &d);
	if (!p || !strchr("/-.", *p))
		return -1;
	char sep = *p++;
	if (!(p = digits(p, -2, &m)) || *p++ != sep || !(p = digits(p, 4, &y)) || *p)
		return -1;
	if (!date_valid(y, m, d))
		return -1;
	out->y = y, out->m = m, out->d = d;
	return 0;
}

void date_format_iso(struct date d, char *buf)
{
	snprintf(buf, 11, "%04d-%02d-%02d", d.y % 10000, d.m % 100, d.d % 100);
}

void date_format_vn(struct date d, char *buf)
{
	snprintf(buf, 11, "%02d/%02d/%04d", d.d % 100, d.m % 100, d.y % 10000);
}

int date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), and back. */
static long to_days(struct date dt)
{
	int y = dt.y - (dt.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static struct date from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	struct date r = { (int)(y + (m <= 2)), (int)m, (int)d };
	return r;
}

struct date date_add(struct date d, int years, int months, int days)
{
	long total = (long)d.y * 12 + (d.m - 1) + (long)years * 12 + months;
	struct date r;
	r.y = (int)(total / 12);
	r.m = (int)(total % 12) + 1;
	int dim = date_days_in_month(r.y, r.m);
	r.d = d.d > dim ? dim : d.d;
	if (days)
		r = from_days(to_days(r) + days);
	return r;
}

int date_years_between(struct date from, struct date to)
{
	int years = to.y - from.y;
	if (to.m < from.m || (to.m == from.m && to.d < from.d))
		years--;
	return years;
}

int date_resolve(const char *spec, struct date today, struct date *out)
{
	const char *p = spec;
	if (!*spec)
		return -1;
	if (date_parse_iso(spec, out) == 0)
		return 0;
	if (strncmp(p, "today", 5) == 0)
		p += 5;
	if (!*p) {
		*out = today;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	int sign = *p == '-' ? -1 : 1;
	p++;
	if (!isdigit((unsigned char)*p))
		return -1;	/* strtol would take "- 16y" and "+-16y" */
	char *end;
	long n = strtol(p, &end, 10);
	if (end == p || n > 1000 || *end == '\0' || end[1] != '\0')
		return -1;
	switch (*end) {
	case 'y':
		*out = date_add(today, (int)(sign * n), 0, 0);
		return 0;
	case 'm':
		*out = date_add(today, 0, (int)(sign * n), 0);
		return 0;
	case 'd':
		*out = date_add(today, 0, 0, (int)(sign * n));
		return 0;
	}
	return -1;
}

time_t clock_now(void)
{
	const char *pin = getenv("SAPXEP_NOW");
	if (pin && *pin) {
		time_t t;
		if (timestamp_parse(pin, &t) == 0)
			return t;
		char *end;
		long long v = strtoll(pin, &end, 10);
		if (*end == '\0')
			return (time_t)v;
	}
	return time(NULL);
}

struct date date_today(void)
{
	time_t t = clock_now();
	struct tm tm;
	localtime_r(&t, &tm);
	struct date d = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
	return d;
}

void timestamp_format(time_t t, char *buf)
{
	struct tm tm;
	localtime_r(&t, &tm);
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, sign, off / 3600, (off % 3600) / 60);
}

int timestamp_parse(const char *s, time_t *out)
{
	int y, mo, d, h, mi, se, oh = 0, om = 0;
	const char *p = digits(s, 4, &y);
	if (!p || *p++ != '-' || !(p = digits(p, 2, &mo)) || *p++ != '-' ||
	    !(p = digits(p, 2, &d)) || (*p != 'T' && *p != ' '))
		return -1;
	p++;
	if (!(p = digits(p, 2, &h)) || *p++ != ':' || !(p = digits(p, 2, &mi)) ||
	    *p++ != ':' || !(p = digits(p, 2, &se)))
		return -1;
	int sign = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		p++;
		if (!(p = digits(p, 2, &oh)) || *p++ != ':' || !(p = digits(p, 2, &om)))
			return -1;
	} else {
		return -1;
	}
	if (*p || !date_valid(y, mo, d) || h > 23 || mi > 59 || se > 60 ||
	    oh > 14 || om > 59)
		return -1;
	struct date dt = { y, mo, d };
	long long secs = (long long)to_days(dt) * 86400 + h * 3600 + mi * 60 + se;
	secs -= (long long)sign * (oh * 3600 + om * 60);
	*out = (time_t)secs;
	return 0;
}

char *timestamp_now(void)
{
	char buf[32];
	timestamp_format(clock_now(), buf);
	return xstrdup(buf);
}
