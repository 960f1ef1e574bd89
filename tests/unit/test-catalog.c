/* SPDX-License-Identifier: MIT */
/* Unit tests for the tier index kept beside the cached catalogue: written by a full read,
 * believed only while the catalogue is unchanged and fresh, ignored when damaged. */
#include "autoconfig.h"

#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include "catalog.h"
#include "unit.h"

#define URL "http://127.0.0.1:1/catalog/models"

typedef struct {
	char *dir;
	char *cat; /* catalog.json */
	char *idx; /* catalog.tiers */
} Fx;

static void
write_catalog(Fx *f, const char *url, int64_t fetched_at)
{
	g_autofree char *text = g_strdup_printf(
		"{\"url\":\"%s\",\"fetched_at\":%lld,\"models\":["
		"{\"id\":\"openai/gpt-4.1\",\"rate_limit_tier\":\"high\"},"
		"{\"id\":\"openai/gpt-4.1-mini\",\"rate_limit_tier\":\"low\"},"
		"{\"id\":\"xai/grok-3\",\"rate_limit_tier\":\"custom\"},"
		"{\"id\":\"no/tier\"}]}",
		url, (long long)fetched_at);
	unit_write(f->cat, text);
}

static int
setup(void **state)
{
	Fx *f = g_new0(Fx, 1);
	f->dir = unit_tmpdir();
	g_setenv("XDG_CACHE_HOME", f->dir, TRUE);
	g_autofree char *sub = g_build_filename(f->dir, "aurelis", NULL);
	g_mkdir(sub, 0700);
	f->cat = g_build_filename(sub, "catalog.json", NULL);
	f->idx = g_build_filename(sub, "catalog.tiers", NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fx *f = *state;
	g_free(f->cat);
	g_free(f->idx);
	unit_rmdir(f->dir);
	g_free(f);
	return 0;
}

/* A full read of the cache writes the index, which then answers for each model. */
static void
test_index_answers(void **state)
{
	Fx *f = *state;
	write_catalog(f, URL, time(NULL));
	char *tier = NULL;
	assert_false(catalog_cached_tier(URL, "openai/gpt-4.1", &tier)); /* no index yet */
	Catalog *c = catalog_load_cached(URL, CATALOG_MAX_AGE);
	assert_non_null(c);
	catalog_free(c);
	assert_true(g_file_test(f->idx, G_FILE_TEST_EXISTS));
	struct stat st;
	assert_int_equal(stat(f->idx, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_true(catalog_cached_tier(URL, "openai/gpt-4.1", &tier));
	assert_string_equal(tier, "high");
	g_free(tier);
	assert_true(catalog_cached_tier(URL, "OpenAI/GPT-4.1-mini", &tier)); /* ids ignore case */
	assert_string_equal(tier, "low");
	g_free(tier);
	assert_true(catalog_cached_tier(URL, "no/tier", &tier));
	assert_null(tier);
	/* a prefix of an id is not the id; an unknown model is for the full catalogue */
	assert_false(catalog_cached_tier(URL, "openai/gpt-4", &tier));
	assert_false(catalog_cached_tier(URL, "meta/llama", &tier));
	assert_null(tier);
	/* another endpoint's catalogue does not answer */
	assert_false(catalog_cached_tier("http://127.0.0.1:2/catalog/models", "openai/gpt-4.1", &tier));
}

/* Any change to catalog.json retires the index, even one of the same size. */
static void
test_index_follows_catalogue(void **state)
{
	Fx *f = *state;
	write_catalog(f, URL, time(NULL));
	catalog_free(catalog_load_cached(URL, CATALOG_MAX_AGE));
	char *tier = NULL;
	assert_true(catalog_cached_tier(URL, "xai/grok-3", &tier));
	g_free(tier);
	struct stat st;
	assert_int_equal(stat(f->cat, &st), 0);
	struct utimbuf t = { st.st_atime, st.st_mtime - 10 };
	assert_int_equal(utime(f->cat, &t), 0);
	assert_false(catalog_cached_tier(URL, "xai/grok-3", &tier));
	/* the next full read writes it again */
	catalog_free(catalog_load_cached(URL, CATALOG_MAX_AGE));
	assert_true(catalog_cached_tier(URL, "xai/grok-3", &tier));
	g_free(tier);
	g_unlink(f->cat);
	assert_false(catalog_cached_tier(URL, "xai/grok-3", &tier));
	assert_null(tier);
}

/* A catalogue older than a day (or from the future) is not used through the index either. */
static void
test_index_age(void **state)
{
	Fx *f = *state;
	char *tier = NULL;
	write_catalog(f, URL, time(NULL) - CATALOG_MAX_AGE - 5);
	Catalog *c = catalog_load_cached(URL, -1); /* any age: still writes the index */
	assert_non_null(c);
	catalog_free(c);
	assert_true(g_file_test(f->idx, G_FILE_TEST_EXISTS));
	assert_false(catalog_cached_tier(URL, "openai/gpt-4.1", &tier));
	write_catalog(f, URL, time(NULL) + 3600);
	catalog_free(catalog_load_cached(URL, -1));
	assert_false(catalog_cached_tier(URL, "openai/gpt-4.1", &tier));
	assert_null(tier);
}

/* A damaged index is ignored: truncated, garbage, a NUL byte, a huge file, wrong stamp. */
static void
test_index_hostile(void **state)
{
	Fx *f = *state;
	write_catalog(f, URL, time(NULL));
	catalog_free(catalog_load_cached(URL, CATALOG_MAX_AGE));
	g_autofree char *good = unit_read(f->idx);
	char *tier = NULL;
	const char *bad[] = {
		"",
		"aurelis-tiers 1",
		"aurelis-tiers 2 1 2 3\n" URL "\nopenai/gpt-4.1 high\n",
		"not an index at all\n\n\n",
		"aurelis-tiers 1 x y z\n" URL "\nopenai/gpt-4.1 high\n",
		"aurelis-tiers 1 1 2 3 extra\n" URL "\nopenai/gpt-4.1 high\n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		unit_write(f->idx, bad[i]);
		assert_false(catalog_cached_tier(URL, "openai/gpt-4.1", &tier));
		assert_null(tier);
	}
	/* the right header truncated after the URL line: no models, so no answer */
	size_t first = strcspn(good, "\n");
	size_t second = first + 1 + strcspn(good + first + 1, "\n");
	g_autofree char *head = g_strndup(good, second + 1);
	unit_write(f->idx, head);
	assert_false(catalog_cached_tier(URL, "openai/gpt-4.1", &tier));
	/* a NUL byte inside: refused rather than read up to it */
	g_autofree char *withnul = g_strdup(good);
	withnul[strlen(withnul) - 3] = '\0';
	assert_true(g_file_set_contents(f->idx, withnul, (gssize)strlen(good), NULL));
	assert_false(catalog_cached_tier(URL, "openai/gpt-4.1", &tier));
	/* larger than any real index */
	GString *huge = g_string_new(good);
	while (huge->len < (2u << 20))
		g_string_append(huge, "padding/model low\n");
	assert_true(g_file_set_contents(f->idx, huge->str, (gssize)huge->len, NULL));
	g_string_free(huge, TRUE);
	assert_false(catalog_cached_tier(URL, "openai/gpt-4.1", &tier));
	/* non-UTF-8 bytes in a line do no harm */
	g_autofree char *odd = g_strconcat(good, "\xff\xfe \x80\n", NULL);
	unit_write(f->idx, odd);
	assert_true(catalog_cached_tier(URL, "openai/gpt-4.1", &tier));
	assert_string_equal(tier, "high");
	g_free(tier);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_index_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_age, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_hostile, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
