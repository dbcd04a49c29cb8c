/* test_editbuf.c — the TUI's line editor: graphemes, NFC, display width. */
#include "support.h"
#include "core/editbuf.h"

#include <stdlib.h>
#include <string.h>

static void empty_buffer_is_safe(void **state)
{
	(void)state;
	struct editbuf b;
	eb_init(&b);
	assert_string_equal(eb_str(&b), "");
	assert_false(eb_left(&b));
	assert_false(eb_right(&b));
	assert_false(eb_backspace(&b));
	assert_false(eb_delete(&b));
	assert_false(eb_kill_word(&b));
	assert_false(eb_kill_end(&b));
	assert_false(eb_kill_start(&b));
	eb_set(&b, NULL);
	assert_string_equal(eb_str(&b), "");
	struct sbuf out = SBUF_INIT;
	int cc = -1;
	assert_int_equal(eb_render(&b, 10, &out, &cc), 0);
	assert_int_equal(cc, 0);
	assert_int_equal(eb_render(&b, 0, &out, &cc), 0);
	sbuf_free(&out);
	eb_free(&b);
}

static void combining_marks_are_stored_nfc(void **state)
{
	(void)state;
	struct editbuf b;
	eb_init(&b);
	/* an input method sending base letter, then combining marks */
	const uint32_t keys[] = { 'N', 'g', 'u', 'y', 'e', 0x0302, 0x0303, 'n' };
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		assert_int_equal(eb_insert_cp(&b, keys[i]), 0);
	assert_string_equal(eb_str(&b), "Nguyễn");
	assert_int_equal(b.cur, strlen("Nguyễn"));
	/* one Left goes over "n", the next over the whole "ễ" */
	assert_true(eb_left(&b));
	assert_true(eb_left(&b));
	assert_int_equal(b.cur, strlen("Nguy"));
	assert_true(eb_delete(&b));
	assert_string_equal(eb_str(&b), "Nguyn");
	assert_int_equal(eb_insert(&b, "\xff"), -1);
	assert_string_equal(eb_str(&b), "Nguyn");
	eb_free(&b);
}

static void backspace_removes_a_grapheme_not_a_byte(void **state)
{
	(void)state;
	struct editbuf b;
	eb_init(&b);
	eb_set(&b, "Đức");
	assert_true(eb_backspace(&b));
	assert_string_equal(eb_str(&b), "Đứ");
	assert_true(eb_backspace(&b));
	assert_string_equal(eb_str(&b), "Đ");
	assert_true(eb_home(&b));
	assert_false(eb_backspace(&b));
	assert_true(eb_delete(&b));
	assert_string_equal(eb_str(&b), "");
	eb_free(&b);
}

static void kill_keys(void **state)
{
	(void)state;
	struct editbuf b;
	eb_init(&b);
	eb_set(&b, "Nguyễn Văn Đức");
	assert_true(eb_kill_word(&b));
	assert_string_equal(eb_str(&b), "Nguyễn Văn ");
	assert_true(eb_kill_word(&b));
	assert_string_equal(eb_str(&b), "Nguyễn ");
	eb_set(&b, "abc def");
	eb_home(&b);
	eb_right(&b);
	eb_right(&b);
	assert_true(eb_kill_end(&b));
	assert_string_equal(eb_str(&b), "ab");
	eb_set(&b, "abc def");
	eb_left(&b);
	assert_true(eb_kill_start(&b));
	assert_string_equal(eb_str(&b), "f");
	assert_int_equal(b.cur, 0);
	eb_free(&b);
}

static void max_chars_refuses_more(void **state)
{
	(void)state;
	struct editbuf b;
	eb_init(&b);
	b.max_chars = 3;
	assert_int_equal(eb_insert(&b, "ăâê"), 0);
	assert_int_equal(eb_insert_cp(&b, 'x'), -1);
	assert_string_equal(eb_str(&b), "ăâê");
	/* a combining mark that composes does not add a character */
	eb_set(&b, "abe");
	assert_int_equal(eb_insert_cp(&b, 0x0302), 0);
	assert_string_equal(eb_str(&b), "abê");
	eb_free(&b);
}

static void render_scrolls_by_display_width(void **state)
{
	(void)state;
	struct editbuf b;
	eb_init(&b);
	eb_set(&b, "Nguyễn Văn Đức");	/* 14 columns */
	struct sbuf out = SBUF_INIT;
	int cc;
	assert_int_equal(eb_render(&b, 20, &out, &cc), 14);
	assert_string_equal(sbuf_str(&out), "Nguyễn Văn Đức");
	assert_int_equal(cc, 14);
	/* 8 columns: the end is shown, cursor in the last column */
	sbuf_reset(&out);
	int w = eb_render(&b, 8, &out, &cc);
	assert_true(w <= 8);
	assert_string_equal(sbuf_str(&out), "Văn Đức");
	assert_int_equal(cc, 7);
	/* Home shows the start again */
	eb_home(&b);
	sbuf_reset(&out);
	eb_render(&b, 8, &out, &cc);
	assert_string_equal(sbuf_str(&out), "Nguyễn V");
	assert_int_equal(cc, 0);
	/* wide characters are never split */
	eb_set(&b, "日本語");
	sbuf_reset(&out);
	eb_home(&b);
	assert_int_equal(eb_render(&b, 5, &out, &cc), 4);
	assert_string_equal(sbuf_str(&out), "日本");
	sbuf_free(&out);
	eb_free(&b);
}

static void control_characters_are_shown_escaped(void **state)
{
	(void)state;
	struct editbuf b;
	eb_init(&b);
	eb_set(&b, "a\x1b[2Jb");
	struct sbuf out = SBUF_INIT;
	int cc;
	eb_render(&b, 20, &out, &cc);
	assert_string_equal(sbuf_str(&out), "a^[[2Jb");
	assert_null(strchr(sbuf_str(&out), 0x1b));
	assert_int_equal(cc, 7);
	assert_int_equal(eb_width(eb_str(&b), 0, b.len), 7);
	sbuf_free(&out);
	eb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_buffer_is_safe),
		cmocka_unit_test(combining_marks_are_stored_nfc),
		cmocka_unit_test(backspace_removes_a_grapheme_not_a_byte),
		cmocka_unit_test(kill_keys),
		cmocka_unit_test(max_chars_refuses_more),
		cmocka_unit_test(render_scrolls_by_display_width),
		cmocka_unit_test(control_characters_are_shown_escaped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
