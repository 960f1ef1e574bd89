/* SPDX-License-Identifier: MIT */
/* libcurl transport: TLS, proxies, timeouts, stall detection and instant cancellation. */
#ifndef AURELIS_HTTP_H
#define AURELIS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "cancel.h"
#include "config.h"
#include "error.h"

/* Transport settings, resolved once from configuration and the environment. */
typedef struct {
	char *ca_bundle;        /* NULL: libcurl's default store */
	const char *ca_origin;  /* where ca_bundle came from, for messages */
	char *proxy;            /* for https:// URLs; NULL: none */
	const char *proxy_origin;
	char *proxy_http;       /* for http:// (loopback) URLs; NULL: none */
	char *no_proxy;         /* NO_PROXY list; NULL: none */
	long connect_timeout;   /* seconds */
	long stall_timeout;     /* seconds without a byte */
} HttpOptions;

/* From security.ca_bundle / CURL_CA_BUNDLE / SSL_CERT_FILE, network.proxy / HTTPS_PROXY /
 * https_proxy / ALL_PROXY and NO_PROXY, request.connect_timeout, request.stall_timeout.
 * cfg may be NULL (defaults and environment only).  Clear with http_options_clear(). */
void http_options_from_config(const AurConfig *cfg, HttpOptions *o);
void http_options_clear(HttpOptions *o);

/* Why a transfer failed; decides retries in the client. */
typedef enum {
	HTTP_FAIL_NONE,
	HTTP_FAIL_URL,       /* refused before sending: malformed, or plain http to a remote host */
	HTTP_FAIL_DNS,
	HTTP_FAIL_CONNECT,   /* refused, unreachable, or reset before any answer */
	HTTP_FAIL_TLS,
	HTTP_FAIL_PROXY,
	HTTP_FAIL_TIMEOUT,   /* connecting took longer than connect_timeout */
	HTTP_FAIL_STALL,     /* no byte for stall_timeout seconds */
	HTTP_FAIL_CUT,       /* the connection broke after the answer had begun */
	HTTP_FAIL_CANCELLED,
	HTTP_FAIL_ABORTED,   /* a sink callback stopped the transfer (it holds the reason) */
	HTTP_FAIL_OTHER,
} HttpFailKind;

typedef struct {
	long status;               /* 0 when no answer arrived */
	char *content_type;        /* these four are NULL when absent */
	char *retry_after;
	char *ratelimit_remaining; /* x-ratelimit-timeremaining */
	char *ratelimit_type;      /* x-ratelimit-type */
	GString *body;             /* the body when it was not streamed to the sink */
	bool body_truncated;       /* body passed max_body; the rest was dropped */
	size_t bytes;              /* body bytes received */
	bool reused;               /* the connection was reused (no new connect) */
	long http_version;         /* 1, 2 ... */
	HttpFailKind fail;
	int64_t first_byte_us;     /* monotonic time of the first body byte; 0 if none */
} HttpResponse;

void http_response_clear(HttpResponse *r);

/* What to do with the body.  on_headers runs once, when the status and headers are known
 * (before the first body byte): return true to receive the body through on_data, false to
 * have it collected in resp->body.  on_data returning false aborts the transfer
 * (HTTP_FAIL_ABORTED; the callback keeps its own error).  Either may be NULL. */
typedef struct {
	bool (*on_headers)(const HttpResponse *resp, void *ud);
	bool (*on_data)(const char *buf, size_t len, void *ud);
	void *ud;
} HttpSink;

typedef struct {
	const char *method;      /* "GET" or "POST" */
	const char *url;
	const char *token;       /* sent as a Bearer credential; may be NULL */
	const char *body;        /* POST body (JSON) */
	size_t body_len;
	const char *accept;      /* Accept header; NULL for application/json */
	size_t max_body;         /* cap for resp->body; 0 = 64 MiB */
} HttpRequest;

/* One client per thread: it keeps a connection pool, so consecutive requests to the same
 * host reuse the connection.  Free with http_client_free(). */
typedef struct HttpClient HttpClient;
HttpClient *http_client_new(const HttpOptions *opts);
void http_client_free(HttpClient *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HttpClient, http_client_free)
const HttpOptions *http_client_options(const HttpClient *c);

/* Run one request on the calling thread.  Returns true when an HTTP answer arrived
 * completely (any status: check resp->status); false with resp->fail set and err filled
 * (except HTTP_FAIL_ABORTED) otherwise.  cancel (may be NULL) stops the transfer within
 * milliseconds when triggered from another thread or a signal handler.  libcurl must be
 * loaded (lazycurl_load) first. */
bool http_perform(HttpClient *c, const HttpRequest *req, const HttpSink *sink, AurCancel *cancel,
		  HttpResponse *resp, AurError **err);

/* Plain http:// is allowed only to loopback hosts; https:// always.  Returns false with err
 * (category usage) for anything else. */
bool http_check_url(const char *url, AurError **err);
/* localhost, 127.0.0.0/8, ::1 (with or without brackets). */
bool http_host_is_loopback(const char *host);
/* The proxy for a request to scheme://host (NULL: go direct), following NO_PROXY. */
const char *http_proxy_for(const HttpOptions *o, const char *scheme, const char *host);
/* Does host match a NO_PROXY list ("*", names, .domain suffixes, comma-separated)? */
bool http_no_proxy_matches(const char *list, const char *host);

/* The User-Agent we send: aurelis/VERSION. */
const char *http_user_agent(void);

#endif
