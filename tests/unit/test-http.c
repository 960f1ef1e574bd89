/* SPDX-License-Identifier: MIT */
/* Unit tests for http.c against a tiny in-process server: cancel, stall, reuse, errors. */
#include "autoconfig.h"

#include <gio/gio.h>

#include "http.h"
#include "lazycurl.h"
#include "unit.h"
#include "util.h"

/*
 * The server runs in a thread and answers from a script: each accepted connection serves
 * requests until the client closes it.  It records the connections and the request heads
 * so tests can check headers and connection reuse.
 */

typedef enum { SRV_OK, SRV_IDLE_STREAM, SRV_STATUS_429, SRV_GZIP } SrvMode;

typedef struct {
	GSocketListener *listener;
	guint16 port;
	SrvMode mode;
	GThread *thread;
	GMutex lock;
	int connections;
	GPtrArray *heads;
	GCancellable *stop;
} Srv;

static char *
read_head(GInputStream *in, GCancellable *stop)
{
	GString *h = g_string_new(NULL);
	char c;
	while (!g_str_has_suffix(h->str, "\r\n\r\n")) {
		if (g_input_stream_read(in, &c, 1, stop, NULL) != 1) {
			g_string_free(h, TRUE);
			return NULL;
		}
		g_string_append_c(h, c);
	}
	return g_string_free(h, FALSE);
}

/* {"ok":"compressed"}, gzipped. */
static const char gzip_body[] =
	"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\xca\xcf\x56\xb2\x52\x4a\xce\xcf"
	"\x2d\x28\x4a\x2d\x2e\x4e\x4d\x51\xaa\x05\x00\x19\xa2\x9b\x8a\x13\x00\x00\x00";

static void
reply(Srv *s, GOutputStream *out)
{
	const char *r = NULL;
	if (s->mode == SRV_GZIP) {
		/* Only a client that said it accepts gzip may get it (checked by the test). */
		r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
		    "Content-Length: 39\r\n\r\n";
		g_output_stream_write_all(out, r, strlen(r), NULL, NULL, NULL);
		g_output_stream_write_all(out, gzip_body, sizeof gzip_body - 1, NULL, NULL, NULL);
		return;
	}
	switch (s->mode) {
	case SRV_OK:
		r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";
		break;
	case SRV_STATUS_429:
		r = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nretry-after: 7\r\n"
		    "X-RateLimit-TimeRemaining: 5631\r\nx-ratelimit-type: UserByModelByDay\r\n"
		    "Content-Length: 48\r\n\r\n{\"error\":{\"code\":\"RateLimitReached\",\"message\":\"\"}}";
		break;
	case SRV_GZIP:
		break;
	case SRV_IDLE_STREAM:
		r = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
		    "11\r\ndata: {\"a\":1}\n\n\r\n";
		break;
	}
	g_output_stream_write_all(out, r, strlen(r), NULL, NULL, NULL);
}

static gpointer
serve(gpointer ud)
{
	Srv *s = ud;
	for (;;) {
		GSocketConnection *conn = g_socket_listener_accept(s->listener, NULL, s->stop, NULL);
		if (conn == NULL)
			return NULL;
		g_mutex_lock(&s->lock);
		s->connections++;
		g_mutex_unlock(&s->lock);
		GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(conn));
		GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(conn));
		char *head;
		while ((head = read_head(in, s->stop)) != NULL) {
			g_mutex_lock(&s->lock);
			g_ptr_array_add(s->heads, head);
			g_mutex_unlock(&s->lock);
			reply(s, out);
			if (s->mode == SRV_IDLE_STREAM) {
				/* Say nothing more until the client goes away. */
				char c;
				while (g_input_stream_read(in, &c, 1, s->stop, NULL) > 0)
					;
				break;
			}
		}
		g_object_unref(conn);
	}
}

static Srv *
srv_start(SrvMode mode)
{
	Srv *s = g_new0(Srv, 1);
	s->mode = mode;
	s->listener = g_socket_listener_new();
	s->heads = g_ptr_array_new_with_free_func(g_free);
	s->stop = g_cancellable_new();
	GInetAddress *lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	GSocketAddress *addr = g_inet_socket_address_new(lo, 0);
	GSocketAddress *eff = NULL;
	assert_true(g_socket_listener_add_address(s->listener, addr, G_SOCKET_TYPE_STREAM,
						  G_SOCKET_PROTOCOL_TCP, NULL, &eff, NULL));
	s->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(eff));
	g_object_unref(eff);
	g_object_unref(addr);
	g_object_unref(lo);
	s->thread = g_thread_new("srv", serve, s);
	return s;
}

static void
srv_stop(Srv *s)
{
	g_cancellable_cancel(s->stop);
	g_socket_listener_close(s->listener);
	g_thread_join(s->thread);
	g_object_unref(s->listener);
	g_object_unref(s->stop);
	g_ptr_array_unref(s->heads);
	g_free(s);
}

static char *
srv_url(Srv *s, const char *path)
{
	return g_strdup_printf("http://127.0.0.1:%u%s", s->port, path);
}

static HttpClient *
client(long stall)
{
	HttpOptions o;
	http_options_from_config(NULL, &o);
	o.stall_timeout = stall;
	g_clear_pointer(&o.proxy, g_free);
	g_clear_pointer(&o.proxy_http, g_free);
	HttpClient *c = http_client_new(&o);
	http_options_clear(&o);
	return c;
}

/* ---- pure rules -------------------------------------------------------------------------- */

static void
test_loopback(void **state)
{
	static const char *const yes[] = { "localhost", "LOCALHOST", "localhost.", "127.0.0.1",
					   "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1" };
	static const char *const no[] = { "", "example.com", "localhost.example.com", "128.0.0.1",
					  "10.0.0.1", "::2", "[::]", "127.0.0.1.nip.io", "0.0.0.0",
					  "1.127.0.0", "mylocalhost" };
	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++)
		if (!http_host_is_loopback(yes[i]))
			fail_msg("%s should be loopback", yes[i]);
	for (size_t i = 0; i < G_N_ELEMENTS(no); i++)
		if (http_host_is_loopback(no[i]))
			fail_msg("%s should not be loopback", no[i]);
	assert_false(http_host_is_loopback(NULL));
}

static void
test_check_url(void **state)
{
	assert_true(http_check_url("https://models.github.ai/inference", NULL));
	assert_true(http_check_url("http://127.0.0.1:8080/inference", NULL));
	assert_true(http_check_url("http://localhost/x", NULL));
	assert_true(http_check_url("http://[::1]:9/x", NULL));
	g_autoptr(AurError) e = NULL;
	assert_false(http_check_url("http://models.github.ai/inference", &e));
	assert_int_equal(e->category, AUR_ERR_USAGE);
	assert_str_contains(e->message, "plain http");
	assert_str_contains(e->message, "models.github.ai");
	assert_non_null(e->hint);
	g_autoptr(AurError) e2 = NULL;
	assert_false(http_check_url("ftp://127.0.0.1/", &e2));
	g_autoptr(AurError) e3 = NULL;
	assert_false(http_check_url("not a url", &e3));
	g_autoptr(AurError) e4 = NULL;
	assert_false(http_check_url("http://127.0.0.1.evil.com/", &e4));
	g_autoptr(AurError) e5 = NULL;
	assert_false(http_check_url(NULL, &e5));
}

static void
test_no_proxy(void **state)
{
	assert_true(http_no_proxy_matches("*", "anything"));
	assert_true(http_no_proxy_matches("example.com", "example.com"));
	assert_true(http_no_proxy_matches("example.com", "api.example.com"));
	assert_true(http_no_proxy_matches(".example.com", "api.example.com"));
	assert_true(http_no_proxy_matches("a.org, Example.COM ,b", "x.example.com"));
	assert_false(http_no_proxy_matches("example.com", "badexample.com"));
	assert_false(http_no_proxy_matches("", "example.com"));
	assert_false(http_no_proxy_matches(",,", "example.com"));
	assert_true(http_no_proxy_matches("127.0.0.1", "127.0.0.1"));
	assert_true(http_no_proxy_matches("::1", "[::1]"));
	assert_false(http_no_proxy_matches(NULL, "x"));
	HttpOptions o = { .proxy = (char *)"http://p:3128", .proxy_http = NULL, .no_proxy = (char *)"github.ai" };
	assert_null(http_proxy_for(&o, "https", "models.github.ai"));
	assert_string_equal(http_proxy_for(&o, "https", "example.com"), "http://p:3128");
	assert_null(http_proxy_for(&o, "http", "127.0.0.1"));
}

static void
test_proxy_shown(void **state)
{
	static const char *const cases[][2] = {
		{ "http://p:3128", "http://p:3128" },
		{ "http://user:secret@p:3128", "http://***@p:3128" },
		{ "user:secret@p:3128", "***@p:3128" },
		{ "http://a@b:pass@p:1", "http://***@p:1" }, /* an @ inside the password */
		{ "", "" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = http_proxy_shown(cases[i][0]);
		assert_string_equal(got, cases[i][1]);
		assert_null(strstr(got, "secret"));
	}
}

static void
test_options_from_env(void **state)
{
	g_setenv("SSL_CERT_FILE", "/tmp/ca.pem", TRUE);
	g_setenv("HTTPS_PROXY", "http://proxy:1", TRUE);
	g_setenv("NO_PROXY", "localhost", TRUE);
	HttpOptions o;
	http_options_from_config(NULL, &o);
	assert_string_equal(o.ca_bundle, "/tmp/ca.pem");
	assert_string_equal(o.ca_origin, "SSL_CERT_FILE");
	assert_string_equal(o.proxy, "http://proxy:1");
	assert_string_equal(o.proxy_origin, "HTTPS_PROXY");
	assert_string_equal(o.no_proxy, "localhost");
	assert_int_equal(o.connect_timeout, 15);
	http_options_clear(&o);
	g_setenv("CURL_CA_BUNDLE", "/tmp/other.pem", TRUE);
	AurConfig *cfg = config_new();
	assert_true(config_set_text(cfg, "network.proxy", "http://cfg:2", CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "request.stall_timeout", "5", CFG_LAYER_USER, "t", NULL));
	http_options_from_config(cfg, &o);
	assert_string_equal(o.ca_bundle, "/tmp/other.pem");
	assert_string_equal(o.ca_origin, "CURL_CA_BUNDLE");
	assert_string_equal(o.proxy, "http://cfg:2");
	assert_string_equal(o.proxy_origin, "network.proxy");
	assert_int_equal(o.stall_timeout, 5);
	http_options_clear(&o);
	assert_true(config_set_text(cfg, "security.ca_bundle", "/tmp/cfg.pem", CFG_LAYER_USER, "t", NULL));
	http_options_from_config(cfg, &o);
	assert_string_equal(o.ca_bundle, "/tmp/cfg.pem");
	assert_string_equal(o.ca_origin, "security.ca_bundle");
	http_options_clear(&o);
	config_free(cfg);
	g_unsetenv("SSL_CERT_FILE");
	g_unsetenv("CURL_CA_BUNDLE");
	g_unsetenv("HTTPS_PROXY");
	g_unsetenv("NO_PROXY");
}

/* ---- against the server ------------------------------------------------------------------- */

static void
test_reuse_and_headers(void **state)
{
	Srv *s = srv_start(SRV_OK);
	g_autoptr(HttpClient) c = client(10);
	g_autofree char *url = srv_url(s, "/catalog/models");
	HttpRequest req = { .method = "GET", .url = url, .token = "tok_secret" };
	for (int i = 0; i < 3; i++) {
		HttpResponse r = { 0 };
		g_autoptr(AurError) e = NULL;
		assert_true(http_perform(c, &req, NULL, NULL, &r, &e));
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body->str, "{\"ok\":true}");
		assert_string_equal(r.content_type, "application/json");
		assert_int_equal(r.reused, i > 0);
		http_response_clear(&r);
	}
	g_mutex_lock(&s->lock);
	assert_int_equal(s->connections, 1);
	assert_int_equal(s->heads->len, 3);
	const char *head = s->heads->pdata[0];
	g_mutex_unlock(&s->lock);
	assert_str_contains(head, "GET /catalog/models HTTP/1.1");
	assert_str_contains(head, "User-Agent: aurelis/" PACKAGE_VERSION);
	assert_str_contains(head, "Authorization: Bearer tok_secret");
	assert_str_contains(head, "Accept-Encoding:");
	srv_stop(s);
}

static void
test_compression(void **state)
{
	Srv *s = srv_start(SRV_GZIP);
	g_autoptr(HttpClient) c = client(10);
	g_autofree char *url = srv_url(s, "/catalog/models");
	HttpRequest req = { .method = "GET", .url = url };
	HttpResponse r = { 0 };
	g_autoptr(AurError) e = NULL;
	assert_true(http_perform(c, &req, NULL, NULL, &r, &e));
	assert_int_equal(r.status, 200);
	/* The body arrives decoded: libcurl was asked to accept (and undo) compression. */
	assert_string_equal(r.body->str, "{\"ok\":\"compressed\"}");
	http_response_clear(&r);
	g_mutex_lock(&s->lock);
	g_autofree char *head = g_ascii_strdown(s->heads->pdata[0], -1);
	g_mutex_unlock(&s->lock);
	assert_str_contains(head, "accept-encoding: ");
	assert_str_contains(head, "gzip");
	srv_stop(s);
}

static void
test_status_headers(void **state)
{
	Srv *s = srv_start(SRV_STATUS_429);
	g_autoptr(HttpClient) c = client(10);
	g_autofree char *url = srv_url(s, "/inference/chat/completions");
	HttpRequest req = { .method = "POST", .url = url, .body = "{}", .body_len = 2, .max_body = 20 };
	HttpResponse r = { 0 };
	assert_true(http_perform(c, &req, NULL, NULL, &r, NULL));
	assert_int_equal(r.status, 429);
	assert_string_equal(r.retry_after, "7");
	assert_string_equal(r.ratelimit_remaining, "5631");
	assert_string_equal(r.ratelimit_type, "UserByModelByDay");
	/* The body was capped at 20 bytes and the rest dropped. */
	assert_int_equal(r.body->len, 20);
	assert_true(r.body_truncated);
	http_response_clear(&r);
	g_mutex_lock(&s->lock);
	assert_str_contains(s->heads->pdata[0], "Content-Type: application/json");
	assert_str_lacks(s->heads->pdata[0], "Authorization");
	g_mutex_unlock(&s->lock);
	srv_stop(s);
}

typedef struct {
	HttpClient *c;
	const char *url;
	AurCancel *cancel;
	HttpResponse resp;
	AurError *err;
	int64_t done_us;
	bool streamed;
	size_t got;
} Job;

static bool
job_headers(const HttpResponse *r, void *ud)
{
	Job *j = ud;
	j->streamed = r->status == 200 && g_str_has_prefix(r->content_type, "text/event-stream");
	return j->streamed;
}

static bool
job_data(const char *buf, size_t len, void *ud)
{
	((Job *)ud)->got += len;
	return true;
}

static gpointer
run_job(gpointer ud)
{
	Job *j = ud;
	HttpRequest req = { .method = "POST", .url = j->url, .body = "{}", .body_len = 2,
			    .accept = "text/event-stream" };
	HttpSink sink = { job_headers, job_data, j };
	http_perform(j->c, &req, &sink, j->cancel, &j->resp, &j->err);
	j->done_us = util_mono_us();
	return NULL;
}

static void
test_cancel_idle_stream_from_another_thread(void **state)
{
	Srv *s = srv_start(SRV_IDLE_STREAM);
	g_autofree char *url = srv_url(s, "/inference/chat/completions");
	Job j = { .c = client(60), .url = url, .cancel = cancel_new() };
	GThread *t = g_thread_new("worker", run_job, &j);
	g_usleep(400 * 1000); /* the stream is open and idle by now */
	int64_t t0 = util_mono_us();
	cancel_trigger(j.cancel);
	g_thread_join(t);
	int64_t ms = (j.done_us - t0) / 1000;
	if (ms >= 100)
		fail_msg("cancel took %" G_GINT64_FORMAT " ms", ms);
	assert_true(j.streamed);
	assert_int_equal(j.got, 17);
	assert_int_equal(j.resp.fail, HTTP_FAIL_CANCELLED);
	assert_int_equal(j.err->category, AUR_ERR_CANCELLED);
	aur_error_free(j.err);
	http_response_clear(&j.resp);
	cancel_free(j.cancel);
	http_client_free(j.c);
	srv_stop(s);
}

static void
test_stall(void **state)
{
	Srv *s = srv_start(SRV_IDLE_STREAM);
	g_autofree char *url = srv_url(s, "/inference/chat/completions");
	Job j = { .c = client(1), .url = url };
	int64_t t0 = util_mono_us();
	run_job(&j);
	int64_t ms = (j.done_us - t0) / 1000;
	if (ms < 950 || ms > 1500)
		fail_msg("stall detected after %" G_GINT64_FORMAT " ms, expected about 1000", ms);
	assert_int_equal(j.resp.fail, HTTP_FAIL_STALL);
	assert_int_equal(j.err->category, AUR_ERR_TIMEOUT);
	assert_str_contains(j.err->message, "1 s");
	assert_str_contains(j.err->message, "stall_timeout");
	aur_error_free(j.err);
	http_response_clear(&j.resp);
	http_client_free(j.c);
	srv_stop(s);
}

static void
test_cancel_before_start(void **state)
{
	Srv *s = srv_start(SRV_OK);
	g_autofree char *url = srv_url(s, "/x");
	Job j = { .c = client(10), .url = url, .cancel = cancel_new() };
	cancel_trigger(j.cancel);
	run_job(&j);
	assert_int_equal(j.resp.fail, HTTP_FAIL_CANCELLED);
	aur_error_free(j.err);
	http_response_clear(&j.resp);
	cancel_free(j.cancel);
	http_client_free(j.c);
	srv_stop(s);
}

static guint16
closed_port(void)
{
	GSocket *sock = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
	GInetAddress *lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	GSocketAddress *addr = g_inet_socket_address_new(lo, 0);
	assert_true(g_socket_bind(sock, addr, TRUE, NULL));
	GSocketAddress *eff = g_socket_get_local_address(sock, NULL);
	guint16 port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(eff));
	g_object_unref(eff);
	g_object_unref(addr);
	g_object_unref(lo);
	g_object_unref(sock); /* closed: nothing listens there now */
	return port;
}

static void
test_connect_refused(void **state)
{
	guint16 port = closed_port();
	g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u/x", port);
	g_autoptr(HttpClient) c = client(10);
	HttpRequest req = { .method = "GET", .url = url };
	HttpResponse r = { 0 };
	g_autoptr(AurError) e = NULL;
	assert_false(http_perform(c, &req, NULL, NULL, &r, &e));
	assert_int_equal(r.fail, HTTP_FAIL_CONNECT);
	assert_int_equal(e->category, AUR_ERR_NETWORK);
	g_autofree char *want = g_strdup_printf("cannot connect to 127.0.0.1 port %u: Connection refused", port);
	assert_str_contains(e->message, want);
	assert_non_null(e->hint);
	http_response_clear(&r);
}

static void
test_dns_failure(void **state)
{
	g_autoptr(HttpClient) c = client(10);
	HttpRequest req = { .method = "GET", .url = "https://no-such-host.invalid/inference" };
	HttpResponse r = { 0 };
	g_autoptr(AurError) e = NULL;
	assert_false(http_perform(c, &req, NULL, NULL, &r, &e));
	assert_int_equal(r.fail, HTTP_FAIL_DNS);
	assert_str_contains(e->message, "cannot resolve the host name 'no-such-host.invalid'");
	http_response_clear(&r);
}

static void
test_proxy_refused(void **state)
{
	guint16 port = closed_port();
	HttpOptions o;
	http_options_from_config(NULL, &o);
	g_free(o.proxy);
	o.proxy = g_strdup_printf("http://127.0.0.1:%u", port);
	o.proxy_origin = "network.proxy";
	g_autoptr(HttpClient) c = http_client_new(&o);
	HttpRequest req = { .method = "GET", .url = "https://models.github.ai/catalog/models" };
	HttpResponse r = { 0 };
	g_autoptr(AurError) e = NULL;
	assert_false(http_perform(c, &req, NULL, NULL, &r, &e));
	assert_int_equal(r.fail, HTTP_FAIL_PROXY);
	assert_str_contains(e->message, "proxy");
	assert_str_contains(e->message, o.proxy);
	assert_str_contains(e->message, "network.proxy");
	http_response_clear(&r);
	http_options_clear(&o);
}

static void
test_plain_http_refused(void **state)
{
	g_autoptr(HttpClient) c = client(10);
	HttpRequest req = { .method = "GET", .url = "http://example.com/inference" };
	HttpResponse r = { 0 };
	g_autoptr(AurError) e = NULL;
	assert_false(http_perform(c, &req, NULL, NULL, &r, &e));
	assert_int_equal(r.fail, HTTP_FAIL_URL);
	assert_int_equal(aur_error_exit_code(e->category), 2);
	http_response_clear(&r);
}

static void
test_cancel_sleep(void **state)
{
	g_autoptr(AurCancel) c = cancel_new();
	int64_t t0 = util_mono_us();
	assert_true(cancel_sleep_ms(c, 50));
	assert_true(util_mono_us() - t0 >= 50000);
	cancel_trigger(c);
	cancel_trigger(c);
	t0 = util_mono_us();
	assert_false(cancel_sleep_ms(c, 5000));
	assert_true(util_mono_us() - t0 < 50000);
	assert_true(cancel_is_set(c));
	assert_false(cancel_is_set(NULL));
	assert_true(cancel_sleep_ms(NULL, 1));
}

int
main(void)
{
	unsetenv("HTTPS_PROXY");
	unsetenv("https_proxy");
	unsetenv("http_proxy");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
	unsetenv("SSL_CERT_FILE");
	unsetenv("CURL_CA_BUNDLE");
	if (!lazycurl_load(NULL)) {
		printf("1..0 # SKIP libcurl cannot be loaded\n");
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_check_url),
		cmocka_unit_test(test_no_proxy),
		cmocka_unit_test(test_proxy_shown),
		cmocka_unit_test(test_options_from_env),
		cmocka_unit_test(test_reuse_and_headers),
		cmocka_unit_test(test_compression),
		cmocka_unit_test(test_status_headers),
		cmocka_unit_test(test_cancel_idle_stream_from_another_thread),
		cmocka_unit_test(test_stall),
		cmocka_unit_test(test_cancel_before_start),
		cmocka_unit_test(test_connect_refused),
		cmocka_unit_test(test_dns_failure),
		cmocka_unit_test(test_proxy_refused),
		cmocka_unit_test(test_plain_http_refused),
		cmocka_unit_test(test_cancel_sleep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
