/* SPDX-License-Identifier: MIT */
/* Unit tests for keymap.c: key names (hostile ones first), bindings from configuration,
 * lookups with contexts and prefixes, and the man page section against the table. */
#include "autoconfig.h"

#include "keymap.h"
#include "unit.h"

static void
assert_parse_fails(const char *spec, const char *needle)
{
	KeySeq seq;
	g_autoptr(AurError) e = NULL;
	if (keymap_parse_keys(spec, &seq, &e))
		fail_msg("'%s' parsed", spec);
	assert_non_null(e);
	assert_non_null(e->hint);
	if (needle != NULL) {
		g_autofree char *all = g_strdup_printf("%s | %s", e->message, e->hint);
		assert_str_contains(all, needle);
	}
}

static void
test_hostile_keys(void **state)
{
	assert_parse_fails("", "empty key");
	assert_parse_fails("   ", "empty key");
	assert_parse_fails("C-", "unknown key name 'C-'");
	assert_parse_fails("C-C-x", "repeated");
	assert_parse_fails("M-A-x", "repeated");
	assert_parse_fails("C-1", "cannot be typed");
	assert_parse_fails("C-Enter", "cannot be typed");
	assert_parse_fails("C-Tab", "cannot be typed");
	assert_parse_fails("S-a", "capital letter");
	assert_parse_fails("F0", "unknown key name");
	assert_parse_fails("F25", "unknown key name");
	assert_parse_fails("F01", "unknown key name");
	assert_parse_fails("F1x", "unknown key name");
	assert_parse_fails("Entr", "Did you mean 'Enter'?");
	assert_parse_fails("PageDwn", "Did you mean 'PageDown'?");
	assert_parse_fails("C-Entr", "in 'C-Entr'");
	assert_parse_fails("\xff", "UTF-8");
	assert_parse_fails("\xc0\x80", "UTF-8");         /* overlong NUL */
	assert_parse_fails("\xed\xa0\x80", "UTF-8");     /* a surrogate */
	assert_parse_fails("C-\xe2\x82", "UTF-8");       /* truncated */
	assert_parse_fails("\x01", "control character");
	assert_parse_fails("\x7f", "control character");
	assert_parse_fails("\xc2\x85", "control character"); /* C1 control */
	assert_parse_fails("\xcc\x81", "not a key");      /* a combining accent alone */
	assert_parse_fails("\xe2\x80\x8b", "not a key");  /* zero-width space */
	assert_parse_fails("a b c d e", "too many keys");
	assert_parse_fails("x\tC-e", "unknown key name");
	g_autofree char *huge = g_strnfill(10000, 'a');
	assert_parse_fails(huge, "too long");
	g_autofree char *many = g_strnfill(129, 'C');
	assert_parse_fails(many, "too long");
}

static void
expect_keys(const char *spec, const char *canonical, unsigned n, ...)
{
	KeySeq seq;
	g_autoptr(AurError) e = NULL;
	if (!keymap_parse_keys(spec, &seq, &e))
		fail_msg("'%s': %s", spec, e->message);
	assert_int_equal(seq.len, n);
	va_list ap;
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(seq.keys[i], va_arg(ap, unsigned));
	va_end(ap);
	g_autofree char *text = keymap_format_keys(&seq);
	assert_string_equal(text, canonical);
	/* The canonical text parses back to the same keys. */
	KeySeq again;
	assert_true(keymap_parse_keys(text, &again, NULL));
	assert_int_equal(again.len, seq.len);
	assert_memory_equal(again.keys, seq.keys, seq.len * sizeof seq.keys[0]);
}

static void
test_key_names(void **state)
{
	expect_keys("a", "a", 1, 'a');
	expect_keys("C-a", "C-a", 1, 0x01u);
	expect_keys("C-A", "C-a", 1, 0x01u);
	expect_keys("C-x C-e", "C-x C-e", 2, 0x18u, 0x05u);
	expect_keys("  C-x   C-e ", "C-x C-e", 2, 0x18u, 0x05u);
	expect_keys("M-x", "M-x", 1, 'x' | KEY_META);
	expect_keys("A-x", "M-x", 1, 'x' | KEY_META);
	expect_keys("M-C-x", "C-M-x", 1, 0x18u | KEY_META);
	expect_keys("M-Enter", "M-Enter", 1, KEY_ENTER_CODE | KEY_META);
	expect_keys("return", "Enter", 1, KEY_ENTER_CODE);
	expect_keys("C-m", "Enter", 1, KEY_ENTER_CODE);
	expect_keys("C-i", "Tab", 1, KEY_TAB_CODE);
	expect_keys("C-[", "Esc", 1, KEY_ESC_CODE);
	expect_keys("C-Space", "C-Space", 1, 0u);
	expect_keys("C-@", "C-Space", 1, 0u);
	expect_keys("C-\\", "C-\\", 1, 0x1cu);
	expect_keys("C-?", "Backspace", 1, KEY_BS_CODE);
	expect_keys("S-Tab", "BTab", 1, (unsigned)KEYSYM_BTAB);
	expect_keys("S-Up", "S-Up", 1, KEYSYM_UP | KEY_SHIFT);
	expect_keys("C-S-Left", "C-S-Left", 1, KEYSYM_LEFT | KEY_CTRL | KEY_SHIFT);
	expect_keys("pgdn", "PageDown", 1, (unsigned)KEYSYM_PAGEDOWN);
	expect_keys("F1", "F1", 1, KEYSYM_F(1));
	expect_keys("f12", "F12", 1, KEYSYM_F(12));
	expect_keys("F24", "F24", 1, KEYSYM_F(24));
	expect_keys("?", "?", 1, '?');
	expect_keys("[", "[", 1, '[');
	expect_keys("-", "-", 1, '-');
	expect_keys("M--", "M--", 1, '-' | KEY_META);
	expect_keys("M-=", "M-=", 1, '=' | KEY_META);
	expect_keys("C", "C", 1, 'C');
	expect_keys("M-C", "M-C", 1, 'C' | KEY_META);
	expect_keys("Dot", ".", 1, '.');
	expect_keys("M-Dot", "M-.", 1, '.' | KEY_META);
	expect_keys("\xc3\xa9", "\xc3\xa9", 1, 0xe9u);                /* é */
	expect_keys("M-\xe4\xb8\xad", "M-\xe4\xb8\xad", 1, 0x4e2du | KEY_META); /* 中 */
	expect_keys("a b c d", "a b c d", 4, 'a', 'b', 'c', 'd');
	assert_true(keymap_key_is_text('a'));
	assert_true(keymap_key_is_text(0x4e2d));
	assert_false(keymap_key_is_text('a' | KEY_META));
	assert_false(keymap_key_is_text(KEY_ENTER_CODE));
	assert_false(keymap_key_is_text(KEY_BS_CODE));
	assert_false(keymap_key_is_text(KEYSYM_UP));
}

static KeyAction
lookup(const KeyBindings *km, KeyContext ctx, const char *spec, bool *prefix)
{
	KeySeq seq;
	assert_true(keymap_parse_keys(spec, &seq, NULL));
	return keymap_lookup(km, ctx, &seq, prefix);
}

static void
test_default_lookups(void **state)
{
	g_autoptr(KeyBindings) km = keymap_new_default();
	bool prefix;
	assert_int_equal(lookup(km, KEYCTX_GLOBAL, "F1", NULL), KEYACT_HELP);
	assert_int_equal(lookup(km, KEYCTX_CONVERSATION, "?", NULL), KEYACT_HELP);
	/* Typed text belongs to the input line, even where a global binding exists. */
	assert_int_equal(lookup(km, KEYCTX_INPUT, "?", NULL), KEYACT_NONE);
	assert_int_equal(lookup(km, KEYCTX_INPUT, "F1", NULL), KEYACT_HELP);
	assert_int_equal(lookup(km, KEYCTX_CONVERSATION, "C-q", NULL), KEYACT_QUIT);
	/* The context wins over global: Tab completes in the input line. */
	assert_int_equal(lookup(km, KEYCTX_INPUT, "Tab", NULL), KEYACT_COMPLETE);
	assert_int_equal(lookup(km, KEYCTX_CODE, "Tab", NULL), KEYACT_FOCUS_NEXT);
	assert_int_equal(lookup(km, KEYCTX_INPUT, "C-x", &prefix), KEYACT_NONE);
	assert_true(prefix);
	assert_int_equal(lookup(km, KEYCTX_INPUT, "C-x C-e", &prefix), KEYACT_EDITOR);
	assert_false(prefix);
	assert_int_equal(lookup(km, KEYCTX_INPUT, "C-x C-u", &prefix), KEYACT_NONE);
	assert_false(prefix);
	assert_int_equal(lookup(km, KEYCTX_ANALYSIS, "Enter", NULL), KEYACT_JUMP);
	assert_int_equal(lookup(km, KEYCTX_PICKER, "Esc", NULL), KEYACT_CLOSE);
	assert_int_equal(lookup(km, KEYCTX_CONVERSATION, "Esc", NULL), KEYACT_CANCEL_JOB);
	assert_int_equal(lookup(km, KEYCTX_INPUT, "C-c", NULL), KEYACT_CANCEL);
	assert_int_equal(lookup(km, KEYCTX_CONVERSATION, "z", NULL), KEYACT_NONE);
	g_autofree char *help = keymap_keys_for(km, KEYCTX_PICKER, KEYACT_CLOSE);
	assert_string_equal(help, "F1, Esc, ?, q");
	assert_null(keymap_keys_for(km, KEYCTX_GLOBAL, KEYACT_JUMP));
}

static void
test_every_action_is_bound(void **state)
{
	g_autoptr(KeyBindings) km = keymap_new_default();
	for (unsigned a = 1; a < KEYACT__COUNT; a++) {
		bool bound = false;
		for (unsigned c = 0; c < KEYCTX__COUNT; c++) {
			g_autofree char *k = keymap_keys_for(km, (KeyContext)c, (KeyAction)a);
			if (k != NULL) {
				bound = true;
				assert_true(keymap_action_contexts((KeyAction)a) & (1u << c));
			}
		}
		if (!bound)
			fail_msg("action '%s' has no default key", keymap_action_name((KeyAction)a));
		const char *help = keymap_action_help((KeyAction)a);
		assert_true(strlen(help) > 5);
		assert_true(help[strlen(help) - 1] != '.');
		assert_int_equal(keymap_action_from_name(keymap_action_name((KeyAction)a)), a);
	}
	assert_int_equal(keymap_action_from_name("nope"), KEYACT__COUNT);
	assert_int_equal(keymap_context_from_name("chat"), KEYCTX__COUNT);
	/* The contexts are the ones the configuration schema accepts. */
	for (unsigned c = 0; c < KEYCTX__COUNT; c++) {
		g_autofree char *key = g_strdup_printf("ui.keys.%s.x", keymap_context_name((KeyContext)c));
		assert_non_null(config_schema_find(key));
	}
}

static void
test_bind_errors(void **state)
{
	g_autoptr(KeyBindings) km = keymap_new_default();
	g_autoptr(AurError) e1 = NULL;
	assert_false(keymap_bind(km, "global", "M-z", "zom", &e1));
	assert_string_equal(e1->message, "unknown action 'zom'");
	assert_string_equal(e1->hint, "Did you mean 'zoom'?");
	g_autoptr(AurError) e2 = NULL;
	assert_false(keymap_bind(km, "global", "x", "jump", &e2));
	assert_str_contains(e2->message, "does not apply in 'global'");
	assert_str_contains(e2->hint, "analysis");
	g_autoptr(AurError) e3 = NULL;
	assert_false(keymap_bind(km, "chat", "x", "quit", &e3));
	assert_str_contains(e3->hint, "conversation");
	g_autoptr(AurError) e4 = NULL;
	assert_false(keymap_bind(km, "global", "C-Entr", "quit", &e4));
	assert_str_contains(e4->hint, "Enter");
	g_autoptr(AurError) e5 = NULL;
	assert_false(keymap_bind(km, "global", "x", "", &e5));
	/* A failed bind changes nothing. */
	assert_int_equal(lookup(km, KEYCTX_GLOBAL, "M-z", NULL), KEYACT_ZOOM);
}

static void
test_bind_replaces(void **state)
{
	g_autoptr(KeyBindings) km = keymap_new_default();
	assert_true(keymap_bind(km, "input", "C-x", "quit", NULL));
	bool prefix;
	assert_int_equal(lookup(km, KEYCTX_INPUT, "C-x", &prefix), KEYACT_QUIT);
	assert_false(prefix);
	assert_null(keymap_keys_for(km, KEYCTX_INPUT, KEYACT_EDITOR));
	/* And the other way round: a sequence replaces its first key's binding. */
	assert_true(keymap_bind(km, "global", "C-q C-q", "quit", NULL));
	assert_int_equal(lookup(km, KEYCTX_GLOBAL, "C-q", &prefix), KEYACT_NONE);
	assert_true(prefix);
	/* none unbinds and hides the global binding. */
	assert_true(keymap_bind(km, "analysis", "Esc", "none", NULL));
	assert_int_equal(lookup(km, KEYCTX_ANALYSIS, "Esc", NULL), KEYACT_NONE);
	assert_int_equal(lookup(km, KEYCTX_CODE, "Esc", NULL), KEYACT_CANCEL_JOB);
	assert_true(keymap_bind(km, "code", "F5", " zoom ", NULL));
	assert_int_equal(lookup(km, KEYCTX_CODE, "F5", NULL), KEYACT_ZOOM);
}

static void
test_apply_config(void **state)
{
	static const char yaml[] =
		"ui:\n"
		"  keys:\n"
		"    conversation:\n"
		"      C-x z: zoom\n"
		"      x: zom\n"
		"      Entr: quit\n"
		"      Dot: code-next\n"
		"    analysis:\n"
		"      Enter: none\n"
		"      \"S-a\": sort\n";
	g_autoptr(AurConfig) cfg = config_new();
	g_autoptr(AurError) e = NULL;
	assert_true(config_load_buffer(cfg, "keys.yaml", yaml, sizeof yaml - 1, CFG_LAYER_USER, &e));
	g_autoptr(KeyBindings) km = keymap_new_default();
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	keymap_apply_config(km, cfg, w);
	assert_int_equal(lookup(km, KEYCTX_CONVERSATION, "C-x z", NULL), KEYACT_ZOOM);
	assert_int_equal(lookup(km, KEYCTX_CONVERSATION, ".", NULL), KEYACT_CODE_NEXT);
	assert_int_equal(lookup(km, KEYCTX_ANALYSIS, "Enter", NULL), KEYACT_NONE);
	g_autoptr(GString) all = g_string_new(NULL);
	for (guint i = 0; i < w->len; i++)
		g_string_append_printf(all, "%s\n", (char *)w->pdata[i]);
	assert_str_contains(all->str, "keys.yaml:5:10: ui.keys.conversation.x: unknown action 'zom' "
				      "(Did you mean 'zoom'?)");
	assert_str_contains(all->str, "ui.keys.conversation.Entr: unknown key name 'Entr' "
				      "(Did you mean 'Enter'?)");
	assert_str_contains(all->str, "ui.keys.analysis.S-a:");
	assert_int_equal(w->len, 3);
}

static void
test_invalid_utf8_in_config(void **state)
{
	/* A control character reaches the key parser through a YAML escape. */
	static const char yaml[] = "ui:\n  keys:\n    global:\n      \"\\x01\": quit\n";
	g_autoptr(AurConfig) cfg = config_new();
	assert_true(config_load_buffer(cfg, "k.yaml", yaml, sizeof yaml - 1, CFG_LAYER_USER, NULL));
	g_autoptr(KeyBindings) km = keymap_new_default();
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	keymap_apply_config(km, cfg, w);
	assert_int_equal(w->len, 1);
	assert_str_contains(w->pdata[0], "control character");
}

/* The KEY BINDINGS section of aurelis(1) is generated from the table: this fails when
 * someone changes the table or the defaults without running `make man-keys`. */
static void
test_man_page_matches(void **state)
{
	g_autofree char *path = g_build_filename(TEST_SRCDIR, "man", "aurelis.1", NULL);
	g_autofree char *page = NULL;
	assert_true(g_file_get_contents(path, &page, NULL, NULL));
	char *begin = strstr(page, KEYMAP_MAN_BEGIN);
	char *end = begin ? strstr(begin, KEYMAP_MAN_END "\n") : NULL;
	if (begin == NULL || end == NULL)
		fail_msg("man/aurelis.1 has no generated KEY BINDINGS section");
	g_autofree char *have = g_strndup(begin, (gsize)(end - begin) + strlen(KEYMAP_MAN_END) + 1);
	g_autoptr(KeyBindings) km = keymap_new_default();
	g_autofree char *want = keymap_man_section(km);
	if (strcmp(have, want) != 0)
		fail_msg("man/aurelis.1 KEY BINDINGS differs from the action table; run "
			 "'make man-keys' and commit the result");
	/* Every action appears in it. */
	for (unsigned a = 1; a < KEYACT__COUNT; a++) {
		g_autofree char *needle = g_strdup_printf("\\fI%s\\fR", keymap_action_name((KeyAction)a));
		assert_str_contains(have, needle);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_keys),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_default_lookups),
		cmocka_unit_test(test_every_action_is_bound),
		cmocka_unit_test(test_bind_errors),
		cmocka_unit_test(test_bind_replaces),
		cmocka_unit_test(test_apply_config),
		cmocka_unit_test(test_invalid_utf8_in_config),
		cmocka_unit_test(test_man_page_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
