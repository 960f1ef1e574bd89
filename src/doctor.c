/* SPDX-License-Identifier: MIT */
/* The checks of `aurelis doctor`, run in the order a request depends on them. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <netdb.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "auth.h"
#include "cache.h"
#include "catalog.h"
#include "doctor.h"
#include "fsutil.h"
#include "http.h"
#include "lazycurl.h"
#include "models.h"
#include "paths.h"
#include "util.h"

/*
 * One GET of the chat URL, without a token, answers three questions at once: whether the
 * proxy, TLS and the endpoint work.  Any HTTP status proves the path to the service (the
 * service refuses a GET; what matters is that it answered), and a failure carries
 * libcurl's own words, classified by http.c.  The lines that need it share that one probe.
 * DNS is asked separately, because a failed lookup should name the resolver's error, and
 * because through a proxy it is not ours to do.
 */

typedef struct {
	const DoctorOptions *o;
	GPtrArray *out;
	HttpOptions http;
	AurError *curl_err;     /* libcurl could not be loaded */
	AurError *url_err;      /* the endpoint is not a URL we may use */
	HttpClient *client;
	char *chat_url;
	char *catalog_url;
	char *scheme, *host;
	int port;
	bool probed, answered;
	long status;
	HttpFailKind fail;
	AurError *probe_err;
	int64_t probe_ms;
	AuthToken *token;
} Doc;

static void
result_free(gpointer p)
{
	DoctorResult *r = p;
	g_free(r->message);
	g_free(r->hint);
	g_free(r);
}

static void G_GNUC_PRINTF(6, 7)
add(Doc *d, const char *check, DoctorStatus st, AurErrorCategory cat, const char *hint,
    const char *fmt, ...)
{
	DoctorResult *r = g_new0(DoctorResult, 1);
	va_list ap;
	va_start(ap, fmt);
	r->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	r->check = check;
	r->status = st;
	r->category = st == DOCTOR_FAIL ? cat : AUR_ERR_OK;
	r->hint = g_strdup(hint);
	g_ptr_array_add(d->out, r);
}

static void
add_error(Doc *d, const char *check, DoctorStatus st, const AurError *e, const char *fallback_hint)
{
	add(d, check, st, e->category, e->hint ? e->hint : fallback_hint, "%s", e->message);
}

/* ---- configuration --------------------------------------------------------------------------- */

static void
describe_file(GString *s, const char *layer, const char *path, const GPtrArray *read)
{
	bool used = false;
	for (guint i = 0; read != NULL && i < read->len; i++)
		used |= g_strcmp0(read->pdata[i], path) == 0;
	bool exists = path != NULL && g_file_test(path, G_FILE_TEST_EXISTS);
	if (path == NULL)
		g_string_append_printf(s, "%s%s: none found", s->len ? "; " : "", layer);
	else
		g_string_append_printf(s, "%s%s: %s%s", s->len ? "; " : "", layer, path,
				       used ? " (read)" : exists ? " (not read)" : " (absent)");
}

static void
check_config(Doc *d)
{
	const DoctorOptions *o = d->o;
	if (o->config_error != NULL) {
		add_error(d, "config", DOCTOR_FAIL, o->config_error,
			  "Fix the file named above; `aurelis config check` shows every problem.");
		return;
	}
	const GPtrArray *read = config_files(o->cfg);
	g_autoptr(GString) s = g_string_new(NULL);
	g_autofree char *user = paths_user_config();
	describe_file(s, "system", paths_system_config(), read);
	describe_file(s, "user", user, read);
	const char *project = NULL;
	for (guint i = 0; i < read->len; i++)
		if (g_str_has_suffix(read->pdata[i], "/.aurelis.yaml"))
			project = read->pdata[i];
	describe_file(s, "project .aurelis.yaml", project, read);
	const GPtrArray *w = config_warnings(o->cfg);
	if (w->len > 0) {
		add(d, "config", DOCTOR_WARN, AUR_ERR_CONFIG,
		    "`aurelis config check` lists every warning; unknown keys are ignored.",
		    "valid with %u warning%s (%s): %s", w->len, w->len == 1 ? "" : "s",
		    (const char *)w->pdata[0], s->str);
		return;
	}
	add(d, "config", DOCTOR_OK, AUR_ERR_OK, NULL, "valid: %s", s->str);
}

/* ---- the network ------------------------------------------------------------------------------ */

static bool
parse_endpoint(Doc *d)
{
	g_autoptr(GUri) u = g_uri_parse(d->chat_url, G_URI_FLAGS_NONE, NULL);
	if (u == NULL || g_uri_get_host(u) == NULL)
		return false;
	d->scheme = g_strdup(g_uri_get_scheme(u));
	d->host = g_strdup(g_uri_get_host(u));
	d->port = g_uri_get_port(u) > 0 ? g_uri_get_port(u) : strcmp(d->scheme, "http") == 0 ? 80 : 443;
	return true;
}

static const char *
endpoint_proxy(const Doc *d)
{
	return d->host ? http_proxy_for(&d->http, d->scheme, d->host) : NULL;
}

static void
probe(Doc *d)
{
	if (d->probed || d->client == NULL)
		return;
	d->probed = true;
	HttpRequest req = { .method = "GET", .url = d->chat_url, .max_body = 64 << 10 };
	HttpResponse resp = { 0 };
	int64_t t0 = util_mono_us();
	d->answered = http_perform(d->client, &req, NULL, NULL, &resp, &d->probe_err);
	d->probe_ms = (util_mono_us() - t0) / 1000;
	d->status = resp.status;
	d->fail = resp.fail;
	http_response_clear(&resp);
}

static void
check_dns(Doc *d)
{
	if (d->host == NULL)
		return;
	const char *proxy = endpoint_proxy(d);
	if (proxy != NULL) {
		g_autofree char *p = http_proxy_shown(proxy);
		add(d, "dns", DOCTOR_OK, AUR_ERR_OK, NULL, "%s is resolved by the proxy %s, not here",
		    d->host, p);
		return;
	}
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	const char *h = d->host[0] == '[' ? d->host + 1 : d->host;
	g_autofree char *host = g_strndup(h, strcspn(h, "]"));
	int rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		add(d, "dns", DOCTOR_FAIL, AUR_ERR_NETWORK,
		    "Check the host name in endpoint (AURELIS_ENDPOINT, --endpoint) and the resolver "
		    "(/etc/resolv.conf); behind a proxy, set HTTPS_PROXY.",
		    "cannot resolve %s: %s", host, rc == EAI_SYSTEM ? g_strerror(errno) : gai_strerror(rc));
		return;
	}
	g_autoptr(GString) addrs = g_string_new(NULL);
	int n = 0;
	for (struct addrinfo *a = res; a != NULL && n < 3; a = a->ai_next) {
		char buf[NI_MAXHOST];
		if (getnameinfo(a->ai_addr, a->ai_addrlen, buf, sizeof buf, NULL, 0, NI_NUMERICHOST) != 0 ||
		    strstr(addrs->str, buf) != NULL)
			continue;
		g_string_append_printf(addrs, "%s%s", n++ ? ", " : "", buf);
	}
	freeaddrinfo(res);
	add(d, "dns", DOCTOR_OK, AUR_ERR_OK, NULL, "%s resolves to %s", host, addrs->str);
}

static void
check_proxy(Doc *d)
{
	if (d->host == NULL)
		return;
	const char *proxy = endpoint_proxy(d);
	if (proxy == NULL) {
		bool bypassed = (d->http.proxy || d->http.proxy_http) && d->http.no_proxy;
		add(d, "proxy", DOCTOR_OK, AUR_ERR_OK, NULL, bypassed ? "none for %s: NO_PROXY (%s) names it"
								 : "none: %s is reached directly",
		    d->host, d->http.no_proxy);
		return;
	}
	g_autofree char *p = http_proxy_shown(proxy);
	probe(d);
	if (d->probed && d->fail == HTTP_FAIL_PROXY) {
		add_error(d, "proxy", DOCTOR_FAIL, d->probe_err,
			  "Check network.proxy or HTTPS_PROXY, or add the host to NO_PROXY.");
		return;
	}
	add(d, "proxy", DOCTOR_OK, AUR_ERR_OK, NULL, "%s (from %s)%s", p,
	    d->http.proxy_origin ? d->http.proxy_origin : "the environment",
	    d->answered ? " carried the request" : "");
}

/* The CA bundle in use and where it comes from.  Caller frees. */
static char *
ca_in_use(Doc *d, const char **origin)
{
	*origin = d->http.ca_origin;
	if (d->http.ca_bundle != NULL)
		return g_strdup(d->http.ca_bundle);
	char *path = NULL;
#if LIBCURL_VERSION_NUM >= 0x075400
	CURL *h = d->client ? curl_easy_init() : NULL;
	char *deflt = NULL;
	if (h != NULL && curl_easy_getinfo(h, CURLINFO_CAINFO, &deflt) == CURLE_OK && deflt != NULL) {
		path = g_strdup(deflt);
		*origin = "libcurl's default";
	}
	if (h != NULL)
		curl_easy_cleanup(h);
#endif
	if (path == NULL)
		*origin = "libcurl's default";
	return path ? path : g_strdup("the system certificate store");
}

static void
check_tls(Doc *d)
{
	if (d->host == NULL)
		return;
	if (strcmp(d->scheme, "https") != 0) {
		add(d, "tls", DOCTOR_OK, AUR_ERR_OK, NULL, "not used: plain http to the loopback host %s",
		    d->host);
		return;
	}
	const char *origin;
	g_autofree char *ca = ca_in_use(d, &origin);
	if (d->http.ca_bundle != NULL && g_access(ca, R_OK) != 0) {
		add(d, "tls", DOCTOR_FAIL, AUR_ERR_NETWORK,
		    "Point security.ca_bundle (or SSL_CERT_FILE) at a readable PEM file of CA certificates.",
		    "cannot read the CA bundle %s (from %s): %s", ca, origin, g_strerror(errno));
		return;
	}
	probe(d);
	if (d->probed && d->fail == HTTP_FAIL_TLS) {
		add_error(d, "tls", DOCTOR_FAIL, d->probe_err, NULL);
		return;
	}
	if (!d->answered) {
		add(d, "tls", DOCTOR_WARN, AUR_ERR_NETWORK, "See the endpoint line.",
		    "not checked: no connection reached the TLS handshake (CA bundle %s, from %s)", ca,
		    origin);
		return;
	}
	add(d, "tls", DOCTOR_OK, AUR_ERR_OK, NULL, "%s's certificate verifies against %s (from %s)",
	    d->host, ca, origin);
}

static void
check_endpoint(Doc *d)
{
	if (d->curl_err != NULL) {
		add_error(d, "endpoint", DOCTOR_FAIL, d->curl_err, "Install libcurl (libcurl4).");
		return;
	}
	if (d->url_err != NULL || d->host == NULL) {
		if (d->url_err != NULL)
			add_error(d, "endpoint", DOCTOR_FAIL, d->url_err, NULL);
		else
			add(d, "endpoint", DOCTOR_FAIL, AUR_ERR_CONFIG,
			    "Set endpoint to a URL such as https://models.github.ai/inference.",
			    "%s is not a URL aurelis can use", d->chat_url);
		return;
	}
	probe(d);
	if (!d->answered) {
		add_error(d, "endpoint", DOCTOR_FAIL, d->probe_err, NULL);
		return;
	}
	add(d, "endpoint", DOCTOR_OK, AUR_ERR_OK, NULL, "%s answered (HTTP %ld to a GET) in %" G_GINT64_FORMAT " ms",
	    d->chat_url, d->status, d->probe_ms);
}

/* ---- the token -------------------------------------------------------------------------------- */

static void
check_token(Doc *d)
{
	g_autoptr(AurError) e = NULL;
	d->token = auth_token_get(d->o->cfg, &e);
	if (d->token == NULL) {
		add_error(d, "token", DOCTOR_FAIL, e,
			  "Set AURELIS_TOKEN to a GitHub token with the models: read permission, or run "
			  "`aurelis auth login`.");
		return;
	}
	g_autofree char *masked = auth_mask(d->token->token);
	add(d, "token", DOCTOR_OK, AUR_ERR_OK, NULL, "%s from %s", masked,
	    auth_source_name(d->token->source));
}

static void
check_token_valid(Doc *d)
{
	if (d->token == NULL || d->client == NULL) {
		add(d, "auth", DOCTOR_WARN, AUR_ERR_AUTH, d->token ? "See the endpoint line." : "See the token line.",
		    "not checked: %s", d->token ? "libcurl is not available" : "no token");
		return;
	}
	long status = 0;
	g_autoptr(AurError) e = NULL;
	g_autoptr(Catalog) cat = catalog_fetch(d->client, d->catalog_url, d->token->token, NULL, &status, &e);
	if (cat != NULL) {
		add(d, "auth", DOCTOR_OK, AUR_ERR_OK, NULL, "the service accepts the token: its catalogue "
							   "lists %u models", cat->models->len);
		return;
	}
	if (status == 401 || status == 403) {
		add(d, "auth", DOCTOR_FAIL, AUR_ERR_AUTH,
		    "Use a token with the models: read permission (fine-grained tokens: Account "
		    "permissions, Models), then `aurelis auth login` or AURELIS_TOKEN.",
		    "%s", e->message);
		return;
	}
	add_error(d, "auth", DOCTOR_FAIL, e, "See the endpoint line.");
}

static void
check_keyring(Doc *d)
{
	if (!config_get_bool(d->o->cfg, "security.keyring")) {
		add(d, "keyring", DOCTOR_OK, AUR_ERR_OK, NULL, "not used (security.keyring is false)");
		return;
	}
	char *token = NULL;
	g_autoptr(AurError) e = NULL;
	if (!auth_keyring_lookup(&token, &e)) {
		bool needed = d->token == NULL || d->token->source == AUTH_SRC_KEYRING;
		add(d, "keyring", needed ? DOCTOR_WARN : DOCTOR_OK, AUR_ERR_AUTH,
		    needed ? "Keep the token in AURELIS_TOKEN instead, or start a Secret Service such as "
			     "gnome-keyring (with a D-Bus session) for `aurelis auth login`."
			   : NULL,
		    "no Secret Service%s: %s", needed ? "" : " (not needed: the token comes from elsewhere)",
		    e->message);
		return;
	}
	bool has = token != NULL;
	util_secure_free(token);
	add(d, "keyring", DOCTOR_OK, AUR_ERR_OK, NULL, "the Secret Service answers; it holds %s",
	    has ? "an aurelis token" : "no aurelis token (`aurelis auth login` stores one)");
}

/* ---- directories -------------------------------------------------------------------------------- */

static void
check_dir(Doc *d, const char *check, const char *what, const char *path, const char *hint)
{
	g_autoptr(AurError) e = NULL;
	if (!fs_mkdir_p(path, 0700, &e)) {
		add(d, check, DOCTOR_FAIL, AUR_ERR_IO, hint, "cannot create the %s %s: %s", what, path,
		    e->message);
		return;
	}
	g_autofree char *tmpl = g_build_filename(path, ".doctor-XXXXXX", NULL);
	int fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, "x", 1) != 1) {
		int err = errno;
		if (fd >= 0) {
			close(fd);
			g_unlink(tmpl);
		}
		add(d, check, DOCTOR_FAIL, AUR_ERR_IO, hint, "cannot write in the %s %s: %s", what, path,
		    g_strerror(err));
		return;
	}
	close(fd);
	g_unlink(tmpl);
	struct stat st;
	if (stat(path, &st) == 0 && (st.st_mode & 077) != 0) {
		g_autofree char *fix = g_strdup_printf("chmod 700 %s", path);
		add(d, check, DOCTOR_WARN, AUR_ERR_IO, fix, "%s is writable but open to other users (mode %04o)",
		    path, (unsigned)(st.st_mode & 07777));
		return;
	}
	add(d, check, DOCTOR_OK, AUR_ERR_OK, NULL, "%s is writable", path);
}

static void
check_cache_dir(Doc *d)
{
	g_autoptr(Cache) c = cache_new_from_config(d->o->cfg);
	check_dir(d, "cache", "cache directory", cache_dir(c),
		  "Make it writable, or point cache.dir (or AURELIS_CACHE_DIR, XDG_CACHE_HOME) elsewhere; "
		  "--no-cache runs without it.");
}

static void
check_state_dir(Doc *d)
{
	g_autofree char *dir = paths_dir(PATHS_STATE);
	check_dir(d, "state", "state directory", dir,
		  "Make it writable, or point XDG_STATE_HOME elsewhere: the log, metrics, history and "
		  "rate-limit counters live there.");
}

/* ---- the terminal ------------------------------------------------------------------------------- */

static int
terminal_fd(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (isatty(fd))
			return fd;
	return -1;
}

static void
check_terminal(Doc *d)
{
	const char *term = g_getenv("TERM");
	const char *codeset = nl_langinfo(CODESET);
	bool utf8 = codeset != NULL && (g_ascii_strcasecmp(codeset, "UTF-8") == 0 ||
					g_ascii_strcasecmp(codeset, "utf8") == 0);
	int colors = d->o->term_colors && term ? d->o->term_colors(term) : -2;
	int fd = terminal_fd();
	struct winsize ws = { 0 };
	bool sized = fd >= 0 && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0;
	g_autoptr(GString) s = g_string_new(NULL);
	g_string_append_printf(s, "TERM=%s", term && *term ? term : "(unset)");
	if (colors >= 0)
		g_string_append_printf(s, ", %d colours%s", colors,
				       g_getenv("NO_COLOR") ? " (off: NO_COLOR)" : "");
	g_string_append_printf(s, ", %s locale (%s)", utf8 ? "UTF-8" : "non-UTF-8", codeset ? codeset : "?");
	if (sized)
		g_string_append_printf(s, ", %ux%u", ws.ws_col, ws.ws_row);
	if (fd < 0)
		g_string_append(s, "; no terminal on standard input, output or error");
	const char *hint = NULL;
	if (!utf8)
		hint = "Use a UTF-8 locale (LANG=C.UTF-8 or en_US.UTF-8): answers are full of non-ASCII text.";
	else if (fd >= 0 && (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0))
		hint = "Set TERM to the terminal's type (for example xterm-256color); the full-screen "
		       "interface needs it.";
	else if (fd >= 0 && colors == -1)
		hint = "The terminfo database does not know this TERM: install ncurses-term, or set TERM "
		       "to a type it knows.";
	else if (sized && (ws.ws_col < 80 || ws.ws_row < 24))
		hint = "The full-screen interface works from 80x24; smaller terminals get stacked panes.";
	add(d, "terminal", hint ? DOCTOR_WARN : DOCTOR_OK, AUR_ERR_USAGE, hint, "%s", s->str);
}

/* ---- running ------------------------------------------------------------------------------------- */

static void (*const checks[])(Doc *d) = {
	check_config, check_dns, check_proxy, check_tls, check_endpoint, check_token,
	check_token_valid, check_keyring, check_cache_dir, check_state_dir, check_terminal,
};

GPtrArray *
doctor_run(const DoctorOptions *o)
{
	Doc d = { .o = o, .out = g_ptr_array_new_with_free_func(result_free) };
	const char *endpoint = config_get_string(o->cfg, "endpoint");
	d.chat_url = models_chat_url(endpoint, config_get_string(o->cfg, "org"));
	d.catalog_url = models_catalog_url(endpoint, config_get_string(o->cfg, "catalog_url"));
	http_options_from_config(o->cfg, &d.http);
	if (http_check_url(d.chat_url, &d.url_err))
		(void)parse_endpoint(&d);
	if (lazycurl_load(&d.curl_err))
		d.client = http_client_new(&d.http);
	for (size_t i = 0; i < G_N_ELEMENTS(checks); i++)
		checks[i](&d);
	http_client_free(d.client);
	http_options_clear(&d.http);
	auth_token_free(d.token);
	aur_error_free(d.curl_err);
	aur_error_free(d.url_err);
	aur_error_free(d.probe_err);
	g_free(d.chat_url);
	g_free(d.catalog_url);
	g_free(d.scheme);
	g_free(d.host);
	return d.out;
}

const char *
doctor_status_name(DoctorStatus st)
{
	static const char *const names[] = { "OK", "WARN", "FAIL" };
	return st <= DOCTOR_FAIL ? names[st] : "?";
}

int
doctor_exit_status(const GPtrArray *results)
{
	for (guint i = 0; i < results->len; i++) {
		const DoctorResult *r = results->pdata[i];
		if (r->status == DOCTOR_FAIL)
			return aur_error_exit_code(r->category);
	}
	return 0;
}

void
doctor_print(FILE *out, const GPtrArray *results, bool color)
{
	static const char *const sgr[] = { "\033[32m", "\033[33m", "\033[1;31m" };
	for (guint i = 0; i < results->len; i++) {
		const DoctorResult *r = results->pdata[i];
		fprintf(out, "%s%-4s%s  %-9s %s\n", color ? sgr[r->status] : "", doctor_status_name(r->status),
			color ? "\033[0m" : "", r->check, r->message);
		if (r->hint != NULL && r->status != DOCTOR_OK)
			fprintf(out, "%*shint: %s\n", 16, "", r->hint);
	}
}

cJSON *
doctor_json(const GPtrArray *results)
{
	cJSON *o = cJSON_CreateObject();
	int rc = doctor_exit_status(results);
	cJSON_AddBoolToObject(o, "ok", rc == 0);
	cJSON_AddNumberToObject(o, "exit_status", rc);
	cJSON *arr = cJSON_AddArrayToObject(o, "checks");
	for (guint i = 0; i < results->len; i++) {
		const DoctorResult *r = results->pdata[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "check", r->check);
		g_autofree char *st = g_ascii_strdown(doctor_status_name(r->status), -1);
		cJSON_AddStringToObject(c, "status", st);
		cJSON_AddStringToObject(c, "message", r->message);
		if (r->hint != NULL)
			cJSON_AddStringToObject(c, "hint", r->hint);
		else
			cJSON_AddNullToObject(c, "hint");
		if (r->status == DOCTOR_FAIL)
			cJSON_AddStringToObject(c, "category", aur_error_category_name(r->category));
		cJSON_AddItemToArray(arr, c);
	}
	return o;
}
