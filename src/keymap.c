/* SPDX-License-Identifier: MIT */
/* The action table, key-name parsing and formatting, bindings and their man page section. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "util.h"

/*
 * The built-in bindings are YAML in the very syntax users write under ui.keys, loaded
 * through the configuration loader and applied by keymap_apply_config(), the function that
 * applies the user's own bindings.  So a default can never use a key name or action the
 * user could not, and the two cannot drift apart.
 *
 * Bindings are small per-context arrays searched linearly (a few dozen entries); a key
 * sequence such as "C-x C-e" is bound as a whole and its first key is a prefix.
 */

#define MAX_SPEC 128

static const char default_text[] =
	"# Built-in key bindings; override them under ui.keys in your configuration.\n"
	"ui:\n"
	"  keys:\n"
	"    global:\n"
	"      F1: help\n"
	"      C-q: quit\n"
	"      C-c: cancel\n"
	"      Esc: cancel-job\n"
	"      Tab: focus-next\n"
	"      BTab: focus-prev\n"
	"      M-1: focus-conversation\n"
	"      M-2: focus-code\n"
	"      M-3: focus-analysis\n"
	"      M-4: focus-input\n"
	"      M-z: zoom\n"
	"      M-=: grow\n"
	"      M--: shrink\n"
	"      M-0: layout-reset\n"
	"      C-l: redraw\n"
	"      M-x: palette\n"
	"      M-m: pick-model\n"
	"      M-s: pick-session\n"
	"      M-o: pick-file\n"
	"      M-t: pick-theme\n"
	"    conversation:\n"
	"      \"?\": help\n"
	"      Up: line-up\n"
	"      k: line-up\n"
	"      Down: line-down\n"
	"      j: line-down\n"
	"      PageUp: page-up\n"
	"      b: page-up\n"
	"      PageDown: page-down\n"
	"      Space: page-down\n"
	"      Home: first\n"
	"      g: first\n"
	"      End: last\n"
	"      G: last\n"
	"      \"[\": code-prev\n"
	"      \"]\": code-next\n"
	"      \":\": palette\n"
	"      y: copy\n"
	"    code:\n"
	"      \"?\": help\n"
	"      Up: line-up\n"
	"      k: line-up\n"
	"      Down: line-down\n"
	"      j: line-down\n"
	"      PageUp: page-up\n"
	"      b: page-up\n"
	"      PageDown: page-down\n"
	"      Space: page-down\n"
	"      Home: first\n"
	"      g: first\n"
	"      End: last\n"
	"      G: last\n"
	"      \"[\": code-prev\n"
	"      \"]\": code-next\n"
	"      \":\": palette\n"
	"      y: copy\n"
	"      w: save\n"
	"      d: diff\n"
	"      a: apply\n"
	"      e: edit-block\n"
	"      c: analyze-block\n"
	"    analysis:\n"
	"      \"?\": help\n"
	"      Up: line-up\n"
	"      k: line-up\n"
	"      Down: line-down\n"
	"      j: line-down\n"
	"      PageUp: page-up\n"
	"      PageDown: page-down\n"
	"      Home: first\n"
	"      g: first\n"
	"      End: last\n"
	"      G: last\n"
	"      Enter: jump\n"
	"      s: sort\n"
	"      v: filter-severity\n"
	"      \":\": palette\n"
	"      f: fix\n"
	"      x: explain\n"
	"      i: ignore\n"
	"      a: apply\n"
	"    input:\n"
	"      Enter: submit\n"
	"      M-Enter: newline\n"
	"      Tab: complete\n"
	"      Up: history-prev\n"
	"      Down: history-next\n"
	"      C-r: history-search\n"
	"      C-x C-e: edit-in-editor\n"
	"      PageUp: page-up\n"
	"      PageDown: page-down\n"
	"    picker:\n"
	"      Esc: close\n"
	"      q: close\n"
	"      \"?\": close\n"
	"      F1: close\n"
	"      Enter: select\n"
	"      Up: line-up\n"
	"      k: line-up\n"
	"      Down: line-down\n"
	"      j: line-down\n"
	"      PageUp: page-up\n"
	"      PageDown: page-down\n"
	"      Home: first\n"
	"      End: last\n"
	"      C-d: delete\n"
	"      C-r: rename\n";

static const struct {
	const char *name;
	const char *title;
} contexts[] = {
#define X(id, name, title) { name, title },
	KEYMAP_CONTEXTS(X)
#undef X
};

static const struct {
	const char *name;
	unsigned contexts;
	const char *help;
} actions[] = {
#define X(id, name, ctx, help) { name, ctx, help },
	KEYMAP_ACTIONS(X)
#undef X
};

/* Key names; the first name of a code is the one we print. */
static const struct {
	const char *name;
	KeyCode code;
} key_names[] = {
	{ "Enter", KEY_ENTER_CODE }, { "Return", KEY_ENTER_CODE }, { "RET", KEY_ENTER_CODE },
	{ "Tab", KEY_TAB_CODE }, { "Esc", KEY_ESC_CODE }, { "Escape", KEY_ESC_CODE },
	{ "Space", ' ' }, { "SPC", ' ' }, { "Backspace", KEY_BS_CODE }, { "BS", KEY_BS_CODE },
	{ "Dot", '.' },
	{ "Up", KEYSYM_UP }, { "Down", KEYSYM_DOWN }, { "Left", KEYSYM_LEFT },
	{ "Right", KEYSYM_RIGHT }, { "Home", KEYSYM_HOME }, { "End", KEYSYM_END },
	{ "PageUp", KEYSYM_PAGEUP }, { "PgUp", KEYSYM_PAGEUP },
	{ "PageDown", KEYSYM_PAGEDOWN }, { "PgDn", KEYSYM_PAGEDOWN },
	{ "Insert", KEYSYM_INSERT }, { "Ins", KEYSYM_INSERT },
	{ "Delete", KEYSYM_DELETE }, { "Del", KEYSYM_DELETE },
	{ "BTab", KEYSYM_BTAB },
};

typedef struct {
	KeySeq seq;
	KeyAction action;
} Binding;

struct KeyBindings {
	GArray *bind[KEYCTX__COUNT];
};

/* ---- the tables ------------------------------------------------------------------------ */

const char *
keymap_context_name(KeyContext ctx)
{
	return ctx < KEYCTX__COUNT ? contexts[ctx].name : "?";
}

const char *
keymap_context_title(KeyContext ctx)
{
	return ctx < KEYCTX__COUNT ? contexts[ctx].title : "?";
}

KeyContext
keymap_context_from_name(const char *name)
{
	for (unsigned i = 0; i < KEYCTX__COUNT; i++)
		if (strcmp(contexts[i].name, name) == 0)
			return (KeyContext)i;
	return KEYCTX__COUNT;
}

const char *
keymap_action_name(KeyAction a)
{
	return a < KEYACT__COUNT ? actions[a].name : "?";
}

const char *
keymap_action_help(KeyAction a)
{
	return a < KEYACT__COUNT ? actions[a].help : "";
}

unsigned
keymap_action_contexts(KeyAction a)
{
	return a < KEYACT__COUNT ? actions[a].contexts : 0;
}

KeyAction
keymap_action_from_name(const char *name)
{
	for (unsigned i = 0; i < KEYACT__COUNT; i++)
		if (strcmp(actions[i].name, name) == 0)
			return (KeyAction)i;
	return KEYACT__COUNT;
}

/* ---- parsing one key --------------------------------------------------------------------- */

static bool
is_special(KeyCode code)
{
	return (code & KEY_CODE_MASK) >= KEY_SPECIAL;
}

static void
key_error(AurError **err, const char *hint, const char *fmt, const char *what)
{
	aur_error_set(err, AUR_ERR_CONFIG,
		      hint ? hint : "Keys are written like C-x, M-Enter, F1, S-Up or PageDown; "
				    "see KEY BINDINGS in aurelis(1).",
		      fmt, what);
}

static bool
lookup_name(const char *name, KeyCode *out)
{
	for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++) {
		if (g_ascii_strcasecmp(key_names[i].name, name) == 0) {
			*out = key_names[i].code;
			return true;
		}
	}
	if ((name[0] == 'F' || name[0] == 'f') && g_ascii_isdigit(name[1]) &&
	    (name[2] == '\0' || (g_ascii_isdigit(name[2]) && name[3] == '\0'))) {
		int n = atoi(name + 1);
		if (n >= 1 && n <= 24 && name[1] != '0') {
			*out = KEYSYM_F(n);
			return true;
		}
	}
	return false;
}

static void
unknown_name(const char *name, AurError **err)
{
	g_autoptr(GPtrArray) cands = g_ptr_array_new_with_free_func(g_free);
	for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++)
		g_ptr_array_add(cands, g_strdup(key_names[i].name));
	for (int f = 1; f <= 12; f++)
		g_ptr_array_add(cands, g_strdup_printf("F%d", f));
	g_ptr_array_add(cands, NULL);
	const char *near = util_did_you_mean(name, (const char *const *)cands->pdata);
	g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near) : NULL;
	key_error(err, hint, "unknown key name '%s'", name);
}

/* The key itself, after the modifiers: one character or a name. */
static bool
parse_base(const char *s, KeyCode *out, AurError **err)
{
	if (!g_utf8_validate(s, -1, NULL)) {
		key_error(err, "Key names are UTF-8 text.", "invalid UTF-8 in a key name%s", "");
		return false;
	}
	if (*s != '\0' && *g_utf8_next_char(s) == '\0') {
		gunichar c = g_utf8_get_char(s);
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
			key_error(err, "Write control keys by name, for example C-a, Enter or Tab.",
				  "a control character cannot be written literally%s", "");
			return false;
		}
		if (!g_unichar_isprint(c) || g_unichar_iszerowidth(c)) {
			g_autofree char *u = g_strdup_printf("U+%04X", c);
			key_error(err, NULL, "'%s' is not a key that can be typed", u);
			return false;
		}
		*out = c;
		return true;
	}
	if (*s == '\0') {
		key_error(err, NULL, "a key name is missing%s", "");
		return false;
	}
	if (lookup_name(s, out))
		return true;
	unknown_name(s, err);
	return false;
}

static bool
apply_ctrl(KeyCode *code, const char *spec, AurError **err)
{
	KeyCode c = *code;
	if (is_special(c)) {
		*code = c | KEY_CTRL;
		return true;
	}
	if (c < 0x80 && g_ascii_isalpha((int)c))
		*code = g_ascii_tolower((int)c) & 0x1f;
	else if (c == '@' || c == ' ')
		*code = 0;
	else if (c >= '[' && c <= '_')
		*code = c & 0x1f;
	else if (c == '?')
		*code = KEY_BS_CODE;
	else {
		key_error(err, "On a terminal, C- combines with letters, Space and @ [ \\ ] ^ _ ? "
			       "and with named keys such as Up or F5.",
			  "'%s' cannot be typed on a terminal", spec);
		return false;
	}
	return true;
}

static bool
apply_shift(KeyCode *code, const char *spec, AurError **err)
{
	if (*code == KEY_TAB_CODE) {
		*code = KEYSYM_BTAB;
		return true;
	}
	if (!is_special(*code)) {
		key_error(err, "S- works with named keys (S-Up, S-F5); for a capital letter write "
			       "the letter itself.",
			  "'%s' cannot be typed on a terminal", spec);
		return false;
	}
	*code |= KEY_SHIFT;
	return true;
}

/* One key: modifiers (C- M- A- S-, each at most once) and the key. */
static bool
parse_one(const char *spec, KeyCode *out, AurError **err)
{
	bool ctrl = false, meta = false, shift = false;
	const char *s = spec;
	while (s[0] != '\0' && s[1] == '-' && s[2] != '\0' && strchr("CMAS", s[0]) != NULL) {
		bool *flag = s[0] == 'C' ? &ctrl : s[0] == 'S' ? &shift : &meta;
		if (*flag) {
			key_error(err, NULL, "a modifier is repeated in key '%s'", spec);
			return false;
		}
		*flag = true;
		s += 2;
	}
	KeyCode code;
	if (!parse_base(s, &code, err)) {
		if (err != NULL && *err != NULL && s != spec)
			aur_error_prefix(*err, "in '%s'", spec);
		return false;
	}
	if (ctrl && !apply_ctrl(&code, spec, err))
		return false;
	if (shift && !apply_shift(&code, spec, err))
		return false;
	*out = code | (meta ? KEY_META : 0);
	return true;
}

bool
keymap_parse_keys(const char *spec, KeySeq *out, AurError **err)
{
	memset(out, 0, sizeof *out);
	size_t len = strlen(spec);
	if (len > MAX_SPEC) {
		aur_error_set(err, AUR_ERR_CONFIG, "A binding has at most four keys.",
			      "key sequence too long (%zu bytes)", len);
		return false;
	}
	g_auto(GStrv) parts = g_strsplit(spec, " ", -1);
	for (size_t i = 0; parts[i] != NULL; i++) {
		if (parts[i][0] == '\0')
			continue;
		if (out->len == KEYSEQ_MAX) {
			aur_error_set(err, AUR_ERR_CONFIG, "A binding has at most four keys.",
				      "too many keys in '%s'", spec);
			return false;
		}
		if (!parse_one(parts[i], &out->keys[out->len], err))
			return false;
		out->len++;
	}
	if (out->len == 0) {
		aur_error_set(err, AUR_ERR_CONFIG, "Write a key such as C-x, F1 or Enter.",
			      "empty key");
		return false;
	}
	return true;
}

/* ---- formatting ---------------------------------------------------------------------- */

static const char *
name_of(KeyCode code)
{
	for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++)
		if (key_names[i].code == code)
			return key_names[i].name;
	return NULL;
}

char *
keymap_format_key(KeyCode key)
{
	GString *s = g_string_new(NULL);
	KeyCode c = key & KEY_CODE_MASK;
	bool ctrl = (key & KEY_CTRL) != 0;
	/* Control codes print as C-letter, except the ones with names. */
	if (c < 0x20 && c != KEY_TAB_CODE && c != KEY_ENTER_CODE && c != KEY_ESC_CODE) {
		ctrl = true;
		c = c == 0 ? ' ' : c < 27 ? c + 'a' - 1 : c + '@';
	}
	if (ctrl)
		g_string_append(s, "C-");
	if (key & KEY_META)
		g_string_append(s, "M-");
	if (key & KEY_SHIFT)
		g_string_append(s, "S-");
	const char *name = name_of(c);
	if (c == '.')
		name = NULL; /* print it as itself; Dot is only needed inside config keys */
	if (name != NULL)
		g_string_append(s, name);
	else if (c >= KEYSYM_F(1) && c <= KEYSYM_F(24))
		g_string_append_printf(s, "F%u", c - KEYSYM_F0);
	else if (c < KEY_SPECIAL)
		g_string_append_unichar(s, c);
	else
		g_string_append_printf(s, "<%#x>", c);
	return g_string_free(s, FALSE);
}

char *
keymap_format_keys(const KeySeq *seq)
{
	GString *s = g_string_new(NULL);
	for (unsigned i = 0; i < seq->len; i++) {
		g_autofree char *k = keymap_format_key(seq->keys[i]);
		if (i > 0)
			g_string_append_c(s, ' ');
		g_string_append(s, k);
	}
	return g_string_free(s, FALSE);
}

bool
keymap_key_is_text(KeyCode key)
{
	if (key & (KEY_META | KEY_CTRL | KEY_SHIFT))
		return false;
	return key >= 0x20 && key != KEY_BS_CODE && key < KEY_SPECIAL;
}

/* ---- bindings ----------------------------------------------------------------------------- */

static bool
seq_equal(const KeySeq *a, const KeySeq *b)
{
	return a->len == b->len && memcmp(a->keys, b->keys, a->len * sizeof a->keys[0]) == 0;
}

/* Is a a proper prefix of b? */
static bool
seq_prefix(const KeySeq *a, const KeySeq *b)
{
	return a->len < b->len && memcmp(a->keys, b->keys, a->len * sizeof a->keys[0]) == 0;
}

static void
bind_seq(KeyBindings *km, KeyContext ctx, const KeySeq *seq, KeyAction action)
{
	GArray *arr = km->bind[ctx];
	/* A new binding replaces the same keys and any binding it would shadow or be shadowed
	 * by (binding C-x removes C-x C-e, and the other way round). */
	for (guint i = arr->len; i-- > 0;) {
		Binding *b = &g_array_index(arr, Binding, i);
		if (seq_equal(&b->seq, seq) || seq_prefix(&b->seq, seq) || seq_prefix(seq, &b->seq))
			g_array_remove_index(arr, i);
	}
	Binding nb = { *seq, action };
	g_array_append_val(arr, nb);
}

static char *
contexts_text(unsigned mask)
{
	GString *s = g_string_new(NULL);
	for (unsigned i = 0; i < KEYCTX__COUNT; i++)
		if (mask & (1u << i))
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", contexts[i].name);
	return g_string_free(s, FALSE);
}

static void
unknown_action(const char *action, AurError **err)
{
	const char *names[KEYACT__COUNT + 1];
	for (unsigned i = 0; i < KEYACT__COUNT; i++)
		names[i] = actions[i].name;
	names[KEYACT__COUNT] = NULL;
	const char *near = util_did_you_mean(action, names);
	g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near)
				     : g_strdup("KEY BINDINGS in aurelis(1) lists the actions.");
	aur_error_set(err, AUR_ERR_CONFIG, hint, "unknown action '%s'", action);
}

bool
keymap_bind(KeyBindings *km, const char *context, const char *keys, const char *action,
	    AurError **err)
{
	KeyContext ctx = keymap_context_from_name(context);
	if (ctx == KEYCTX__COUNT) {
		g_autofree char *all = contexts_text(~0u);
		g_autofree char *hint = g_strdup_printf("Contexts are: %s.", all);
		aur_error_set(err, AUR_ERR_CONFIG, hint, "unknown key context '%s'", context);
		return false;
	}
	g_autofree char *name = g_strstrip(g_strdup(action));
	KeyAction a = keymap_action_from_name(name);
	if (a == KEYACT__COUNT) {
		unknown_action(name, err);
		return false;
	}
	if (!(actions[a].contexts & (1u << ctx))) {
		g_autofree char *where = contexts_text(actions[a].contexts);
		g_autofree char *hint = g_strdup_printf("It can be bound in: %s.", where);
		aur_error_set(err, AUR_ERR_CONFIG, hint, "action '%s' does not apply in '%s'",
			      name, context);
		return false;
	}
	KeySeq seq;
	if (!keymap_parse_keys(keys, &seq, err))
		return false;
	bind_seq(km, ctx, &seq, a);
	return true;
}

void
keymap_apply_config(KeyBindings *km, const AurConfig *cfg, GPtrArray *warnings)
{
	g_autoptr(GPtrArray) keys = config_keys_with_prefix(cfg, "ui.keys.");
	for (guint i = 0; i < keys->len; i++) {
		const char *full = keys->pdata[i];
		const ConfigValue *v = config_lookup(cfg, full);
		const char *rest = full + strlen("ui.keys.");
		const char *dot = strchr(rest, '.');
		if (v == NULL || dot == NULL)
			continue;
		g_autofree char *ctx = g_strndup(rest, (gsize)(dot - rest));
		g_autoptr(AurError) e = NULL;
		if (keymap_bind(km, ctx, dot + 1, v->str ? v->str : "", &e) || warnings == NULL)
			continue;
		g_autofree char *where = v->line > 0
			? g_strdup_printf("%s:%d:%d: ", v->file, v->line, v->col)
			: g_strdup_printf("%s: ", v->file ? v->file : "configuration");
		g_ptr_array_add(warnings, g_strdup_printf("%s%s: %s%s%s%s", where, full, e->message,
							  e->hint ? " (" : "", e->hint ? e->hint : "",
							  e->hint ? ")" : ""));
	}
}

const char *
keymap_default_text(void)
{
	return default_text;
}

static KeyBindings *
keymap_new_empty(void)
{
	KeyBindings *km = g_new0(KeyBindings, 1);
	for (unsigned i = 0; i < KEYCTX__COUNT; i++)
		km->bind[i] = g_array_new(FALSE, FALSE, sizeof(Binding));
	return km;
}

KeyBindings *
keymap_new_default(void)
{
	KeyBindings *km = keymap_new_empty();
	g_autoptr(AurConfig) cfg = config_new();
	g_autoptr(AurError) e = NULL;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	if (!config_load_buffer(cfg, "built-in key bindings", default_text, strlen(default_text),
				CFG_LAYER_DEFAULT, &e))
		g_error("built-in key bindings: %s", e->message);
	keymap_apply_config(km, cfg, warnings);
	if (warnings->len > 0)
		g_error("built-in key bindings: %s", (char *)warnings->pdata[0]);
	return km;
}

void
keymap_free(KeyBindings *km)
{
	if (km == NULL)
		return;
	for (unsigned i = 0; i < KEYCTX__COUNT; i++)
		g_array_unref(km->bind[i]);
	g_free(km);
}

/* -1: nothing; else the index of the exact binding.  *prefix when seq starts a longer one. */
static int
find(const KeyBindings *km, KeyContext ctx, const KeySeq *seq, bool *prefix)
{
	GArray *arr = km->bind[ctx];
	for (guint i = 0; i < arr->len; i++) {
		const Binding *b = &g_array_index(arr, Binding, i);
		if (seq_equal(&b->seq, seq))
			return (int)i;
		if (seq_prefix(seq, &b->seq))
			*prefix = true;
	}
	return -1;
}

KeyAction
keymap_lookup(const KeyBindings *km, KeyContext ctx, const KeySeq *seq, bool *prefix)
{
	bool pfx = false;
	KeyAction result = KEYACT_NONE;
	int i = find(km, ctx, seq, &pfx);
	if (i >= 0) {
		result = g_array_index(km->bind[ctx], Binding, i).action;
	} else if (!pfx && ctx != KEYCTX_GLOBAL &&
		   !(ctx == KEYCTX_INPUT && seq->len == 1 && keymap_key_is_text(seq->keys[0]))) {
		i = find(km, KEYCTX_GLOBAL, seq, &pfx);
		if (i >= 0)
			result = g_array_index(km->bind[KEYCTX_GLOBAL], Binding, i).action;
	}
	if (prefix != NULL)
		*prefix = pfx && i < 0;
	return result;
}

/* Display order: function keys, other named keys, characters, then keys with modifiers. */
static int
key_rank(KeyCode k)
{
	KeyCode c = k & KEY_CODE_MASK;
	int mods = (k & KEY_CTRL ? 4 : 0) + (k & KEY_META ? 8 : 0) + (k & KEY_SHIFT ? 2 : 0);
	if (c >= KEYSYM_F(1) && c <= KEYSYM_F(24))
		return mods * 4;
	if (c >= KEY_SPECIAL || name_of(c) != NULL)
		return mods * 4 + 1;
	if (c < 0x20)
		return 4 * 4 + 2; /* C-letter */
	return mods * 4 + 3;
}

static gint
binding_order(gconstpointer pa, gconstpointer pb)
{
	const Binding *a = *(const Binding *const *)pa, *b = *(const Binding *const *)pb;
	int ra = key_rank(a->seq.keys[0]), rb = key_rank(b->seq.keys[0]);
	if (ra != rb)
		return ra - rb;
	if (a->seq.len != b->seq.len)
		return (int)a->seq.len - (int)b->seq.len;
	for (unsigned i = 0; i < a->seq.len; i++)
		if (a->seq.keys[i] != b->seq.keys[i])
			return a->seq.keys[i] < b->seq.keys[i] ? -1 : 1;
	return 0;
}

char *
keymap_keys_for(const KeyBindings *km, KeyContext ctx, KeyAction action)
{
	g_autoptr(GPtrArray) found = g_ptr_array_new();
	GArray *arr = km->bind[ctx];
	for (guint i = 0; i < arr->len; i++)
		if (g_array_index(arr, Binding, i).action == action)
			g_ptr_array_add(found, &g_array_index(arr, Binding, i));
	if (found->len == 0)
		return NULL;
	g_ptr_array_sort(found, binding_order);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < found->len; i++) {
		g_autofree char *k = keymap_format_keys(&((Binding *)found->pdata[i])->seq);
		g_string_append_printf(s, "%s%s", i ? ", " : "", k);
	}
	return g_string_free(s, FALSE);
}

/* ---- the man page section -------------------------------------------------------------- */

static void
roff_escape(GString *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			g_string_append(out, "\\e");
		else if (*s == '-')
			g_string_append(out, "\\-");
		else
			g_string_append_c(out, *s);
	}
}

static const char man_intro[] =
	".SH KEY BINDINGS\n"
	"The full-screen interface reads each key in the context of the focused pane: that\n"
	"context's bindings come first, then the global ones (plain characters typed into the\n"
	"input line always go to the input).\n"
	"A character typed in another pane that has no binding there moves to the input line.\n"
	"In a picker (models, sessions, files, themes, the palette) plain characters filter the\n"
	"list, and Backspace, C-u and C-w edit the filter; the picker context's bindings of plain\n"
	"characters (such as q and j) apply to the help overlay.\n"
	"Every binding can be changed under\n"
	".B ui.keys.\\fIcontext\\fB.\\fIkey\\fR\n"
	"in the configuration (see\n"
	".BR aurelis.yaml (5));\n"
	"the bindings below are the built-in ones, written in that same syntax inside aurelis.\n"
	".PP\n"
	"Keys are written as a character\n"
	".RB ( a ,\n"
	".BR ? ,\n"
	".BR [ )\n"
	"or a name\n"
	".RB ( Enter ,\n"
	".BR Tab ,\n"
	".BR BTab \" (Shift-Tab),\"\n"
	".BR Esc ,\n"
	".BR Space ,\n"
	".BR Backspace ,\n"
	".BR Up ,\n"
	".BR Down ,\n"
	".BR Left ,\n"
	".BR Right ,\n"
	".BR Home ,\n"
	".BR End ,\n"
	".BR PageUp ,\n"
	".BR PageDown ,\n"
	".BR Insert ,\n"
	".BR Delete ,\n"
	".BR F1 \" to \" F24 ,\n"
	"and\n"
	".B Dot\n"
	"for a full stop, which a configuration key cannot hold)\n"
	"after optional modifiers\n"
	".B C\\-\n"
	"(Control),\n"
	".B M\\-\n"
	"(Meta or Alt, also written\n"
	".BR A\\- )\n"
	"and\n"
	".B S\\-\n"
	"(Shift, for named keys).\n"
	"Names are not case-sensitive; characters are.\n"
	"Up to four keys separated by spaces make a sequence, such as\n"
	".BR \"C\\-x C\\-e\" ;\n"
	"binding a key removes the bindings it starts or that start it.\n"
	"The action\n"
	".B none\n"
	"unbinds a key.\n"
	"An unknown key name or action is reported as a warning with a suggestion and skipped.\n"
	"The input line is GNU readline: keys not listed under\n"
	".B input\n"
	"keep their readline meaning (for example\n"
	".BR C\\-a ,\n"
	".BR C\\-e ,\n"
	".BR C\\-k ,\n"
	".BR C\\-w ),\n"
	"and\n"
	".I ~/.inputrc\n"
	"applies.\n";

char *
keymap_man_section(const KeyBindings *km)
{
	GString *s = g_string_new(KEYMAP_MAN_BEGIN "\n");
	g_string_append(s, man_intro);
	for (unsigned c = 0; c < KEYCTX__COUNT; c++) {
		g_string_append_printf(s, ".SS \"%s (%s)\"\n", contexts[c].title, contexts[c].name);
		for (unsigned a = 1; a < KEYACT__COUNT; a++) {
			g_autofree char *keys = keymap_keys_for(km, (KeyContext)c, (KeyAction)a);
			if (keys == NULL)
				continue;
			g_string_append(s, ".TP\n");
			g_auto(GStrv) each = g_strsplit(keys, ", ", -1);
			for (size_t i = 0; each[i] != NULL; i++) {
				g_string_append(s, i ? "\\fR, \\fB" : "\\fB");
				roff_escape(s, each[i]);
			}
			g_string_append_printf(s, "\\fR \\(em \\fI%s\\fR\n%s.\n", actions[a].name,
					       actions[a].help);
		}
	}
	g_string_append(s, KEYMAP_MAN_END "\n");
	return g_string_free(s, FALSE);
}
