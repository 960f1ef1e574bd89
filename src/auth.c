/* SPDX-License-Identifier: MIT */
/* Token resolution (environment, keyring, gh), masking, and keeping the token out of dumps. */
#include "autoconfig.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include <libsecret/secret.h>

#include "auth.h"
#include "log.h"
#include "util.h"

/*
 * libsecret drags in GIO's D-Bus machinery; loading it costs more than the rest of start-up,
 * so like libcurl it is opened with dlopen() only when the keyring is actually consulted
 * (no token in the environment).  Only the non-variadic "v" calls are used, through
 * function pointers of their exact types.
 *
 * A token never leaves this process except in the Authorization header: gh is asked for it
 * on its stdout, never handed one in argv, and every copy we make is wiped when freed.
 */

#define KEYRING_SCHEMA "dev.aurelis.Token"
#define KEYRING_SERVICE "models.github.ai"
#define KEYRING_LABEL "Aurelis: GitHub Models token"
#define MAX_TOKEN 1024

static const SecretSchema token_schema = {
	KEYRING_SCHEMA, SECRET_SCHEMA_NONE,
	{ { "service", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
	0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

typedef struct {
	gchar *(*lookup)(const SecretSchema *, GHashTable *, GCancellable *, GError **);
	gboolean (*store)(const SecretSchema *, GHashTable *, const gchar *, const gchar *,
			  const gchar *, GCancellable *, GError **);
	gboolean (*clear)(const SecretSchema *, GHashTable *, GCancellable *, GError **);
	void (*free_password)(gchar *);
} SecretApi;

static SecretApi secret_api;
static char *secret_load_error;

static bool
load_libsecret(AurError **err)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		void *h = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
		if (h == NULL) {
			secret_load_error = g_strdup(dlerror());
		} else {
			*(void **)&secret_api.lookup = dlsym(h, "secret_password_lookupv_sync");
			*(void **)&secret_api.store = dlsym(h, "secret_password_storev_sync");
			*(void **)&secret_api.clear = dlsym(h, "secret_password_clearv_sync");
			*(void **)&secret_api.free_password = dlsym(h, "secret_password_free");
			if (!secret_api.lookup || !secret_api.store || !secret_api.clear ||
			    !secret_api.free_password)
				secret_load_error = g_strdup("libsecret lacks the password functions");
		}
		g_once_init_leave(&once, 1);
	}
	if (secret_load_error != NULL) {
		aur_error_set(err, AUR_ERR_AUTH,
			      "Install libsecret (Debian: libsecret-1-0), or set AURELIS_TOKEN in the environment.",
			      "cannot load libsecret: %s", secret_load_error);
		return false;
	}
	return true;
}

/* ---- protection while a secret is held --------------------------------------------------- */

static GMutex protect_lock;
static int protect_depth;
static struct rlimit saved_core;
static int saved_dumpable = 1;

void
auth_protect_begin(void)
{
	g_mutex_lock(&protect_lock);
	if (protect_depth++ == 0) {
		getrlimit(RLIMIT_CORE, &saved_core);
		struct rlimit none = { 0, saved_core.rlim_max };
		setrlimit(RLIMIT_CORE, &none);
#ifdef HAVE_SYS_PRCTL_H
		saved_dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
	}
	g_mutex_unlock(&protect_lock);
}

void
auth_protect_end(void)
{
	g_mutex_lock(&protect_lock);
	if (protect_depth > 0 && --protect_depth == 0) {
		setrlimit(RLIMIT_CORE, &saved_core);
#ifdef HAVE_SYS_PRCTL_H
		prctl(PR_SET_DUMPABLE, saved_dumpable > 0 ? 1 : 0, 0, 0, 0);
#endif
	}
	g_mutex_unlock(&protect_lock);
}

/* ---- small helpers ------------------------------------------------------------------------ */

const char *
auth_source_name(AuthSource s)
{
	static const char *const names[] = {
#define X(name, label) label,
		AUTH_SOURCES(X)
#undef X
	};
	return names[s];
}

char *
auth_mask(const char *token)
{
	static const char *const prefixes[] = { "github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", NULL };
	size_t n = token ? strlen(token) : 0;
	const char *prefix = "";
	for (size_t i = 0; prefixes[i] != NULL; i++)
		if (g_str_has_prefix(token ? token : "", prefixes[i]))
			prefix = prefixes[i];
	size_t pl = strlen(prefix);
	/* Show at most a quarter of what follows the prefix, and never more than four. */
	size_t tail = MIN((size_t)4, n > pl ? (n - pl) / 4 : 0);
	return g_strdup_printf("%s\u2026%s", prefix, token ? token + n - tail : "");
}

char *
auth_clean_token(const char *raw, AurError **err)
{
	char *t = g_strdup(raw ? raw : "");
	g_strstrip(t);
	size_t n = strlen(t);
	bool bad = false;
	for (size_t i = 0; i < n && !bad; i++)
		bad = (unsigned char)t[i] <= 0x20 || t[i] == 0x7f;
	if (n == 0 || n > MAX_TOKEN || bad) {
		util_secure_free(t);
		aur_error_set(err, AUR_ERR_INPUT,
			      "Paste only the token itself (for example ghp_... or github_pat_...).",
			      n == 0 ? "the token is empty"
				     : n > MAX_TOKEN ? "the token is too long (more than 1024 characters)"
						     : "the token contains spaces or control characters");
		return NULL;
	}
	return t;
}

/* ---- keyring ----------------------------------------------------------------------------- */

static GHashTable *
keyring_attributes(void)
{
	GHashTable *a = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(a, (gpointer) "service", (gpointer)KEYRING_SERVICE);
	return a;
}

static void
keyring_error(AurError **err, const char *what, GError *ge)
{
	aur_error_set(err, AUR_ERR_AUTH,
		      "Set AURELIS_TOKEN (or GITHUB_TOKEN) in the environment instead; aurelis never "
		      "falls back to storing the token in a plain file.",
		      "no Secret Service keyring is available to %s the token: %s", what,
		      ge && ge->message ? ge->message : "unknown error");
}

bool
auth_keyring_lookup(char **token, AurError **err)
{
	*token = NULL;
	if (!load_libsecret(err))
		return false;
	g_autoptr(GHashTable) attrs = keyring_attributes();
	g_autoptr(GError) ge = NULL;
	gchar *pw = secret_api.lookup(&token_schema, attrs, NULL, &ge);
	if (ge != NULL) {
		keyring_error(err, "look up", ge);
		return false;
	}
	if (pw != NULL) {
		*token = g_strdup(pw);
		secret_api.free_password(pw); /* wipes libsecret's copy */
	}
	return true;
}

bool
auth_keyring_store(const char *token, AurError **err)
{
	if (!load_libsecret(err))
		return false;
	g_autoptr(GHashTable) attrs = keyring_attributes();
	g_autoptr(GError) ge = NULL;
	if (!secret_api.store(&token_schema, attrs, SECRET_COLLECTION_DEFAULT, KEYRING_LABEL, token,
			      NULL, &ge)) {
		keyring_error(err, "store", ge);
		return false;
	}
	return true;
}

bool
auth_keyring_clear(bool *removed, AurError **err)
{
	*removed = false;
	if (!load_libsecret(err))
		return false;
	g_autoptr(GHashTable) attrs = keyring_attributes();
	g_autoptr(GError) ge = NULL;
	gboolean r = secret_api.clear(&token_schema, attrs, NULL, &ge);
	if (ge != NULL) {
		keyring_error(err, "remove", ge);
		return false;
	}
	*removed = r;
	return true;
}

/* ---- gh ------------------------------------------------------------------------------------ */

char *
auth_gh_token(AurError **err)
{
	g_autofree char *gh = g_find_program_in_path("gh");
	if (gh == NULL) {
		aur_error_set(err, AUR_ERR_AUTH, "Install the GitHub CLI and run `gh auth login`, or set AURELIS_TOKEN.",
			      "gh is not installed");
		return NULL;
	}
	char *argv[] = { gh, (char *)"auth", (char *)"token", NULL };
	char *out = NULL, *errout = NULL;
	int status = 0;
	g_autoptr(GError) ge = NULL;
	bool ran = g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errout, &status, &ge);
	char *token = NULL;
	if (!ran) {
		aur_error_set(err, AUR_ERR_AUTH, "Check your gh installation.", "cannot run gh: %s", ge->message);
	} else if (!g_spawn_check_wait_status(status, NULL)) {
		g_autofree char *why = g_strstrip(g_strdup(errout ? errout : ""));
		aur_error_set(err, AUR_ERR_AUTH, "Run `gh auth login`, or set AURELIS_TOKEN.",
			      "`gh auth token` failed%s%s", *why ? ": " : "", why);
	} else {
		g_autoptr(AurError) bad = NULL;
		token = auth_clean_token(out, &bad);
		if (token == NULL)
			aur_error_set(err, AUR_ERR_AUTH, "Run `gh auth login` again.",
				      "`gh auth token` printed no usable token (%s)", bad->message);
	}
	util_secure_free(out);
	g_free(errout);
	return token;
}

/* ---- resolution ------------------------------------------------------------------------------ */

static AuthToken *
token_new(char *secret, AuthSource source)
{
	AuthToken *t = g_new0(AuthToken, 1);
	t->token = secret;
	t->source = source;
	auth_protect_begin();
	log_remember_token(secret);
	return t;
}

void
auth_token_free(AuthToken *t)
{
	if (t == NULL)
		return;
	util_secure_free(t->token);
	log_forget_token();
	auth_protect_end();
	g_free(t);
}

AuthToken *
auth_token_get(const AurConfig *cfg, AurError **err)
{
	static const struct { const char *var; AuthSource src; } envs[] = {
		{ "AURELIS_TOKEN", AUTH_SRC_AURELIS_TOKEN },
		{ "GITHUB_TOKEN", AUTH_SRC_GITHUB_TOKEN },
		{ "GH_TOKEN", AUTH_SRC_GH_TOKEN },
	};
	GString *tried = g_string_new("AURELIS_TOKEN, GITHUB_TOKEN and GH_TOKEN are not set");
	for (size_t i = 0; i < G_N_ELEMENTS(envs); i++) {
		const char *v = getenv(envs[i].var);
		if (v == NULL || *v == '\0')
			continue;
		g_autoptr(AurError) bad = NULL;
		char *clean = auth_clean_token(v, &bad);
		if (clean == NULL) {
			aur_error_set(err, AUR_ERR_AUTH, "Fix or unset the variable.", "%s holds no usable token: %s",
				      envs[i].var, bad->message);
			g_string_free(tried, TRUE);
			return NULL;
		}
		g_string_free(tried, TRUE);
		return token_new(clean, envs[i].src);
	}
	if (cfg == NULL || config_get_bool(cfg, "security.keyring")) {
		char *kt = NULL;
		g_autoptr(AurError) ke = NULL;
		if (auth_keyring_lookup(&kt, &ke) && kt != NULL) {
			g_string_free(tried, TRUE);
			return token_new(kt, AUTH_SRC_KEYRING);
		}
		if (ke != NULL)
			g_string_append_printf(tried, "; the keyring could not be asked (%s)", ke->message);
		else
			g_string_append(tried, "; the keyring holds no aurelis token");
	} else {
		g_string_append(tried, "; the keyring is off (security.keyring)");
	}
	if (cfg == NULL || config_get_bool(cfg, "security.use_gh_cli")) {
		g_autoptr(AurError) ge = NULL;
		char *gt = auth_gh_token(&ge);
		if (gt != NULL) {
			g_string_free(tried, TRUE);
			return token_new(gt, AUTH_SRC_GH_CLI);
		}
		g_string_append_printf(tried, "; %s", ge->message);
	} else {
		g_string_append(tried, "; gh is off (security.use_gh_cli)");
	}
	aur_error_set(err, AUR_ERR_AUTH,
		      "Run `aurelis auth login` to store a token in the keyring, or set AURELIS_TOKEN to a "
		      "token with the `models: read` permission.",
		      "no GitHub token found (%s)", tried->str);
	g_string_free(tried, TRUE);
	return NULL;
}

bool
auth_token_refetch(AuthToken *t)
{
	if (t == NULL || t->source != AUTH_SRC_GH_CLI || t->refetched)
		return false;
	t->refetched = true;
	g_autoptr(AurError) e = NULL;
	char *fresh = auth_gh_token(&e);
	if (fresh == NULL)
		return false;
	bool changed = strcmp(fresh, t->token) != 0;
	util_secure_free(t->token);
	t->token = fresh;
	log_remember_token(fresh);
	return changed;
}
