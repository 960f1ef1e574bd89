/* SPDX-License-Identifier: MIT */
/* Aggregating the metrics file for `aurelis stats`: per model, per command, three formats. */
#include "autoconfig.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "retry.h"
#include "stats.h"
#include "util.h"

/*
 * The files are read through a read-only mapping and cut into lines with memchr(); each
 * line is parsed by cJSON on its own, so a damaged line costs only itself.  Latencies are
 * kept as raw values per model and sorted once for the percentiles: at the 10 MiB x 4
 * files the metrics can hold (about 130,000 lines) that is a megabyte of doubles.
 */

#define DAY_MS (86400 * (int64_t)1000)

struct Stats {
	int64_t since_ms;
	int64_t now_ms;
	int64_t day_start_ms;
	int64_t lines;
	int64_t skipped;
	bool sorted;
	bool fast;            /* try the fast path first (see fast_line) */
	GString *scratch;     /* the fast path's copy of the line */
	GHashTable *models;   /* char *model -> StatsModel * */
	GHashTable *commands; /* char *name -> StatsCommand * */
	GHashTable *slash;    /* char *name -> StatsCommand * (runs only) */
};

static void
model_free(gpointer p)
{
	StatsModel *m = p;
	g_free(m->model);
	g_array_unref(m->latency_ms);
	g_array_unref(m->ttft_ms);
	g_free(m);
}

static void
command_free(gpointer p)
{
	StatsCommand *c = p;
	g_free(c->name);
	g_free(c);
}

Stats *
stats_new(int64_t since_ms, int64_t now_ms)
{
	Stats *s = g_new0(Stats, 1);
	s->since_ms = since_ms;
	s->now_ms = now_ms;
	s->day_start_ms = now_ms - now_ms % DAY_MS;
	s->fast = true;
	s->scratch = g_string_sized_new(512);
	s->models = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, model_free);
	s->commands = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, command_free);
	s->slash = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, command_free);
	return s;
}

void
stats_free(Stats *s)
{
	if (s == NULL)
		return;
	g_hash_table_destroy(s->models);
	g_hash_table_destroy(s->commands);
	g_hash_table_destroy(s->slash);
	g_string_free(s->scratch, TRUE);
	g_free(s);
}

static StatsModel *
model_get(Stats *s, const char *name)
{
	StatsModel *m = g_hash_table_lookup(s->models, name);
	if (m == NULL) {
		m = g_new0(StatsModel, 1);
		m->model = g_strdup(name);
		m->latency_ms = g_array_new(FALSE, FALSE, sizeof(double));
		m->ttft_ms = g_array_new(FALSE, FALSE, sizeof(double));
		g_hash_table_insert(s->models, m->model, m);
	}
	return m;
}

static StatsCommand *
command_get(GHashTable *t, const char *name)
{
	StatsCommand *c = g_hash_table_lookup(t, name);
	if (c == NULL) {
		c = g_new0(StatsCommand, 1);
		c->name = g_strdup(name);
		g_hash_table_insert(t, c->name, c);
	}
	return c;
}

/* ---- parsing one line ----------------------------------------------------------------------- */

/* The fields a line may carry.  A field of the wrong type makes the whole line suspect. */
typedef struct {
	const char *type, *command, *model, *error, *cache, *fallback_from, *fallback_to;
	double ts, status, latency, ttft, tokens_in, tokens_out, rate_wait, ms, peak;
	const cJSON *slash;
} Line;

#define LINE_INIT { .ts = -1, .status = -1, .latency = -1, .ttft = -1, .tokens_in = -1, \
		    .tokens_out = -1, .rate_wait = -1, .ms = -1, .peak = -1 }

/* One "name": value of a line, from either parser. */
typedef enum { VAL_STRING, VAL_NUMBER, VAL_OTHER } ValueKind;

typedef struct {
	const char *name;
	ValueKind kind;
	const char *str;
	double num;
	const cJSON *node; /* the cJSON parser's item (for "slash"); NULL from the fast path */
} Member;

/* Member name -> where it goes, sorted by name for bsearch(): a metrics line has about 15
 * members, so this lookup runs over a million times for a full set of files. */
typedef struct {
	const char *name;
	size_t off;
	bool number;
} FieldSlot;

static const FieldSlot slots[] = {
	{ "cache", offsetof(Line, cache), false },
	{ "command", offsetof(Line, command), false },
	{ "error", offsetof(Line, error), false },
	{ "fallback_from", offsetof(Line, fallback_from), false },
	{ "fallback_to", offsetof(Line, fallback_to), false },
	{ "latency_ms", offsetof(Line, latency), true },
	{ "model", offsetof(Line, model), false },
	{ "ms", offsetof(Line, ms), true },
	{ "peak_rss_kib", offsetof(Line, peak), true },
	{ "rate_wait_ms", offsetof(Line, rate_wait), true },
	{ "status", offsetof(Line, status), true },
	{ "tokens_in", offsetof(Line, tokens_in), true },
	{ "tokens_out", offsetof(Line, tokens_out), true },
	{ "ts", offsetof(Line, ts), true },
	{ "ttft_ms", offsetof(Line, ttft), true },
	{ "type", offsetof(Line, type), false },
};

static int
cmp_slot(const void *key, const void *slot)
{
	return strcmp(key, ((const FieldSlot *)slot)->name);
}

/* Store one member into l; false when a known member has the wrong type. */
static bool
read_member(const Member *m, Line *l)
{
	const FieldSlot *f = bsearch(m->name, slots, G_N_ELEMENTS(slots), sizeof *slots, cmp_slot);
	if (f != NULL) {
		void *dst = (char *)l + f->off;
		if (f->number) {
			if (m->kind != VAL_NUMBER || !isfinite(m->num) || m->num < 0)
				return false;
			*(double *)dst = m->num;
		} else {
			if (m->kind != VAL_STRING)
				return false;
			*(const char **)dst = m->str;
		}
		return true;
	}
	if (strcmp(m->name, "slash") == 0) {
		l->slash = m->node;
		return cJSON_IsObject(m->node);
	}
	return true; /* a field a newer version added */
}

/* One pass over the members of a parsed line. */
static bool
read_tree(const cJSON *o, Line *l)
{
	for (const cJSON *c = o->child; c != NULL; c = c->next) {
		if (c->string == NULL)
			return false;
		Member m = { .name = c->string, .kind = VAL_OTHER, .node = c };
		if (cJSON_IsString(c)) {
			m.kind = VAL_STRING;
			m.str = c->valuestring;
		} else if (cJSON_IsNumber(c)) {
			m.kind = VAL_NUMBER;
			m.num = c->valuedouble;
		}
		if (!read_member(&m, l))
			return false;
	}
	return true;
}

/* ---- the fast path ------------------------------------------------------------------------ */

/*
 * The writer's lines are flat objects of plain names, strings without escapes and plain
 * decimals, with no whitespace.  Reading those by hand is several times faster than
 * building a cJSON tree for each (stats has to get through 100,000 lines in well under
 * 200 ms on a busy machine).  Anything else -- an escape, a nested object, an exponent, a
 * sign, whitespace, a literal, a damaged line -- makes the fast path give up and the line
 * goes to cJSON, which stays the judge of what is valid.  The fast path only decides
 * "bad" where cJSON would too: a known field of the wrong type.  The unit tests and the
 * fuzzer check that both paths always agree.
 */
typedef enum { FAST_OK, FAST_BAD, FAST_UNSURE } FastResult;

/* At an opening quote: NUL-terminate the string in place and step past it. */
static bool
fast_string(char **pp, const char *end, const char **out)
{
	char *p = *pp + 1, *start = p;
	while (p < end && *p != '"') {
		if (*p == '\\' || (unsigned char)*p < 0x20)
			return false;
		p++;
	}
	if (p >= end)
		return false;
	*p = '\0';
	*out = start;
	*pp = p + 1;
	return true;
}

/* Digits with an optional fraction, at most 15 significant digits: then the integer and
 * the power of ten are exact and one division rounds exactly as strtod() does. */
static bool
fast_number(char **pp, const char *end, double *out)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
					1e11, 1e12, 1e13, 1e14, 1e15 };
	char *p = *pp;
	uint64_t mant = 0;
	int digits = 0, frac = 0;
	for (; p < end && g_ascii_isdigit(*p); p++, digits++)
		mant = mant * 10 + (uint64_t)(*p - '0');
	if (digits == 0 || digits > 15)
		return false;
	if (p < end && *p == '.') {
		for (p++; p < end && g_ascii_isdigit(*p); p++, frac++)
			mant = mant * 10 + (uint64_t)(*p - '0');
		if (frac == 0 || digits + frac > 15)
			return false;
	}
	*out = frac ? (double)mant / pow10[frac] : (double)mant;
	*pp = p;
	return true;
}

static FastResult
fast_line(char *p, const char *end, Line *l)
{
	if (p >= end || *p++ != '{' || p >= end || *p == '}')
		return FAST_UNSURE;
	for (;;) {
		Member m = { .kind = VAL_STRING };
		if (*p != '"' || !fast_string(&p, end, &m.name) || p >= end || *p++ != ':' || p >= end)
			return FAST_UNSURE;
		bool ok = *p == '"' ? fast_string(&p, end, &m.str)
			: (m.kind = VAL_NUMBER, g_ascii_isdigit(*p) && fast_number(&p, end, &m.num));
		if (!ok || p >= end || (*p != ',' && *p != '}'))
			return FAST_UNSURE;
		if (!read_member(&m, l))
			return FAST_BAD; /* cJSON would parse it and refuse the same member */
		if (*p++ == '}')
			return p == end ? FAST_OK : FAST_UNSURE;
		if (p >= end)
			return FAST_UNSURE;
	}
}

static void
add_request(Stats *s, const Line *l)
{
	if (l->model == NULL || *l->model == '\0') {
		s->skipped++;
		return;
	}
	bool hit = g_strcmp0(l->cache, "hit") == 0;
	/* What the service counts against the daily limit: answered requests, not our own
	 * replays and not the 429s that refused them. */
	if (!hit && l->status > 0 && l->status != 429 && l->ts >= s->day_start_ms &&
	    l->ts < s->day_start_ms + DAY_MS)
		model_get(s, l->model)->today++;
	if (l->ts < s->since_ms)
		return;
	StatsModel *m = model_get(s, l->model);
	m->requests++;
	AurErrorCategory cat = l->error ? aur_error_category_from_name(l->error) : AUR_ERR_OK;
	if (l->error != NULL && strcmp(l->error, "ok") == 0)
		cat = AUR_ERR_OK;
	if (cat != AUR_ERR_OK) {
		m->errors++;
		m->by_category[cat]++;
	}
	m->cache_hits += hit;
	m->cache_misses += g_strcmp0(l->cache, "miss") == 0;
	m->fallbacks_to += l->fallback_from != NULL;
	m->fallbacks_from += l->fallback_to != NULL;
	m->rate_wait_ms += l->rate_wait >= 0 ? l->rate_wait : 0;
	if (hit)
		return;
	m->tokens_in += l->tokens_in >= 0 ? (int64_t)l->tokens_in : 0;
	m->tokens_out += l->tokens_out >= 0 ? (int64_t)l->tokens_out : 0;
	if (cat == AUR_ERR_OK && l->latency >= 0)
		g_array_append_val(m->latency_ms, l->latency);
	if (cat == AUR_ERR_OK && l->ttft >= 0)
		g_array_append_val(m->ttft_ms, l->ttft);
}

static void
add_command(Stats *s, const Line *l)
{
	if (l->command == NULL || *l->command == '\0') {
		s->skipped++;
		return;
	}
	if (l->ts < s->since_ms)
		return;
	StatsCommand *c = command_get(s->commands, l->command);
	c->runs++;
	c->failures += l->status > 0;
	c->peak_rss_kib = MAX(c->peak_rss_kib, (int64_t)MAX(l->peak, 0));
	c->total_ms += l->ms >= 0 ? l->ms : 0;
	for (const cJSON *m = l->slash ? l->slash->child : NULL; m != NULL; m = m->next) {
		if (m->string == NULL || !cJSON_IsNumber(m) || m->valuedouble < 0 ||
		    m->valuedouble > 1e12)
			continue;
		command_get(s->slash, m->string)->runs += (int64_t)m->valuedouble;
	}
}

static void
add_record(Stats *s, const Line *l)
{
	if (l->type == NULL || l->ts < 0)
		s->skipped++;
	else if (strcmp(l->type, "request") == 0)
		add_request(s, l);
	else if (strcmp(l->type, "command") == 0)
		add_command(s, l);
	else
		s->skipped++;
}

void
stats_add_line(Stats *s, const char *line, size_t len)
{
	s->lines++;
	s->sorted = false;
	Line l = LINE_INIT;
	if (s->fast) {
		/* The fast path cuts strings in place, so it works on a copy. */
		g_string_truncate(s->scratch, 0);
		g_string_append_len(s->scratch, line, (gssize)len);
		switch (fast_line(s->scratch->str, s->scratch->str + len, &l)) {
		case FAST_OK:
			add_record(s, &l);
			return;
		case FAST_BAD:
			s->skipped++;
			return;
		case FAST_UNSURE:
			l = (Line)LINE_INIT;
			break;
		}
	}
	cJSON *o = cJSON_ParseWithLength(line, len);
	if (cJSON_IsObject(o) && read_tree(o, &l))
		add_record(s, &l);
	else
		s->skipped++;
	cJSON_Delete(o);
}

void
stats_set_fast_path(Stats *s, bool on)
{
	s->fast = on;
}

bool
stats_add_file(Stats *s, const char *path, AurError **err)
{
	GError *gerr = NULL;
	GMappedFile *mf = g_mapped_file_new(path, FALSE, &gerr);
	if (mf == NULL) {
		bool missing = g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT);
		if (!missing)
			aur_error_set(err, AUR_ERR_IO, "Check the permissions of the state directory.",
				      "cannot read %s: %s", path, gerr->message);
		g_error_free(gerr);
		return missing;
	}
	const char *p = g_mapped_file_get_contents(mf);
	const char *end = p + g_mapped_file_get_length(mf);
	while (p != NULL && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (stop > p)
			stats_add_line(s, p, (size_t)(stop - p));
		p = stop + 1;
	}
	g_mapped_file_unref(mf);
	return true;
}

bool
stats_add_rotated(Stats *s, const char *path, int keep, AurError **err)
{
	for (int i = keep; i >= 1; i--) {
		g_autofree char *old = g_strdup_printf("%s.%d", path, i);
		if (!stats_add_file(s, old, err))
			return false;
	}
	return stats_add_file(s, path, err);
}

void
stats_apply_limits(Stats *s, GHashTable *catalog, const AurConfig *cfg)
{
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, s->models);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		StatsModel *m = v;
		const char *ctier = catalog ? g_hash_table_lookup(catalog, m->model) : NULL;
		ModelLimits lim;
		retry_limits(cfg, m->model, ctier, &lim);
		m->tier = lim.tier;
		m->tier_assumed = lim.guessed;
		m->limit_overridden = lim.overridden;
		m->daily_limit = lim.per_day;
	}
}

/* ---- access -------------------------------------------------------------------------------- */

int64_t
stats_lines(const Stats *s)
{
	return s->lines;
}

int64_t
stats_skipped(const Stats *s)
{
	return s->skipped;
}

static gint
cmp_double(gconstpointer a, gconstpointer b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static gint
cmp_model(gconstpointer a, gconstpointer b)
{
	return strcmp((*(StatsModel *const *)a)->model, (*(StatsModel *const *)b)->model);
}

static gint
cmp_command(gconstpointer a, gconstpointer b)
{
	return strcmp((*(StatsCommand *const *)a)->name, (*(StatsCommand *const *)b)->name);
}

static GPtrArray *
sorted_values(GHashTable *t, GCompareFunc cmp)
{
	GPtrArray *a = g_ptr_array_sized_new(g_hash_table_size(t));
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, NULL, &v))
		g_ptr_array_add(a, v);
	g_ptr_array_sort(a, cmp);
	return a;
}

GPtrArray *
stats_models(const Stats *s)
{
	GPtrArray *a = sorted_values(s->models, cmp_model);
	if (!s->sorted) {
		for (guint i = 0; i < a->len; i++) {
			StatsModel *m = a->pdata[i];
			g_array_sort(m->latency_ms, cmp_double);
			g_array_sort(m->ttft_ms, cmp_double);
		}
		((Stats *)s)->sorted = true; /* a cache of the order, not a change of value */
	}
	return a;
}

GPtrArray *
stats_commands(const Stats *s)
{
	return sorted_values(s->commands, cmp_command);
}

GPtrArray *
stats_slash_commands(const Stats *s)
{
	return sorted_values(s->slash, cmp_command);
}

double
stats_percentile(const GArray *sorted, double p)
{
	if (sorted == NULL || sorted->len == 0 || !(p > 0) || p > 100)
		return NAN;
	double rank = ceil(p / 100.0 * sorted->len);
	guint i = rank < 1 ? 0 : (guint)rank - 1;
	return g_array_index(sorted, double, MIN(i, sorted->len - 1));
}

/* ---- --since ------------------------------------------------------------------------------ */

static bool
since_fail(AurError **err, const char *text)
{
	aur_error_set(err, AUR_ERR_USAGE, "Give a duration such as 90m, 24h, 7d or 2w, \"today\", or a date "
					  "such as 2026-11-20 (UTC).",
		      "--since: '%s' is not a duration or a date", text);
	return false;
}

static bool
parse_date(const char *text, int64_t *ms)
{
	g_autofree char *iso = strlen(text) == 10 ? g_strconcat(text, "T00:00:00", NULL)
						  : g_strdup(text);
	g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
	g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601(iso, utc);
	if (dt == NULL)
		return false;
	*ms = g_date_time_to_unix(dt) * 1000 + g_date_time_get_microsecond(dt) / 1000;
	return true;
}

bool
stats_parse_since(const char *text, int64_t now_ms, int64_t *since_ms, AurError **err)
{
	if (text == NULL || *text == '\0')
		return since_fail(err, text ? text : "");
	if (g_ascii_strcasecmp(text, "today") == 0) {
		*since_ms = now_ms - now_ms % DAY_MS;
		return true;
	}
	int64_t secs;
	size_t n = strlen(text);
	if (n > 1 && (text[n - 1] == 'w' || text[n - 1] == 'W')) {
		g_autofree char *days = g_strndup(text, n - 1);
		if (!util_parse_duration(days, &secs) || secs > INT64_MAX / (7 * 86400 * 1000LL))
			return since_fail(err, text);
		*since_ms = now_ms - secs * 7 * 86400 * 1000;
		return true;
	}
	if (util_parse_duration(text, &secs)) {
		if (secs > now_ms / 1000)
			secs = now_ms / 1000; /* further back than 1970: everything */
		*since_ms = now_ms - secs * 1000;
		return true;
	}
	if (g_ascii_isdigit(text[0]) && n >= 10 && text[4] == '-' && parse_date(text, since_ms))
		return true;
	return since_fail(err, text);
}

/* ---- text ---------------------------------------------------------------------------------- */

static char *
fmt_ms(double ms)
{
	if (isnan(ms))
		return g_strdup("-");
	if (ms < 1000)
		return g_strdup_printf("%.0f ms", ms);
	return g_strdup_printf("%.2f s", ms / 1000.0);
}

static void
text_quantiles(GString *out, const char *label, const GArray *v)
{
	static const double qs[] = { 50, 95, 99 };
	g_string_append_printf(out, "  %-12s", label);
	for (size_t i = 0; i < G_N_ELEMENTS(qs); i++) {
		g_autofree char *t = fmt_ms(stats_percentile(v, qs[i]));
		g_string_append_printf(out, "p%-2.0f %-10s", qs[i], t);
	}
	g_string_append_printf(out, "(%u)\n", v->len);
}

static void
text_errors(GString *out, const StatsModel *m)
{
	g_string_append_printf(out, "  %-12s%" G_GINT64_FORMAT, "requests", m->requests);
	if (m->errors > 0) {
		g_string_append_printf(out, ", %" G_GINT64_FORMAT " failed (", m->errors);
		bool first = true;
		for (int c = 0; c < AUR_ERR__COUNT; c++) {
			if (m->by_category[c] == 0)
				continue;
			g_string_append_printf(out, "%s%s %" G_GINT64_FORMAT, first ? "" : ", ",
					       aur_error_category_name((AurErrorCategory)c),
					       m->by_category[c]);
			first = false;
		}
		g_string_append_c(out, ')');
	}
	g_string_append_c(out, '\n');
}

static void
text_model(GString *out, const StatsModel *m, TiersPlan plan)
{
	g_string_append_printf(out, "%s\n", m->model);
	text_errors(out, m);
	int64_t looked = m->cache_hits + m->cache_misses;
	if (looked > 0)
		g_string_append_printf(out, "  %-12s%" G_GINT64_FORMAT " hits, %" G_GINT64_FORMAT
				       " misses (%.1f%% hit ratio)\n", "cache", m->cache_hits,
				       m->cache_misses, 100.0 * (double)m->cache_hits / (double)looked);
	text_quantiles(out, "latency", m->latency_ms);
	text_quantiles(out, "first token", m->ttft_ms);
	g_string_append_printf(out, "  %-12s%" G_GINT64_FORMAT " in, %" G_GINT64_FORMAT " out\n",
			       "tokens", m->tokens_in, m->tokens_out);
	if (m->fallbacks_from + m->fallbacks_to > 0)
		g_string_append_printf(out, "  %-12s%" G_GINT64_FORMAT " to other models, %"
				       G_GINT64_FORMAT " from other models\n", "fallbacks",
				       m->fallbacks_from, m->fallbacks_to);
	if (m->rate_wait_ms > 0) {
		g_autofree char *w = fmt_ms(m->rate_wait_ms);
		g_string_append_printf(out, "  %-12s%s waiting on rate limits\n", "waited", w);
	}
	if (m->daily_limit > 0) {
		g_autofree char *why = m->limit_overridden
			? g_strdup_printf("models.limits.%s.per_day", m->model)
			: g_strdup_printf("%s tier%s, Copilot %s", m->tier,
					  m->tier_assumed ? " assumed: no catalogue tier" : "",
					  tiers_plan_name(plan));
		g_string_append_printf(out, "  %-12s%" G_GINT64_FORMAT " of %d requests per day (%s)\n",
				       "today", m->today, m->daily_limit, why);
	} else {
		g_string_append_printf(out, "  %-12s%" G_GINT64_FORMAT " requests (daily limit %s)\n",
				       "today", m->today,
				       m->tier ? "none: the plan has no access to this tier"
					       : "unknown");
	}
}

static void
text_commands(GString *out, GPtrArray *cmds, const char *title, bool detail)
{
	if (cmds->len == 0)
		return;
	g_string_append_printf(out, "%s\n", title);
	for (guint i = 0; i < cmds->len; i++) {
		const StatsCommand *c = cmds->pdata[i];
		g_string_append_printf(out, "  %-16s %6" G_GINT64_FORMAT " run%s", c->name, c->runs,
				       c->runs == 1 ? " " : "s");
		if (detail) {
			g_autofree char *mem = util_format_size(c->peak_rss_kib * 1024);
			g_string_append_printf(out, "  %4" G_GINT64_FORMAT " failed  peak memory %s",
					       c->failures, mem);
		}
		g_string_append_c(out, '\n');
	}
}

char *
stats_format_text(const Stats *s, TiersPlan plan)
{
	GString *out = g_string_new(NULL);
	if (s->since_ms > 0) {
		g_autofree char *since = util_rfc3339_ms(s->since_ms);
		g_string_append_printf(out, "Since %s", since);
	} else {
		g_string_append(out, "All recorded time");
	}
	g_string_append_printf(out, ": %" G_GINT64_FORMAT " lines read", s->lines);
	if (s->skipped > 0)
		g_string_append_printf(out, ", %" G_GINT64_FORMAT " skipped (not metrics records)",
				       s->skipped);
	g_string_append(out, "\n\n");
	g_autoptr(GPtrArray) models = stats_models(s);
	if (models->len == 0)
		g_string_append(out, "No requests recorded.\n\n");
	for (guint i = 0; i < models->len; i++) {
		text_model(out, models->pdata[i], plan);
		g_string_append_c(out, '\n');
	}
	g_autoptr(GPtrArray) cmds = stats_commands(s);
	g_autoptr(GPtrArray) slash = stats_slash_commands(s);
	text_commands(out, cmds, "Commands", true);
	text_commands(out, slash, "Slash commands", false);
	return g_string_free(out, FALSE);
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static cJSON *
json_quantiles(const GArray *v)
{
	cJSON *o = cJSON_CreateObject();
	static const struct { const char *name; double p; } qs[] = {
		{ "p50", 50 }, { "p95", 95 }, { "p99", 99 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(qs); i++) {
		double q = stats_percentile(v, qs[i].p);
		cJSON_AddItemToObject(o, qs[i].name, isnan(q) ? cJSON_CreateNull() : cJSON_CreateNumber(q));
	}
	cJSON_AddNumberToObject(o, "count", v->len);
	return o;
}

static cJSON *
json_model(const StatsModel *m, TiersPlan plan)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "model", m->model);
	cJSON_AddNumberToObject(o, "requests", (double)m->requests);
	cJSON_AddNumberToObject(o, "errors", (double)m->errors);
	cJSON *cats = cJSON_AddObjectToObject(o, "errors_by_category");
	for (int c = 0; c < AUR_ERR__COUNT; c++)
		if (m->by_category[c] > 0)
			cJSON_AddNumberToObject(cats, aur_error_category_name((AurErrorCategory)c),
						(double)m->by_category[c]);
	cJSON_AddNumberToObject(o, "cache_hits", (double)m->cache_hits);
	cJSON_AddNumberToObject(o, "cache_misses", (double)m->cache_misses);
	int64_t looked = m->cache_hits + m->cache_misses;
	cJSON_AddItemToObject(o, "cache_hit_ratio", looked ? cJSON_CreateNumber((double)m->cache_hits / (double)looked)
							    : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "latency_ms", json_quantiles(m->latency_ms));
	cJSON_AddItemToObject(o, "ttft_ms", json_quantiles(m->ttft_ms));
	cJSON_AddNumberToObject(o, "tokens_in", (double)m->tokens_in);
	cJSON_AddNumberToObject(o, "tokens_out", (double)m->tokens_out);
	cJSON_AddNumberToObject(o, "fallbacks_from", (double)m->fallbacks_from);
	cJSON_AddNumberToObject(o, "fallbacks_to", (double)m->fallbacks_to);
	cJSON_AddNumberToObject(o, "rate_wait_ms", m->rate_wait_ms);
	cJSON *t = cJSON_AddObjectToObject(o, "today");
	cJSON_AddNumberToObject(t, "requests", (double)m->today);
	cJSON_AddItemToObject(t, "limit", m->daily_limit > 0 ? cJSON_CreateNumber(m->daily_limit)
							     : cJSON_CreateNull());
	cJSON_AddItemToObject(t, "tier", m->tier ? cJSON_CreateString(m->tier) : cJSON_CreateNull());
	cJSON_AddBoolToObject(t, "tier_assumed", m->tier_assumed);
	cJSON_AddStringToObject(t, "plan", tiers_plan_name(plan));
	return o;
}

static cJSON *
json_commands(GPtrArray *cmds, bool detail)
{
	cJSON *a = cJSON_CreateArray();
	for (guint i = 0; i < cmds->len; i++) {
		const StatsCommand *c = cmds->pdata[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "command", c->name);
		cJSON_AddNumberToObject(o, "runs", (double)c->runs);
		if (detail) {
			cJSON_AddNumberToObject(o, "failures", (double)c->failures);
			cJSON_AddNumberToObject(o, "peak_rss_kib", (double)c->peak_rss_kib);
			cJSON_AddNumberToObject(o, "total_ms", c->total_ms);
		}
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

cJSON *
stats_format_json(const Stats *s, TiersPlan plan)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "since_ms", s->since_ms > 0 ? cJSON_CreateNumber((double)s->since_ms)
							     : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "now_ms", (double)s->now_ms);
	cJSON_AddNumberToObject(o, "lines", (double)s->lines);
	cJSON_AddNumberToObject(o, "skipped", (double)s->skipped);
	g_autoptr(GPtrArray) models = stats_models(s);
	cJSON *ma = cJSON_AddArrayToObject(o, "models");
	for (guint i = 0; i < models->len; i++)
		cJSON_AddItemToArray(ma, json_model(models->pdata[i], plan));
	g_autoptr(GPtrArray) cmds = stats_commands(s);
	g_autoptr(GPtrArray) slash = stats_slash_commands(s);
	cJSON_AddItemToObject(o, "commands", json_commands(cmds, true));
	cJSON_AddItemToObject(o, "slash_commands", json_commands(slash, false));
	return o;
}

/* ---- Prometheus ------------------------------------------------------------------------------ */

static void
prom_family(GString *out, const char *name, const char *type, const char *help)
{
	g_string_append_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Label values escape backslash, double quote and newline. */
static void
prom_label(GString *out, const char *name, const char *value)
{
	g_string_append_printf(out, "%s=\"", name);
	for (const char *p = value; *p; p++) {
		switch (*p) {
		case '\\': g_string_append(out, "\\\\"); break;
		case '"': g_string_append(out, "\\\""); break;
		case '\n': g_string_append(out, "\\n"); break;
		default: g_string_append_c(out, *p);
		}
	}
	g_string_append_c(out, '"');
}

static void
prom_value(GString *out, double v)
{
	if (isnan(v)) {
		g_string_append(out, "NaN");
	} else if (v == floor(v) && fabs(v) < 1e15) {
		g_string_append_printf(out, "%.0f", v);
	} else {
		/* The shortest form that reads back exactly: 0.3, not 0.29999999999999999. */
		char buf[G_ASCII_DTOSTR_BUF_SIZE];
		for (int prec = 15; prec <= 17; prec++) {
			char fmt[8];
			g_snprintf(fmt, sizeof fmt, "%%.%dg", prec);
			g_ascii_formatd(buf, sizeof buf, fmt, v);
			if (g_ascii_strtod(buf, NULL) == v)
				break;
		}
		g_string_append(out, buf);
	}
}

/* name{label="value"[,extra="x"]} value */
static void
prom_sample(GString *out, const char *name, const char *label, const char *value,
	    const char *extra_label, const char *extra_value, double v)
{
	g_string_append(out, name);
	g_string_append_c(out, '{');
	prom_label(out, label, value);
	if (extra_label != NULL) {
		g_string_append_c(out, ',');
		prom_label(out, extra_label, extra_value);
	}
	g_string_append(out, "} ");
	prom_value(out, v);
	g_string_append_c(out, '\n');
}

typedef double (*ModelValue)(const StatsModel *m);

static double mv_requests(const StatsModel *m) { return (double)m->requests; }
static double mv_hits(const StatsModel *m) { return (double)m->cache_hits; }
static double mv_misses(const StatsModel *m) { return (double)m->cache_misses; }
static double mv_tin(const StatsModel *m) { return (double)m->tokens_in; }
static double mv_tout(const StatsModel *m) { return (double)m->tokens_out; }
static double mv_fb(const StatsModel *m) { return (double)m->fallbacks_from; }
static double mv_wait(const StatsModel *m) { return m->rate_wait_ms / 1000.0; }
static double mv_today(const StatsModel *m) { return (double)m->today; }

static void
prom_summary(GString *out, GPtrArray *models, const char *name, const char *help, bool ttft)
{
	prom_family(out, name, "summary", help);
	static const struct { const char *label; double p; } qs[] = {
		{ "0.5", 50 }, { "0.95", 95 }, { "0.99", 99 },
	};
	g_autofree char *sum_name = g_strconcat(name, "_sum", NULL);
	g_autofree char *count_name = g_strconcat(name, "_count", NULL);
	for (guint i = 0; i < models->len; i++) {
		const StatsModel *m = models->pdata[i];
		const GArray *v = ttft ? m->ttft_ms : m->latency_ms;
		double sum = 0;
		for (guint j = 0; j < v->len; j++)
			sum += g_array_index(v, double, j);
		for (size_t q = 0; q < G_N_ELEMENTS(qs); q++)
			prom_sample(out, name, "model", m->model, "quantile", qs[q].label,
				    stats_percentile(v, qs[q].p) / 1000.0);
		prom_sample(out, sum_name, "model", m->model, NULL, NULL, sum / 1000.0);
		prom_sample(out, count_name, "model", m->model, NULL, NULL, v->len);
	}
}

static void
prom_models(GString *out, GPtrArray *models)
{
	static const struct {
		const char *name, *type, *help;
		ModelValue fn;
	} simple[] = {
		{ "aurelis_requests_total", "counter", "Requests to a model, cache hits included.", mv_requests },
		{ "aurelis_cache_hits_total", "counter", "Requests answered from the response cache.", mv_hits },
		{ "aurelis_cache_misses_total", "counter", "Requests looked up in the cache and not found.", mv_misses },
		{ "aurelis_prompt_tokens_total", "counter", "Prompt tokens sent (cache hits excluded).", mv_tin },
		{ "aurelis_completion_tokens_total", "counter", "Completion tokens received (cache hits excluded).", mv_tout },
		{ "aurelis_fallbacks_total", "counter", "Times the model gave up and the next model of the route was tried.", mv_fb },
		{ "aurelis_rate_limit_wait_seconds_total", "counter", "Time spent waiting on rate limits.", mv_wait },
		{ "aurelis_requests_today", "gauge", "Requests counted against the daily limit today (UTC).", mv_today },
	};
	for (size_t f = 0; f < G_N_ELEMENTS(simple); f++) {
		prom_family(out, simple[f].name, simple[f].type, simple[f].help);
		for (guint i = 0; i < models->len; i++) {
			const StatsModel *m = models->pdata[i];
			prom_sample(out, simple[f].name, "model", m->model, NULL, NULL, simple[f].fn(m));
		}
	}
	prom_family(out, "aurelis_daily_request_limit", "gauge",
		    "Requests per day the model's rate-limit tier allows on the configured plan.");
	for (guint i = 0; i < models->len; i++) {
		const StatsModel *m = models->pdata[i];
		if (m->daily_limit > 0)
			prom_sample(out, "aurelis_daily_request_limit", "model", m->model, NULL, NULL,
				    m->daily_limit);
	}
	prom_family(out, "aurelis_request_errors_total", "counter", "Failed requests by error category.");
	for (guint i = 0; i < models->len; i++) {
		const StatsModel *m = models->pdata[i];
		for (int c = 0; c < AUR_ERR__COUNT; c++)
			if (m->by_category[c] > 0)
				prom_sample(out, "aurelis_request_errors_total", "model", m->model, "category",
					    aur_error_category_name((AurErrorCategory)c), (double)m->by_category[c]);
	}
	prom_summary(out, models, "aurelis_request_latency_seconds",
		     "Latency of successful requests that reached the service.", false);
	prom_summary(out, models, "aurelis_time_to_first_token_seconds",
		     "Time to the first streamed token of successful requests.", true);
}

static void
prom_commands(GString *out, GPtrArray *cmds, GPtrArray *slash)
{
	prom_family(out, "aurelis_command_runs_total", "counter", "Runs of each command.");
	for (guint i = 0; i < cmds->len; i++) {
		const StatsCommand *c = cmds->pdata[i];
		prom_sample(out, "aurelis_command_runs_total", "command", c->name, NULL, NULL, (double)c->runs);
	}
	prom_family(out, "aurelis_command_failures_total", "counter", "Runs of each command that exited non-zero.");
	for (guint i = 0; i < cmds->len; i++) {
		const StatsCommand *c = cmds->pdata[i];
		prom_sample(out, "aurelis_command_failures_total", "command", c->name, NULL, NULL,
			    (double)c->failures);
	}
	prom_family(out, "aurelis_command_peak_memory_bytes", "gauge", "Highest peak resident memory of a run of each command.");
	for (guint i = 0; i < cmds->len; i++) {
		const StatsCommand *c = cmds->pdata[i];
		prom_sample(out, "aurelis_command_peak_memory_bytes", "command", c->name, NULL, NULL,
			    (double)c->peak_rss_kib * 1024.0);
	}
	prom_family(out, "aurelis_slash_command_runs_total", "counter", "Runs of each slash command in the shells.");
	for (guint i = 0; i < slash->len; i++) {
		const StatsCommand *c = slash->pdata[i];
		prom_sample(out, "aurelis_slash_command_runs_total", "command", c->name, NULL, NULL,
			    (double)c->runs);
	}
}

char *
stats_format_prometheus(const Stats *s)
{
	GString *out = g_string_new(NULL);
	g_autoptr(GPtrArray) models = stats_models(s);
	g_autoptr(GPtrArray) cmds = stats_commands(s);
	g_autoptr(GPtrArray) slash = stats_slash_commands(s);
	prom_models(out, models);
	prom_commands(out, cmds, slash);
	prom_family(out, "aurelis_metrics_skipped_lines", "gauge", "Lines of the metrics files that were not records.");
	g_string_append_printf(out, "aurelis_metrics_skipped_lines %" G_GINT64_FORMAT "\n", s->skipped);
	return g_string_free(out, FALSE);
}
