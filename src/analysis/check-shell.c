/* SPDX-License-Identifier: MIT */
/* Shell rules: quoting in file commands and tests, eval, curl | sh, TLS, cd, /tmp names,
 * chmod 777, set -e/-u, backticks and ls loops. */
#include "autoconfig.h"

#include <string.h>

#include "analysis/check.h"

/* A command: its words, each a run of adjacent tokens. */
#define MAX_WORDS 64
typedef struct {
	uint32_t start, end;          /* first and last token */
	uint32_t w0[MAX_WORDS], w1[MAX_WORDS];
	unsigned nw;
} Cmd;

static bool
boundary(const CheckCtx *c, uint32_t i)
{
	const LangToken *t = &c->t[i];
	if (t->kind == LANG_TOK_NEWLINE || t->kind == LANG_TOK_INTERP_OPEN || t->kind == LANG_TOK_INTERP_CLOSE)
		return true;
	if (t->kind == LANG_TOK_KEYWORD)
		return true;
	if (t->kind == LANG_TOK_OPERATOR)
		return tok_is(c, i, ";") || tok_is(c, i, "&&") || tok_is(c, i, "||") || tok_is(c, i, "|") ||
		       tok_is(c, i, "&") || tok_is(c, i, "(") || tok_is(c, i, ")") || tok_is(c, i, "{") ||
		       tok_is(c, i, "}") || tok_is(c, i, ";;") || tok_is(c, i, "|&");
	return false;
}

/* The command starting at i; returns the index after it. */
static uint32_t
read_cmd(const CheckCtx *c, uint32_t i, Cmd *cmd)
{
	cmd->start = i;
	cmd->nw = 0;
	int depth = 0;
	uint32_t k = i;
	for (; k < c->n; k++) {
		const LangToken *t = &c->t[k];
		if (t->kind == LANG_TOK_INTERP_OPEN)
			depth++;
		else if (t->kind == LANG_TOK_INTERP_CLOSE && depth > 0)
			depth--;
		else if (depth == 0 && boundary(c, k) && !(t->kind == LANG_TOK_KEYWORD && k > i && !tok_is(c, k, "]]")))
			break;
		else if (depth == 0 && t->kind == LANG_TOK_KEYWORD && k == i)
			break;
		if (depth > 0 && t->kind != LANG_TOK_INTERP_OPEN)
			continue;
		bool joined = k > i && c->t[k - 1].offset + c->t[k - 1].length == t->offset;
		if (t->kind == LANG_TOK_OPERATOR && !tok_is(c, k, "=") && !tok_is(c, k, "+=")) {
			/* redirections are words of their own */
			joined = false;
		}
		if (joined && cmd->nw > 0)
			cmd->w1[cmd->nw - 1] = k;
		else if (cmd->nw < MAX_WORDS) {
			cmd->w0[cmd->nw] = k;
			cmd->w1[cmd->nw] = k;
			cmd->nw++;
		}
	}
	/* words that contain a substitution end at its close */
	for (unsigned w = 0; w < cmd->nw; w++) {
		uint32_t e = cmd->w1[w];
		if (c->t[e].kind == LANG_TOK_INTERP_OPEN) {
			int d = 1;
			while (++e < c->n && d > 0)
				d += c->t[e].kind == LANG_TOK_INTERP_OPEN ? 1 : c->t[e].kind == LANG_TOK_INTERP_CLOSE ? -1 : 0;
			cmd->w1[w] = e - 1;
		}
	}
	cmd->end = k > i ? k - 1 : i;
	return k;
}

static bool
word_is(const CheckCtx *c, const Cmd *cmd, unsigned w, const char *text)
{
	return w < cmd->nw && cmd->w0[w] == cmd->w1[w] && tok_is(c, cmd->w0[w], text);
}

/* Index of the first unquoted expansion in word w (not $#, $?, $$, $!, ${#x}), or 0. */
static uint32_t
unquoted_expansion(const CheckCtx *c, const Cmd *cmd, unsigned w)
{
	for (uint32_t k = cmd->w0[w]; k <= cmd->w1[w]; k++) {
		const LangToken *t = &c->t[k];
		if (t->flags & LANG_TOKF_QUOTED)
			continue;
		if (t->kind == LANG_TOK_VARIABLE) {
			const char *p = tok_str(c, k);
			if (t->length == 2 && strchr("#?$!-", p[1]))
				continue;
			if (t->length > 3 && p[1] == '{' && p[2] == '#')
				continue;
			return k;
		}
		if (t->kind == LANG_TOK_INTERP_OPEN && t->length == 2)
			return k; /* $( ... ) unquoted; $(( )) is arithmetic */
	}
	return 0;
}

static bool
any_variable(const CheckCtx *c, const Cmd *cmd, unsigned from)
{
	for (unsigned w = from; w < cmd->nw; w++)
		for (uint32_t k = cmd->w0[w]; k <= cmd->w1[w]; k++)
			if (c->t[k].kind == LANG_TOK_VARIABLE)
				return true;
	return false;
}

static bool
is_shell_name(const CheckCtx *c, uint32_t k)
{
	static const char *const sh[] = { "sh", "bash", "zsh", "dash", "ksh", "/bin/sh", "/bin/bash",
					   "/usr/bin/env", NULL };
	for (int i = 0; sh[i]; i++)
		if (tok_is(c, k, sh[i]))
			return true;
	return false;
}

static void
file_ops(CheckCtx *c, const Cmd *cmd)
{
	static const char *const ops[] = { "rm", "cp", "mv", "chmod", "chown", "chgrp", "ln",
					   "rmdir", "mkdir", "touch", NULL };
	bool op = false;
	for (int i = 0; ops[i] && !op; i++)
		op = word_is(c, cmd, 0, ops[i]);
	if (!op)
		return;
	for (unsigned w = 1; w < cmd->nw; w++) {
		uint32_t k = unquoted_expansion(c, cmd, w);
		if (k) {
			g_autofree char *cmdname = check_tok_dup(c, cmd->w0[0]);
			g_autofree char *v = check_tok_dup(c, k);
			check_report(c, RULE_SH_UNQUOTED_FILE_OP, k, k, "%s %s: unquoted, so spaces and globs in it split the argument",
				     cmdname, c->t[k].kind == LANG_TOK_INTERP_OPEN ? "$(...)" : v);
			return;
		}
	}
}

static void
tests(CheckCtx *c, const Cmd *cmd)
{
	if (!(word_is(c, cmd, 0, "[") || word_is(c, cmd, 0, "test")))
		return;
	for (unsigned w = 1; w < cmd->nw; w++) {
		uint32_t k = unquoted_expansion(c, cmd, w);
		if (k && c->t[k].kind == LANG_TOK_VARIABLE) {
			g_autofree char *v = check_tok_dup(c, k);
			check_report(c, RULE_SH_UNQUOTED_TEST, k, k, "%s is unquoted in a test", v);
			return;
		}
	}
}

static void
curl_flags(CheckCtx *c, const Cmd *cmd)
{
	bool curl = word_is(c, cmd, 0, "curl"), wget = word_is(c, cmd, 0, "wget"),
	     git = word_is(c, cmd, 0, "git");
	for (unsigned w = 1; w < cmd->nw && (curl || wget || git); w++) {
		if (cmd->w0[w] != cmd->w1[w])
			continue;
		uint32_t k = cmd->w0[w];
		const char *p = tok_str(c, k);
		size_t n = c->t[k].length;
		bool bad = false;
		if (curl)
			bad = tok_is(c, k, "--insecure") ||
			      (n >= 2 && n <= 8 && p[0] == '-' && p[1] != '-' && memchr(p, 'k', n) && !memchr(p, '=', n));
		if (wget)
			bad = tok_is(c, k, "--no-check-certificate");
		if (git)
			bad = n > 15 && memmem(p, n, "sslVerify=false", 15) != NULL;
		if (bad) {
			check_report(c, RULE_SH_TLS_VERIFY, cmd->w0[0], k, NULL);
			return;
		}
	}
}

/* mktemp -u (--dry-run) only prints a name and creates nothing: another user can take the
 * name before the script does, as with a name written out by hand. */
static uint32_t
mktemp_dry_run(const CheckCtx *c, const Cmd *cmd)
{
	for (unsigned w = 1; w < cmd->nw; w++) {
		uint32_t k = cmd->w0[w];
		if (k != cmd->w1[w] || (c->t[k].flags & LANG_TOKF_QUOTED))
			continue;
		const char *p = tok_str(c, k);
		size_t n = c->t[k].length;
		if (n == 2 && p[0] == '-' && p[1] == '-')
			break; /* the template follows */
		if ((n == 9 && memcmp(p, "--dry-run", 9) == 0) ||
		    (n >= 2 && p[0] == '-' && p[1] != '-' && memchr(p, 'u', n) != NULL))
			return k;
	}
	return UINT32_MAX;
}

static void
tmp_names(CheckCtx *c, const Cmd *cmd)
{
	if (word_is(c, cmd, 0, "mktemp")) {
		uint32_t k = mktemp_dry_run(c, cmd);
		if (k != UINT32_MAX)
			check_report(c, RULE_SH_PREDICTABLE_TMP, cmd->w0[0], k,
				     "mktemp -u only prints a name; another user can create that file first");
		return;
	}
	for (unsigned w = 0; w < cmd->nw; w++) {
		for (uint32_t k = cmd->w0[w]; k <= cmd->w1[w]; k++) {
			const LangToken *t = &c->t[k];
			if (t->kind != LANG_TOK_IDENT && t->kind != LANG_TOK_STRING)
				continue;
			const char *p = tok_str(c, k);
			size_t n = t->length;
			const char *m = memmem(p, n, "/tmp/", 5);
			/* the path starts the word (after its opening quote), an assignment or a
			 * redirection; inside a longer quoted text it is only words */
			bool opens = m == p + 1 && (p[0] == '"' || p[0] == '\'');
			if (m == NULL || (m > p && !opens && m[-1] != '=' && m[-1] != '>'))
				continue;
			size_t rest = n - (size_t)(m + 5 - p);
			if (rest == 0 && k == cmd->w1[w])
				continue; /* just "/tmp/" */
			if (memmem(p, n, "XXX", 3))
				continue;
			check_report(c, RULE_SH_PREDICTABLE_TMP, k, cmd->w1[w], NULL);
			return;
		}
	}
}

static void
chmod_777(CheckCtx *c, const Cmd *cmd)
{
	if (!word_is(c, cmd, 0, "chmod"))
		return;
	static const char *const modes[] = { "777", "666", "a+w", "o+w", "a+rwx", "ugo+rwx", "o+rwx",
					      "0777", "0666", NULL };
	for (unsigned w = 1; w < cmd->nw; w++)
		for (int m = 0; modes[m]; m++)
			if (word_is(c, cmd, w, modes[m])) {
				check_report(c, RULE_SH_CHMOD_777, cmd->w0[0], cmd->w0[w], NULL);
				return;
			}
}

/* Is the command at i used as a condition or followed by || / &&? */
static bool
checked(const CheckCtx *c, const Cmd *cmd)
{
	uint32_t after = cmd->end + 1;
	if (tok_is(c, after, "||") || tok_is(c, after, "&&"))
		return true;
	if (cmd->start > 0) {
		uint32_t b = cmd->start - 1;
		if (tok_is(c, b, "if") || tok_is(c, b, "while") || tok_is(c, b, "until") ||
		    tok_is(c, b, "!") || tok_is(c, b, "&&") || tok_is(c, b, "||") || tok_is(c, b, "elif"))
			return true;
	}
	return false;
}

static void
pipelines(CheckCtx *c, const Cmd *cmd, uint32_t next)
{
	if (!(word_is(c, cmd, 0, "curl") || word_is(c, cmd, 0, "wget")))
		return;
	/* curl ... | [sudo] sh */
	if (!tok_is(c, next, "|"))
		return;
	uint32_t k = next + 1;
	if (tok_is(c, k, "sudo"))
		k++;
	while (k < c->n && c->t[k].kind == LANG_TOK_IDENT && tok_str(c, k)[0] == '-')
		k++;
	if (is_shell_name(c, k) || tok_is(c, k, "python") || tok_is(c, k, "python3") ||
	    tok_is(c, k, "perl") || tok_is(c, k, "ruby"))
		check_report(c, RULE_SH_CURL_PIPE, cmd->w0[0], k, NULL);
}

static void
shell_of_download(CheckCtx *c, const Cmd *cmd)
{
	/* bash <(curl ...), sh -c "$(curl ...)" */
	if (!is_shell_name(c, cmd->w0[0]))
		return;
	for (uint32_t k = cmd->start; k <= cmd->end + 3 && k + 1 < c->n; k++)
		if (c->t[k].kind == LANG_TOK_INTERP_OPEN && (tok_is(c, k + 1, "curl") || tok_is(c, k + 1, "wget"))) {
			check_report(c, RULE_SH_CURL_PIPE, cmd->w0[0], k + 1, NULL);
			return;
		}
}

static void
errexit_scan(CheckCtx *c)
{
	/* shebang options: #!/bin/sh -eu */
	if (c->nall > 0 && c->all[0].kind == LANG_TOK_COMMENT && c->all[0].line == 1) {
		const char *p = c->src + c->all[0].offset;
		size_t n = c->all[0].length;
		if (n > 2 && p[1] == '!') {
			const char *opt = memmem(p, n, " -", 2);
			if (opt) {
				size_t rest = n - (size_t)(opt - p);
				c->shell_errexit |= memchr(opt, 'e', rest) != NULL;
				c->shell_nounset |= memchr(opt, 'u', rest) != NULL;
			}
		}
	}
	for (uint32_t i = 0; i + 1 < c->n; i++) {
		if (!tok_is(c, i, "set"))
			continue;
		for (uint32_t k = i + 1; k < c->n && c->t[k].line == c->t[i].line && !boundary(c, k); k++) {
			const char *p = tok_str(c, k);
			size_t n = c->t[k].length;
			if (n >= 2 && p[0] == '-' && p[1] != '-') {
				c->shell_errexit |= memchr(p, 'e', n) != NULL;
				c->shell_nounset |= memchr(p, 'u', n) != NULL;
			}
			if (tok_is(c, k, "errexit"))
				c->shell_errexit = true;
			if (tok_is(c, k, "nounset"))
				c->shell_nounset = true;
		}
	}
}

static void
one_command(CheckCtx *c, const Cmd *cmd, uint32_t next)
{
	if (cmd->nw == 0 || c->t[cmd->w0[0]].kind == LANG_TOK_KEYWORD)
		return;
	file_ops(c, cmd);
	tests(c, cmd);
	curl_flags(c, cmd);
	tmp_names(c, cmd);
	chmod_777(c, cmd);
	pipelines(c, cmd, next);
	shell_of_download(c, cmd);
	if (word_is(c, cmd, 0, "eval") && any_variable(c, cmd, 1))
		check_report(c, RULE_SH_EVAL, cmd->w0[0], cmd->end, NULL);
	if (word_is(c, cmd, 0, "cd") && cmd->nw > 1 && !c->shell_errexit && !checked(c, cmd))
		check_report(c, RULE_SH_CD_UNCHECKED, cmd->w0[0], cmd->w1[1], NULL);
}

void
check_shell(CheckCtx *c)
{
	errexit_scan(c);
	if (c->nall > 0 && c->n > 0) {
		if (!c->shell_errexit)
			check_report_at(c, RULE_SH_MISSING_SET_E, 1, 1, 1, 2, NULL);
		if (!c->shell_nounset)
			check_report_at(c, RULE_SH_MISSING_SET_U, 1, 1, 1, 2, NULL);
	}
	Cmd cmd;
	for (uint32_t i = 0; i < c->n;) {
		const LangToken *t = &c->t[i];
		if (t->kind == LANG_TOK_INTERP_OPEN && t->length == 1 && tok_str(c, i)[0] == '`')
			check_report(c, RULE_SH_BACKTICKS, i, i, NULL);
		if (tok_is(c, i, "for") && t->kind == LANG_TOK_KEYWORD) {
			for (uint32_t k = i + 1; k < c->n && k < i + 6; k++)
				if (c->t[k].kind == LANG_TOK_INTERP_OPEN && tok_is(c, k + 1, "ls")) {
					check_report(c, RULE_SH_LS_LOOP, k, k + 1, NULL);
					break;
				}
		}
		if (boundary(c, i) && !(t->kind == LANG_TOK_INTERP_OPEN)) {
			i++;
			continue;
		}
		if (t->kind == LANG_TOK_INTERP_OPEN) {
			i++;
			continue;
		}
		uint32_t next = read_cmd(c, i, &cmd);
		one_command(c, &cmd, next);
		/* substitutions inside the words hold commands of their own */
		uint32_t k = i;
		while (k <= cmd.end && c->t[k].kind != LANG_TOK_INTERP_OPEN)
			k++;
		i = k <= cmd.end ? k : next;
		if (i <= cmd.start)
			i = next > cmd.start ? next : cmd.start + 1;
	}
}
