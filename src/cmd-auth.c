/* SPDX-License-Identifier: MIT */
/* `aurelis auth login|logout|status`: the token in the Secret Service keyring. */
#include "autoconfig.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "auth.h"
#include "catalog.h"
#include "http.h"
#include "cmds.h"
#include "log.h"
#include "models.h"
#include "term.h"
#include "util.h"

static const AurOption auth_options[] = {
	{ "with-token", 0, OPT_FLAG, NULL, "login: read the token from standard input", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static const AurSubcommand auth_subcommands[] = {
	{ "login", "store a token in the keyring after checking it ([--with-token])" },
	{ "logout", "remove the stored token from the keyring" },
	{ "status", "which token is used, from where, and whether the service accepts it" },
	{ NULL, NULL },
};

/* ---- reading a token ---------------------------------------------------------------------- */

static struct termios saved_tio;
static volatile sig_atomic_t tio_saved;

static void
restore_tty(int sig)
{
	if (tio_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A line from stdin (at most 4 KiB); echo off when it is a terminal.  Caller frees with
 * util_secure_free(). */
static char *
read_secret_line(bool hidden)
{
	struct sigaction sa = { 0 }, old_int, old_term;
	if (hidden && tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
		struct termios t = saved_tio;
		t.c_lflag &= ~(tcflag_t)ECHO;
		t.c_lflag |= ECHONL;
		sa.sa_handler = restore_tty;
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		tio_saved = 1;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
	}
	char *buf = g_malloc0(4097);
	size_t n = 0;
	while (n < 4096) {
		ssize_t r = read(STDIN_FILENO, buf + n, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || buf[n] == '\n')
			break;
		n++;
	}
	buf[n] = '\0';
	if (tio_saved) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
		tio_saved = 0;
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	return buf;
}

/* ---- validation ------------------------------------------------------------------------------ */

/* Ask the catalogue with this token: true when accepted; false with err saying why. */
static bool
validate(AurContext *ctx, AuthToken *t, size_t *nmodels, AurError **err)
{
	g_autofree char *url = models_catalog_url(config_get_string(ctx->cfg, "endpoint"),
						  config_get_string(ctx->cfg, "catalog_url"));
	if (!http_check_url(url, err))
		return false;
	HttpOptions o;
	http_options_from_config(ctx->cfg, &o);
	g_autoptr(HttpClient) http = http_client_new(&o);
	http_options_clear(&o);
	long status;
	g_autoptr(Catalog) cat = catalog_fetch(http, url, t->token, NULL, &status, err);
	if (cat != NULL && nmodels)
		*nmodels = cat->models->len;
	return cat != NULL;
}

static int
auth_login(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	bool tty = term_isatty(STDIN_FILENO);
	if (!args_flag(args, "with-token") && !tty) {
		cli_usage_error(&err, &cmd_auth, "standard input is not a terminal: pipe the token with "
						 "`aurelis auth login --with-token`");
		return aur_error_report(err);
	}
	if (!args_flag(args, "with-token") || tty)
		fprintf(stderr, "Paste a GitHub token with the `models: read` permission (input is hidden): ");
	char *raw = read_secret_line(tty);
	char *clean = auth_clean_token(raw, &err);
	util_secure_free(raw);
	if (clean == NULL)
		return aur_error_report(err);
	/* Held like any other token: out of core dumps and redacted in the log. */
	AuthToken t = { .token = clean, .source = AUTH_SRC_NONE };
	auth_protect_begin();
	log_remember_token(clean);
	size_t n = 0;
	int rc = 0;
	if (!validate(ctx, &t, &n, &err)) {
		aur_error_prefix(err, "the token was not stored");
		rc = aur_error_report(err);
	} else if (!auth_keyring_store(clean, &err)) {
		rc = aur_error_report(err);
	} else {
		g_autofree char *mask = auth_mask(clean);
		printf("Stored %s in the keyring (the service accepted it and lists %zu models).\n", mask, n);
		static const char *const vars[] = { "AURELIS_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", NULL };
		for (size_t i = 0; vars[i]; i++)
			if (getenv(vars[i]) && *getenv(vars[i]))
				term_message(TERM_MSG_WARNING, "%s is set and is used before the keyring", vars[i]);
	}
	util_secure_free(clean);
	log_forget_token();
	auth_protect_end();
	return rc;
}

static int
auth_logout(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	bool removed;
	if (!auth_keyring_clear(&removed, &err))
		return aur_error_report(err);
	printf(removed ? "Removed the token from the keyring.\n" : "No aurelis token was stored in the keyring.\n");
	static const char *const vars[] = { "AURELIS_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", NULL };
	for (size_t i = 0; vars[i]; i++)
		if (getenv(vars[i]) && *getenv(vars[i]))
			term_message(TERM_MSG_INFO, "%s is still set in the environment", vars[i]);
	return 0;
}

static int
auth_status(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	g_autoptr(AuthToken) t = auth_token_get(ctx->cfg, &err);
	if (t == NULL) {
		if (ctx->json)
			printf("{\"token\": null, \"valid\": false, \"reason\": \"no token found\"}\n");
		return aur_error_report(err);
	}
	g_autofree char *mask = auth_mask(t->token);
	size_t n = 0;
	g_autoptr(AurError) why = NULL;
	bool valid = validate(ctx, t, &n, &why);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "source", auth_source_name(t->source));
		cJSON_AddStringToObject(o, "token", mask);
		cJSON_AddBoolToObject(o, "valid", valid);
		if (!valid)
			cJSON_AddStringToObject(o, "reason", why->message);
		char *s = cJSON_Print(o);
		puts(s);
		cJSON_free(s);
		cJSON_Delete(o);
	} else {
		printf("Token:  %s\nSource: %s\n", mask, auth_source_name(t->source));
		if (valid)
			printf("Valid:  yes (the catalogue lists %zu models)\n", n);
		else
			printf("Valid:  no: %s\n", why->message);
	}
	return valid ? 0 : aur_error_report(why);
}

static int
run_auth(AurContext *ctx, AurArgs *args)
{
	static const struct { const char *name; int (*fn)(AurContext *, AurArgs *); } subs[] = {
		{ "login", auth_login }, { "logout", auth_logout }, { "status", auth_status },
	};
	const char *sub = args_pos(args, 0);
	g_autoptr(AurError) err = NULL;
	if (sub == NULL || args_npos(args) > 1) {
		cli_usage_error(&err, &cmd_auth, sub ? "too many arguments" : "say login, logout or status");
		return aur_error_report(err);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++)
		if (strcmp(sub, subs[i].name) == 0)
			return subs[i].fn(ctx, args);
	const char *const names[] = { "login", "logout", "status", NULL };
	const char *near = util_did_you_mean(sub, names);
	g_autofree char *hint = near ? g_strdup_printf("Did you mean 'aurelis auth %s'?", near)
				     : g_strdup("Use login, logout or status.");
	aur_error_set(&err, AUR_ERR_USAGE, hint, "unknown auth command '%s'", sub);
	return aur_error_report(err);
}

const AurCommand cmd_auth = {
	.name = "auth",
	.summary = "store, check or remove the GitHub token (Secret Service keyring)",
	.usage = "login [--with-token] | logout | status",
	.description = "login asks for a token (hidden), or reads it from standard input with "
		       "--with-token, checks it against the service and stores it in the keyring.  "
		       "status says which token would be used, from where, and whether the service "
		       "accepts it.  Without a Secret Service, set AURELIS_TOKEN instead: aurelis never "
		       "writes a token to a plain file.",
	.options = auth_options,
	.subcommands = auth_subcommands,
	.network = true,
	.run = run_auth,
};
