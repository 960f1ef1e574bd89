/* SPDX-License-Identifier: MIT */
/* libcurl transport: one multi handle per thread, stall detection and instant cancel. */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "lazycurl.h"
#include "log.h"
#include "util.h"

/*
 * Each HttpClient drives its easy handle through its own multi handle, even for a single
 * transfer, because curl_multi_poll() lets us wait on the transfer's sockets and on the
 * cancel token's pipe at once: a Ctrl-C or a UI thread's cancel wakes the worker at once,
 * even when the stream is idle.  The poll timeout (100 ms) is only a backstop and the tick
 * for the stall check.  The multi handle owns the connection pool, so keeping the client
 * keeps connections alive between requests; DNS and TLS sessions are shared process-wide.
 *
 * The stall check is ours rather than CURLOPT_LOW_SPEED_*, which averages speed over a
 * window: we want "no byte for N seconds", counted from the moment the request went out
 * (connecting is governed by the connect timeout).
 */

#define DEFAULT_MAX_BODY ((size_t)64 << 20)
#define POLL_TICK_MS 100

struct HttpClient {
	CURLM *multi;
	CURL *easy;
	HttpOptions opts;
	char errbuf[CURL_ERROR_SIZE];
};

/* Per-transfer state shared with the callbacks. */
typedef struct {
	const HttpSink *sink;
	HttpResponse *resp;
	CURL *easy;
	size_t max_body;
	bool started;     /* on_headers has run */
	bool streaming;   /* the body goes to the sink */
	bool aborted;
	int64_t last_us;  /* last byte, or when the request went out */
	bool armed;       /* the stall clock runs */
} Xfer;

/* ---- options ------------------------------------------------------------------------------ */

static const char *
env_first(const char *const *names, const char **which)
{
	for (size_t i = 0; names[i] != NULL; i++) {
		const char *v = getenv(names[i]);
		if (v != NULL && *v != '\0') {
			if (which)
				*which = names[i];
			return v;
		}
	}
	return NULL;
}

void
http_options_from_config(const AurConfig *cfg, HttpOptions *o)
{
	memset(o, 0, sizeof *o);
	g_autofree char *ca = cfg ? config_get_path(cfg, "security.ca_bundle") : NULL;
	static const char *const ca_env[] = { "CURL_CA_BUNDLE", "SSL_CERT_FILE", NULL };
	const char *which = NULL;
	if (ca != NULL && *ca != '\0') {
		o->ca_bundle = g_steal_pointer(&ca);
		o->ca_origin = "security.ca_bundle";
	} else if (env_first(ca_env, &which) != NULL) {
		o->ca_bundle = g_strdup(getenv(which));
		o->ca_origin = which;
	}
	const char *proxy = cfg ? config_get_string(cfg, "network.proxy") : "";
	static const char *const https_env[] = { "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", NULL };
	/* Like libcurl, only the lower-case http_proxy (HTTP_PROXY can be set by CGI). */
	static const char *const http_env[] = { "http_proxy", "ALL_PROXY", "all_proxy", NULL };
	if (proxy != NULL && *proxy != '\0') {
		o->proxy = g_strdup(proxy);
		o->proxy_http = g_strdup(proxy);
		o->proxy_origin = "network.proxy";
	} else {
		const char *p = env_first(https_env, &which);
		o->proxy = g_strdup(p);
		o->proxy_origin = p ? which : NULL;
		o->proxy_http = g_strdup(env_first(http_env, NULL));
	}
	static const char *const np_env[] = { "NO_PROXY", "no_proxy", NULL };
	o->no_proxy = g_strdup(env_first(np_env, NULL));
	o->connect_timeout = cfg ? (long)config_get_int(cfg, "request.connect_timeout") : 15;
	o->stall_timeout = cfg ? (long)config_get_int(cfg, "request.stall_timeout") : 60;
	if (o->connect_timeout <= 0)
		o->connect_timeout = 15;
	if (o->stall_timeout <= 0)
		o->stall_timeout = 60;
}

void
http_options_clear(HttpOptions *o)
{
	if (o == NULL)
		return;
	g_free(o->ca_bundle);
	g_free(o->proxy);
	g_free(o->proxy_http);
	g_free(o->no_proxy);
	memset(o, 0, sizeof *o);
}

static void
options_copy(HttpOptions *dst, const HttpOptions *src)
{
	*dst = *src;
	dst->ca_bundle = g_strdup(src->ca_bundle);
	dst->proxy = g_strdup(src->proxy);
	dst->proxy_http = g_strdup(src->proxy_http);
	dst->no_proxy = g_strdup(src->no_proxy);
}

const char *
http_user_agent(void)
{
	return "aurelis/" PACKAGE_VERSION;
}

/* ---- URL and proxy rules ------------------------------------------------------------------- */

static char *
strip_brackets(const char *host)
{
	size_t n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
		return g_strndup(host + 1, n - 2);
	return g_strdup(host);
}

bool
http_host_is_loopback(const char *host)
{
	if (host == NULL || *host == '\0')
		return false;
	g_autofree char *h = strip_brackets(host);
	size_t n = strlen(h);
	if (n > 0 && h[n - 1] == '.')
		h[n - 1] = '\0';
	if (g_ascii_strcasecmp(h, "localhost") == 0)
		return true;
	struct in_addr a4;
	if (inet_pton(AF_INET, h, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	struct in6_addr a6;
	if (inet_pton(AF_INET6, h, &a6) == 1) {
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return true;
		return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
	}
	return false;
}

bool
http_check_url(const char *url, AurError **err)
{
	g_autoptr(GError) ge = NULL;
	g_autoptr(GUri) u = url ? g_uri_parse(url, G_URI_FLAGS_NONE, &ge) : NULL;
	const char *host = u ? g_uri_get_host(u) : NULL;
	if (u == NULL || host == NULL || *host == '\0') {
		aur_error_set(err, AUR_ERR_USAGE, "Give a full URL such as https://models.github.ai/inference.",
			      "'%s' is not a valid URL%s%s", url ? url : "", ge ? ": " : "",
			      ge ? ge->message : "");
		return false;
	}
	const char *scheme = g_uri_get_scheme(u);
	if (g_ascii_strcasecmp(scheme, "https") == 0)
		return true;
	if (g_ascii_strcasecmp(scheme, "http") == 0) {
		if (http_host_is_loopback(host))
			return true;
		aur_error_set(err, AUR_ERR_USAGE,
			      "Use https:// (plain http:// is only allowed to this machine: localhost, "
			      "127.0.0.0/8 or ::1), since the token would travel unencrypted.",
			      "refusing to send a request over plain http to %s", host);
		return false;
	}
	aur_error_set(err, AUR_ERR_USAGE, "Use an https:// URL.",
		      "unsupported URL scheme '%s' in %s", scheme, url);
	return false;
}

bool
http_no_proxy_matches(const char *list, const char *host)
{
	if (list == NULL || host == NULL)
		return false;
	g_autofree char *h = strip_brackets(host);
	g_auto(GStrv) items = g_strsplit(list, ",", -1);
	for (size_t i = 0; items[i] != NULL; i++) {
		char *e = g_strstrip(items[i]);
		if (strcmp(e, "*") == 0)
			return true;
		if (*e == '.')
			e++;
		g_autofree char *entry = strip_brackets(e);
		size_t el = strlen(entry), hl = strlen(h);
		if (el == 0 || el > hl)
			continue;
		if (g_ascii_strcasecmp(h + hl - el, entry) == 0 && (el == hl || h[hl - el - 1] == '.'))
			return true;
	}
	return false;
}

char *
http_proxy_shown(const char *proxy)
{
	const char *at = strrchr(proxy, '@');
	if (at == NULL)
		return g_strdup(proxy);
	const char *scheme_end = strstr(proxy, "://");
	size_t keep = scheme_end != NULL && scheme_end < at ? (size_t)(scheme_end + 3 - proxy) : 0;
	return g_strdup_printf("%.*s***@%s", (int)keep, proxy, at + 1);
}

const char *
http_proxy_for(const HttpOptions *o, const char *scheme, const char *host)
{
	const char *p = g_ascii_strcasecmp(scheme, "http") == 0 ? o->proxy_http : o->proxy;
	if (p == NULL || *p == '\0' || http_no_proxy_matches(o->no_proxy, host))
		return NULL;
	return p;
}

/* ---- the share object: DNS and TLS sessions across threads ---------------------------------- */

static CURLSH *share;
static GMutex share_locks[CURL_LOCK_DATA_LAST];

static void
share_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *ud)
{
	g_mutex_lock(&share_locks[data]);
}

static void
share_unlock(CURL *h, curl_lock_data data, void *ud)
{
	g_mutex_unlock(&share_locks[data]);
}

static CURLSH *
get_share(void)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		share = curl_share_init();
		if (share != NULL) {
			curl_share_setopt(share, CURLSHOPT_LOCKFUNC, share_lock);
			curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, share_unlock);
			curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
			curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
		}
		g_once_init_leave(&once, 1);
	}
	return share;
}

/* ---- client ----------------------------------------------------------------------------------- */

HttpClient *
http_client_new(const HttpOptions *opts)
{
	HttpClient *c = g_new0(HttpClient, 1);
	options_copy(&c->opts, opts);
	c->multi = curl_multi_init();
	c->easy = curl_easy_init();
	if (c->multi == NULL || c->easy == NULL)
		g_error("libcurl could not create a handle (out of memory)");
	return c;
}

void
http_client_free(HttpClient *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->easy);
	curl_multi_cleanup(c->multi);
	http_options_clear(&c->opts);
	g_free(c);
}

const HttpOptions *
http_client_options(const HttpClient *c)
{
	return &c->opts;
}

void
http_response_clear(HttpResponse *r)
{
	if (r == NULL)
		return;
	g_free(r->content_type);
	g_free(r->retry_after);
	g_free(r->ratelimit_remaining);
	g_free(r->ratelimit_type);
	if (r->body != NULL)
		g_string_free(r->body, TRUE);
	memset(r, 0, sizeof *r);
}

/* ---- callbacks ------------------------------------------------------------------------------ */

static void
set_header(char **slot, const char *value, size_t len)
{
	g_free(*slot);
	*slot = g_strstrip(g_strndup(value, len));
}

static size_t
on_header(char *buf, size_t size, size_t n, void *ud)
{
	Xfer *x = ud;
	size_t len = size * n;
	x->last_us = util_mono_us();
	HttpResponse *r = x->resp;
	if (len >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
		/* A new status line (after a 100 Continue): forget the previous block. */
		g_clear_pointer(&r->content_type, g_free);
		g_clear_pointer(&r->retry_after, g_free);
		g_clear_pointer(&r->ratelimit_remaining, g_free);
		g_clear_pointer(&r->ratelimit_type, g_free);
		return len;
	}
	const char *colon = memchr(buf, ':', len);
	if (colon == NULL)
		return len;
	size_t nlen = (size_t)(colon - buf);
	const char *v = colon + 1;
	size_t vlen = len - nlen - 1;
	const struct { const char *name; char **slot; } wanted[] = {
		{ "content-type", &r->content_type },
		{ "retry-after", &r->retry_after },
		{ "x-ratelimit-timeremaining", &r->ratelimit_remaining },
		{ "x-ratelimit-type", &r->ratelimit_type },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(wanted); i++)
		if (strlen(wanted[i].name) == nlen && g_ascii_strncasecmp(buf, wanted[i].name, nlen) == 0)
			set_header(wanted[i].slot, v, vlen);
	return len;
}

/* The status and headers are complete once the first body byte (or the end) arrives. */
static void
start_body(Xfer *x)
{
	if (x->started)
		return;
	x->started = true;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->resp->status);
	if (x->sink != NULL && x->sink->on_headers != NULL)
		x->streaming = x->sink->on_headers(x->resp, x->sink->ud);
}

static size_t
on_write(char *buf, size_t size, size_t n, void *ud)
{
	Xfer *x = ud;
	size_t len = size * n;
	x->last_us = util_mono_us();
	if (x->resp->first_byte_us == 0)
		x->resp->first_byte_us = x->last_us;
	start_body(x);
	x->resp->bytes += len;
	if (x->streaming) {
		if (x->sink->on_data != NULL && !x->sink->on_data(buf, len, x->sink->ud)) {
			x->aborted = true;
			return 0;
		}
		return len;
	}
	GString *b = x->resp->body;
	size_t room = x->max_body > b->len ? x->max_body - b->len : 0;
	if (len > room)
		x->resp->body_truncated = true;
	g_string_append_len(b, buf, (gssize)MIN(len, room));
	return len;
}

/* ---- setting up a request -------------------------------------------------------------------- */

static void
wipe_slist(struct curl_slist *l)
{
	/* The Authorization line holds the token: wipe it before libcurl frees it. */
	for (struct curl_slist *p = l; p != NULL; p = p->next)
		if (p->data != NULL)
			explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(l);
}

static struct curl_slist *
build_headers(const HttpRequest *req)
{
	struct curl_slist *h = NULL;
	if (req->token != NULL) {
		char *line = g_strconcat("Authorization: Bearer ", req->token, NULL);
		h = curl_slist_append(h, line);
		util_secure_free(line);
	}
	if (req->body != NULL)
		h = curl_slist_append(h, "Content-Type: application/json");
	g_autofree char *accept = g_strconcat("Accept: ", req->accept ? req->accept : "application/json", NULL);
	h = curl_slist_append(h, accept);
	/* No 100-continue round trip for large prompts. */
	h = curl_slist_append(h, "Expect:");
	return h;
}

static void
setup_easy(HttpClient *c, const HttpRequest *req, const char *proxy, struct curl_slist *hdrs,
	   Xfer *x)
{
	CURL *e = c->easy;
	curl_easy_reset(e);
	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, http_user_agent());
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->opts.ca_bundle != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->opts.ca_bundle);
	/* "" disables libcurl's own reading of proxy variables: the decision above is final. */
	curl_easy_setopt(e, CURLOPT_PROXY, proxy ? proxy : "");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, c->opts.connect_timeout);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	if (get_share() != NULL)
		curl_easy_setopt(e, CURLOPT_SHARE, share);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	if (req->body != NULL) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body);
	} else {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	}
}

/* ---- errors ------------------------------------------------------------------------------------ */

typedef struct {
	const char *host;      /* from the URL */
	int port;
	const char *proxy;     /* in use for this request, or NULL */
	const char *proxy_origin;
	const char *curl_text; /* libcurl's error text for this transfer */
} FailCtx;

static void
fail_tls(HttpClient *c, const FailCtx *f, CURLcode rc, AurError **err)
{
	const char *ca = c->opts.ca_bundle;
	const char *origin = c->opts.ca_origin;
	char *deflt = NULL;
#if LIBCURL_VERSION_NUM >= 0x075400
	if (ca == NULL && curl_easy_getinfo(c->easy, CURLINFO_CAINFO, &deflt) == CURLE_OK && deflt)
		origin = "libcurl's default";
#endif
	const char *path = ca ? ca : deflt ? deflt : "the system store";
	if (rc == CURLE_SSL_CACERT_BADFILE) {
		aur_error_set(err, AUR_ERR_NETWORK,
			      "Point security.ca_bundle (or SSL_CERT_FILE) at a readable PEM file of CA certificates.",
			      "cannot use the CA bundle %s (from %s): %s", path, origin ? origin : "default",
			      f->curl_text);
		return;
	}
	aur_error_set(err, AUR_ERR_NETWORK,
		      "If a proxy or a private CA signs the server's certificate, point security.ca_bundle "
		      "(or SSL_CERT_FILE) at that CA's certificate; verification is never turned off.",
		      "TLS with %s failed: %s (CA bundle: %s%s%s)", f->host, f->curl_text, path,
		      origin ? ", from " : "", origin ? origin : "");
}

static bool
mentions_proxy(const char *text)
{
	g_autofree char *low = g_ascii_strdown(text, -1);
	return strstr(low, "proxy") != NULL;
}

/* The status the proxy gave our CONNECT (0: none was sent or no answer came). */
static long
connect_code(HttpClient *c)
{
	long code = 0;
	curl_easy_getinfo(c->easy, CURLINFO_HTTP_CONNECTCODE, &code);
	return code;
}

static void
fail_connect(const FailCtx *f, int os_errno, AurError **err)
{
	const char *why = os_errno ? g_strerror(os_errno) : f->curl_text;
	/* With a proxy, libcurl's own connection always goes to the proxy; the target's
	 * failures come back through the tunnel as other codes. */
	if (f->proxy != NULL) {
		aur_error_set(err, AUR_ERR_NETWORK,
			      "Check the proxy address in network.proxy or HTTPS_PROXY, or add the host to NO_PROXY.",
			      "cannot connect through the proxy %s (from %s): %s", f->proxy,
			      f->proxy_origin ? f->proxy_origin : "environment", why);
		return;
	}
	aur_error_set(err, AUR_ERR_NETWORK,
		      "Check that the endpoint is right (endpoint, AURELIS_ENDPOINT or --endpoint) and "
		      "that the network lets you reach it.",
		      "cannot connect to %s port %d: %s", f->host, f->port, why);
}

/* Map a libcurl result to a failure kind and a message with the real cause. */
static HttpFailKind
classify(HttpClient *c, const FailCtx *f, CURLcode rc, bool answered, AurError **err)
{
	long os_errno = 0;
	curl_easy_getinfo(c->easy, CURLINFO_OS_ERRNO, &os_errno);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		aur_error_set(err, AUR_ERR_NETWORK,
			      "Check the host name in the endpoint (endpoint, AURELIS_ENDPOINT or --endpoint) "
			      "and your DNS settings.",
			      "cannot resolve the host name '%s': %s", f->host, f->curl_text);
		return HTTP_FAIL_DNS;
	case CURLE_COULDNT_RESOLVE_PROXY:
		aur_error_set(err, AUR_ERR_NETWORK,
			      "Check the proxy address in network.proxy or HTTPS_PROXY.",
			      "cannot resolve the proxy in %s (from %s): %s", f->proxy ? f->proxy : "?",
			      f->proxy_origin ? f->proxy_origin : "environment", f->curl_text);
		return HTTP_FAIL_PROXY;
#if LIBCURL_VERSION_NUM >= 0x074900
	case CURLE_PROXY:
		aur_error_set(err, AUR_ERR_NETWORK,
			      "Check the proxy address and credentials in network.proxy or HTTPS_PROXY.",
			      "the proxy %s (from %s) failed: %s", f->proxy ? f->proxy : "?",
			      f->proxy_origin ? f->proxy_origin : "environment", f->curl_text);
		return HTTP_FAIL_PROXY;
#endif
	case CURLE_COULDNT_CONNECT:
		fail_connect(f, (int)os_errno, err);
		return f->proxy ? HTTP_FAIL_PROXY : HTTP_FAIL_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		aur_error_set(err, AUR_ERR_TIMEOUT,
			      "Check your network; raise request.connect_timeout if the connection is only slow.",
			      "connecting to %s port %d timed out after %ld s: %s", f->host, f->port,
			      c->opts.connect_timeout, f->curl_text);
		return HTTP_FAIL_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		if (f->proxy != NULL && mentions_proxy(f->curl_text)) {
			aur_error_set(err, AUR_ERR_NETWORK,
				      "Check the proxy address in network.proxy or HTTPS_PROXY.",
				      "TLS with the proxy %s failed: %s", f->proxy, f->curl_text);
			return HTTP_FAIL_PROXY;
		}
		fail_tls(c, f, rc, err);
		return HTTP_FAIL_TLS;
	case CURLE_GOT_NOTHING:
		aur_error_set(err, AUR_ERR_NETWORK, "The service may be restarting; try again shortly.",
			      "%s closed the connection without answering", f->host);
		return HTTP_FAIL_CONNECT;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_BAD_CONTENT_ENCODING:
		/* A proxy refusing the tunnel shows up as a receive error ("CONNECT tunnel
		 * failed, response 403"); its CONNECT status says whose fault it was. */
		if (f->proxy != NULL && !answered &&
		    (mentions_proxy(f->curl_text) || connect_code(c) >= 300)) {
			aur_error_set(err, AUR_ERR_NETWORK,
				      "Check the proxy address in network.proxy or HTTPS_PROXY, or add the host to NO_PROXY.",
				      "the proxy %s (from %s) failed: %s", f->proxy,
				      f->proxy_origin ? f->proxy_origin : "environment", f->curl_text);
			return HTTP_FAIL_PROXY;
		}
		aur_error_set(err, AUR_ERR_NETWORK, "The connection dropped; try again.",
			      "the connection to %s broke%s: %s", f->host,
			      answered ? " in the middle of the answer" : "", f->curl_text);
		return answered ? HTTP_FAIL_CUT : HTTP_FAIL_CONNECT;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		aur_error_set(err, AUR_ERR_USAGE, "Check the endpoint URL.", "bad URL: %s", f->curl_text);
		return HTTP_FAIL_URL;
	default:
		aur_error_set(err, AUR_ERR_NETWORK, "Run with -v for details, and try again.",
			      "request to %s failed: %s", f->host, f->curl_text);
		return HTTP_FAIL_OTHER;
	}
}

/* ---- the transfer loop ------------------------------------------------------------------------- */

/* Start the stall clock once the request has gone out (connect has its own timeout). */
static void
arm_stall_clock(Xfer *x)
{
	if (x->armed)
		return;
	curl_off_t pre = 0;
	if (curl_easy_getinfo(x->easy, CURLINFO_PRETRANSFER_TIME_T, &pre) == CURLE_OK && pre > 0) {
		x->armed = true;
		if (x->last_us == 0)
			x->last_us = util_mono_us();
	}
}

typedef enum { LOOP_DONE, LOOP_CANCELLED, LOOP_STALLED, LOOP_MULTI_ERROR } LoopEnd;

static LoopEnd
drive(HttpClient *c, Xfer *x, AurCancel *cancel, CURLcode *result)
{
	int running = 1;
	for (;;) {
		CURLMcode mc = curl_multi_perform(c->multi, &running);
		if (mc != CURLM_OK) {
			g_strlcpy(c->errbuf, curl_multi_strerror(mc), sizeof c->errbuf);
			return LOOP_MULTI_ERROR;
		}
		if (running == 0)
			break;
		if (cancel_is_set(cancel))
			return LOOP_CANCELLED;
		arm_stall_clock(x);
		int64_t stall_us = (int64_t)c->opts.stall_timeout * G_USEC_PER_SEC;
		int64_t idle = x->armed ? util_mono_us() - x->last_us : 0;
		if (x->armed && idle >= stall_us)
			return LOOP_STALLED;
		int wait = POLL_TICK_MS;
		if (x->armed)
			wait = (int)MIN((int64_t)wait, (stall_us - idle) / 1000 + 1);
		struct curl_waitfd extra = { .fd = cancel_fd(cancel), .events = CURL_WAIT_POLLIN };
		curl_multi_poll(c->multi, cancel ? &extra : NULL, cancel ? 1 : 0, wait, NULL);
	}
	int left;
	CURLMsg *m;
	*result = CURLE_OK;
	while ((m = curl_multi_info_read(c->multi, &left)) != NULL)
		if (m->msg == CURLMSG_DONE && m->easy_handle == c->easy)
			*result = m->data.result;
	return LOOP_DONE;
}

static void
log_transfer(const HttpRequest *req, const HttpResponse *r, int64_t start_us, const char *fail)
{
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "method", req->method);
	cJSON_AddStringToObject(f, "url", req->url);
	cJSON_AddNumberToObject(f, "status", (double)r->status);
	cJSON_AddNumberToObject(f, "ms", (double)(util_mono_us() - start_us) / 1000.0);
	cJSON_AddNumberToObject(f, "bytes", (double)r->bytes);
	cJSON_AddBoolToObject(f, "reused", r->reused);
	cJSON_AddNumberToObject(f, "http_version", (double)r->http_version);
	if (fail != NULL)
		cJSON_AddStringToObject(f, "error", fail);
	log_event(fail ? LOG_WARN : LOG_DEBUG, "http", f);
}

static void
finish_info(HttpClient *c, HttpResponse *r)
{
	long conns = 0, ver = 0;
	curl_easy_getinfo(c->easy, CURLINFO_NUM_CONNECTS, &conns);
	curl_easy_getinfo(c->easy, CURLINFO_HTTP_VERSION, &ver);
	r->reused = conns == 0 && r->status != 0;
	r->http_version = ver == CURL_HTTP_VERSION_2_0 ? 2 : ver == CURL_HTTP_VERSION_3 ? 3 : 1;
}

bool
http_perform(HttpClient *c, const HttpRequest *req, const HttpSink *sink, AurCancel *cancel,
	     HttpResponse *resp, AurError **err)
{
	http_response_clear(resp);
	resp->body = g_string_new(NULL);
	if (!http_check_url(req->url, err)) {
		resp->fail = HTTP_FAIL_URL;
		return false;
	}
	g_autoptr(GUri) u = g_uri_parse(req->url, G_URI_FLAGS_NONE, NULL);
	const char *scheme = g_uri_get_scheme(u);
	int port = g_uri_get_port(u);
	FailCtx f = { .host = g_uri_get_host(u),
		      .port = port > 0 ? port : g_ascii_strcasecmp(scheme, "https") == 0 ? 443 : 80 };
	f.proxy = http_proxy_for(&c->opts, scheme, f.host);
	f.proxy_origin = g_ascii_strcasecmp(scheme, "https") == 0 ? c->opts.proxy_origin : "http_proxy";
	Xfer x = { .sink = sink, .resp = resp, .easy = c->easy,
		   .max_body = req->max_body ? req->max_body : DEFAULT_MAX_BODY };
	struct curl_slist *hdrs = build_headers(req);
	c->errbuf[0] = '\0';
	setup_easy(c, req, f.proxy, hdrs, &x);
	/* From here the proxy only appears in messages: never with its password. */
	g_autofree char *shown_proxy = f.proxy ? http_proxy_shown(f.proxy) : NULL;
	f.proxy = shown_proxy;
	int64_t start = util_mono_us();
	curl_multi_add_handle(c->multi, c->easy);
	CURLcode rc = CURLE_OK;
	LoopEnd end = cancel_is_set(cancel) ? LOOP_CANCELLED : drive(c, &x, cancel, &rc);
	curl_multi_remove_handle(c->multi, c->easy);
	wipe_slist(hdrs);
	f.curl_text = c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc);
	bool answered = resp->first_byte_us != 0;
	if (end == LOOP_DONE && rc == CURLE_OK)
		start_body(&x);
	finish_info(c, resp);
	if (end == LOOP_CANCELLED) {
		resp->fail = HTTP_FAIL_CANCELLED;
		aur_error_set(err, AUR_ERR_CANCELLED, "Any partial answer was kept.", "cancelled");
	} else if (end == LOOP_STALLED) {
		resp->fail = HTTP_FAIL_STALL;
		aur_error_set(err, AUR_ERR_TIMEOUT,
			      "The service stopped sending; try again, or raise request.stall_timeout.",
			      "no data from %s for %ld s (request.stall_timeout)%s", f.host,
			      c->opts.stall_timeout, answered ? " in the middle of the answer" : "");
	} else if (end == LOOP_MULTI_ERROR) {
		resp->fail = HTTP_FAIL_OTHER;
		aur_error_set(err, AUR_ERR_INTERNAL, "Run with -v and report it.", "libcurl: %s", c->errbuf);
	} else if (rc == CURLE_WRITE_ERROR && x.aborted) {
		resp->fail = HTTP_FAIL_ABORTED;
	} else if (rc != CURLE_OK) {
		resp->fail = classify(c, &f, rc, answered, err);
	}
	static const char *const fail_names[] = {
		NULL, "url", "dns", "connect", "tls", "proxy", "timeout", "stall", "cut",
		"cancelled", "aborted", "other",
	};
	log_transfer(req, resp, start, fail_names[resp->fail]);
	return resp->fail == HTTP_FAIL_NONE;
}
