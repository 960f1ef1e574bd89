/* SPDX-License-Identifier: MIT */
/* Running the analysis: the rule table, collecting files (git ls-files or a walk with
 * built-in excludes), a worker pool over them, results in a stable order. */
#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/check.h"
#include "analysis/external.h"

/* ---- the table -------------------------------------------------------------------------- */

static const AnalysisRule rule_table[RULE__COUNT] = {
#define X(name, id, langs, cat, sev, cwe, msg, hint) \
	{ RULE_##name, id, langs, ANALYSIS_CAT_##cat, ANALYSIS_SEV_##sev, cwe, msg, hint },
	ANALYSIS_RULES(X)
#undef X
};

const AnalysisRule *
analysis_rules(size_t *count)
{
	if (count)
		*count = RULE__COUNT;
	return rule_table;
}

const AnalysisRule *
analysis_rule_find(const char *id)
{
	for (size_t i = 0; id && i < RULE__COUNT; i++)
		if (strcmp(rule_table[i].id, id) == 0)
			return &rule_table[i];
	return NULL;
}

static const char *const sev_names[] = { "info", "warning", "error" };
static const char *const cat_names[] = { "security", "correctness", "performance", "complexity",
					 "style" };

const char *
analysis_severity_name(AnalysisSeverity s)
{
	return s < ANALYSIS_SEV__COUNT ? sev_names[s] : "info";
}

const char *
analysis_category_name(AnalysisCategory c)
{
	return c < ANALYSIS_CAT__COUNT ? cat_names[c] : "style";
}

bool
analysis_severity_parse(const char *name, AnalysisSeverity *out)
{
	for (int i = 0; name && i < ANALYSIS_SEV__COUNT; i++)
		if (g_ascii_strcasecmp(name, sev_names[i]) == 0) {
			*out = (AnalysisSeverity)i;
			return true;
		}
	return false;
}

bool
analysis_category_parse(const char *name, AnalysisCategory *out)
{
	for (int i = 0; name && i < ANALYSIS_CAT__COUNT; i++)
		if (g_ascii_strcasecmp(name, cat_names[i]) == 0) {
			*out = (AnalysisCategory)i;
			return true;
		}
	return false;
}

/* ---- files ------------------------------------------------------------------------------ */

static void
finding_free(gpointer p)
{
	AnalysisFinding *f = p;
	g_free(f->message);
	g_free(f->excerpt);
	g_free(f->owned_rule);
	g_free(f->owned_hint);
	g_free(f);
}

static AnalysisFile *
file_new(const char *path, const char *rel)
{
	AnalysisFile *f = g_new0(AnalysisFile, 1);
	f->path = g_strdup(path);
	f->rel = g_strdup(rel ? rel : path);
	f->findings = g_ptr_array_new_with_free_func(finding_free);
	return f;
}

void
analysis_file_free(AnalysisFile *f)
{
	if (f == NULL)
		return;
	g_free(f->path);
	g_free(f->rel);
	g_free(f->error);
	g_ptr_array_unref(f->findings);
	if (f->functions) {
		for (guint i = 0; i < f->functions->len; i++)
			g_free(g_array_index(f->functions, AnalysisFunction, i).name);
		g_array_free(f->functions, TRUE);
	}
	if (f->text)
		g_bytes_unref(f->text);
	g_free(f);
}

void
analysis_results_free(AnalysisResults *r)
{
	if (r == NULL)
		return;
	g_ptr_array_unref(r->files);
	g_ptr_array_unref(r->warnings);
	g_ptr_array_unref(r->tool_rules);
	g_free(r->root);
	g_free(r);
}

/* Directories skipped when no git work tree says what is ignored. */
static const char *const builtin_dirs[] = {
	".git", ".hg", ".svn", ".bzr", "node_modules", "bower_components", "build", "dist",
	"vendor", "third_party", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache",
	".pytest_cache", "target", "_build", "autom4te.cache", ".cache", ".idea", ".vscode", NULL,
};

static bool
builtin_excluded_dir(const char *name)
{
	for (int i = 0; builtin_dirs[i]; i++)
		if (strcmp(name, builtin_dirs[i]) == 0)
			return true;
	return false;
}

static bool
excluded(const CheckProfile *p, const char *path)
{
	for (guint i = 0; i < p->exclude->len; i++) {
		GPatternSpec *ps = p->exclude->pdata[i];
		if (g_pattern_spec_match_string(ps, path))
			return true;
		/* a pattern also matches any trailing part of the path (vendor/x.c in src/vendor/x.c) */
		for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/'))
			if (g_pattern_spec_match_string(ps, s + 1))
				return true;
	}
	return false;
}

static bool
interesting_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (g_str_has_suffix(name, ".min.js"))
		return false;
	/* known extension, or none at all (a script with a shebang) */
	return lang_from_path(name) != LANG_NONE || dot == NULL || dot == name;
}

typedef struct {
	GPtrArray *files;  /* AnalysisFile * */
	GHashTable *seen;  /* display paths */
	const CheckProfile *p;
} Walk;

static char *
join(const char *dir, const char *name)
{
	if (strcmp(dir, ".") == 0 || strcmp(dir, "./") == 0)
		return g_strdup(name);
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return g_strdup_printf("%.*s/%s", (int)n, dir, name);
}

static void
add_file(Walk *w, const char *display)
{
	if (g_hash_table_contains(w->seen, display) || excluded(w->p, display))
		return;
	g_hash_table_add(w->seen, g_strdup(display));
	g_ptr_array_add(w->files, file_new(display, NULL));
}

/* What a directory entry is, from readdir()'s d_type where the file system gives it (no
 * lstat() per entry) and from lstat() otherwise: 'd' directory, 'f' regular file (or a
 * symbolic link to one), 0 anything else, a symbolic link to a directory included (no
 * loops). */
static char
entry_type(const struct dirent *de, const char *path)
{
	struct stat st;
#ifdef _DIRENT_HAVE_D_TYPE
	if (de->d_type == DT_REG)
		return 'f';
	if (de->d_type == DT_DIR)
		return 'd';
	if (de->d_type != DT_UNKNOWN && de->d_type != DT_LNK)
		return 0;
#endif
	if (lstat(path, &st) != 0)
		return 0;
	if (S_ISLNK(st.st_mode) && (stat(path, &st) != 0 || S_ISDIR(st.st_mode)))
		return 0;
	return S_ISDIR(st.st_mode) ? 'd' : S_ISREG(st.st_mode) ? 'f' : 0;
}

typedef struct {
	char *name;
#ifdef _DIRENT_HAVE_D_TYPE
	unsigned char type;
#endif
} Entry;

static void
walk_dir(Walk *w, const char *dir, int depth)
{
	if (depth > 64)
		return;
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	/* read them all first: the directory is not held open while we recurse */
	GArray *entries = g_array_new(FALSE, FALSE, sizeof(Entry));
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		Entry e = { .name = g_strdup(de->d_name) };
#ifdef _DIRENT_HAVE_D_TYPE
		e.type = de->d_type;
#endif
		g_array_append_val(entries, e);
	}
	closedir(d);
	for (guint i = 0; i < entries->len; i++) {
		Entry *e = &g_array_index(entries, Entry, i);
		struct dirent fake = { 0 };
#ifdef _DIRENT_HAVE_D_TYPE
		fake.d_type = e->type;
		/* a regular file of no interest needs no path, let alone a stat */
		if (e->type == DT_REG && !interesting_name(e->name))
			continue;
#endif
		g_autofree char *path = join(dir, e->name);
		char type = entry_type(&fake, path);
		if (type == 'd') {
			if (!builtin_excluded_dir(e->name) && !excluded(w->p, path))
				walk_dir(w, path, depth + 1);
		} else if (type == 'f' && interesting_name(e->name)) {
			add_file(w, path);
		}
	}
	for (guint i = 0; i < entries->len; i++)
		g_free(g_array_index(entries, Entry, i).name);
	g_array_free(entries, TRUE);
}

/* Inside a git work tree?  Looks for .git upwards (cheaper than running git). */
static bool
in_git_tree(const char *dir)
{
	g_autofree char *abs = g_canonicalize_filename(dir, NULL);
	for (char *p = abs; p && *p;) {
		g_autofree char *git = g_build_filename(p, ".git", NULL);
		if (g_file_test(git, G_FILE_TEST_EXISTS))
			return true;
		char *slash = strrchr(p, '/');
		if (slash == NULL || slash == p)
			break;
		*slash = '\0';
	}
	return false;
}

static bool
git_files(Walk *w, const char *dir)
{
	g_autofree char *git = g_find_program_in_path("git");
	if (git == NULL)
		return false;
	const char *argv[] = { git, "-C", dir, "ls-files", "-z", "--cached", "--others",
			       "--exclude-standard", NULL };
	g_autofree char *out = NULL;
	gint status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
			  NULL, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL))
		return false;
	/* A directory the user named that git itself ignores (a build or unpacked-release
	 * directory inside a repository): git lists nothing, yet the user asked for it, so
	 * fall back to walking it with the built-in excludes. */
	if (out == NULL || *out == '\0') {
		const char *ci[] = { git, "-C", dir, "check-ignore", "-q", ".", NULL };
		if (g_spawn_sync(NULL, (char **)ci, NULL,
				 G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
				 NULL, NULL, &status, NULL) &&
		    g_spawn_check_wait_status(status, NULL))
			return false;
	}
	/* NUL-separated, sorted by git; deleted files are still listed, so check they exist */
	for (const char *p = out; p && *p; p += strlen(p) + 1) {
		const char *base = strrchr(p, '/');
		if (!interesting_name(base ? base + 1 : p))
			continue;
		g_autofree char *path = join(dir, p);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			add_file(w, path);
	}
	return true;
}

static char *
normalise(const char *path)
{
	char *s = g_strdup(path);
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	while (g_str_has_prefix(s, "./") && s[2] != '\0')
		memmove(s, s + 2, strlen(s + 2) + 1);
	return s;
}

static bool
collect(const char *const *paths, const CheckProfile *p, GPtrArray *files, AurError **err)
{
	Walk w = { files, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), p };
	bool ok = true;
	for (int i = 0; paths[i] && ok; i++) {
		if (strcmp(paths[i], "-") == 0)
			continue;
		g_autofree char *path = normalise(paths[i]);
		struct stat st;
		if (stat(path, &st) != 0) {
			aur_error_set(err, errno == ENOENT || errno == ENOTDIR ? AUR_ERR_NOT_FOUND : AUR_ERR_IO,
				      "Check the path; `aurelis analyze` with no path analyses the current directory.",
				      "%s: %s", path, g_strerror(errno));
			ok = false;
		} else if (S_ISDIR(st.st_mode)) {
			if (!(in_git_tree(path) && git_files(&w, path)))
				walk_dir(&w, path, 0);
		} else if (!g_hash_table_contains(w.seen, path)) {
			g_hash_table_add(w.seen, g_strdup(path));
			g_ptr_array_add(files, file_new(path, NULL)); /* named files are always read */
		}
	}
	g_hash_table_destroy(w.seen);
	return ok;
}

/* The scan root: the working directory if every path is under it, else their common
 * parent directory.  SARIF URIs are relative to it. */
static char *
scan_root(const char *const *paths)
{
	g_autofree char *cwd = g_get_current_dir();
	char *common = NULL;
	bool under_cwd = true;
	for (int i = 0; paths[i]; i++) {
		if (strcmp(paths[i], "-") == 0)
			continue;
		g_autofree char *abs = g_canonicalize_filename(paths[i], cwd);
		if (!(g_str_has_prefix(abs, cwd) && (abs[strlen(cwd)] == '/' || abs[strlen(cwd)] == '\0')))
			under_cwd = false;
		struct stat st;
		g_autofree char *dir = (stat(abs, &st) == 0 && S_ISDIR(st.st_mode)) ? g_strdup(abs) : g_path_get_dirname(abs);
		if (common == NULL) {
			common = g_strdup(dir);
			continue;
		}
		size_t k = 0;
		while (common[k] && common[k] == dir[k])
			k++;
		if (!(common[k] == '\0' && (dir[k] == '/' || dir[k] == '\0'))) {
			while (k > 0 && common[k] != '/')
				k--;
			common[k > 0 ? k : 1] = '\0';
		}
	}
	if (under_cwd || common == NULL) {
		g_free(common);
		return g_strdup(cwd);
	}
	return common;
}

/* cwd: the working directory, asked once per run (g_get_current_dir() stats twice) */
static char *
relative_to(const char *root, const char *cwd, const char *path)
{
	g_autofree char *abs = g_canonicalize_filename(path, cwd);
	size_t n = strlen(root);
	if (strcmp(root, "/") == 0)
		return g_strdup(abs + 1);
	if (strncmp(abs, root, n) == 0 && abs[n] == '/')
		return g_strdup(abs + n + 1);
	return g_strdup(path);
}

/* ---- analysing one file ----------------------------------------------------------------- */

static bool
is_binary(const char *buf, size_t len)
{
	return memchr(buf, '\0', len < 8000 ? len : 8000) != NULL;
}

static void
analyse_text(const CheckProfile *p, AnalysisFile *f, const char *buf, size_t len, LangId lang,
	     CheckScratch *scratch)
{
	f->lang = lang != LANG_NONE ? lang : lang_detect(f->path, buf, len);
	if (f->lang == LANG_NONE) {
		f->status = ANALYSIS_FILE_SKIPPED_LANGUAGE;
		return;
	}
	if (is_binary(buf, len)) {
		f->status = ANALYSIS_FILE_SKIPPED_BINARY;
		return;
	}
	f->status = ANALYSIS_FILE_ANALYSED;
	if (p->keep_text)
		f->text = g_bytes_new(buf, len);
	check_buffer(p, f, buf, len, scratch);
}

/* Read the file into the scratch buffer: one read() for a regular file whose size fstat()
 * told, more for anything longer (a file growing meanwhile, a pipe).  Returns the length
 * (past max when there is more than max), or -1 with errno set. */
static int64_t
read_file(int fd, int64_t size, int64_t max, CheckScratch *sc)
{
	size_t len = 0, want = (size_t)size;
	for (;;) {
		if (sc->buf_size < len + want + 2) {
			size_t n = len + want + 2 + sc->buf_size / 2;
			if (len == 0) { /* nothing to keep: no copy */
				g_free(sc->buf);
				sc->buf = g_malloc(n);
			} else {
				sc->buf = g_realloc(sc->buf, n);
			}
			sc->buf_size = n;
		}
		ssize_t r = read(fd, sc->buf + len, sc->buf_size - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		len += (size_t)r;
		/* the size fstat() gave is all there is unless the file grew meanwhile */
		if (r == 0 || (size > 0 && len == (size_t)size) || (int64_t)len > max)
			return (int64_t)len;
		if (len == sc->buf_size - 1)
			want = len;
	}
}

static void
analyse_path(const CheckProfile *p, AnalysisFile *f, CheckScratch *sc)
{
	int fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		f->status = ANALYSIS_FILE_UNREADABLE;
		f->error = g_strdup(g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	if (st.st_size > p->max_file_size) {
		f->status = ANALYSIS_FILE_SKIPPED_SIZE;
		close(fd);
		return;
	}
	int64_t len = read_file(fd, st.st_size, p->max_file_size, sc);
	int saved = errno;
	close(fd);
	if (len < 0) {
		f->status = ANALYSIS_FILE_UNREADABLE;
		f->error = g_strdup(g_strerror(saved));
	} else if (len > p->max_file_size) {
		f->status = ANALYSIS_FILE_SKIPPED_SIZE;
	} else {
		/* a NUL after the text, as a fresh allocation would not promise: strtol() on a
		 * number at the very end stops there, not in the previous file's bytes */
		sc->buf[len] = '\0';
		analyse_text(p, f, sc->buf, (size_t)len, LANG_NONE, sc);
	}
}

typedef struct {
	GPtrArray *files;
	gint next;
	const CheckProfile *p;
	volatile gint *cancel;
} Job;

static void
worker(gpointer data, gpointer user)
{
	Job *j = user;
	CheckScratch *sc = check_scratch_new();
	for (;;) {
		if (j->cancel && g_atomic_int_get(j->cancel))
			break;
		gint i = g_atomic_int_add(&j->next, 1);
		if (i >= (gint)j->files->len)
			break;
		AnalysisFile *f = j->files->pdata[i];
		if (f->status == ANALYSIS_FILE_ANALYSED && f->lang == LANG_NONE && f->error == NULL)
			analyse_path(j->p, f, sc);
	}
	check_scratch_free(sc);
}

static int
cmp_files(gconstpointer a, gconstpointer b)
{
	const AnalysisFile *x = *(AnalysisFile *const *)a, *y = *(AnalysisFile *const *)b;
	return strcmp(x->path, y->path);
}

/* ---- public entry points ---------------------------------------------------------------- */

bool
analysis_options_check(const AnalysisOptions *opts, AurError **err)
{
	CheckProfile *p = check_profile_new(opts, NULL, err);
	if (p == NULL)
		return false;
	check_profile_free(p);
	return external_check_names(opts->tools, err);
}

static bool
read_stdin(const CheckProfile *p, const AnalysisOptions *opts, GPtrArray *files, AurError **err)
{
	GByteArray *b = g_byte_array_new();
	guint8 chunk[65536];
	ssize_t r;
	while ((r = read(0, chunk, sizeof chunk)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (int64_t)b->len > p->max_file_size) {
			g_byte_array_unref(b);
			aur_error_set(err, AUR_ERR_INPUT, "Pass a smaller input or raise analysis.max_file_size.",
				      "standard input is unreadable or larger than analysis.max_file_size");
			return false;
		}
		g_byte_array_append(b, chunk, (guint)r);
	}
	const char *name = opts->stdin_name ? opts->stdin_name : "<stdin>";
	LangId lang = opts->stdin_lang != LANG_NONE ? opts->stdin_lang
						    : lang_detect(name, (const char *)b->data, b->len);
	if (lang == LANG_NONE) {
		g_byte_array_unref(b);
		aur_error_set(err, AUR_ERR_USAGE, "Say which with --lang c|cpp|python|javascript|typescript|shell.",
			      "cannot tell the language of standard input");
		return false;
	}
	AnalysisFile *f = file_new(name, name);
	analyse_text(p, f, (const char *)b->data, b->len, lang, NULL);
	g_ptr_array_add(files, f);
	g_byte_array_unref(b);
	return true;
}

static void
tally(AnalysisResults *r)
{
	r->analysed = r->skipped = r->unreadable = r->findings = 0;
	r->lines = 0;
	memset(r->by_severity, 0, sizeof r->by_severity);
	memset(r->by_category, 0, sizeof r->by_category);
	for (guint i = 0; i < r->files->len; i++) {
		const AnalysisFile *f = r->files->pdata[i];
		if (f->status == ANALYSIS_FILE_ANALYSED) {
			r->analysed++;
			r->lines += f->metrics.lines;
		} else if (f->status == ANALYSIS_FILE_UNREADABLE) {
			r->unreadable++;
		} else {
			r->skipped++;
		}
		for (guint k = 0; k < f->findings->len; k++) {
			const AnalysisFinding *x = f->findings->pdata[k];
			r->findings++;
			r->by_severity[x->severity]++;
			r->by_category[x->category]++;
		}
	}
}

bool
analysis_run(const char *const *paths, const AnalysisOptions *opts, AnalysisResults **out,
	     AurError **err)
{
	static const char *const dot[] = { ".", NULL };
	if (paths == NULL || paths[0] == NULL)
		paths = dot;
	int64_t t0 = g_get_monotonic_time();
	AnalysisResults *r = g_new0(AnalysisResults, 1);
	r->files = g_ptr_array_new_with_free_func((GDestroyNotify)analysis_file_free);
	r->warnings = g_ptr_array_new_with_free_func(g_free);
	r->tool_rules = g_ptr_array_new_with_free_func(g_free);
	CheckProfile *p = check_profile_new(opts, r->warnings, err);
	if (p == NULL || !external_check_names(opts->tools, err) || !collect(paths, p, r->files, err)) {
		check_profile_free(p);
		analysis_results_free(r);
		return false;
	}
	r->root = scan_root(paths);
	g_ptr_array_sort(r->files, cmp_files);
	g_autofree char *cwd = g_get_current_dir();
	for (guint i = 0; i < r->files->len; i++) {
		AnalysisFile *f = r->files->pdata[i];
		g_free(f->rel);
		f->rel = relative_to(r->root, cwd, f->path);
	}
	Job job = { r->files, 0, p, opts->cancel };
	int jobs = opts->jobs > 0 ? opts->jobs : (int)g_get_num_processors();
	if (jobs > (int)r->files->len)
		jobs = r->files->len > 0 ? (int)r->files->len : 1;
	if (jobs <= 1) {
		worker(NULL, &job);
	} else {
		GThreadPool *pool = g_thread_pool_new(worker, &job, jobs, TRUE, NULL);
		for (int i = 0; i < jobs; i++)
			g_thread_pool_push(pool, GINT_TO_POINTER(i + 1), NULL);
		g_thread_pool_free(pool, FALSE, TRUE);
	}
	for (int i = 0; paths[i]; i++)
		if (strcmp(paths[i], "-") == 0 && !read_stdin(p, opts, r->files, err)) {
			check_profile_free(p);
			analysis_results_free(r);
			return false;
		}
	/* files of no language we know were only candidates (extensionless, no shebang) */
	for (guint i = r->files->len; i > 0; i--) {
		const AnalysisFile *f = r->files->pdata[i - 1];
		if (f->status == ANALYSIS_FILE_SKIPPED_LANGUAGE)
			g_ptr_array_remove_index(r->files, i - 1);
	}
	if (opts->tools && opts->tools[0])
		external_run(opts->tools, r, p);
	check_profile_free(p);
	tally(r);
	r->elapsed_ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
	*out = r;
	return true;
}

AnalysisFile *
analysis_file_buffer(const char *path, const char *text, size_t len, LangId lang,
		     const AnalysisOptions *opts, AurError **err)
{
	AnalysisOptions o = *opts;
	CheckProfile *p = check_profile_new(&o, NULL, err);
	if (p == NULL)
		return NULL;
	AnalysisFile *f = file_new(path ? path : "<buffer>", NULL);
	analyse_text(p, f, text, len, lang, NULL);
	check_profile_free(p);
	return f;
}

bool
analysis_results_reach(const AnalysisResults *r, AnalysisSeverity sev)
{
	for (int s = sev; s < ANALYSIS_SEV__COUNT; s++)
		if (r->by_severity[s] > 0)
			return true;
	return false;
}

/* ---- findings from elsewhere ------------------------------------------------------------ */

AnalysisResults *
analysis_results_new(const char *root)
{
	AnalysisResults *r = g_new0(AnalysisResults, 1);
	r->files = g_ptr_array_new_with_free_func((GDestroyNotify)analysis_file_free);
	r->warnings = g_ptr_array_new_with_free_func(g_free);
	r->tool_rules = g_ptr_array_new_with_free_func(g_free);
	r->root = root ? g_strdup(root) : g_get_current_dir();
	return r;
}

AnalysisFile *
analysis_results_file(AnalysisResults *r, const char *path)
{
	for (guint i = 0; i < r->files->len; i++) {
		AnalysisFile *f = r->files->pdata[i];
		if (strcmp(f->path, path) == 0)
			return f;
	}
	AnalysisFile *f = file_new(path, path);
	f->lang = lang_from_path(path);
	f->status = ANALYSIS_FILE_ANALYSED;
	g_ptr_array_add(r->files, f);
	g_ptr_array_sort(r->files, cmp_files);
	return f;
}

/* Does x say again what e says?  Models restate static findings in their own words, so
 * the test is the place and the kind of problem, not the text. */
static bool
repeats(const AnalysisFinding *e, const AnalysisExtraFinding *x, uint32_t end)
{
	uint32_t e_end = e->end_line >= e->line ? e->end_line : e->line;
	if (x->line > e_end + 1 || e->line > end + 1)
		return false;
	return e->category == x->category || strcmp(e->rule, x->rule) == 0 ||
	       (e->cwe > 0 && e->cwe == x->cwe);
}

char *
analysis_line_text(const char *text, size_t len, uint32_t line)
{
	const char *p = text, *end = text + len;
	for (uint32_t l = 1; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	if (p >= end)
		return NULL;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return g_utf8_make_valid(p, (gssize)MIN(n, 400));
}

void
analysis_results_note_rule(AnalysisResults *r, const char *source, const char *rule)
{
	g_autofree char *rid = g_strdup_printf("%s/%s", source, rule);
	for (guint i = 0; i < r->tool_rules->len; i++)
		if (strcmp(r->tool_rules->pdata[i], rid) == 0)
			return;
	g_ptr_array_add(r->tool_rules, g_steal_pointer(&rid));
}

bool
analysis_results_add(AnalysisResults *r, AnalysisFile *f, const AnalysisExtraFinding *x,
		     const char *source, const char *text, size_t len)
{
	uint32_t end = x->end_line >= x->line ? x->end_line : x->line;
	for (guint i = 0; i < f->findings->len; i++)
		if (repeats(f->findings->pdata[i], x, end))
			return false;
	AnalysisFinding *n = g_new0(AnalysisFinding, 1);
	n->owned_rule = g_utf8_make_valid(x->rule, -1);
	n->rule = n->owned_rule;
	n->severity = x->severity;
	n->category = x->category;
	n->cwe = x->cwe;
	n->message = g_utf8_make_valid(x->message, -1);
	n->owned_hint = x->hint ? g_utf8_make_valid(x->hint, -1) : NULL;
	n->hint = n->owned_hint;
	n->file = f->path;
	n->line = x->line;
	n->column = x->column ? x->column : 1;
	n->end_line = end;
	n->end_column = x->end_column ? x->end_column : n->column;
	n->source = source;
	n->excerpt = text ? analysis_line_text(text, len, x->line) : NULL;
	if (x->column == 0 && n->excerpt != NULL) /* point at the code, not the indentation */
		n->column = n->end_column = 1 + (uint32_t)g_utf8_pointer_to_offset(
			n->excerpt, n->excerpt + strspn(n->excerpt, " \t"));
	g_ptr_array_add(f->findings, n);
	analysis_results_note_rule(r, source, n->rule);
	return true;
}

static int
cmp_findings(gconstpointer a, gconstpointer b)
{
	const AnalysisFinding *x = *(AnalysisFinding *const *)a, *y = *(AnalysisFinding *const *)b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

void
analysis_results_sort(AnalysisResults *r)
{
	for (guint i = 0; i < r->files->len; i++)
		g_ptr_array_sort(((AnalysisFile *)r->files->pdata[i])->findings, cmp_findings);
}

void
analysis_results_retally(AnalysisResults *r)
{
	analysis_results_sort(r);
	tally(r);
}
