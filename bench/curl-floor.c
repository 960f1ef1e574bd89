/* SPDX-License-Identifier: MIT */
/* The least any program pays to use the system's libcurl: open it the way Aurelis does,
 * initialise it and make one handle, then exit.  bench_client.py reports its peak RSS and
 * wall time next to `aurelis ask` and curl(1), so the client's own share can be read off. */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <stdio.h>

int
main(void)
{
	static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", NULL };
	void *h = NULL;
	for (int i = 0; names[i] != NULL && h == NULL; i++)
		h = dlopen(names[i], RTLD_LAZY | RTLD_LOCAL | RTLD_DEEPBIND);
	if (h == NULL) {
		fprintf(stderr, "curl-floor: %s\n", dlerror());
		return 1;
	}
	int (*global_init)(long) = (int (*)(long))dlsym(h, "curl_global_init");
	void *(*easy_init)(void) = (void *(*)(void))dlsym(h, "curl_easy_init");
	if (global_init == NULL || easy_init == NULL || global_init(3) != 0 || easy_init() == NULL)
		return 1;
	return 0;
}
