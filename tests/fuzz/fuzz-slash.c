/* SPDX-License-Identifier: MIT */
/* libFuzzer target: what a user types into the shell (slash-command parsing, completion)
 * and the history file's escapes. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "commands.h"
#include "histfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Lines reach the commands NUL-terminated, as readline gives them. */
	char *line = g_strndup((const char *)data, size);
	AurError *err = NULL;
	SlashCall *call = commands_parse(line, &err);
	if ((call == NULL) == (err == NULL))
		__builtin_trap();
	if (call != NULL && (call->argc < call->cmd->min_args ||
			     (call->cmd->max_args >= 0 && call->argc > call->cmd->max_args)))
		__builtin_trap();
	commands_call_free(call);
	aur_error_free(err);
	(void)commands_is_command(line);

	/* Completion at every word start, without touching the disk for files. */
	size_t len = strlen(line);
	for (size_t i = 0; i <= len && i < 64; i++) {
		if (i > 0 && line[i - 1] != ' ')
			continue;
		if (strstr(line, "/add") || strstr(line, "/explain") || strstr(line, "/fix") ||
		    strstr(line, "/export") || strstr(line, "/analyze") || strstr(line, "/load") ||
		    strstr(line, "/theme"))
			break;
		GPtrArray *c = commands_complete(NULL, line, i);
		g_ptr_array_unref(c);
	}

	/* The history file: an entry escaped and read back is the same entry, less any
	 * carriage return (which the file drops). */
	char *entry = histfile_unescape((const char *)data, size);
	char *esc = histfile_escape(entry);
	char *back = histfile_unescape(esc, strlen(esc));
	if (strchr(esc, '\n') != NULL || (strchr(entry, '\r') == NULL && strcmp(back, entry) != 0))
		__builtin_trap();
	g_free(back);
	g_free(esc);
	g_free(entry);
	g_free(line);
	return 0;
}
