/* SPDX-License-Identifier: MIT */
/* The command palette, generated from the action table and the slash-command table. */
#include "autoconfig.h"

#include <string.h>

#include "commands.h"
#include "tui-input.h"
#include "tui-palette.h"
#include "tui-picker.h"

typedef struct {
	KeyAction action;          /* KEYACT_NONE for a command */
	const SlashCommand *cmd;
} Entry;

/* "M-z"; for an action bound in panes, its keys and where: "y in conversation, code"
 * (contexts with the same keys are named together).  NULL when unbound. */
static char *
keys_of(TuiApp *app, KeyAction a)
{
	unsigned mask = keymap_action_contexts(a);
	char *global = (mask & KC_(GLOBAL)) ? keymap_keys_for(app->keymap, KEYCTX_GLOBAL, a) : NULL;
	if (global != NULL)
		return global;
	char *keys[KEYCTX__COUNT] = { 0 };
	for (unsigned c = 0; c < KEYCTX__COUNT; c++)
		if ((mask & (1u << c)) && c != KEYCTX_PICKER && c != KEYCTX_GLOBAL)
			keys[c] = keymap_keys_for(app->keymap, (KeyContext)c, a);
	GString *s = g_string_new(NULL);
	for (unsigned c = 0; c < KEYCTX__COUNT; c++) {
		if (keys[c] == NULL)
			continue;
		g_string_append_printf(s, "%s%s in %s", s->len ? "; " : "", keys[c],
				       keymap_context_name((KeyContext)c));
		for (unsigned d = c + 1; d < KEYCTX__COUNT; d++) {
			if (keys[d] != NULL && strcmp(keys[d], keys[c]) == 0) {
				g_string_append_printf(s, ", %s", keymap_context_name((KeyContext)d));
				g_clear_pointer(&keys[d], g_free);
			}
		}
		g_clear_pointer(&keys[c], g_free);
	}
	if (s->len == 0) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

static bool
chosen(TuiApp *app, TuiPicker *pk, void *item)
{
	Entry e = *(Entry *)item;
	/* Close first: the action may open a picker of its own or ask a question. */
	tui_picker_close(app, true);
	if (e.cmd == NULL) {
		tui_run_action(app, e.action);
		return false;
	}
	g_autofree char *line = g_strdup_printf("/%s", e.cmd->name);
	if (*e.cmd->args == '\0') {
		tui_submit(app, line);
		return false;
	}
	g_autofree char *typed = g_strdup_printf("%s ", line);
	tui_input_set_text(app, typed);
	tui_notice(app, false, "%s %s: complete it and press Enter", line, e.cmd->args);
	return false;
}

static const TuiPickerOps palette_ops = {
	.title = "Command palette",
	.hints = "Enter runs it \xc2\xb7 Esc closes",
	.chosen = chosen,
	.free_item = g_free,
};

static void
add_actions(TuiApp *app, TuiPicker *pk)
{
	for (unsigned a = 1; a < KEYACT__COUNT; a++) {
		unsigned mask = keymap_action_contexts((KeyAction)a);
		/* Moving in a list, choosing, closing: nothing to run from here. */
		if ((mask & ~KC_(PICKER)) == 0 || a == KEYACT_PALETTE)
			continue;
		g_autofree char *keys = keys_of(app, (KeyAction)a);
		g_autofree char *detail = g_strdup_printf("%s%s%s", keymap_action_help((KeyAction)a),
							  keys ? " \xc2\xb7 " : "", keys ? keys : "");
		Entry *e = g_new0(Entry, 1);
		e->action = (KeyAction)a;
		tui_picker_add(pk, keymap_action_name((KeyAction)a), detail, NULL, e);
	}
}

static void
add_commands(TuiPicker *pk)
{
	for (const SlashCommand *c = commands_table(); c->name != NULL; c++) {
		g_autofree char *detail = g_strdup_printf("%s%s%s", *c->args ? c->args : "",
							  *c->args ? " \xc2\xb7 " : "", c->summary);
		g_autofree char *name = g_strdup_printf("/%s", c->name);
		Entry *e = g_new0(Entry, 1);
		e->cmd = c;
		tui_picker_add(pk, name, detail, NULL, e);
	}
}

void
tui_palette_open(TuiApp *app)
{
	TuiPicker *pk = tui_picker_open(app, &palette_ops, NULL, NULL);
	add_actions(app, pk);
	add_commands(pk);
	tui_picker_update(pk);
}
