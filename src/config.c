/* SPDX-License-Identifier: MIT */
/* Configuration: the schema, YAML loading with positions, layering and typed getters. */
#include "autoconfig.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "config.h"
#include "fsutil.h"
#include "paths.h"
#include "util.h"

/*
 * Values live in one hash table keyed by the full dotted key.  A later layer replaces the
 * value of an earlier one, so the table always holds the effective configuration and each
 * value remembers where it came from (for `config show --sources`).
 *
 * The schema is the single list of keys: the loader, `config show`, `init`'s template and
 * the man page test all read it.
 */

#define MAX_CONFIG_FILE (1 << 20)
#define MAX_NODES 20000
#define MAX_DEPTH 16

#define DEFAULT_ENDPOINT "https://models.github.ai/inference"

static const ConfigKeyInfo schema[] = {
	{ "endpoint", CFG_URL, DEFAULT_ENDPOINT, 0, 0, NULL, CFG_TRUSTED,
	  "Base URL of the chat-completions API; chat requests go to {endpoint}/chat/completions." },
	{ "catalog_url", CFG_URL, NULL, 0, 0, NULL, CFG_TRUSTED,
	  "URL of the model catalogue; empty derives {origin of endpoint}/catalog/models." },
	{ "org", CFG_STRING, NULL, 0, 0, NULL, 0,
	  "Organisation to attribute requests to (/orgs/{org}/inference/chat/completions)." },
	{ "models.default", CFG_STRING, "openai/gpt-4.1-mini", 0, 0, NULL, 0,
	  "Model id used when a task has no route; set explicitly, it heads every built-in route." },
	{ "models.routes.<task>", CFG_LIST, NULL, 0, 0, NULL, 0,
	  "Ordered model ids for a task: the first is tried first, the rest are fallbacks." },
	{ "models.params.<task>.temperature", CFG_FLOAT, NULL, 0, 2, NULL, 0,
	  "Sampling temperature for a task; sent only when set." },
	{ "models.params.<task>.top_p", CFG_FLOAT, NULL, 0, 1, NULL, 0,
	  "Nucleus sampling for a task; sent only when set." },
	{ "models.params.<task>.max_tokens", CFG_INT, NULL, 1, 1048576, NULL, 0,
	  "Upper bound on answer tokens for a task; sent only when set." },
	{ "models.plan", CFG_ENUM, "free", 0, 0, "free|pro|business|enterprise", 0,
	  "Your Copilot plan, which sets the free-usage rate limits of each model tier." },
	{ "models.limits.<model>.rpm", CFG_INT, NULL, 1, 100000, NULL, 0,
	  "Requests per minute aurelis allows itself for a model (default: its tier's limit on models.plan)." },
	{ "models.limits.<model>.per_day", CFG_INT, NULL, 1, 10000000, NULL, 0,
	  "Requests per day taken as a model's daily limit by `models`, `stats` and the interface (default: its tier's limit on models.plan)." },
	{ "models.limits.<model>.concurrency", CFG_INT, NULL, 1, 64, NULL, 0,
	  "Requests to a model in flight at once across all aurelis processes." },
	{ "models.limits.<model>.input_tokens", CFG_INT, NULL, 1, 100000000, NULL, 0,
	  "Most input tokens one request to a model may carry (default: its tier's free-plan cap, or the catalogue's limit when lower)." },
	{ "request.connect_timeout", CFG_DURATION, "15", 1, 600, NULL, 0,
	  "Seconds allowed to connect (DNS, TCP and TLS)." },
	{ "request.stall_timeout", CFG_DURATION, "60", 1, 3600, NULL, 0,
	  "Seconds without a byte before a request or stream counts as stalled." },
	{ "request.max_retries", CFG_INT, "3", 0, 10, NULL, 0,
	  "Retries after a connection error, 408, 5xx or an empty incomplete stream." },
	{ "request.backoff_base_ms", CFG_INT, "500", 1, 60000, NULL, 0,
	  "First backoff step in milliseconds (exponential, full jitter)." },
	{ "request.backoff_max_ms", CFG_INT, "30000", 1, 600000, NULL, 0,
	  "Longest single backoff in milliseconds." },
	{ "request.max_retry_wait", CFG_DURATION, "60", 0, 86400, NULL, 0,
	  "Longest rate-limit wait to sit out; a longer one moves to the next model." },
	{ "request.concurrency", CFG_INT, "4", 1, 64, NULL, 0,
	  "Requests in flight at once across all models." },
	{ "circuit_breaker.failures", CFG_INT, "5", 1, 100, NULL, 0,
	  "Consecutive failures that open a model's circuit." },
	{ "circuit_breaker.open_seconds", CFG_DURATION, "30", 1, 86400, NULL, 0,
	  "How long an open circuit skips the model before one probe request." },
	{ "cache.enabled", CFG_BOOL, "true", 0, 0, NULL, 0,
	  "Keep answers to identical requests on disk and replay them." },
	{ "cache.ttl", CFG_DURATION, "3600", 0, 31536000, NULL, 0,
	  "Seconds a cached answer stays valid." },
	{ "cache.max_entries", CFG_INT, "1000", 1, 10000000, NULL, 0,
	  "Most entries kept; the least recently used go first." },
	{ "cache.max_bytes", CFG_SIZE, "100MiB", 4096, 1099511627776.0, NULL, 0,
	  "Most bytes kept; the least recently used go first." },
	{ "cache.dir", CFG_PATH, NULL, 0, 0, NULL, CFG_TRUSTED,
	  "Where cached answers live; empty means $XDG_CACHE_HOME/aurelis/responses." },
	{ "cache.ttl_by_task.<task>", CFG_DURATION, NULL, 0, 31536000, NULL, 0,
	  "Seconds a cached answer stays valid for one task; overrides cache.ttl." },
	{ "metrics.enabled", CFG_BOOL, "true", 0, 0, NULL, 0,
	  "Record each request and command in metrics.jsonl in the state directory (aurelis stats)." },
	{ "analysis.exclude", CFG_LIST, NULL, 0, 0, NULL, 0,
	  "Glob patterns of paths that analyze skips." },
	{ "analysis.fail_on", CFG_ENUM, "error", 0, 0, "error|warning|info|never", 0,
	  "Lowest severity that makes analyze exit 1." },
	{ "analysis.max_file_size", CFG_SIZE, "1MiB", 1, 1073741824.0, NULL, 0,
	  "Files larger than this are skipped by analyze." },
	{ "analysis.rules.<id>.enabled", CFG_BOOL, NULL, 0, 0, NULL, 0,
	  "Turn one analysis rule on or off." },
	{ "analysis.rules.<id>.severity", CFG_ENUM, NULL, 0, 0, "error|warning|info", 0,
	  "Override one analysis rule's severity." },
	{ "ui.theme", CFG_STRING, "dark", 0, 0, NULL, 0,
	  "Colour theme: a name from the themes directories." },
	{ "ui.keys.<context>.<key>", CFG_STRING, NULL, 0, 0, NULL, 0,
	  "Bind a key in a context to an action (see KEY BINDINGS in aurelis(1))." },
	{ "ui.mouse", CFG_BOOL, "false", 0, 0, NULL, 0,
	  "Let the full-screen interface take the mouse (clicks and wheel)." },
	{ "ui.clipboard", CFG_ENUM, "auto", 0, 0, "auto|osc52|command", 0,
	  "How copy reaches the clipboard: OSC 52 through the terminal, a clipboard program, or auto." },
	{ "ui.alt_screen", CFG_BOOL, "true", 0, 0, NULL, 0,
	  "Use the terminal's alternate screen; false keeps the scrollback." },
	{ "ui.animations", CFG_BOOL, "true", 0, 0, NULL, 0,
	  "Spinners and other motion; false for reduced motion." },
	{ "ui.history_size", CFG_INT, "1000", 0, 1000000, NULL, 0,
	  "Input lines kept in the history file." },
	{ "session.autosave", CFG_BOOL, "true", 0, 0, NULL, 0,
	  "Save a shell conversation as a session from its first answer, so that it can be resumed." },
	{ "log.level", CFG_ENUM, "info", 0, 0, "debug|info|warn|error", 0,
	  "Lowest level written to the log file." },
	{ "log.file", CFG_PATH, NULL, 0, 0, NULL, CFG_TRUSTED,
	  "Log file; empty means $XDG_STATE_HOME/aurelis/aurelis.log." },
	{ "log.include_content", CFG_BOOL, "false", 0, 0, NULL, CFG_TRUSTED,
	  "Also log prompt and answer text (tokens are redacted either way)." },
	{ "security.keyring", CFG_BOOL, "true", 0, 0, NULL, CFG_TRUSTED,
	  "Look for the token in the Secret Service keyring." },
	{ "security.use_gh_cli", CFG_BOOL, "true", 0, 0, NULL, CFG_TRUSTED,
	  "Fall back to `gh auth token` when gh is installed." },
	{ "security.ca_bundle", CFG_PATH, NULL, 0, 0, NULL, CFG_TRUSTED,
	  "CA bundle for TLS; empty uses CURL_CA_BUNDLE, SSL_CERT_FILE or the system store." },
	{ "network.proxy", CFG_STRING, NULL, 0, 0, NULL, CFG_TRUSTED,
	  "Proxy URL; empty uses HTTPS_PROXY and NO_PROXY from the environment." },
};

static const char *const tasks[] = {
	"chat", "generate", "explain", "fix", "refactor", "docs", "test", "review", "analyze",
	"summarize", NULL,
};

static const char *const contexts[] = {
	"global", "conversation", "code", "analysis", "input", "picker", NULL,
};

/* Built-in routes: code-writing tasks start with a code model and fall back to general
 * ones; explaining and summarising use the cheaper, higher-quota models. */
static const struct { const char *task; const char *chain; } default_routes[] = {
	{ "chat", "openai/gpt-4.1-mini, openai/gpt-4o-mini" },
	{ "generate", "mistral-ai/codestral-2501, openai/gpt-4.1, openai/gpt-4.1-mini" },
	{ "explain", "openai/gpt-4.1-mini, openai/gpt-4o-mini" },
	{ "fix", "openai/gpt-4.1, mistral-ai/codestral-2501, openai/gpt-4.1-mini" },
	{ "refactor", "openai/gpt-4.1, mistral-ai/codestral-2501, openai/gpt-4.1-mini" },
	{ "docs", "openai/gpt-4.1-mini, openai/gpt-4o-mini" },
	{ "test", "mistral-ai/codestral-2501, openai/gpt-4.1, openai/gpt-4.1-mini" },
	{ "review", "openai/gpt-4.1, openai/gpt-4.1-mini" },
	{ "analyze", "openai/gpt-4.1-mini, openai/gpt-4o-mini" },
	{ "summarize", "openai/gpt-4.1-mini, openai/gpt-4o-mini" },
};

/* Keys people try that we refuse to read, with the reason. */
static const char *const secret_like[] = {
	"token", "github_token", "api_key", "apikey", "key", "password", "auth.token", NULL,
};

struct AurConfig {
	GHashTable *values;  /* char *key -> ConfigValue * */
	GPtrArray *warnings; /* char * */
	GPtrArray *files;    /* char * */
	GPtrArray *empty;    /* an empty NULL-terminated list for unset list keys */
};

/* ---- schema ---------------------------------------------------------------------------- */

const ConfigKeyInfo *
config_schema(size_t *count)
{
	*count = G_N_ELEMENTS(schema);
	return schema;
}

const char *const *
config_tasks(void)
{
	return tasks;
}

static bool
in_list(const char *word, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], word) == 0)
			return true;
	return false;
}

/* Does one component of a real key match one schema component (pattern, len bytes)? */
static bool
component_matches(const char *pattern, size_t len, const char *comp)
{
#define IS(lit) (len == sizeof(lit) - 1 && memcmp(pattern, lit, len) == 0)
	if (IS("<task>"))
		return in_list(comp, tasks);
	if (IS("<context>"))
		return in_list(comp, contexts);
	if (IS("<id>") || IS("<key>") || IS("<model>"))
		return *comp != '\0';
#undef IS
	return strncmp(pattern, comp, len) == 0 && comp[len] == '\0';
}

/* full: the key must match the whole schema key; otherwise it may be a proper prefix
 * (an intermediate mapping such as "models" or "models.routes").  Every configuration
 * lookup scans the schema, so this walks the schema key in place instead of splitting it. */
static bool
key_matches(const char *schema_key, char **comps, size_t ncomps, bool full)
{
	const char *p = schema_key;
	for (size_t i = 0; i < ncomps; i++) {
		if (p == NULL)
			return false; /* the schema key is shorter */
		const char *dot = strchr(p, '.');
		size_t len = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (!component_matches(p, len, comps[i]))
			return false;
		p = dot != NULL ? dot + 1 : NULL;
	}
	return full ? p == NULL : p != NULL;
}

static const ConfigKeyInfo *
schema_find_comps(char **comps, size_t n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(schema); i++)
		if (key_matches(schema[i].key, comps, n, true))
			return &schema[i];
	return NULL;
}

static bool
schema_is_prefix(char **comps, size_t n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(schema); i++)
		if (key_matches(schema[i].key, comps, n, false))
			return true;
	return false;
}

/* Do comps[from..from+n) match pat[pfrom..pfrom+n)? */
static bool
comps_match(char **pat, size_t pfrom, char **comps, size_t from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!component_matches(pat[pfrom + i], strlen(pat[pfrom + i]), comps[from + i]))
			return false;
	return true;
}

GStrv
config_split_key(const char *key)
{
	GStrv comps = g_strsplit(key, ".", -1);
	size_t n = g_strv_length(comps);
	for (size_t i = 0; i < G_N_ELEMENTS(schema); i++) {
		const char *at = strstr(schema[i].key, "<model>");
		/* Cheap test first: the fixed part before the placeholder must match. */
		if (at == NULL || strncmp(key, schema[i].key, (size_t)(at - schema[i].key)) != 0)
			continue;
		g_auto(GStrv) pat = g_strsplit(schema[i].key, ".", -1);
		size_t np = g_strv_length(pat), k = 0;
		while (strcmp(pat[k], "<model>") != 0)
			k++;
		size_t tail = np - k - 1;
		if (n < np || !comps_match(pat, 0, comps, 0, k) ||
		    !comps_match(pat, k + 1, comps, n - tail, tail))
			continue;
		/* Model ids contain dots ("openai/gpt-4.1"): the middle is one component. */
		GStrvBuilder *b = g_strv_builder_new();
		for (size_t j = 0; j < k; j++)
			g_strv_builder_add(b, comps[j]);
		char *saved = comps[n - tail];
		comps[n - tail] = NULL;
		g_autofree char *model = g_strjoinv(".", comps + k);
		comps[n - tail] = saved;
		g_strv_builder_add(b, model);
		for (size_t j = n - tail; j < n; j++)
			g_strv_builder_add(b, comps[j]);
		g_strfreev(comps);
		comps = g_strv_builder_end(b);
		g_strv_builder_unref(b);
		break;
	}
	return comps;
}

const ConfigKeyInfo *
config_schema_find(const char *key)
{
	g_auto(GStrv) comps = config_split_key(key);
	return schema_find_comps(comps, g_strv_length(comps));
}

bool
config_schema_is_section(const char *key)
{
	g_auto(GStrv) comps = config_split_key(key);
	size_t n = g_strv_length(comps);
	return n > 0 && *key != '\0' && schema_find_comps(comps, n) == NULL &&
	       schema_is_prefix(comps, n);
}

char *
config_suggest_key(const char *key)
{
	/* Candidates: plain schema keys, and pattern keys with the user's own components put
	 * in place of the placeholders, so "models.routes.chta" can suggest "...chat". */
	g_autoptr(GPtrArray) cands = g_ptr_array_new_with_free_func(g_free);
	g_auto(GStrv) comps = g_strsplit(key, ".", -1);
	size_t n = g_strv_length(comps);
	for (size_t i = 0; i < G_N_ELEMENTS(schema); i++) {
		g_auto(GStrv) pat = g_strsplit(schema[i].key, ".", -1);
		size_t np = g_strv_length(pat);
		if (strchr(schema[i].key, '<') == NULL) {
			g_ptr_array_add(cands, g_strdup(schema[i].key));
			continue;
		}
		/* Fill placeholders: tasks and contexts by every name, others from the key. */
		const char *const *fill = NULL;
		size_t slot = np;
		for (size_t j = 0; j < np; j++) {
			if (strcmp(pat[j], "<task>") == 0 || strcmp(pat[j], "<context>") == 0) {
				fill = strcmp(pat[j], "<task>") == 0 ? tasks : contexts;
				slot = j;
			} else if (strcmp(pat[j], "<model>") == 0 && j + 1 < n) {
				/* A model id may hold dots: take all but the key's last part. */
				g_free(pat[j]);
				char *saved = comps[n - 1];
				comps[n - 1] = NULL;
				pat[j] = g_strjoinv(".", comps + j);
				comps[n - 1] = saved;
			} else if (pat[j][0] == '<') {
				g_free(pat[j]);
				pat[j] = g_strdup(j < n ? comps[j] : "x");
			}
		}
		if (fill == NULL) {
			g_ptr_array_add(cands, g_strjoinv(".", pat));
			continue;
		}
		for (size_t t = 0; fill[t] != NULL; t++) {
			char *saved = pat[slot];
			pat[slot] = (char *)fill[t];
			g_ptr_array_add(cands, g_strjoinv(".", pat));
			pat[slot] = saved;
		}
	}
	g_ptr_array_add(cands, NULL);
	const char *best = util_did_you_mean(key, (const char *const *)cands->pdata);
	return g_strdup(best);
}

const char *
config_type_name(ConfigType type)
{
	static const char *const names[] = {
		[CFG_STRING] = "string", [CFG_PATH] = "path", [CFG_URL] = "URL",
		[CFG_INT] = "integer", [CFG_FLOAT] = "number", [CFG_BOOL] = "boolean",
		[CFG_ENUM] = "one of", [CFG_LIST] = "list of strings",
		[CFG_DURATION] = "duration", [CFG_SIZE] = "size",
	};
	return names[type];
}

const char *
config_layer_name(ConfigLayer layer)
{
	static const char *const names[] = {
		[CFG_LAYER_DEFAULT] = "default", [CFG_LAYER_SYSTEM] = "system",
		[CFG_LAYER_USER] = "user", [CFG_LAYER_PROJECT] = "project",
		[CFG_LAYER_ENV] = "environment", [CFG_LAYER_FLAG] = "flag",
	};
	return names[layer];
}

/* ---- values ---------------------------------------------------------------------------- */

static void
value_free(gpointer p)
{
	ConfigValue *v = p;
	if (v == NULL)
		return;
	g_free(v->key);
	g_free(v->text);
	g_free(v->str);
	if (v->list != NULL)
		g_ptr_array_unref(v->list);
	g_free(v->file);
	g_free(v);
}

static char *
expected_text(const ConfigKeyInfo *info)
{
	switch (info->type) {
	case CFG_ENUM: {
		g_auto(GStrv) c = g_strsplit(info->choices, "|", -1);
		g_autofree char *j = g_strjoinv(", ", c);
		return g_strdup_printf("one of: %s", j);
	}
	case CFG_INT:
		if (info->min < info->max)
			return g_strdup_printf("an integer from %.0f to %.0f", info->min, info->max);
		return g_strdup("an integer");
	case CFG_FLOAT:
		if (info->min < info->max)
			return g_strdup_printf("a number from %g to %g", info->min, info->max);
		return g_strdup("a number");
	case CFG_BOOL:
		return g_strdup("true or false");
	case CFG_DURATION:
		return g_strdup_printf("a duration in seconds, or with s, m, h or d (e.g. 90, 5m, 1h)%s",
				       info->min < info->max ? ", in range" : "");
	case CFG_SIZE:
		return g_strdup("a size in bytes, or with K, M or G (e.g. 512K, 100MiB)");
	case CFG_URL:
		return g_strdup("an http:// or https:// URL");
	case CFG_LIST:
		return g_strdup("a list of strings");
	default:
		return g_strdup("a string");
	}
}

static bool
parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1", NULL };
	static const char *const no[] = { "false", "no", "off", "0", NULL };
	for (size_t i = 0; yes[i] != NULL; i++) {
		if (g_ascii_strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (g_ascii_strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static bool
parse_int(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return false;
	*out = v;
	return true;
}

static void
range_error(AurError **err, const ConfigKeyInfo *info, const char *key, const char *text)
{
	g_autofree char *exp = expected_text(info);
	if (info->type == CFG_DURATION || info->type == CFG_SIZE)
		aur_error_set(err, AUR_ERR_CONFIG, "Fix the value or remove the key to use the default.",
			      "%s: '%s' is out of range (expected %g to %g %s)", key, text,
			      info->min, info->max, info->type == CFG_SIZE ? "bytes" : "seconds");
	else
		aur_error_set(err, AUR_ERR_CONFIG, "Fix the value or remove the key to use the default.",
			      "%s: '%s' is out of range (expected %s)", key, text, exp);
}

/* Fill v's typed fields from a scalar text; list items come separately. */
static bool
value_parse_scalar(ConfigValue *v, const char *text, AurError **err)
{
	const ConfigKeyInfo *info = v->info;
	g_autofree char *exp = expected_text(info);
	bool ranged = info->min < info->max;
	switch (info->type) {
	case CFG_STRING:
	case CFG_PATH:
		v->str = g_strdup(text);
		break;
	case CFG_URL:
		if (*text != '\0' && !g_str_has_prefix(text, "https://") &&
		    !g_str_has_prefix(text, "http://")) {
			aur_error_set(err, AUR_ERR_CONFIG, "Write the full URL, e.g. https://models.github.ai/inference.",
				      "%s: '%s' is not a URL (expected %s)", v->key, text, exp);
			return false;
		}
		v->str = g_strdup(text);
		break;
	case CFG_ENUM: {
		g_auto(GStrv) c = g_strsplit(info->choices, "|", -1);
		if (!in_list(text, (const char *const *)c)) {
			const char *near = util_did_you_mean(text, (const char *const *)c);
			g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near)
						     : g_strdup("Use one of the listed values.");
			aur_error_set(err, AUR_ERR_CONFIG, hint, "%s: '%s' is not valid (expected %s)",
				      v->key, text, exp);
			return false;
		}
		v->str = g_strdup(text);
		break;
	}
	case CFG_BOOL: {
		bool b;
		if (!parse_bool(text, &b)) {
			aur_error_set(err, AUR_ERR_CONFIG, "Write true or false.",
				      "%s: '%s' is not a boolean (expected %s)", v->key, text, exp);
			return false;
		}
		v->num = b;
		break;
	}
	case CFG_INT:
	case CFG_DURATION:
	case CFG_SIZE: {
		bool ok = info->type == CFG_INT ? parse_int(text, &v->num)
			: info->type == CFG_DURATION ? util_parse_duration(text, &v->num)
						     : util_parse_size(text, &v->num);
		if (!ok) {
			aur_error_set(err, AUR_ERR_CONFIG, "Fix the value or remove the key to use the default.",
				      "%s: '%s' is not valid (expected %s)", v->key, text, exp);
			return false;
		}
		if (ranged && (v->num < info->min || v->num > info->max)) {
			range_error(err, info, v->key, text);
			return false;
		}
		break;
	}
	case CFG_FLOAT: {
		char *end;
		errno = 0;
		double d = g_ascii_strtod(text, &end);
		if (errno != 0 || end == text || *end != '\0' || !isfinite(d)) {
			aur_error_set(err, AUR_ERR_CONFIG, "Write a plain number such as 0.2.",
				      "%s: '%s' is not a number (expected %s)", v->key, text, exp);
			return false;
		}
		if (ranged && (d < info->min || d > info->max)) {
			range_error(err, info, v->key, text);
			return false;
		}
		v->dbl = d;
		break;
	}
	case CFG_LIST:
		/* A scalar given for a list: comma-separated items (env, flags, config set). */
		v->list = g_ptr_array_new_with_free_func(g_free);
		if (*text != '\0') {
			g_auto(GStrv) items = g_strsplit(text, ",", -1);
			for (size_t i = 0; items[i] != NULL; i++) {
				char *item = g_strstrip(g_strdup(items[i]));
				if (*item == '\0')
					g_free(item);
				else
					g_ptr_array_add(v->list, item);
			}
		}
		g_ptr_array_add(v->list, NULL);
		break;
	}
	return true;
}

static void
value_finish_text(ConfigValue *v, const char *text)
{
	if (v->type == CFG_LIST) {
		v->text = g_strjoinv(", ", (char **)v->list->pdata);
		return;
	}
	v->text = g_strdup(text);
}

static ConfigValue *
value_new(const ConfigKeyInfo *info, const char *key, ConfigLayer layer, const char *file,
	  int line, int col)
{
	ConfigValue *v = g_new0(ConfigValue, 1);
	v->info = info;
	v->key = g_strdup(key);
	v->type = info->type;
	v->layer = layer;
	v->file = g_strdup(file);
	v->line = line;
	v->col = col;
	return v;
}

static void
store(AurConfig *cfg, ConfigValue *v)
{
	g_hash_table_replace(cfg->values, v->key, v);
}

static void
warn(AurConfig *cfg, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void
warn(AurConfig *cfg, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_ptr_array_add(cfg->warnings, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* ---- ${VAR} expansion ----------------------------------------------------------------- */

char *
config_expand_env(const char *text, GPtrArray *unset)
{
	GString *out = g_string_sized_new(strlen(text));
	const char *p = text;
	while (*p != '\0') {
		if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
			g_string_append(out, "${");
			p += 3;
			continue;
		}
		const char *close;
		if (p[0] != '$' || p[1] != '{' || (close = strchr(p + 2, '}')) == NULL) {
			g_string_append_c(out, *p++);
			continue;
		}
		g_autofree char *inner = g_strndup(p + 2, (gsize)(close - p - 2));
		char *dflt = strstr(inner, ":-");
		if (dflt != NULL) {
			*dflt = '\0';
			dflt += 2;
		}
		const char *val = *inner != '\0' ? getenv(inner) : NULL;
		if (val != NULL && (*val != '\0' || dflt == NULL))
			g_string_append(out, val);
		else if (dflt != NULL)
			g_string_append(out, dflt);
		else if (unset != NULL)
			g_ptr_array_add(unset, g_strdup(inner));
		p = close + 1;
	}
	return g_string_free(out, FALSE);
}

/* ---- setting a value from text ---------------------------------------------------------- */

static bool
set_scalar(AurConfig *cfg, const ConfigKeyInfo *info, const char *key, const char *raw,
	   ConfigLayer layer, const char *file, int line, int col, AurError **err)
{
	g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *text = config_expand_env(raw, unset);
	for (size_t i = 0; i < unset->len; i++)
		warn(cfg, "%s:%d:%d: %s: ${%s} is not set; it expands to an empty string",
		      file, line, col, key, (char *)unset->pdata[i]);
	ConfigValue *v = value_new(info, key, layer, file, line, col);
	if (!value_parse_scalar(v, text, err)) {
		value_free(v);
		return false;
	}
	value_finish_text(v, text);
	store(cfg, v);
	return true;
}

bool
config_set_text(AurConfig *cfg, const char *key, const char *text, ConfigLayer layer,
		const char *origin, AurError **err)
{
	const ConfigKeyInfo *info = config_schema_find(key);
	if (info == NULL) {
		g_autofree char *near = config_suggest_key(key);
		g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near)
					     : g_strdup("See `aurelis config show` or aurelis.yaml(5) for the keys.");
		aur_error_set(err, AUR_ERR_CONFIG, hint, "unknown configuration key '%s'", key);
		return false;
	}
	return set_scalar(cfg, info, key, text, layer, origin, 0, 0, err);
}

/* ---- YAML walking ----------------------------------------------------------------------- */

typedef struct {
	AurConfig *cfg;
	yaml_document_t *doc;
	const char *name;
	ConfigLayer layer;
	size_t visited;
	AurError **err;
} Walk;

static bool
walk_fail(Walk *w, const yaml_node_t *node, const char *hint, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
static bool
walk_fail(Walk *w, const yaml_node_t *node, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	aur_error_set(w->err, AUR_ERR_CONFIG, hint, "%s:%zu:%zu: %s", w->name,
		      node->start_mark.line + 1, node->start_mark.column + 1, msg);
	return false;
}

static const char *
scalar_text(const yaml_node_t *node)
{
	return (const char *)node->data.scalar.value;
}

static bool
is_null_scalar(const yaml_node_t *node)
{
	if (node->type != YAML_SCALAR_NODE)
		return false;
	if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *s = scalar_text(node);
	return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0;
}

static bool
set_list(Walk *w, const ConfigKeyInfo *info, const char *key, yaml_node_t *node)
{
	ConfigValue *v = value_new(info, key, w->layer, w->name, (int)node->start_mark.line + 1,
				   (int)node->start_mark.column + 1);
	v->list = g_ptr_array_new_with_free_func(g_free);
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(w->doc, *it);
		if (item == NULL || item->type != YAML_SCALAR_NODE) {
			value_free(v);
			return walk_fail(w, item ? item : node, "Write each item as a plain string.",
					 "%s: list items must be strings", key);
		}
		g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
		char *s = config_expand_env(scalar_text(item), unset);
		for (size_t i = 0; i < unset->len; i++)
			warn(w->cfg, "%s:%zu:%zu: %s: ${%s} is not set; it expands to an empty string",
			     w->name, item->start_mark.line + 1, item->start_mark.column + 1, key,
			     (char *)unset->pdata[i]);
		g_ptr_array_add(v->list, s);
	}
	g_ptr_array_add(v->list, NULL);
	value_finish_text(v, NULL);
	store(w->cfg, v);
	return true;
}

static bool
walk_leaf(Walk *w, const ConfigKeyInfo *info, const char *key, yaml_node_t *node)
{
	if (w->layer == CFG_LAYER_PROJECT && (info->flags & CFG_TRUSTED)) {
		warn(w->cfg, "%s:%zu:%zu: %s is ignored in a project file (it could send your token or "
			     "files elsewhere); set it in your user config or the environment",
		     w->name, node->start_mark.line + 1, node->start_mark.column + 1, key);
		return true;
	}
	if (info->type == CFG_LIST && node->type == YAML_SEQUENCE_NODE)
		return set_list(w, info, key, node);
	if (node->type != YAML_SCALAR_NODE) {
		g_autofree char *exp = expected_text(info);
		return walk_fail(w, node, "Fix the value or remove the key to use the default.",
				 "%s: expected %s, found a %s", key, exp,
				 node->type == YAML_MAPPING_NODE ? "mapping" : "list");
	}
	const char *text = is_null_scalar(node) ? "" : scalar_text(node);
	if (*text == '\0' && info->type != CFG_STRING && info->type != CFG_PATH &&
	    info->type != CFG_URL && info->type != CFG_LIST) {
		g_autofree char *exp = expected_text(info);
		return walk_fail(w, node, "Give a value or remove the key to use the default.",
				 "%s: empty value (expected %s)", key, exp);
	}
	AurError *e = NULL;
	if (!set_scalar(w->cfg, info, key, text, w->layer, w->name,
			(int)node->start_mark.line + 1, (int)node->start_mark.column + 1, &e)) {
		walk_fail(w, node, e->hint, "%s", e->message);
		aur_error_free(e);
		return false;
	}
	return true;
}

static bool walk_mapping(Walk *w, yaml_node_t *node, GPtrArray *path);

/* Warn about an unknown key; under an unknown mapping, about each leaf by its full name,
 * so that "cahce: {ttl: 5}" can suggest cache.ttl. */
static void
warn_unknown(Walk *w, yaml_node_t *knode, yaml_node_t *vnode, const char *full)
{
	if (vnode->type == YAML_MAPPING_NODE && ++w->visited <= MAX_NODES) {
		for (yaml_node_pair_t *p = vnode->data.mapping.pairs.start;
		     p < vnode->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
			yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
			if (k == NULL || v == NULL || k->type != YAML_SCALAR_NODE)
				continue;
			g_autofree char *sub = g_strdup_printf("%s.%s", full, scalar_text(k));
			warn_unknown(w, k, v, sub);
		}
		return;
	}
	g_autofree char *near = config_suggest_key(full);
	if (near != NULL)
		warn(w->cfg, "%s:%zu:%zu: unknown key '%s' (did you mean '%s'?)", w->name,
		     knode->start_mark.line + 1, knode->start_mark.column + 1, full, near);
	else
		warn(w->cfg, "%s:%zu:%zu: unknown key '%s' (ignored; see aurelis.yaml(5))", w->name,
		     knode->start_mark.line + 1, knode->start_mark.column + 1, full);
}

static bool
walk_pair(Walk *w, yaml_node_t *knode, yaml_node_t *vnode, GPtrArray *path)
{
	if (knode->type != YAML_SCALAR_NODE)
		return walk_fail(w, knode, "Keys are plain words such as cache or ttl.",
				 "a key must be a plain string");
	const char *k = scalar_text(knode);
	g_ptr_array_add(path, (gpointer)k);
	/* comps is only valid until path grows again (in the recursion below). */
	char **comps = (char **)path->pdata;
	size_t n = path->len;
	GString *joined = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(joined, "%s%s", i ? "." : "", comps[i]);
	g_autofree char *full = g_string_free(joined, FALSE);
	bool ok = true;
	const ConfigKeyInfo *info = schema_find_comps(comps, n);
	if (info != NULL) {
		ok = walk_leaf(w, info, full, vnode);
	} else if (schema_is_prefix(comps, n)) {
		if (vnode->type == YAML_MAPPING_NODE)
			ok = walk_mapping(w, vnode, path);
		else if (!is_null_scalar(vnode))
			ok = walk_fail(w, vnode, "Nest the keys under it, one per line.",
				       "%s: expected a mapping of keys", full);
	} else if (n == 1 && in_list(k, secret_like)) {
		warn(w->cfg, "%s:%zu:%zu: '%s' is ignored: Aurelis never reads tokens from configuration "
			     "files; use `aurelis auth login` (keyring) or AURELIS_TOKEN",
		     w->name, knode->start_mark.line + 1, knode->start_mark.column + 1, full);
	} else {
		warn_unknown(w, knode, vnode, full);
	}
	g_ptr_array_set_size(path, path->len - 1);
	return ok;
}

static bool
walk_mapping(Walk *w, yaml_node_t *node, GPtrArray *path)
{
	if (path->len >= MAX_DEPTH)
		return walk_fail(w, node, NULL, "nesting deeper than %d levels", MAX_DEPTH);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
	     p++) {
		if (++w->visited > MAX_NODES)
			return walk_fail(w, node, "Simplify the file; anchors may be expanding it.",
					 "too many keys (more than %d)", MAX_NODES);
		yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
		if (k == NULL || v == NULL)
			continue;
		if (k->type == YAML_SCALAR_NODE) {
			const char *ks = scalar_text(k);
			if (g_hash_table_contains(seen, ks))
				warn(w->cfg, "%s:%zu:%zu: duplicate key '%s'; the later value wins", w->name,
				     k->start_mark.line + 1, k->start_mark.column + 1, ks);
			g_hash_table_add(seen, (gpointer)ks);
		}
		if (!walk_pair(w, k, v, path))
			return false;
	}
	return true;
}

bool
config_load_buffer(AurConfig *cfg, const char *name, const char *buf, size_t len,
		   ConfigLayer layer, AurError **err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser)) {
		aur_error_set(err, AUR_ERR_INTERNAL, NULL, "cannot initialise the YAML parser");
		return false;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		const yaml_mark_t *m = parser.problem_mark.line || parser.problem_mark.column
					       ? &parser.problem_mark : &parser.context_mark;
		aur_error_set(err, AUR_ERR_CONFIG, "Fix the YAML syntax at that position (indentation, "
						   "a missing colon or an unclosed quote are the usual causes).",
			      "%s:%zu:%zu: %s%s%s", name, m->line + 1, m->column + 1,
			      parser.problem ? parser.problem : "invalid YAML",
			      parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return false;
	}
	bool ok = true;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root != NULL && !is_null_scalar(root)) {
		if (root->type != YAML_MAPPING_NODE) {
			aur_error_set(err, AUR_ERR_CONFIG, "A configuration file is a mapping of keys, e.g. 'ui:' then '  theme: light'.",
				      "%s:%zu:%zu: the top level must be a mapping of keys", name,
				      root->start_mark.line + 1, root->start_mark.column + 1);
			ok = false;
		} else {
			Walk w = { cfg, &doc, name, layer, 0, err };
			g_autoptr(GPtrArray) path = g_ptr_array_new();
			ok = walk_mapping(&w, root, path);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ok;
}

bool
config_load_file(AurConfig *cfg, const char *path, ConfigLayer layer, bool must_exist,
		 AurError **err)
{
	AurError *e = NULL;
	size_t len;
	g_autofree char *buf = fs_read_file(path, MAX_CONFIG_FILE, &len, &e);
	if (buf == NULL) {
		if (e->category == AUR_ERR_NOT_FOUND && !must_exist) {
			aur_error_free(e);
			return true;
		}
		e->category = e->category == AUR_ERR_NOT_FOUND ? AUR_ERR_NOT_FOUND : AUR_ERR_CONFIG;
		*err = e;
		return false;
	}
	g_ptr_array_add(cfg->files, g_strdup(path));
	return config_load_buffer(cfg, path, buf, len, layer, err);
}

/* ---- sources ----------------------------------------------------------------------------- */

/* .aurelis.yaml from cwd upward, stopping at the repository root (a directory holding
 * .git).  Outside a repository only cwd itself is looked at, so a stray file in /tmp or
 * $HOME cannot configure unrelated work. */
static char *
find_project_file(const char *cwd)
{
	g_autofree char *dir = g_strdup(cwd);
	for (;;) {
		g_autofree char *cand = g_build_filename(dir, ".aurelis.yaml", NULL);
		if (g_file_test(cand, G_FILE_TEST_IS_REGULAR))
			return g_steal_pointer(&cand);
		g_autofree char *git = g_build_filename(dir, ".git", NULL);
		if (g_file_test(git, G_FILE_TEST_EXISTS))
			return NULL;
		g_autofree char *parent = g_path_get_dirname(dir);
		if (strcmp(parent, dir) == 0)
			return NULL;
		g_free(dir);
		dir = g_steal_pointer(&parent);
	}
}

/* Is cwd inside a git work tree (some ancestor holds .git)? */
static bool
inside_repo(const char *cwd)
{
	g_autofree char *dir = g_strdup(cwd);
	for (;;) {
		g_autofree char *git = g_build_filename(dir, ".git", NULL);
		if (g_file_test(git, G_FILE_TEST_EXISTS))
			return true;
		g_autofree char *parent = g_path_get_dirname(dir);
		if (strcmp(parent, dir) == 0)
			return false;
		g_free(dir);
		dir = g_steal_pointer(&parent);
	}
}

static const struct { const char *var; const char *key; } env_keys[] = {
	{ "AURELIS_ENDPOINT", "endpoint" },
	{ "AURELIS_MODEL", "models.default" },
	{ "AURELIS_ORG", "org" },
	{ "AURELIS_LOG_LEVEL", "log.level" },
	{ "AURELIS_CACHE_DIR", "cache.dir" },
};

static bool
load_env(AurConfig *cfg, AurError **err)
{
	for (size_t i = 0; i < G_N_ELEMENTS(env_keys); i++) {
		const char *v = getenv(env_keys[i].var);
		if (v == NULL || *v == '\0')
			continue;
		g_autofree char *origin = g_strdup_printf("environment %s", env_keys[i].var);
		if (!config_set_text(cfg, env_keys[i].key, v, CFG_LAYER_ENV, origin, err)) {
			aur_error_prefix(*err, "%s", env_keys[i].var);
			return false;
		}
	}
	return true;
}

bool
config_load(AurConfig *cfg, const ConfigLoadOptions *opts, AurError **err)
{
	ConfigLoadOptions none = { 0 };
	if (opts == NULL)
		opts = &none;
	if (!config_load_file(cfg, paths_system_config(), CFG_LAYER_SYSTEM, false, err))
		return false;
	if (opts->config_file != NULL) {
		if (!config_load_file(cfg, opts->config_file, CFG_LAYER_USER, true, err))
			return false;
	} else {
		g_autofree char *user = paths_user_config();
		bool explicit = getenv("AURELIS_CONFIG") != NULL && *getenv("AURELIS_CONFIG") != '\0';
		if (!config_load_file(cfg, user, CFG_LAYER_USER, explicit, err))
			return false;
	}
	if (!opts->no_project) {
		g_autofree char *cwd = opts->cwd ? g_strdup(opts->cwd) : g_get_current_dir();
		g_autofree char *proj = inside_repo(cwd) ? find_project_file(cwd)
			: g_build_filename(cwd, ".aurelis.yaml", NULL);
		if (proj != NULL && !config_load_file(cfg, proj, CFG_LAYER_PROJECT, false, err))
			return false;
	}
	return load_env(cfg, err);
}

/* ---- construction and getters ------------------------------------------------------------ */

AurConfig *
config_new(void)
{
	AurConfig *cfg = g_new0(AurConfig, 1);
	cfg->values = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, value_free);
	cfg->warnings = g_ptr_array_new_with_free_func(g_free);
	cfg->files = g_ptr_array_new_with_free_func(g_free);
	cfg->empty = g_ptr_array_new();
	g_ptr_array_add(cfg->empty, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(schema); i++) {
		if (schema[i].def == NULL)
			continue;
		AurError *e = NULL;
		if (!set_scalar(cfg, &schema[i], schema[i].key, schema[i].def, CFG_LAYER_DEFAULT,
				"built-in", 0, 0, &e))
			g_error("built-in default for %s is invalid: %s", schema[i].key, e->message);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(default_routes); i++) {
		g_autofree char *key = g_strdup_printf("models.routes.%s", default_routes[i].task);
		AurError *e = NULL;
		if (!config_set_text(cfg, key, default_routes[i].chain, CFG_LAYER_DEFAULT, "built-in", &e))
			g_error("built-in route for %s is invalid: %s", key, e->message);
	}
	return cfg;
}

void
config_free(AurConfig *cfg)
{
	if (cfg == NULL)
		return;
	g_hash_table_destroy(cfg->values);
	g_ptr_array_unref(cfg->warnings);
	g_ptr_array_unref(cfg->files);
	g_ptr_array_unref(cfg->empty);
	g_free(cfg);
}

const ConfigValue *
config_lookup(const AurConfig *cfg, const char *key)
{
	return g_hash_table_lookup(cfg->values, key);
}

const char *
config_get_string(const AurConfig *cfg, const char *key)
{
	const ConfigValue *v = config_lookup(cfg, key);
	if (v == NULL)
		return "";
	return v->str != NULL ? v->str : v->text;
}

char *
config_get_path(const AurConfig *cfg, const char *key)
{
	return paths_expand_home(config_get_string(cfg, key));
}

int64_t
config_get_int(const AurConfig *cfg, const char *key)
{
	const ConfigValue *v = config_lookup(cfg, key);
	if (v == NULL)
		return 0;
	return v->type == CFG_FLOAT ? (int64_t)v->dbl : v->num;
}

double
config_get_double(const AurConfig *cfg, const char *key)
{
	const ConfigValue *v = config_lookup(cfg, key);
	if (v == NULL)
		return 0;
	return v->type == CFG_FLOAT ? v->dbl : (double)v->num;
}

bool
config_get_bool(const AurConfig *cfg, const char *key)
{
	const ConfigValue *v = config_lookup(cfg, key);
	return v != NULL && v->num != 0;
}

const char *const *
config_get_list(const AurConfig *cfg, const char *key)
{
	const ConfigValue *v = config_lookup(cfg, key);
	if (v == NULL || v->list == NULL)
		return (const char *const *)cfg->empty->pdata;
	return (const char *const *)v->list->pdata;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *
config_keys_with_prefix(const AurConfig *cfg, const char *prefix)
{
	GPtrArray *keys = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, cfg->values);
	while (g_hash_table_iter_next(&it, &k, NULL))
		if (prefix == NULL || g_str_has_prefix(k, prefix))
			g_ptr_array_add(keys, k);
	g_ptr_array_sort(keys, cmp_str);
	return keys;
}

GPtrArray *
config_keys(const AurConfig *cfg)
{
	return config_keys_with_prefix(cfg, NULL);
}

const GPtrArray *
config_warnings(const AurConfig *cfg)
{
	return cfg->warnings;
}

const GPtrArray *
config_files(const AurConfig *cfg)
{
	return cfg->files;
}

/* ---- formatting for files ------------------------------------------------------------- */

static bool
needs_quotes(const char *s)
{
	static const char *const special[] = { "true", "false", "yes", "no", "on", "off", "null",
					       "~", "y", "n", NULL };
	if (*s == '\0')
		return true;
	for (size_t i = 0; special[i] != NULL; i++)
		if (g_ascii_strcasecmp(s, special[i]) == 0)
			return true;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", *s) != NULL || g_ascii_isspace(s[strlen(s) - 1]))
		return true;
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == '#' || (p[0] == ':' && (p[1] == ' ' || p[1] == '\0')))
			return true;
		if (*p == ',' || *p == '[' || *p == ']' || *p == '{' || *p == '}')
			return true;
	}
	return false;
}

static void
append_yaml_string(GString *out, const char *s)
{
	if (!needs_quotes(s)) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\')
			g_string_append_printf(out, "\\%c", c);
		else if (c == '\n')
			g_string_append(out, "\\n");
		else if (c == '\t')
			g_string_append(out, "\\t");
		else if (c < 0x20)
			g_string_append_printf(out, "\\x%02x", c);
		else
			g_string_append_c(out, (char)c);
	}
	g_string_append_c(out, '"');
}

char *
config_format_yaml_value(const char *key, const char *text, AurError **err)
{
	const ConfigKeyInfo *info = config_schema_find(key);
	if (info == NULL) {
		g_autofree char *near = config_suggest_key(key);
		g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near)
					     : g_strdup("See aurelis.yaml(5) for the keys.");
		aur_error_set(err, AUR_ERR_CONFIG, hint, "unknown configuration key '%s'", key);
		return NULL;
	}
	ConfigValue *v = value_new(info, key, CFG_LAYER_USER, "", 0, 0);
	if (!value_parse_scalar(v, text, err)) {
		value_free(v);
		return NULL;
	}
	GString *out = g_string_new(NULL);
	switch (info->type) {
	case CFG_LIST:
		g_string_append_c(out, '[');
		for (size_t i = 0; i + 1 < v->list->len; i++) {
			if (i > 0)
				g_string_append(out, ", ");
			append_yaml_string(out, v->list->pdata[i]);
		}
		g_string_append_c(out, ']');
		break;
	case CFG_BOOL:
		g_string_append(out, v->num ? "true" : "false");
		break;
	case CFG_INT:
	case CFG_FLOAT:
		g_string_append(out, text);
		break;
	default:
		append_yaml_string(out, text);
		break;
	}
	value_free(v);
	return g_string_free(out, FALSE);
}
