/* SPDX-License-Identifier: MIT */
/* Open libcurl with dlopen() on first use and fill the function table. */
#include "autoconfig.h"

#define LAZYCURL_IMPLEMENTATION 1
#include "lazycurl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

#include <glib.h>

LazyCurlApi lazycurl_api;

/*
 * How libcurl is opened matters as much as when: it brings ~30 libraries, and with the
 * default lookup order every one of their symbols is first searched for in our own global
 * scope (glib, readline, ncurses, cmark, ...), which made the dlopen cost more than all of
 * curl(1)'s start-up.  RTLD_DEEPBIND makes the new libraries look in their own scope first
 * (they share our libc either way), and RTLD_LAZY leaves unused functions unresolved.
 * The sanitizers refuse RTLD_DEEPBIND (their malloc interposition needs the global
 * order), so those builds keep it.
 */
#if defined(__SANITIZE_ADDRESS__)
#define NO_DEEPBIND 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define NO_DEEPBIND 1
#endif
#endif
#if defined(RTLD_DEEPBIND) && !defined(NO_DEEPBIND)
#define OPEN_FLAGS (RTLD_LAZY | RTLD_LOCAL | RTLD_DEEPBIND)
#else
#define OPEN_FLAGS (RTLD_LAZY | RTLD_LOCAL)
#endif

static GMutex lock;
static bool loaded;

/*
 * At exit, the TLS library libcurl brings frees every table it built at start-up (about as
 * much work as a small request); a process that is ending need not tidy its heap.  The
 * sanitizer builds exit normally so that the leak checker still runs.
 */
void
lazycurl_exit(int status)
{
#ifndef NO_DEEPBIND
	if (loaded) {
		fflush(NULL);
		_exit(status);
	}
#else
	(void)status;
#endif
}


bool
lazycurl_loaded(void)
{
	return loaded;
}

bool
lazycurl_load(AurError **err)
{
	g_mutex_lock(&lock);
	if (loaded) {
		g_mutex_unlock(&lock);
		return true;
	}
	static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", NULL };
	void *h = NULL;
	const char *why = NULL;
	for (size_t i = 0; names[i] != NULL && h == NULL; i++) {
		h = dlopen(names[i], OPEN_FLAGS);
		if (h == NULL && why == NULL)
			why = dlerror();
	}
	if (h == NULL) {
		g_mutex_unlock(&lock);
		aur_error_set(err, AUR_ERR_NETWORK, "Install libcurl (Debian: apt-get install libcurl4).",
			      "cannot load libcurl: %s", why ? why : "not found");
		return false;
	}
	LazyCurlApi api;
#define X(ret, name, args)                                                                   \
	*(void **)(&api.name) = dlsym(h, #name);                                             \
	if (api.name == NULL) {                                                              \
		g_mutex_unlock(&lock);                                                       \
		aur_error_set(err, AUR_ERR_NETWORK, "Install libcurl 7.84 or newer.",        \
			      "the libcurl found lacks %s", #name);                           \
		return false;                                                                \
	}
	LAZYCURL_FUNCS(X)
#undef X
	lazycurl_api = api;
	lazycurl_api.curl_global_init(CURL_GLOBAL_DEFAULT);
	loaded = true;
	g_mutex_unlock(&lock);
	return true;
}
