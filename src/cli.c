/* SPDX-License-Identifier: MIT */
/* Argument parsing, help text and completion scripts, all driven by the command tables. */
#include "autoconfig.h"

#include <string.h>

#include "cli.h"
#include "util.h"

static const AurOption global_options[] = {
	{ "config", 0, OPT_VALUE, "FILE", "read this file instead of the user configuration", COMPLETE_FILE, NULL },
	{ "endpoint", 0, OPT_VALUE, "URL", "API endpoint (default https://models.github.ai/inference)", COMPLETE_NONE, NULL },
	{ "model", 'm', OPT_VALUE, "ID", "model to try first (e.g. openai/gpt-4.1)", COMPLETE_MODEL, NULL },
	{ "org", 0, OPT_VALUE, "ORG", "attribute requests to this organisation", COMPLETE_NONE, NULL },
	{ "no-cache", 0, OPT_FLAG, NULL, "neither read nor write the response cache", COMPLETE_NONE, NULL },
	{ "json", 0, OPT_FLAG, NULL, "machine-readable output on stdout", COMPLETE_NONE, NULL },
	{ "verbose", 'v', OPT_FLAG, NULL, "log debug lines to stderr too (repeat for more)", COMPLETE_NONE, NULL },
	{ "quiet", 'q', OPT_FLAG, NULL, "only errors on stderr", COMPLETE_NONE, NULL },
	{ "no-color", 0, OPT_FLAG, NULL, "no colours (NO_COLOR does the same)", COMPLETE_NONE, NULL },
	{ "help", 'h', OPT_FLAG, NULL, "show help and exit", COMPLETE_NONE, NULL },
	{ "version", 'V', OPT_FLAG, NULL, "show versions and exit", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

const AurOption *
cli_global_options(void)
{
	return global_options;
}

const AurCommand *
cli_find_command(const char *name)
{
	for (const AurCommand *const *c = cli_commands(); *c != NULL; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

/* ---- parsed arguments ----------------------------------------------------------------- */

typedef struct {
	const AurOption *opt;
	int count;
	GPtrArray *values; /* NULL-terminated */
} OptState;

struct AurArgs {
	GHashTable *opts; /* long name -> OptState */
	GPtrArray *pos;
};

static void
opt_state_free(gpointer p)
{
	OptState *s = p;
	g_ptr_array_unref(s->values);
	g_free(s);
}

void
cli_args_free(AurArgs *a)
{
	if (a == NULL)
		return;
	g_hash_table_destroy(a->opts);
	g_ptr_array_unref(a->pos);
	g_free(a);
}

static const OptState *
state(const AurArgs *a, const char *name)
{
	return a ? g_hash_table_lookup(a->opts, name) : NULL;
}

bool
args_flag(const AurArgs *a, const char *name)
{
	return state(a, name) != NULL;
}

int
args_count(const AurArgs *a, const char *name)
{
	const OptState *s = state(a, name);
	return s ? s->count : 0;
}

const char *
args_value(const AurArgs *a, const char *name)
{
	const OptState *s = state(a, name);
	if (s == NULL || s->values->len < 2)
		return NULL;
	return s->values->pdata[s->values->len - 2];
}

const char *const *
args_values(const AurArgs *a, const char *name)
{
	static const char *const none[] = { NULL };
	const OptState *s = state(a, name);
	return s ? (const char *const *)s->values->pdata : none;
}

unsigned
args_npos(const AurArgs *a)
{
	return a->pos->len;
}

const char *
args_pos(const AurArgs *a, unsigned i)
{
	return i < a->pos->len ? a->pos->pdata[i] : NULL;
}

/* ---- parsing --------------------------------------------------------------------------- */

void
cli_usage_error(AurError **err, const AurCommand *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *hint = cmd
		? g_strdup_printf("Usage: aurelis %s %s  (see `aurelis %s --help`)", cmd->name,
				  cmd->usage ? cmd->usage : "", cmd->name)
		: g_strdup("See `aurelis --help`.");
	aur_error_set(err, AUR_ERR_USAGE, hint, "%s", msg);
}

int
cli_unknown_subcommand(const AurCommand *cmd, const char *sub, const char *guess)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	for (const AurSubcommand *s = cmd->subcommands; s != NULL && s->name != NULL; s++)
		g_ptr_array_add(names, (gpointer)s->name);
	g_ptr_array_add(names, NULL);
	const char *near = guess ? guess : util_did_you_mean(sub, (const char *const *)names->pdata);
	g_autofree char *all = g_strjoinv(", ", (char **)names->pdata);
	g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s %s'?", cmd->name, near)
				     : g_strdup_printf("Subcommands: %s.", all);
	g_autoptr(AurError) e = NULL;
	aur_error_set(&e, AUR_ERR_USAGE, hint, "unknown %s subcommand '%s'", cmd->name, sub);
	return aur_error_report(e);
}

static const AurOption *
find_long(const AurOption *tab, const char *name, size_t len)
{
	for (size_t i = 0; tab != NULL && tab[i].long_name != NULL; i++)
		if (strlen(tab[i].long_name) == len && strncmp(tab[i].long_name, name, len) == 0)
			return &tab[i];
	return NULL;
}

static const AurOption *
find_short(const AurOption *tab, char c)
{
	for (size_t i = 0; tab != NULL && tab[i].long_name != NULL; i++)
		if (tab[i].short_name == c)
			return &tab[i];
	return NULL;
}

static void
suggest_option(const AurCommand *cmd, const char *given, AurError **err)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	for (const AurOption *o = global_options; o->long_name; o++)
		g_ptr_array_add(names, g_strconcat("--", o->long_name, NULL));
	for (const AurOption *o = cmd ? cmd->options : NULL; o && o->long_name; o++)
		g_ptr_array_add(names, g_strconcat("--", o->long_name, NULL));
	g_ptr_array_add(names, NULL);
	const char *near = util_did_you_mean(given, (const char *const *)names->pdata);
	if (near != NULL) {
		g_autofree char *hint = g_strdup_printf("Did you mean '%s'?", near);
		aur_error_set(err, AUR_ERR_USAGE, hint, "unknown option '%s'", given);
	} else {
		cli_usage_error(err, cmd, "unknown option '%s'", given);
	}
}

static void
record(AurArgs *a, const AurOption *opt, const char *value)
{
	OptState *s = g_hash_table_lookup(a->opts, opt->long_name);
	if (s == NULL) {
		s = g_new0(OptState, 1);
		s->opt = opt;
		s->values = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(s->values, NULL);
		g_hash_table_insert(a->opts, (gpointer)opt->long_name, s);
	}
	s->count++;
	if (value != NULL) {
		g_ptr_array_index(s->values, s->values->len - 1) = g_strdup(value);
		g_ptr_array_add(s->values, NULL);
	}
}

static const AurOption *
lookup_long(const AurCommand *cmd, const char *name, size_t len)
{
	const AurOption *o = cmd ? find_long(cmd->options, name, len) : NULL;
	return o ? o : find_long(global_options, name, len);
}

static const AurOption *
lookup_short(const AurCommand *cmd, char c)
{
	const AurOption *o = cmd ? find_short(cmd->options, c) : NULL;
	return o ? o : find_short(global_options, c);
}

/* Parse one "--name[=value]" at argv[*i]; may consume argv[*i + 1]. */
static bool
parse_long(AurArgs *a, const AurCommand *cmd, int argc, char **argv, int *i, AurError **err)
{
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const AurOption *o = lookup_long(cmd, arg, len);
	if (o == NULL) {
		g_autofree char *given = g_strndup(argv[*i], len + 2);
		suggest_option(cmd, given, err);
		return false;
	}
	if (o->kind == OPT_FLAG) {
		if (eq != NULL) {
			cli_usage_error(err, cmd, "option '--%s' takes no value", o->long_name);
			return false;
		}
		record(a, o, NULL);
		return true;
	}
	const char *val = eq ? eq + 1 : NULL;
	if (val == NULL) {
		if (*i + 1 >= argc) {
			cli_usage_error(err, cmd, "option '--%s' needs a value (%s)", o->long_name,
					o->metavar ? o->metavar : "VALUE");
			return false;
		}
		val = argv[++*i];
	}
	record(a, o, val);
	return true;
}

/* Parse a bundle of short options ("-vq", "-oFILE", "-o FILE"). */
static bool
parse_short(AurArgs *a, const AurCommand *cmd, int argc, char **argv, int *i, AurError **err)
{
	const char *p = argv[*i] + 1;
	for (; *p != '\0'; p++) {
		const AurOption *o = lookup_short(cmd, *p);
		if (o == NULL) {
			char given[3] = { '-', *p, '\0' };
			suggest_option(cmd, given, err);
			return false;
		}
		if (o->kind == OPT_FLAG) {
			record(a, o, NULL);
			continue;
		}
		const char *val = p[1] != '\0' ? p + 1 : NULL;
		if (val == NULL) {
			if (*i + 1 >= argc) {
				cli_usage_error(err, cmd, "option '-%c' needs a value (%s)", *p,
						o->metavar ? o->metavar : "VALUE");
				return false;
			}
			val = argv[++*i];
		}
		record(a, o, val);
		return true;
	}
	return true;
}

AurArgs *
cli_parse(const AurCommand *cmd, int argc, char **argv, int first, AurError **err)
{
	AurArgs *a = g_new0(AurArgs, 1);
	a->opts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, opt_state_free);
	a->pos = g_ptr_array_new();
	bool only_pos = false;
	for (int i = first; i < argc; i++) {
		const char *arg = argv[i];
		bool ok = true;
		if (only_pos || arg[0] != '-' || arg[1] == '\0')
			g_ptr_array_add(a->pos, (gpointer)arg);
		else if (strcmp(arg, "--") == 0)
			only_pos = true;
		else if (arg[1] == '-')
			ok = parse_long(a, cmd, argc, argv, &i, err);
		else
			ok = parse_short(a, cmd, argc, argv, &i, err);
		if (!ok) {
			cli_args_free(a);
			return NULL;
		}
	}
	return a;
}

int
cli_find_command_index(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0)
			return i + 1 < argc ? i + 1 : 0;
		if (arg[0] != '-' || arg[1] == '\0')
			return i;
		/* Skip the value of a global option given as a separate word. */
		const AurOption *o = NULL;
		if (arg[1] == '-' && strchr(arg, '=') == NULL)
			o = find_long(global_options, arg + 2, strlen(arg + 2));
		else if (arg[1] != '-' && arg[2] == '\0')
			o = find_short(global_options, arg[1]);
		if (o != NULL && o->kind != OPT_FLAG)
			i++;
	}
	return 0;
}

/* ---- help -------------------------------------------------------------------------------- */

static void
print_options(FILE *out, const char *title, const AurOption *opts)
{
	if (opts == NULL || opts->long_name == NULL)
		return;
	fprintf(out, "\n%s:\n", title);
	for (const AurOption *o = opts; o->long_name != NULL; o++) {
		g_autofree char *shortpart = o->short_name ? g_strdup_printf("-%c, ", o->short_name)
							   : g_strdup("    ");
		g_autofree char *left = g_strdup_printf("%s--%s%s%s", shortpart, o->long_name,
							o->metavar ? " " : "", o->metavar ? o->metavar : "");
		fprintf(out, "  %-26s %s\n", left, o->help);
	}
}

void
cli_print_help(FILE *out)
{
	fprintf(out, "Usage: aurelis [OPTIONS] COMMAND [ARGS...]\n\n"
		     "Aurelis is a terminal AI coding assistant for GitHub Models.\n\n"
		     "Commands:\n");
	for (const AurCommand *const *c = cli_commands(); *c != NULL; c++)
		fprintf(out, "  %-12s %s\n", (*c)->name, (*c)->summary);
	print_options(out, "Global options", global_options);
	fprintf(out, "\nRun `aurelis COMMAND --help` for a command's options; man aurelis for all.\n");
}

void
cli_print_command_help(FILE *out, const AurCommand *cmd)
{
	fprintf(out, "Usage: aurelis %s %s\n\n%s\n", cmd->name, cmd->usage ? cmd->usage : "",
		cmd->summary);
	if (cmd->description != NULL)
		fprintf(out, "\n%s\n", cmd->description);
	if (cmd->subcommands != NULL) {
		fprintf(out, "\nSubcommands:\n");
		for (const AurSubcommand *s = cmd->subcommands; s->name != NULL; s++)
			fprintf(out, "  %-18s %s\n", s->name, s->summary);
	}
	print_options(out, "Options", cmd->options);
	print_options(out, "Global options", global_options);
}

/* ---- completion scripts ------------------------------------------------------------------- */

static const char *
bash_action(AurComplete c)
{
	switch (c) {
	case COMPLETE_FILE: return "file";
	case COMPLETE_DIR: return "dir";
	default: return "none";
	}
}

static void
opt_words(GString *s, const AurOption *opts)
{
	for (const AurOption *o = opts; o && o->long_name; o++) {
		g_string_append_printf(s, " --%s", o->long_name);
		if (o->short_name)
			g_string_append_printf(s, " -%c", o->short_name);
	}
}

/* Options taking values, with how to complete them: "--output:file --format:choices:a b". */
static void
value_opts(GString *s, const AurOption *opts, const char *sep)
{
	for (const AurOption *o = opts; o && o->long_name; o++) {
		if (o->kind == OPT_FLAG)
			continue;
		g_autofree char *choices = o->choices ? g_strdelimit(g_strdup(o->choices), "|", ':') : NULL;
		const char *act = o->complete == COMPLETE_CHOICES ? "choices" : bash_action(o->complete);
		g_string_append_printf(s, "%s--%s", sep, o->long_name);
		if (o->short_name)
			g_string_append_printf(s, "|-%c", o->short_name);
		g_string_append_printf(s, "=%s", act);
		if (choices)
			g_string_append_printf(s, ":%s", choices);
		sep = "\n";
	}
}

static void
print_bash(FILE *out)
{
	GString *cmds = g_string_new(NULL);
	for (const AurCommand *const *c = cli_commands(); *c; c++)
		g_string_append_printf(cmds, " %s", (*c)->name);
	GString *glob = g_string_new(NULL);
	opt_words(glob, global_options);
	fprintf(out, "# bash completion for aurelis (generated by `aurelis completion bash`)\n"
		     "_aurelis()\n{\n"
		     "    local cur prev cmd i\n"
		     "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
		     "    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
		     "    cmd=\"\"\n"
		     "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
		     "        case \"${COMP_WORDS[i]}\" in\n"
		     "            --config|--endpoint|--model|-m|--org) ((i++)) ;;\n"
		     "            -*) ;;\n"
		     "            *) cmd=\"${COMP_WORDS[i]}\"; break ;;\n"
		     "        esac\n"
		     "    done\n"
		     "    local global=\"%s\"\n"
		     "    if [[ -z \"$cmd\" ]]; then\n"
		     "        if [[ \"$cur\" == -* ]]; then\n"
		     "            COMPREPLY=($(compgen -W \"$global\" -- \"$cur\"))\n"
		     "        else\n"
		     "            COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n"
		     "        fi\n"
		     "        return\n"
		     "    fi\n"
		     "    local opts=\"\" subs=\"\" pos=file values=\"\"\n"
		     "    case \"$cmd\" in\n",
		glob->str, cmds->str);
	for (const AurCommand *const *c = cli_commands(); *c; c++) {
		GString *o = g_string_new(NULL);
		opt_words(o, (*c)->options);
		GString *subs = g_string_new(NULL);
		for (const AurSubcommand *s = (*c)->subcommands; s && s->name; s++)
			g_string_append_printf(subs, " %s", s->name);
		GString *vals = g_string_new(NULL);
		value_opts(vals, (*c)->options, " ");
		fprintf(out, "        %s) opts=\"%s\"; subs=\"%s\"; pos=%s; values=\"%s\" ;;\n",
			(*c)->name, o->str, subs->str, bash_action((*c)->positional), vals->str);
		g_string_free(o, TRUE);
		g_string_free(subs, TRUE);
		g_string_free(vals, TRUE);
	}
	fprintf(out,
		"    esac\n"
		"    local v\n"
		"    for v in $values; do\n"
		"        local names=\"${v%%%%=*}\" act=\"${v#*=}\"\n"
		"        local IFS='|'\n"
		"        for n in $names; do\n"
		"            if [[ \"$prev\" == \"$n\" ]]; then\n"
		"                unset IFS\n"
		"                case \"$act\" in\n"
		"                    file) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
		"                    dir) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
		"                    choices:*) local ch=\"${act#choices:}\"; COMPREPLY=($(compgen -W \"${ch//:/ }\" -- \"$cur\")) ;;\n"
		"                esac\n"
		"                return\n"
		"            fi\n"
		"        done\n"
		"        unset IFS\n"
		"    done\n"
		"    case \"$prev\" in\n"
		"        --config) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
		"    esac\n"
		"    if [[ \"$cur\" == -* ]]; then\n"
		"        COMPREPLY=($(compgen -W \"$opts $global\" -- \"$cur\"))\n"
		"    elif [[ -n \"$subs\" && \"$prev\" == \"$cmd\" ]]; then\n"
		"        COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
		"    elif [[ \"$pos\" == dir ]]; then\n"
		"        COMPREPLY=($(compgen -d -- \"$cur\"))\n"
		"    elif [[ \"$pos\" == file ]]; then\n"
		"        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
		"    fi\n"
		"}\n"
		"complete -o filenames -o bashdefault -F _aurelis aurelis\n");
	g_string_free(cmds, TRUE);
	g_string_free(glob, TRUE);
}

static void
zsh_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'' )
			fputs("'\\''", out);
		else if (*s == '[' || *s == ']' || *s == ':')
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	}
}

static void
zsh_option(FILE *out, const AurOption *o)
{
	const char *action = "";
	g_autofree char *choices = NULL;
	if (o->kind != OPT_FLAG) {
		if (o->complete == COMPLETE_FILE)
			action = ":file:_files";
		else if (o->complete == COMPLETE_DIR)
			action = ":directory:_files -/";
		else if (o->complete == COMPLETE_CHOICES && o->choices) {
			g_autofree char *c = g_strdelimit(g_strdup(o->choices), "|", ' ');
			choices = g_strdup_printf(":value:(%s)", c);
			action = choices;
		} else
			action = ":value:";
	}
	const char *rep = o->kind == OPT_MULTI || strcmp(o->long_name, "verbose") == 0 ? "*" : "";
	fputs("    '", out);
	if (o->short_name)
		fprintf(out, "%s(-%c --%s)'{-%c,--%s}'", rep, o->short_name, o->long_name,
			o->short_name, o->long_name);
	else
		fprintf(out, "%s--%s", rep, o->long_name);
	fputc('[', out);
	zsh_escape(out, o->help);
	fprintf(out, "]%s' \\\n", action);
}

static void
print_zsh(FILE *out)
{
	fprintf(out, "#compdef aurelis\n# zsh completion for aurelis (generated by `aurelis completion zsh`)\n\n"
		     "_aurelis() {\n  local -a commands\n  commands=(\n");
	for (const AurCommand *const *c = cli_commands(); *c; c++) {
		fprintf(out, "    '%s:", (*c)->name);
		zsh_escape(out, (*c)->summary);
		fputs("'\n", out);
	}
	fprintf(out, "  )\n  local curcontext=\"$curcontext\" state line\n  typeset -A opt_args\n"
		     "  _arguments -C \\\n");
	for (const AurOption *o = global_options; o->long_name; o++)
		zsh_option(out, o);
	fprintf(out, "    '1: :->command' \\\n    '*:: :->args'\n"
		     "  case $state in\n    command) _describe -t commands 'aurelis command' commands ;;\n"
		     "    args)\n      case $words[1] in\n");
	for (const AurCommand *const *c = cli_commands(); *c; c++) {
		fprintf(out, "        %s)\n          _arguments \\\n", (*c)->name);
		for (const AurOption *o = (*c)->options; o && o->long_name; o++)
			zsh_option(out, o);
		for (const AurOption *o = global_options; o->long_name; o++)
			zsh_option(out, o);
		if ((*c)->subcommands) {
			fputs("            '1:subcommand:((", out);
			for (const AurSubcommand *s = (*c)->subcommands; s->name; s++) {
				fprintf(out, "%s\\:", s->name);
				zsh_escape(out, s->summary);
				fputc(' ', out);
			}
			fputs("))' \\\n", out);
		}
		fprintf(out, "            '*:argument:%s'\n          ;;\n",
			(*c)->positional == COMPLETE_DIR ? "_files -/"
			: (*c)->positional == COMPLETE_FILE ? "_files" : " ");
	}
	fprintf(out, "      esac ;;\n  esac\n}\n\n_aurelis \"$@\"\n");
}

static void
fish_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void
fish_option(FILE *out, const char *cond, const AurOption *o)
{
	fprintf(out, "complete -c aurelis -n '%s' -l %s", cond, o->long_name);
	if (o->short_name)
		fprintf(out, " -s %c", o->short_name);
	if (o->kind != OPT_FLAG) {
		if (o->complete == COMPLETE_FILE || o->complete == COMPLETE_DIR)
			fputs(" -r -F", out);
		else if (o->complete == COMPLETE_CHOICES && o->choices) {
			g_autofree char *c = g_strdelimit(g_strdup(o->choices), "|", ' ');
			fprintf(out, " -x -a '%s'", c);
		} else
			fputs(" -x", out);
	}
	fputs(" -d '", out);
	fish_escape(out, o->help);
	fputs("'\n", out);
}

static void
print_fish(FILE *out)
{
	fprintf(out, "# fish completion for aurelis (generated by `aurelis completion fish`)\n"
		     "complete -c aurelis -f\n");
	GString *all = g_string_new(NULL);
	for (const AurCommand *const *c = cli_commands(); *c; c++)
		g_string_append_printf(all, " %s", (*c)->name);
	for (const AurOption *o = global_options; o->long_name; o++)
		fish_option(out, "true", o);
	for (const AurCommand *const *c = cli_commands(); *c; c++) {
		fprintf(out, "complete -c aurelis -n 'not __fish_seen_subcommand_from%s' -a %s -d '",
			all->str, (*c)->name);
		fish_escape(out, (*c)->summary);
		fputs("'\n", out);
		g_autofree char *cond = g_strdup_printf("__fish_seen_subcommand_from %s", (*c)->name);
		for (const AurOption *o = (*c)->options; o && o->long_name; o++)
			fish_option(out, cond, o);
		for (const AurSubcommand *s = (*c)->subcommands; s && s->name; s++) {
			fprintf(out, "complete -c aurelis -n '%s' -a %s -d '", cond, s->name);
			fish_escape(out, s->summary);
			fputs("'\n", out);
		}
		if ((*c)->positional == COMPLETE_FILE || (*c)->positional == COMPLETE_DIR)
			fprintf(out, "complete -c aurelis -n '%s' -F\n", cond);
	}
	g_string_free(all, TRUE);
}

bool
cli_print_completion(FILE *out, const char *shell, AurError **err)
{
	if (g_strcmp0(shell, "bash") == 0)
		print_bash(out);
	else if (g_strcmp0(shell, "zsh") == 0)
		print_zsh(out);
	else if (g_strcmp0(shell, "fish") == 0)
		print_fish(out);
	else {
		static const char *const shells[] = { "bash", "zsh", "fish", NULL };
		const char *near = shell ? util_did_you_mean(shell, shells) : NULL;
		g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near)
					     : g_strdup("Use bash, zsh or fish.");
		aur_error_set(err, AUR_ERR_USAGE, hint, "unknown shell '%s'", shell ? shell : "");
		return false;
	}
	return true;
}
