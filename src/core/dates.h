/* dates.h — calendar dates, relative offsets and timestamps.
 *
 * Dates are stored ISO 8601 (2026-11-28) and typed the Vietnamese way
 * (28/11/2026). Timestamps are local time with the UTC offset
 * (2026-11-28T10:15:03+07:00). The clock can be pinned for tests with
 * SAPXEP_NOW=2026-11-28T10:15:03+07:00 (or seconds since the epoch).
 */
#ifndef SAPXEP_DATES_H
#define SAPXEP_DATES_H

#include <stdbool.h>
#include <time.h>

struct date {
	int y, m, d;
};

bool date_valid(int y, int m, int d);
int date_days_in_month(int y, int m);

/* Strict YYYY-MM-DD, a real calendar day. Returns 0 or -1. */
int date_parse_iso(const char *s, struct date *out);

/* What an officer types: dd/mm/yyyy (also with '-' or '.', one-digit day
 * and month), or ISO. Returns 0 or -1 (31/02, 29/02/2025 are -1). */
int date_parse_input(const char *s, struct date *out);

/* buf must hold 11 bytes. */
void date_format_iso(struct date d, char *buf);
void date_format_vn(struct date d, char *buf);

int date_cmp(struct date a, struct date b);

/* Add years, months and days; a day past the end of the month is clamped
 * (29/02/2024 + 1y = 28/02/2025). */
struct date date_add(struct date d, int years, int months, int days);

/* Whole years from `from` to `to` (an age). */
int date_years_between(struct date from, struct date to);

/* A date bound as written in a form: "today", "-16y", "+6m", "-30d",
 * "today-16y" or an ISO date, resolved against `today`. 0 or -1. */
int date_resolve(const char *spec, struct date today, struct date *out);

/* The current time (SAPXEP_NOW aware) and today's local date. */
time_t clock_now(void);
struct date date_today(void);

/* "2026-11-28T10:15:03+07:00" for t in local time; buf holds 32 bytes. */
void timestamp_format(time_t t, char *buf);
/* Strict parse of the format above (offset may also be Z). 0 or -1. */
int timestamp_parse(const char *s, time_t *out);
/* Owned "now" timestamp. */
char *timestamp_now(void);

#endif
