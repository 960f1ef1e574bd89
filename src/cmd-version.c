/* SPDX-License-Identifier: MIT */
/* `aurelis version` and --version: our version and those of the libraries in use. */
#include "autoconfig.h"

#include <cjson/cJSON.h>
#include <cmark-gfm.h>
#include <libsecret/secret.h>
#include <yaml.h>

#include "../ui/ui.h"
#include "cmds.h"
#include "lazycurl.h"

void
cmd_version_print(FILE *out, bool load_ondemand)
{
	g_autofree char *ui = ui_library_versions();
	g_autofree char *curl = NULL;
	if (load_ondemand && lazycurl_load(NULL)) {
		const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
		curl = g_strdup_printf("libcurl %s (%s%s%s)", cv->version,
				       cv->ssl_version ? cv->ssl_version : "no TLS",
				       (cv->features & CURL_VERSION_HTTP2) ? ", HTTP/2" : "",
				       (cv->features & CURL_VERSION_THREADSAFE) ? ", thread-safe" : "");
	} else {
		/* Not opened yet (it is loaded when a command first needs the network). */
		curl = g_strdup("libcurl " LIBCURL_VERSION " (built with; loaded on demand)");
	}
	fprintf(out, "aurelis %s\n", PACKAGE_VERSION);
	fprintf(out, "%s, libsecret %d.%d.%d (built with; loaded on demand),\n"
		     "GLib %u.%u.%u, cJSON %s, libyaml %s, cmark-gfm %s, %s\n",
		curl, SECRET_MAJOR_VERSION, SECRET_MINOR_VERSION, SECRET_MICRO_VERSION,
		glib_major_version, glib_minor_version, glib_micro_version, cJSON_Version(),
		yaml_get_version_string(), cmark_version_string(), ui);
}

static int
run_version(AurContext *ctx, AurArgs *args)
{
	cmd_version_print(stdout, true);
	return 0;
}

const AurCommand cmd_version = {
	.name = "version",
	.summary = "show the version of aurelis and of the libraries it runs with",
	.usage = "",
	.description = "Unlike --version, which stays fast by not opening libcurl, this opens "
		       "libcurl and reports the version actually in use.",
	.no_config = true,
	.run = run_version,
};
