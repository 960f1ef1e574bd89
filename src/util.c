/* SPDX-License-Identifier: MIT */
/* Small helpers GLib does not provide: edit distance, suggestions, durations and sizes. */
#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * two neighbours each cost one ("cahce" is one edit from "cache"). */
size_t
util_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), w = lb + 1;
	g_autofree size_t *d = g_new(size_t, (la + 1) * w);
	for (size_t i = 0; i <= la; i++)
		d[i * w] = i;
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = MIN(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1);
			best = MIN(best, d[(i - 1) * w + j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				best = MIN(best, d[(i - 2) * w + j - 2] + 1);
			d[i * w + j] = best;
		}
	}
	return d[la * w + lb];
}

const char *
util_did_you_mean(const char *word, const char *const *candidates)
{
	if (word == NULL || *word == '\0')
		return NULL;
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	size_t len = strlen(word);
	for (size_t i = 0; candidates[i] != NULL; i++) {
		size_t d = util_edit_distance(word, candidates[i]);
		/* A prefix of a long name is a good guess too ("anal" -> "analyze"). */
		if (len >= 3 && g_str_has_prefix(candidates[i], word))
			d = MIN(d, 1);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	/* Allow about one edit per three characters, at least one, at most four. */
	size_t limit = CLAMP(len / 3, 1, 4);
	return best_d <= limit ? best : NULL;
}

static bool
parse_scaled(const char *s, int64_t *out, const char *const *units, const int64_t *scale)
{
	if (s == NULL)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	char *end;
	double v = g_ascii_strtod(s, &end);
	if (errno != 0 || end == s || v < 0)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	int64_t mul = 1;
	if (*end != '\0') {
		size_t i;
		for (i = 0; units[i] != NULL; i++)
			if (g_ascii_strcasecmp(end, units[i]) == 0)
				break;
		if (units[i] == NULL)
			return false;
		mul = scale[i];
	}
	double r = v * (double)mul;
	if (r > (double)INT64_MAX / 2)
		return false;
	*out = (int64_t)(r + 0.5);
	return true;
}

bool
util_parse_duration(const char *s, int64_t *seconds)
{
	static const char *const units[] = { "s", "sec", "m", "min", "h", "d", NULL };
	static const int64_t scale[] = { 1, 1, 60, 60, 3600, 86400 };
	return parse_scaled(s, seconds, units, scale);
}

bool
util_parse_size(const char *s, int64_t *bytes)
{
	static const char *const units[] = { "b", "k", "kb", "kib", "m", "mb", "mib",
					     "g", "gb", "gib", NULL };
	static const int64_t scale[] = { 1, 1024, 1024, 1024, 1 << 20, 1 << 20, 1 << 20,
					 1 << 30, 1 << 30, 1 << 30 };
	return parse_scaled(s, bytes, units, scale);
}

char *
util_format_size(int64_t bytes)
{
	if (bytes < 1024)
		return g_strdup_printf("%" G_GINT64_FORMAT " B", bytes);
	if (bytes < (1 << 20))
		return g_strdup_printf("%.1f KiB", bytes / 1024.0);
	if (bytes < (1 << 30))
		return g_strdup_printf("%.1f MiB", bytes / 1048576.0);
	return g_strdup_printf("%.1f GiB", bytes / 1073741824.0);
}

char *
util_format_duration(int64_t s)
{
	if (s < 60)
		return g_strdup_printf("%" G_GINT64_FORMAT "s", s);
	if (s < 3600)
		return g_strdup_printf("%" G_GINT64_FORMAT "m %02" G_GINT64_FORMAT "s", s / 60, s % 60);
	if (s < 86400)
		return g_strdup_printf("%" G_GINT64_FORMAT "h %02" G_GINT64_FORMAT "m", s / 3600,
				       (s % 3600) / 60);
	return g_strdup_printf("%" G_GINT64_FORMAT "d %" G_GINT64_FORMAT "h", s / 86400,
			       (s % 86400) / 3600);
}

int64_t
util_now_ms(void)
{
	return g_get_real_time() / 1000;
}

int64_t
util_mono_us(void)
{
	return g_get_monotonic_time();
}

char *
util_rfc3339_ms(int64_t ms)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	char buf[40];
	size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	g_snprintf(buf + n, sizeof buf - n, ".%03dZ", (int)(ms % 1000));
	return g_strdup(buf);
}

char *
util_memdup0(const char *data, size_t len)
{
	char *s = g_malloc(len + 1);
	if (len > 0)
		memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

GArray *
util_split_lines(const char *text, size_t len)
{
	GArray *lines = g_array_new(FALSE, FALSE, sizeof(UtilLine));
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		UtilLine l = { .s = text + i, .len = len - i, .eol = "" };
		if (nl != NULL) {
			size_t end = (size_t)(nl - text);
			bool cr = end > i && text[end - 1] == '\r';
			l.len = end - i - cr;
			l.eol = cr ? "\r\n" : "\n";
		}
		i += l.len + strlen(l.eol);
		g_array_append_val(lines, l);
	}
	return lines;
}

size_t
util_count_newlines(const char *text, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; n++) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (nl == NULL)
			break;
		i = (size_t)(nl - text) + 1;
	}
	return n;
}

size_t
util_count_lines(const char *text, size_t len)
{
	return util_count_newlines(text, len) + (len > 0 && text[len - 1] != '\n');
}

void
util_secure_free(char *s)
{
	if (s == NULL)
		return;
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(s, strlen(s));
#else
	volatile char *p = s;
	while (*p)
		*p++ = 0;
#endif
	g_free(s);
}
