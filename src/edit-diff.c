/* SPDX-License-Identifier: MIT */
/* Line diffs (Myers' algorithm) as unified diffs, as text or as lines marked by kind. */
#include "autoconfig.h"

#include <limits.h>
#include <string.h>

#include "edit-diff.h"
#include "util.h"

/*
 * Lines are interned to integers (a line's ending is part of it, so "x\r\n" differs from
 * "x\n" and a last line without a newline differs from one with it), then compared with
 * Myers' O(ND) algorithm in its linear-space form: search from both corners of the edit
 * graph at once until the two frontiers overlap, split the problem at that point and
 * recurse.  The result is a change flag per line of each side, from which hunks are cut.
 * A cost cap bounds the worst case (two unrelated large files): past it the split point
 * is the furthest the forward search has got, which keeps the diff correct but no longer
 * necessarily the shortest.
 */

#define DEFAULT_MAX_COST 1024

typedef UtilLine Line; /* content without the ending; eol "\n", "\r\n" or "" */

typedef struct {
	const int *a, *b;  /* interned lines */
	bool *del, *add;   /* change flags per line of a and of b */
	long *fd, *bd;     /* furthest x per diagonal, forward and backward (offset) */
	long max_cost;
} Myers;

static const char *const kind_names[] = {
#define X(name, label) label,
	EDIT_DIFF_KINDS(X)
#undef X
};

const char *
edit_diff_kind_name(EditDiffKind kind)
{
	return kind < EDIT_DIFF__COUNT ? kind_names[kind] : "?";
}

/* Map each line (with its ending) to a small integer shared by equal lines. */
static int *
intern_lines(GHashTable *ids, const GArray *lines)
{
	int *out = g_new(int, lines->len + 1);
	for (guint i = 0; i < lines->len; i++) {
		const Line *l = &g_array_index(lines, Line, i);
		GBytes *key = g_bytes_new_static(l->s, l->len + strlen(l->eol));
		gpointer v = g_hash_table_lookup(ids, key);
		if (v == NULL) {
			v = GUINT_TO_POINTER(g_hash_table_size(ids) + 1);
			g_hash_table_insert(ids, key, v);
		} else {
			g_bytes_unref(key);
		}
		out[i] = (int)GPOINTER_TO_UINT(v);
	}
	return out;
}

/* The furthest point of the forward search, used when the cost cap is hit. */
static bool
best_forward(const Myers *m, long fmin, long fmax, long xoff, long yoff, long xlim, long ylim,
	     long *xmid, long *ymid)
{
	long best = -1;
	for (long k = fmax; k >= fmin; k -= 2) {
		long x = m->fd[k], y = x - k;
		/* The frontier may step past the edge of the box on the far diagonals. */
		if (x > xlim || y > ylim || x < xoff || y < yoff)
			continue;
		if (x + y > best && !(x == xlim && y == ylim) && !(x == xoff && y == yoff)) {
			best = x + y;
			*xmid = x;
			*ymid = y;
		}
	}
	return best >= 0;
}

/* One round of the forward search; true when it meets the backward frontier. */
static bool
forward_round(Myers *m, long *fmin, long *fmax, long dmin, long dmax, long xlim, long ylim,
	      long bmin, long bmax, bool odd, long *xmid, long *ymid)
{
	long *fd = m->fd;
	/* Widen by one diagonal on each side, or narrow where the edit graph ends; the
	 * sentinel makes the edge diagonals take their only possible predecessor. */
	if (*fmin > dmin)
		fd[--*fmin - 1] = -1;
	else
		++*fmin;
	if (*fmax < dmax)
		fd[++*fmax + 1] = -1;
	else
		--*fmax;
	for (long k = *fmax; k >= *fmin; k -= 2) {
		long x = fd[k - 1] >= fd[k + 1] ? fd[k - 1] + 1 : fd[k + 1];
		long y = x - k;
		while (x < xlim && y < ylim && m->a[x] == m->b[y])
			x++, y++;
		fd[k] = x;
		if (odd && bmin <= k && k <= bmax && m->bd[k] <= x) {
			*xmid = x;
			*ymid = y;
			return true;
		}
	}
	return false;
}

static bool
backward_round(Myers *m, long *bmin, long *bmax, long dmin, long dmax, long xoff, long yoff,
	       long fmin, long fmax, bool odd, long *xmid, long *ymid)
{
	long *bd = m->bd;
	if (*bmin > dmin)
		bd[--*bmin - 1] = LONG_MAX;
	else
		++*bmin;
	if (*bmax < dmax)
		bd[++*bmax + 1] = LONG_MAX;
	else
		--*bmax;
	for (long k = *bmax; k >= *bmin; k -= 2) {
		long x = bd[k - 1] < bd[k + 1] ? bd[k - 1] : bd[k + 1] - 1;
		long y = x - k;
		while (x > xoff && y > yoff && m->a[x - 1] == m->b[y - 1])
			x--, y--;
		bd[k] = x;
		if (!odd && fmin <= k && k <= fmax && x <= m->fd[k]) {
			*xmid = x;
			*ymid = y;
			return true;
		}
	}
	return false;
}

/* A point on a shortest edit path from (xoff, yoff) to (xlim, ylim) (Myers 1986, 4b).
 * Diagonal k holds the points with x - y == k. */
static void
myers_split(Myers *m, long xoff, long xlim, long yoff, long ylim, long *xmid, long *ymid)
{
	const long dmin = xoff - ylim, dmax = xlim - yoff;
	const long fmid = xoff - yoff, bmid = xlim - ylim;
	const bool odd = ((fmid - bmid) & 1) != 0;
	long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	m->fd[fmid] = xoff;
	m->bd[bmid] = xlim;
	for (long cost = 1;; cost++) {
		if (forward_round(m, &fmin, &fmax, dmin, dmax, xlim, ylim, bmin, bmax, odd,
				  xmid, ymid))
			return;
		if (backward_round(m, &bmin, &bmax, dmin, dmax, xoff, yoff, fmin, fmax, odd,
				   xmid, ymid))
			return;
		if (cost >= m->max_cost &&
		    best_forward(m, fmin, fmax, xoff, yoff, xlim, ylim, xmid, ymid))
			return;
	}
}

static void
myers_compare(Myers *m, long xoff, long xlim, long yoff, long ylim)
{
	for (;;) {
		while (xoff < xlim && yoff < ylim && m->a[xoff] == m->b[yoff])
			xoff++, yoff++;
		while (xlim > xoff && ylim > yoff && m->a[xlim - 1] == m->b[ylim - 1])
			xlim--, ylim--;
		if (xoff == xlim) {
			for (long y = yoff; y < ylim; y++)
				m->add[y] = true;
			return;
		}
		if (yoff == ylim) {
			for (long x = xoff; x < xlim; x++)
				m->del[x] = true;
			return;
		}
		long xmid, ymid;
		myers_split(m, xoff, xlim, yoff, ylim, &xmid, &ymid);
		myers_compare(m, xoff, xmid, yoff, ymid);
		xoff = xmid; /* the second half as a loop keeps the recursion shallow */
		yoff = ymid;
	}
}

/* ---- hunks ---------------------------------------------------------------------------- */

typedef struct {
	char type;    /* ' ', '-', '+' */
	unsigned a;   /* index into the old lines (the next one, for '+') */
	unsigned b;   /* index into the new lines (the next one, for '-') */
} Op;

static GArray *
edit_script(const bool *del, unsigned n, const bool *add, unsigned m)
{
	GArray *ops = g_array_new(FALSE, FALSE, sizeof(Op));
	unsigned i = 0, j = 0;
	while (i < n || j < m) {
		Op op = { .a = i, .b = j };
		if (i < n && del[i]) {
			op.type = '-';
			i++;
		} else if (j < m && add[j]) {
			op.type = '+';
			j++;
		} else {
			op.type = ' ';
			i++;
			j++;
		}
		g_array_append_val(ops, op);
	}
	return ops;
}

static void
add_line(EditDiff *d, EditDiffKind kind, char *text, const char *eol)
{
	EditDiffLine l = { kind, text, eol };
	g_array_append_val(d->lines, l);
}

/* "-3,2" style range; a one-line range drops its count, an empty one names the line
 * before it. */
static char *
range_text(unsigned start0, unsigned count)
{
	if (count == 1)
		return g_strdup_printf("%u", start0 + 1);
	return g_strdup_printf("%u,%u", count == 0 ? start0 : start0 + 1, count);
}

static void
emit_hunk(EditDiff *d, const GArray *ops, unsigned from, unsigned to, const GArray *oldl,
	  const GArray *newl)
{
	unsigned na = 0, nb = 0;
	for (unsigned i = from; i < to; i++) {
		char t = g_array_index(ops, Op, i).type;
		na += t != '+';
		nb += t != '-';
	}
	const Op *first = &g_array_index(ops, Op, from);
	g_autofree char *ra = range_text(first->a, na);
	g_autofree char *rb = range_text(first->b, nb);
	add_line(d, EDIT_DIFF_HUNK, g_strdup_printf("@@ -%s +%s @@", ra, rb), "\n");
	d->hunks++;
	for (unsigned i = from; i < to; i++) {
		const Op *op = &g_array_index(ops, Op, i);
		const Line *l = op->type == '+' ? &g_array_index(newl, Line, op->b)
						: &g_array_index(oldl, Line, op->a);
		EditDiffKind kind = op->type == '+' ? EDIT_DIFF_ADD
				    : op->type == '-' ? EDIT_DIFF_DEL : EDIT_DIFF_CONTEXT;
		d->added += kind == EDIT_DIFF_ADD;
		d->deleted += kind == EDIT_DIFF_DEL;
		add_line(d, kind, g_strdup_printf("%c%.*s", op->type, (int)l->len, l->s), l->eol);
		if (*l->eol == '\0')
			add_line(d, EDIT_DIFF_NO_EOL, g_strdup("\\ No newline at end of file"), "\n");
	}
}

/* Group changes into hunks: changes closer than 2 * context lines share a hunk. */
static void
emit_hunks(EditDiff *d, const GArray *ops, unsigned context, const GArray *oldl,
	   const GArray *newl)
{
	unsigned n = ops->len, i = 0;
	while (i < n) {
		while (i < n && g_array_index(ops, Op, i).type == ' ')
			i++;
		if (i == n)
			break;
		unsigned from = i > context ? i - context : 0, last = i;
		for (unsigned j = i + 1; j < n && j - last <= 2 * context + 1; j++)
			if (g_array_index(ops, Op, j).type != ' ')
				last = j;
		unsigned to = last + 1 + context < n ? last + 1 + context : n;
		emit_hunk(d, ops, from, to, oldl, newl);
		i = last + 1;
	}
}

static void
diff_lines(EditDiff *d, const GArray *oldl, const GArray *newl, const EditDiffOpts *o)
{
	GHashTable *ids = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
						(GDestroyNotify)g_bytes_unref, NULL);
	unsigned n = oldl->len, m = newl->len;
	Myers my = {
		.a = intern_lines(ids, oldl),
		.b = intern_lines(ids, newl),
		.del = g_new0(bool, n + 1),
		.add = g_new0(bool, m + 1),
		.max_cost = o->max_cost > 0 ? (long)o->max_cost : DEFAULT_MAX_COST,
	};
	long *fdiag = g_new(long, (gsize)n + m + 3), *bdiag = g_new(long, (gsize)n + m + 3);
	my.fd = fdiag + m + 1; /* diagonals run from -m - 1 to n + 1 */
	my.bd = bdiag + m + 1;
	myers_compare(&my, 0, n, 0, m);
	GArray *ops = edit_script(my.del, n, my.add, m);
	emit_hunks(d, ops, o->context, oldl, newl);
	g_array_unref(ops);
	g_free(fdiag);
	g_free(bdiag);
	g_free((void *)my.a);
	g_free((void *)my.b);
	g_free(my.del);
	g_free(my.add);
	g_hash_table_unref(ids);
}

static void
clear_line(gpointer p)
{
	g_free(((EditDiffLine *)p)->text);
}

EditDiff *
edit_diff_new(const char *old_text, size_t old_len, const char *new_text, size_t new_len,
	      const EditDiffOpts *opts)
{
	static const EditDiffOpts defaults = { .context = 3 };
	const EditDiffOpts *o = opts != NULL ? opts : &defaults;
	EditDiff *d = g_new0(EditDiff, 1);
	d->lines = g_array_new(FALSE, FALSE, sizeof(EditDiffLine));
	g_array_set_clear_func(d->lines, clear_line);
	GArray *oldl = util_split_lines(old_text != NULL ? old_text : "", old_text != NULL ? old_len : 0);
	GArray *newl = util_split_lines(new_text != NULL ? new_text : "", new_text != NULL ? new_len : 0);
	const char *ol = o->old_label != NULL ? o->old_label : o->old_missing ? "/dev/null" : "a";
	const char *nl = o->new_label != NULL ? o->new_label : "b";
	add_line(d, EDIT_DIFF_HEADER_OLD, g_strdup_printf("--- %s", ol), "\n");
	add_line(d, EDIT_DIFF_HEADER_NEW, g_strdup_printf("+++ %s", nl), "\n");
	diff_lines(d, oldl, newl, o);
	if (d->hunks == 0)
		g_array_set_size(d->lines, 0);
	g_array_unref(oldl);
	g_array_unref(newl);
	return d;
}

void
edit_diff_free(EditDiff *d)
{
	if (d == NULL)
		return;
	g_array_unref(d->lines);
	g_free(d);
}

char *
edit_diff_to_text(const EditDiff *d)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < d->lines->len; i++) {
		const EditDiffLine *l = &g_array_index(d->lines, EditDiffLine, i);
		g_string_append(s, l->text);
		g_string_append(s, *l->eol != '\0' ? l->eol : "\n");
	}
	return g_string_free(s, FALSE);
}

/* Control characters would drive the terminal: show them as ^X (tabs stay). */
static void
write_visible(FILE *out, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p == '\r')
			continue;
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			fprintf(out, "^%c", *p == 0x7f ? '?' : *p + '@');
		else
			fputc(*p, out);
	}
}

void
edit_diff_write(FILE *out, const EditDiff *d, const char *const *sgr, const char *sgr_reset)
{
	for (guint i = 0; i < d->lines->len; i++) {
		const EditDiffLine *l = &g_array_index(d->lines, EditDiffLine, i);
		const char *on = sgr != NULL && sgr[l->kind] != NULL ? sgr[l->kind] : "";
		fputs(on, out);
		write_visible(out, l->text);
		if (*on != '\0' && sgr_reset != NULL)
			fputs(sgr_reset, out);
		fputc('\n', out);
	}
}
