/* test_dates.c — calendar days, what officers type, bounds relative to
 * today, timestamps with their offset, and the pinned clock. */
#include "support.h"
#include "core/dates.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct date D(int y, int m, int d)
{
	struct date r = { y, m, d };
	return r;
}

static void assert_date(struct date got, int y, int m, int d)
{
	if (got.y != y || got.m != m || got.d != d)
		fail_msg("got %04d-%02d-%02d, expected %04d-%02d-%02d", got.y, got.m,
		    got.d, y, m, d);
}

static void calendar(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2025, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 13), 0);
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2025, 2, 29));
	assert_false(date_valid(2026, 2, 31));
	assert_false(date_valid(2026, 0, 1));
	assert_false(date_valid(999, 1, 1));
	assert_false(date_valid(10000, 1, 1));
	assert_true(date_cmp(D(2026, 1, 31), D(2026, 2, 1)) < 0);
	assert_true(date_cmp(D(2026, 2, 1), D(2025, 12, 31)) > 0);
	assert_int_equal(date_cmp(D(2026, 2, 1), D(2026, 2, 1)), 0);
}

static void parse_and_format(void **state)
{
	(void)state;
	struct date d;
	assert_int_equal(date_parse_iso("2026-11-28", &d), 0);
	assert_date(d, 2026, 11, 28);
	const char *bad_iso[] = { "2026-11-31", "2026-1-28", "26-11-28", "2026/11/28",
		"2026-11-28 ", " 2026-11-28", "2026-11-28T00:00", "", "2025-02-29", NULL };
	for (int i = 0; bad_iso[i]; i++)
		if (date_parse_iso(bad_iso[i], &d) == 0)
			fail_msg("'%s' taken as an ISO date", bad_iso[i]);
	assert_int_equal(date_parse_input("28/11/2026", &d), 0);
	assert_date(d, 2026, 11, 28);
	assert_int_equal(date_parse_input("1.2.2024", &d), 0);
	assert_date(d, 2024, 2, 1);
	assert_int_equal(date_parse_input("  29-02-2024 ", &d), 0);
	assert_date(d, 2024, 2, 29);
	const char *bad_input[] = { "31/02/2024", "29/02/2025", "28/11/26",
		"28/11", "28//2026", "128/11/2026", "28/111/2026", "28 /11/2026",
		"28/11/2026/1", "ngày 28/11/2026", "2026-11-28-", "", NULL };
	for (int i = 0; bad_input[i]; i++)
		if (date_parse_input(bad_input[i], &d) == 0)
			fail_msg("'%s' taken as a date", bad_input[i]);
	/* a very long input is refused, not overflowed */
	char big[200];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(date_parse_input(big, &d), -1);
	char buf[11];
	date_format_iso(D(2026, 3, 5), buf);
	assert_string_equal(buf, "2026-03-05");
	date_format_vn(D(2026, 3, 5), buf);
	assert_string_equal(buf, "05/03/2026");
}

static void adding_and_ages(void **state)
{
	(void)state;
	/* a day past the month's end is clamped */
	assert_date(date_add(D(2024, 2, 29), 1, 0, 0), 2025, 2, 28);
	assert_date(date_add(D(2024, 2, 29), 4, 0, 0), 2028, 2, 29);
	assert_date(date_add(D(2026, 1, 31), 0, 1, 0), 2026, 2, 28);
	assert_date(date_add(D(2026, 3, 31), 0, -1, 0), 2026, 2, 28);
	assert_date(date_add(D(2026, 1, 15), 0, -13, 0), 2024, 12, 15);
	assert_date(date_add(D(2026, 12, 31), 0, 0, 1), 2027, 1, 1);
	assert_date(date_add(D(2024, 3, 1), 0, 0, -1), 2024, 2, 29);
	assert_date(date_add(D(2026, 11, 28), 0, 0, -365), 2025, 11, 28);
	assert_int_equal(date_years_between(D(1980, 3, 5), D(2026, 3, 4)), 45);
	assert_int_equal(date_years_between(D(1980, 3, 5), D(2026, 3, 5)), 46);
	assert_int_equal(date_years_between(D(2008, 2, 29), D(2024, 2, 28)), 15);
	assert_int_equal(date_years_between(D(2008, 2, 29), D(2024, 2, 29)), 16);
}

static void bounds_relative_to_today(void **state)
{
	(void)state;
	struct date today = D(2026, 11, 28), d;
	struct { const char *spec; int y, m, d; } ok[] = {
		{ "today", 2026, 11, 28 },
		{ "-16y", 2010, 11, 28 },
		{ "today-16y", 2010, 11, 28 },
		{ "+6m", 2027, 5, 28 },
		{ "-30d", 2026, 10, 29 },
		{ "today+0d", 2026, 11, 28 },
		{ "2020-01-01", 2020, 1, 1 },
		{ "-1000y", 1026, 11, 28 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (date_resolve(ok[i].spec, today, &d) != 0)
			fail_msg("'%s' refused", ok[i].spec);
		assert_date(d, ok[i].y, ok[i].m, ok[i].d);
	}
	const char *bad[] = { "tomorrow", "16y", "-16", "-16yy", "-16 y", "- 16y",
		"+-16y", "-+16y", "-1001y", "today-", "todayy", "-y", "2020-02-30",
		"28/11/2026", "", NULL };
	for (int i = 0; bad[i]; i++)
		if (date_resolve(bad[i], today, &d) == 0)
			fail_msg("'%s' taken as a date bound (%04d-%02d-%02d)", bad[i],
			    d.y, d.m, d.d);
	/* 29/02 minus a year is clamped, like an age */
	assert_int_equal(date_resolve("-1y", D(2024, 2, 29), &d), 0);
	assert_date(d, 2023, 2, 28);
}

static void timestamps(void **state)
{
	(void)state;
	setenv("TZ", "ICT-7", 1);	/* Indochina Time, UTC+7, no tzdata needed */
	tzset();
	time_t t;
	assert_int_equal(timestamp_parse("2026-11-28T10:15:03+07:00", &t), 0);
	char buf[32];
	timestamp_format(t, buf);
	assert_string_equal(buf, "2026-11-28T10:15:03+07:00");
	time_t z;
	assert_int_equal(timestamp_parse("2026-11-28T03:15:03Z", &z), 0);
	assert_true(z == t);
	assert_int_equal(timestamp_parse("2026-11-27T22:15:03-05:00", &z), 0);
	assert_true(z == t);
	assert_int_equal(timestamp_parse("1970-01-01T00:00:00Z", &z), 0);
	assert_true(z == 0);
	const char *bad[] = { "2026-11-28T10:15:03", "2026-11-28", "2026-11-28T25:00:00Z",
		"2026-11-28T10:60:00Z", "2026-02-30T10:00:00Z", "2026-11-28T10:15:03+7:00",
		"2026-11-28T10:15:03+07:00 ", "2026-11-28T10:15:03+15:00", "hôm nay", "",
		NULL };
	for (int i = 0; bad[i]; i++)
		if (timestamp_parse(bad[i], &z) == 0)
			fail_msg("'%s' taken as a timestamp", bad[i]);
}

static void pinned_clock(void **state)
{
	(void)state;
	setenv("TZ", "ICT-7", 1);
	tzset();
	setenv("SAPXEP_NOW", "2026-11-28T23:30:00+07:00", 1);
	struct date d = date_today();
	assert_date(d, 2026, 11, 28);
	char *now = timestamp_now();
	assert_string_equal(now, "2026-11-28T23:30:00+07:00");
	free(now);
	/* 17:00 UTC is already the next day in Việt Nam */
	setenv("SAPXEP_NOW", "2026-11-28T17:00:00Z", 1);
	assert_date(date_today(), 2026, 11, 29);
	setenv("SAPXEP_NOW", "0", 1);
	assert_true(clock_now() == 0);
	assert_date(date_today(), 1970, 1, 1);
	unsetenv("SAPXEP_NOW");
	assert_true(clock_now() > 1700000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calendar),
		cmocka_unit_test(parse_and_format),
		cmocka_unit_test(adding_and_ages),
		cmocka_unit_test(bounds_relative_to_today),
		cmocka_unit_test(timestamps),
		cmocka_unit_test(pinned_clock),
	};
	return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
