/* SPDX-License-Identifier: MIT */
/* libcurl, loaded on first use.  Include this instead of <curl/curl.h>. */
#ifndef AURELIS_LAZYCURL_H
#define AURELIS_LAZYCURL_H

/*
 * Debian's libcurl pulls in about 30 shared libraries (GnuTLS, OpenSSL, Kerberos, LDAP,
 * ...) whose loading alone takes ~4 ms, more than everything else Aurelis does to start.
 * Commands that never touch the network (analyze, config, completion) should not pay for
 * it, so libcurl is opened with dlopen() when a command first needs it.  After
 * lazycurl_load() succeeds, the usual curl_* names below call into the loaded library, so
 * callers are written exactly as with a normal link.
 */

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <curl/header.h>
#include <stdbool.h>

#include "error.h"

#define LAZYCURL_FUNCS(X)                                                                      \
	X(CURLcode, curl_global_init, (long flags))                                            \
	X(void, curl_global_cleanup, (void))                                                   \
	X(curl_version_info_data *, curl_version_info, (CURLversion v))                        \
	X(CURL *, curl_easy_init, (void))                                                      \
	X(void, curl_easy_cleanup, (CURL * h))                                                 \
	X(void, curl_easy_reset, (CURL * h))                                                   \
	X(CURLcode, curl_easy_setopt, (CURL * h, CURLoption opt, ...))                         \
	X(CURLcode, curl_easy_getinfo, (CURL * h, CURLINFO info, ...))                         \
	X(CURLcode, curl_easy_perform, (CURL * h))                                             \
	X(CURLcode, curl_easy_pause, (CURL * h, int bitmask))                                  \
	X(const char *, curl_easy_strerror, (CURLcode c))                                      \
	X(CURLHcode, curl_easy_header,                                                         \
	  (CURL * h, const char *name, size_t index, unsigned int origin, int request,          \
	   struct curl_header **hout))                                                         \
	X(struct curl_slist *, curl_slist_append, (struct curl_slist * l, const char *s))      \
	X(void, curl_slist_free_all, (struct curl_slist * l))                                  \
	X(CURLM *, curl_multi_init, (void))                                                    \
	X(CURLMcode, curl_multi_cleanup, (CURLM * m))                                          \
	X(CURLMcode, curl_multi_add_handle, (CURLM * m, CURL * h))                             \
	X(CURLMcode, curl_multi_remove_handle, (CURLM * m, CURL * h))                          \
	X(CURLMcode, curl_multi_perform, (CURLM * m, int *running))                            \
	X(CURLMcode, curl_multi_poll,                                                          \
	  (CURLM * m, struct curl_waitfd * fds, unsigned int n, int timeout_ms, int *numfds))  \
	X(CURLMcode, curl_multi_wakeup, (CURLM * m))                                           \
	X(CURLMsg *, curl_multi_info_read, (CURLM * m, int *left))                             \
	X(const char *, curl_multi_strerror, (CURLMcode c))                                    \
	X(CURLMcode, curl_multi_setopt, (CURLM * m, CURLMoption opt, ...))                     \
	X(CURLSH *, curl_share_init, (void))                                                   \
	X(CURLSHcode, curl_share_setopt, (CURLSH * s, CURLSHoption opt, ...))                  \
	X(CURLSHcode, curl_share_cleanup, (CURLSH * s))                                        \
	X(CURLU *, curl_url, (void))                                                           \
	X(void, curl_url_cleanup, (CURLU * u))                                                 \
	X(CURLUcode, curl_url_set, (CURLU * u, CURLUPart what, const char *part, unsigned int flags)) \
	X(CURLUcode, curl_url_get, (CURLU * u, CURLUPart what, char **part, unsigned int flags)) \
	X(const char *, curl_url_strerror, (CURLUcode c))                                      \
	X(void, curl_free, (void *p))

typedef struct {
#define X(ret, name, args) ret(*name) args;
	LAZYCURL_FUNCS(X)
#undef X
} LazyCurlApi;

extern LazyCurlApi lazycurl_api;

/* Open libcurl and call curl_global_init() once.  Call from the main thread before any
 * worker thread starts.  Returns false with err (category network) when libcurl cannot be
 * opened. */
bool lazycurl_load(AurError **err);
bool lazycurl_loaded(void);
/* Ends the process with status once stdio is flushed, skipping the exit-time cleanup of
 * libcurl's libraries; returns (and the caller exits normally) when libcurl was never
 * loaded, or in sanitizer builds. */
void lazycurl_exit(int status);

#ifndef LAZYCURL_IMPLEMENTATION
#define curl_global_init (*lazycurl_api.curl_global_init)
#define curl_global_cleanup (*lazycurl_api.curl_global_cleanup)
#define curl_version_info (*lazycurl_api.curl_version_info)
#define curl_easy_init (*lazycurl_api.curl_easy_init)
#define curl_easy_cleanup (*lazycurl_api.curl_easy_cleanup)
#define curl_easy_reset (*lazycurl_api.curl_easy_reset)
#undef curl_easy_setopt
#define curl_easy_setopt (*lazycurl_api.curl_easy_setopt)
#undef curl_easy_getinfo
#define curl_easy_getinfo (*lazycurl_api.curl_easy_getinfo)
#define curl_easy_perform (*lazycurl_api.curl_easy_perform)
#define curl_easy_pause (*lazycurl_api.curl_easy_pause)
#define curl_easy_strerror (*lazycurl_api.curl_easy_strerror)
#define curl_easy_header (*lazycurl_api.curl_easy_header)
#define curl_slist_append (*lazycurl_api.curl_slist_append)
#define curl_slist_free_all (*lazycurl_api.curl_slist_free_all)
#define curl_multi_init (*lazycurl_api.curl_multi_init)
#define curl_multi_cleanup (*lazycurl_api.curl_multi_cleanup)
#define curl_multi_add_handle (*lazycurl_api.curl_multi_add_handle)
#define curl_multi_remove_handle (*lazycurl_api.curl_multi_remove_handle)
#define curl_multi_perform (*lazycurl_api.curl_multi_perform)
#define curl_multi_poll (*lazycurl_api.curl_multi_poll)
#define curl_multi_wakeup (*lazycurl_api.curl_multi_wakeup)
#define curl_multi_info_read (*lazycurl_api.curl_multi_info_read)
#define curl_multi_strerror (*lazycurl_api.curl_multi_strerror)
#undef curl_multi_setopt
#define curl_multi_setopt (*lazycurl_api.curl_multi_setopt)
#define curl_share_init (*lazycurl_api.curl_share_init)
#undef curl_share_setopt
#define curl_share_setopt (*lazycurl_api.curl_share_setopt)
#define curl_share_cleanup (*lazycurl_api.curl_share_cleanup)
#define curl_url (*lazycurl_api.curl_url)
#define curl_url_cleanup (*lazycurl_api.curl_url_cleanup)
#define curl_url_set (*lazycurl_api.curl_url_set)
#define curl_url_get (*lazycurl_api.curl_url_get)
#define curl_url_strerror (*lazycurl_api.curl_url_strerror)
#define curl_free (*lazycurl_api.curl_free)
#endif

#endif
