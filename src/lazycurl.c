/* SPDX-License-Identifier: MIT */
/* Open libcurl with dlopen() on first use and fill the function table. */
#include "autoconfig.h"

#define LAZYCURL_IMPLEMENTATION 1
#include "lazycurl.h"

#include <dlfcn.h>

#include <glib.h>

LazyCurlApi lazycurl_api;

static GMutex lock;
static bool loaded;

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
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
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
