/* SPDX-License-Identifier: MIT */
/* Scanning a buffer for a few byte values sixteen bytes at a time (SSE2 where the compiler
 * targets it, plain loops elsewhere): the lexers, the line index and the checkers that look
 * through every byte of comments and strings share these. */
#ifndef AURELIS_BYTESCAN_H
#define AURELIS_BYTESCAN_H

#include <stddef.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * memchr() is fast per byte but costs a call per match; where matches come every few
 * dozen bytes (newlines, the first letters of what a checker looks for) a vector compare
 * over the whole range and a walk over the bits it sets is several times cheaper.
 */

#ifdef __SSE2__
static inline __m128i
bytescan_load(const char *s)
{
	return _mm_loadu_si128((const __m128i *)(const void *)s);
}
#endif

/* Bit i set when s[i] == b, for the 16 bytes at s (all of them must be readable). */
static inline unsigned
bytescan_mask16(const char *s, char b)
{
#ifdef __SSE2__
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytescan_load(s), _mm_set1_epi8(b)));
#else
	unsigned m = 0;
	for (unsigned i = 0; i < 16; i++)
		m |= (unsigned)(s[i] == b) << i;
	return m;
#endif
}

/* How many bytes of s[0..n) are b. */
static inline size_t
bytescan_count(const char *s, size_t n, char b)
{
	size_t count = 0, i = 0;
#ifdef __SSE2__
	const __m128i vb = _mm_set1_epi8(b), zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		/* a counter per byte lane, added up before it can wrap (255 blocks) */
		__m128i acc = zero;
		size_t stop = n - i > 16 * 255 ? i + 16 * 255 : n;
		for (; i + 16 <= stop; i += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(bytescan_load(s + i), vb));
		__m128i sum = _mm_sad_epu8(acc, zero);
		count += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_extract_epi16(sum, 4);
	}
#endif
	for (; i < n; i++)
		count += s[i] == b;
	return count;
}

/* Offset of the first byte of s[0..n) that is one of set[0..k) (1 <= k <= 8), or n. */
static inline size_t
bytescan_any(const char *s, size_t n, const char *set, int k)
{
	size_t i = 0;
#ifdef __SSE2__
	__m128i v[8];
	for (int j = 0; j < k && j < 8; j++)
		v[j] = _mm_set1_epi8(set[j]);
	for (; i + 16 <= n; i += 16) {
		__m128i x = bytescan_load(s + i);
		__m128i m = _mm_cmpeq_epi8(x, v[0]);
		for (int j = 1; j < k && j < 8; j++)
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, v[j]));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits != 0)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	for (; i < n; i++)
		for (int j = 0; j < k; j++)
			if (s[i] == set[j])
				return i;
	return n;
}

#endif
