/* SPDX-License-Identifier: MIT */
/* Small helpers GLib does not provide: edit distance, "did you mean", durations, sizes, lines. */
#ifndef AURELIS_UTIL_H
#define AURELIS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* Levenshtein distance between two UTF-8 strings (by byte; names here are ASCII). */
size_t util_edit_distance(const char *a, const char *b);

/* The closest candidate to word, or NULL when nothing is close enough.  candidates is a
 * NULL-terminated array.  The result points into candidates. */
const char *util_did_you_mean(const char *word, const char *const *candidates);

/* "90", "90s", "5m", "2h", "1d" -> seconds.  Returns false on anything else. */
bool util_parse_duration(const char *s, int64_t *seconds);
/* "1048576", "512K", "100MiB", "1GB" -> bytes (binary multiples). */
bool util_parse_size(const char *s, int64_t *bytes);
/* "1.5 MiB" style; caller frees. */
char *util_format_size(int64_t bytes);
/* "1h 02m", "45s", "3d 4h"; caller frees. */
char *util_format_duration(int64_t seconds);

/* Wall-clock milliseconds since the epoch, and monotonic microseconds. */
int64_t util_now_ms(void);
int64_t util_mono_us(void);

/* RFC 3339 UTC with milliseconds, e.g. 2026-11-27T03:59:29.123Z; caller frees. */
char *util_rfc3339_ms(int64_t epoch_ms);

/* A copy of len bytes with a NUL after them; unlike g_strndup(), bytes after an embedded
 * NUL are kept.  Caller frees. */
char *util_memdup0(const char *data, size_t len);

/* A line of a text: its content without the ending, and the ending ("\n", "\r\n", or ""
 * for a last line without one).  s points into the text. */
typedef struct {
	const char *s;
	size_t len;
	const char *eol;
} UtilLine;
/* The lines of text[0..len) as a GArray of UtilLine (none for len 0).  Caller frees. */
GArray *util_split_lines(const char *text, size_t len);

/* How many '\n' bytes the first len bytes of text hold. */
size_t util_count_newlines(const char *text, size_t len);
/* How many lines they make: a last line without its newline counts too ("a\nb" is 2). */
size_t util_count_lines(const char *text, size_t len);

/* Overwrite a string's bytes with zeroes before freeing it (tokens). */
void util_secure_free(char *s);

#endif
