/* SPDX-License-Identifier: MIT */
/* Unit tests for tui-layout.c: the window tree at many sizes, zoom, growing panes, and the
 * remembered layout file (hostile contents first). */
#include "autoconfig.h"

#include "../../ui/tui-layout.h"
#include "unit.h"

/* Every visible pane lies on the screen, and no two visible panes overlap. */
static void
assert_tiles(const TuiRect r[PANE__COUNT], int rows, int cols)
{
	for (int i = 0; i < PANE__COUNT; i++) {
		if (!r[i].visible)
			continue;
		assert_true(r[i].y >= 0 && r[i].x >= 0 && r[i].h > 0 && r[i].w > 0);
		assert_true(r[i].y + r[i].h <= rows);
		assert_true(r[i].x + r[i].w <= cols);
		for (int j = i + 1; j < PANE__COUNT; j++) {
			if (!r[j].visible)
				continue;
			bool apart = r[i].x + r[i].w <= r[j].x || r[j].x + r[j].w <= r[i].x ||
				     r[i].y + r[i].h <= r[j].y || r[j].y + r[j].h <= r[i].y;
			if (!apart)
				fail_msg("%s and %s overlap at %dx%d", tui_layout_pane_name(i),
					 tui_layout_pane_name(j), cols, rows);
		}
	}
}

static int
covered(const TuiRect r[PANE__COUNT])
{
	int area = 0;
	for (int i = 0; i < PANE__COUNT; i++)
		if (r[i].visible)
			area += r[i].h * r[i].w;
	return area;
}

static void
test_sizes(void **state)
{
	TuiLayoutState st;
	tui_layout_defaults(&st);
	TuiRect r[PANE__COUNT];
	for (int rows = TUI_MIN_ROWS; rows <= 80; rows += 3) {
		for (int cols = TUI_MIN_COLS; cols <= 260; cols += 7) {
			for (int input = 1; input <= 12; input += 5) {
				assert_true(tui_layout_compute(&st, rows, cols, input, PANE_CODE, r));
				assert_tiles(r, rows, cols);
				/* The panes fill the screen exactly. */
				assert_int_equal(covered(r), rows * cols);
				assert_true(r[PANE_STATUS].visible && r[PANE_STATUS].h == 1);
				assert_true(r[PANE_INPUT].visible);
				assert_int_equal(r[PANE_INPUT].y + r[PANE_INPUT].h, rows);
				assert_true(r[PANE_INPUT].h <= MAX(rows / 3, 1));
			}
		}
	}
}

static void
test_wide_and_narrow(void **state)
{
	TuiLayoutState st;
	tui_layout_defaults(&st);
	TuiRect r[PANE__COUNT];
	assert_true(tui_layout_compute(&st, 50, 200, 1, PANE_CONVERSATION, r));
	/* Side by side: conversation left, code over analysis right, with a rule. */
	assert_int_equal(r[PANE_CONVERSATION].x, 0);
	assert_int_equal(r[PANE_CODE].y, 0);
	assert_int_equal(r[PANE_CODE].x, r[PANE_CONVERSATION].w);
	assert_true(r[PANE_CODE].border_left && r[PANE_ANALYSIS].border_left);
	assert_false(r[PANE_CONVERSATION].border_left);
	assert_int_equal(r[PANE_ANALYSIS].x, r[PANE_CODE].x);
	assert_int_equal(r[PANE_ANALYSIS].y, r[PANE_CODE].h);
	assert_int_equal(r[PANE_CONVERSATION].w, 120);
	assert_true(tui_layout_compute(&st, 24, 80, 1, PANE_CONVERSATION, r));
	/* Stacked, full width. */
	for (int i = PANE_CONVERSATION; i <= PANE_ANALYSIS; i++) {
		assert_int_equal(r[i].x, 0);
		assert_int_equal(r[i].w, 80);
	}
	assert_true(r[PANE_CONVERSATION].y < r[PANE_CODE].y);
	assert_true(r[PANE_CODE].y < r[PANE_ANALYSIS].y);
	assert_true(r[PANE_ANALYSIS].h >= 3);
}

static void
test_small_and_zoom(void **state)
{
	TuiLayoutState st;
	tui_layout_defaults(&st);
	TuiRect r[PANE__COUNT];
	assert_false(tui_layout_compute(&st, TUI_MIN_ROWS - 1, 100, 1, PANE_CODE, r));
	assert_false(tui_layout_compute(&st, 40, TUI_MIN_COLS - 1, 1, PANE_CODE, r));
	assert_false(tui_layout_compute(&st, 0, 0, 1, PANE_CODE, r));
	assert_false(tui_layout_compute(&st, -5, -5, 1, PANE_CODE, r));
	/* Small: only the pane asked for. */
	assert_true(tui_layout_compute(&st, 12, 50, 1, PANE_ANALYSIS, r));
	assert_true(r[PANE_ANALYSIS].visible);
	assert_false(r[PANE_CONVERSATION].visible);
	assert_false(r[PANE_CODE].visible);
	/* The input and status panes are never the one shown alone. */
	assert_true(tui_layout_compute(&st, 12, 50, 1, PANE_INPUT, r));
	assert_true(r[PANE_CONVERSATION].visible);
	st.zoom = PANE_CODE;
	assert_true(tui_layout_compute(&st, 50, 200, 1, PANE_CONVERSATION, r));
	assert_true(r[PANE_CODE].visible);
	assert_int_equal(r[PANE_CODE].w, 200);
	assert_false(r[PANE_CONVERSATION].visible);
	assert_false(r[PANE_ANALYSIS].visible);
	assert_int_equal(covered(r), 50 * 200);
	/* A huge input request is capped at a third of the screen. */
	tui_layout_defaults(&st);
	assert_true(tui_layout_compute(&st, 30, 100, 1000, PANE_CODE, r));
	assert_int_equal(r[PANE_INPUT].h, 10);
}

static void
test_grow(void **state)
{
	TuiLayoutState st;
	tui_layout_defaults(&st);
	assert_true(tui_layout_grow(&st, PANE_CONVERSATION, 5));
	assert_int_equal(st.conversation_pct, 65);
	for (int i = 0; i < 50; i++)
		tui_layout_grow(&st, PANE_CONVERSATION, 5);
	assert_int_equal(st.conversation_pct, 85);
	assert_false(tui_layout_grow(&st, PANE_CONVERSATION, 5));
	assert_true(tui_layout_grow(&st, PANE_ANALYSIS, 5));
	assert_int_equal(st.code_pct, 55);
	assert_true(tui_layout_grow(&st, PANE_CODE, -10));
	assert_int_equal(st.code_pct, 45);
	assert_false(tui_layout_grow(&st, PANE_INPUT, 5));
	TuiRect r[PANE__COUNT];
	for (int i = 0; i < 200; i++)
		tui_layout_grow(&st, i % 2 ? PANE_CODE : PANE_CONVERSATION, i % 3 ? -5 : 5);
	assert_true(tui_layout_compute(&st, TUI_MIN_ROWS, TUI_MIN_COLS, 1, PANE_CODE, r));
	assert_tiles(r, TUI_MIN_ROWS, TUI_MIN_COLS);
}

static void
expect_parse(const char *text, int conv, int code, int zoom)
{
	TuiLayoutState st;
	tui_layout_parse(&st, text, strlen(text));
	assert_int_equal(st.conversation_pct, conv);
	assert_int_equal(st.code_pct, code);
	assert_int_equal(st.zoom, zoom);
}

static void
test_parse_hostile(void **state)
{
	expect_parse("", 60, 60, -1);
	expect_parse("garbage", 60, 60, -1);
	expect_parse("[1,2,3]", 60, 60, -1);
	expect_parse("{\"conversation\": 70", 60, 60, -1); /* truncated */
	expect_parse("{\"conversation\": \"70\"}", 60, 60, -1);
	expect_parse("{\"conversation\": 1e308, \"code\": -5}", 60, 60, -1);
	expect_parse("{\"conversation\": NaN}", 60, 60, -1);
	expect_parse("{\"conversation\": 19, \"code\": 86}", 60, 60, -1);
	expect_parse("{\"zoom\": \"input\"}", 60, 60, -1);
	expect_parse("{\"zoom\": 2}", 60, 60, -1);
	expect_parse("{\"zoom\": \"c\\u0000ode\"}", 60, 60, -1);
	expect_parse("{\"conversation\": 70, \"code\": 40, \"zoom\": \"analysis\"}", 70, 40, PANE_ANALYSIS);
	expect_parse("{\"conversation\": 20, \"code\": 85, \"zoom\": null}", 20, 85, -1);
	g_autofree char *deep = g_strnfill(100000, '[');
	expect_parse(deep, 60, 60, -1);
	TuiLayoutState st;
	tui_layout_parse(&st, "{\"conversation\": 70}\xff\xfe", 22);
	assert_int_equal(st.conversation_pct, 60);
}

static void
test_save_load(void **state)
{
	char *dir = unit_tmpdir();
	g_setenv("XDG_STATE_HOME", dir, TRUE);
	TuiLayoutState st = { 75, 30, PANE_CODE }, back;
	assert_true(tui_layout_save(&st, NULL));
	tui_layout_load(&back);
	assert_int_equal(back.conversation_pct, 75);
	assert_int_equal(back.code_pct, 30);
	assert_int_equal(back.zoom, PANE_CODE);
	g_autofree char *path = g_build_filename(dir, "aurelis", "tui-layout.json", NULL);
	GStatBuf sb;
	assert_int_equal(g_stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* A broken file gives the defaults. */
	unit_write(path, "{\"conversation\":");
	tui_layout_load(&back);
	assert_int_equal(back.conversation_pct, 60);
	g_unsetenv("XDG_STATE_HOME");
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_wide_and_narrow),
		cmocka_unit_test(test_small_and_zoom),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_save_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
