/* SPDX-License-Identifier: MIT */
/* The sessions directory: listing through a cached index, lookup by name or id, deletion. */
#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fsutil.h"
#include "log.h"
#include "session-index.h"
#include "session.h"
#include "util.h"

/*
 * Listing must stay fast with hundreds of sessions, but a session's name, model and turn
 * count can change anywhere in its file.  index.json caches them per session together with
 * the file's size, mtime and inode; an entry is used only while all three still match, so
 * the index is never the truth, only a shortcut.  Appends always grow a file, so a stale
 * entry cannot go unnoticed.  A missing or damaged index just means every session is
 * loaded once and the index written again (atomically; concurrent writers each write a
 * complete, valid file).
 */

#define INDEX_FILE "index.json"
#define INDEX_MAX ((size_t)64 << 20)
#define LOCK_FILE ".lock"
#define LOCK_WAIT_MS 5000

/* What identifies the version of a file the entry describes.  Nanosecond times and inode
 * numbers do not fit a JSON number (a double) exactly, so they are kept in pieces or as
 * text. */
typedef struct {
	SessionInfo info;
	int64_t size, mtime_s, mtime_ns;
	char *ino;
} IndexEntry;

void
session_info_free(SessionInfo *info)
{
	if (info == NULL)
		return;
	g_free(info->id);
	g_free(info->name);
	g_free(info->project);
	g_free(info->model);
	g_free(info->path);
	g_free(info);
}

SessionInfo *
session_info_copy(const SessionInfo *info)
{
	SessionInfo *c = g_new0(SessionInfo, 1);
	*c = *info;
	c->id = g_strdup(info->id);
	c->name = g_strdup(info->name);
	c->project = g_strdup(info->project);
	c->model = g_strdup(info->model);
	c->path = g_strdup(info->path);
	return c;
}

static void
entry_free(gpointer p)
{
	IndexEntry *e = p;
	g_free(e->info.id);
	g_free(e->info.name);
	g_free(e->info.project);
	g_free(e->info.model);
	g_free(e->info.path);
	g_free(e->ino);
	g_free(e);
}

static char *
ino_text(const struct stat *st)
{
	return g_strdup_printf("%" G_GUINT64_FORMAT, (guint64)st->st_ino);
}

/* ---- index.json ---------------------------------------------------------------------- */

static const char *
json_str(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(it) ? it->valuestring : NULL;
}

static int64_t
json_int(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble > 9e15)
		return -1;
	return (int64_t)it->valuedouble;
}

static IndexEntry *
entry_from_json(const cJSON *o)
{
	const char *id = json_str(o, "id"), *name = json_str(o, "name");
	int64_t turns = json_int(o, "turns");
	if (id == NULL || name == NULL || turns < 0 || turns > G_MAXUINT)
		return NULL;
	IndexEntry *e = g_new0(IndexEntry, 1);
	e->info.id = g_strdup(id);
	e->info.name = g_strdup(name);
	e->info.project = g_strdup(json_str(o, "project") ? json_str(o, "project") : "");
	e->info.model = g_strdup(json_str(o, "model"));
	e->info.turns = (guint)turns;
	e->info.created_ms = json_int(o, "created");
	e->info.last_ms = json_int(o, "last");
	e->size = json_int(o, "size");
	e->mtime_s = json_int(o, "mtime_s");
	e->mtime_ns = json_int(o, "mtime_ns");
	e->ino = g_strdup(json_str(o, "ino"));
	return e;
}

/* id -> IndexEntry; empty when the index is missing or unreadable. */
static GHashTable *
index_read(const char *dir)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, entry_free);
	g_autofree char *path = g_build_filename(dir, INDEX_FILE, NULL);
	g_autofree char *text = fs_read_file(path, INDEX_MAX, NULL, NULL);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "sessions");
	const cJSON *it = cJSON_IsArray(list) ? list->child : NULL;
	for (; it != NULL; it = it->next) {
		IndexEntry *e = entry_from_json(it);
		if (e != NULL)
			g_hash_table_replace(t, e->info.id, e);
	}
	cJSON_Delete(root);
	return t;
}

static cJSON *
entry_json(const IndexEntry *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", e->info.id);
	cJSON_AddStringToObject(o, "name", e->info.name);
	cJSON_AddStringToObject(o, "project", e->info.project);
	if (e->info.model != NULL)
		cJSON_AddStringToObject(o, "model", e->info.model);
	cJSON_AddNumberToObject(o, "turns", e->info.turns);
	cJSON_AddNumberToObject(o, "created", (double)e->info.created_ms);
	cJSON_AddNumberToObject(o, "last", (double)e->info.last_ms);
	cJSON_AddNumberToObject(o, "size", (double)e->size);
	cJSON_AddNumberToObject(o, "mtime_s", (double)e->mtime_s);
	cJSON_AddNumberToObject(o, "mtime_ns", (double)e->mtime_ns);
	cJSON_AddStringToObject(o, "ino", e->ino);
	return o;
}

/* Best effort: a failure only costs the next listing some time. */
static void
index_write(const char *dir, GPtrArray *entries)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "v", 1);
	cJSON *list = cJSON_AddArrayToObject(root, "sessions");
	for (guint i = 0; i < entries->len; i++)
		cJSON_AddItemToArray(list, entry_json(entries->pdata[i]));
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	g_autofree char *path = g_build_filename(dir, INDEX_FILE, NULL);
	AurError *e = NULL;
	if (!fs_write_atomic(path, text, strlen(text), 0600, &e)) {
		log_msg(LOG_WARN, "session_index", "%s", e->message);
		aur_error_free(e);
	}
	cJSON_free(text);
}

/* ---- listing ---------------------------------------------------------------------------- */

static IndexEntry *
entry_from_session(const Session *s, const struct stat *st)
{
	IndexEntry *e = g_new0(IndexEntry, 1);
	e->info.id = g_strdup(session_id(s));
	e->info.name = g_strdup(session_name(s));
	e->info.project = g_strdup(session_project(s));
	e->info.model = g_strdup(session_model(s));
	e->info.turns = session_n_turns(s);
	e->info.created_ms = session_created_ms(s);
	e->info.last_ms = session_updated_ms(s);
	e->size = st->st_size;
	e->mtime_s = st->st_mtim.tv_sec;
	e->mtime_ns = st->st_mtim.tv_nsec;
	e->ino = ino_text(st);
	return e;
}

static bool
entry_current(const IndexEntry *e, const struct stat *st)
{
	g_autofree char *ino = ino_text(st);
	return e != NULL && e->size == st->st_size && e->mtime_s == st->st_mtim.tv_sec &&
	       e->mtime_ns == st->st_mtim.tv_nsec && g_strcmp0(e->ino, ino) == 0;
}

/* The entry for one file: from the index when current, else by loading it.  Sets
 * *changed when the index needs writing.  NULL (with a problem noted) when unreadable. */
static IndexEntry *
entry_for(GHashTable *cached, const char *dir, const char *fname, GPtrArray *problems,
	  bool *changed)
{
	g_autofree char *path = g_build_filename(dir, fname, NULL);
	g_autofree char *id = g_strndup(fname, strlen(fname) - strlen(".jsonl"));
	struct stat st;
	if (stat(path, &st) != 0)
		return NULL; /* deleted while we looked */
	IndexEntry *e = g_hash_table_lookup(cached, id);
	if (entry_current(e, &st)) {
		g_hash_table_steal(cached, id);
	} else {
		AurError *err = NULL;
		Session *s = session_load_file(path, &err);
		if (s == NULL) {
			if (problems != NULL)
				g_ptr_array_add(problems, g_strdup(err->message));
			aur_error_free(err);
			return NULL;
		}
		e = entry_from_session(s, &st);
		session_free(s);
		*changed = true;
	}
	g_free(e->info.path);
	e->info.path = g_steal_pointer(&path);
	return e;
}

static gint
by_activity(gconstpointer a, gconstpointer b)
{
	const SessionInfo *x = *(SessionInfo *const *)a, *y = *(SessionInfo *const *)b;
	if (x->last_ms != y->last_ms)
		return x->last_ms > y->last_ms ? -1 : 1;
	return -g_strcmp0(x->id, y->id);
}

static GPtrArray *
scan_dir(const char *dir, GHashTable *cached, GPtrArray *problems, bool *changed,
	 AurError **err)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		int e = errno;
		aur_error_set(err, AUR_ERR_IO, "Check the permissions of the sessions directory.",
			      "cannot read %s: %s", dir, g_strerror(e));
		return NULL;
	}
	GPtrArray *entries = g_ptr_array_new_with_free_func(entry_free);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !g_str_has_suffix(de->d_name, ".jsonl"))
			continue;
		IndexEntry *e = entry_for(cached, dir, de->d_name, problems, changed);
		if (e != NULL)
			g_ptr_array_add(entries, e);
	}
	closedir(d);
	return entries;
}

GPtrArray *
session_index_list(GPtrArray *problems, AurError **err)
{
	g_autofree char *dir = session_dir(err);
	if (dir == NULL)
		return NULL;
	GHashTable *cached = index_read(dir);
	bool changed = false;
	GPtrArray *entries = scan_dir(dir, cached, problems, &changed, err);
	/* Entries left in the table belong to deleted sessions. */
	changed = changed || g_hash_table_size(cached) > 0;
	g_hash_table_destroy(cached);
	if (entries == NULL)
		return NULL;
	if (changed)
		index_write(dir, entries);
	GPtrArray *out = g_ptr_array_new_full(entries->len, (GDestroyNotify)session_info_free);
	for (guint i = 0; i < entries->len; i++)
		g_ptr_array_add(out, session_info_copy(&((IndexEntry *)entries->pdata[i])->info));
	g_ptr_array_unref(entries);
	g_ptr_array_sort(out, by_activity);
	return out;
}

/* ---- lookup ---------------------------------------------------------------------------- */

static SessionInfo *
ambiguous(const char *what, GPtrArray *hits, AurError **err)
{
	GString *ids = g_string_new(NULL);
	for (guint i = 0; i < hits->len && i < 5; i++) {
		const SessionInfo *x = hits->pdata[i];
		g_string_append_printf(ids, "%s%s (%s)", i ? ", " : "", x->id, x->name);
	}
	aur_error_set(err, AUR_ERR_USAGE, "Name the session by its full id.",
		      "'%s' matches %u sessions: %s", what, hits->len, ids->str);
	g_string_free(ids, TRUE);
	return NULL;
}

static SessionInfo *
not_found(const char *what, GPtrArray *all, AurError **err)
{
	if (all->len == 0) {
		aur_error_set(err, AUR_ERR_NOT_FOUND, "Start one with `aurelis shell`.",
			      "no session named '%s': there are no sessions yet", what);
		return NULL;
	}
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	for (guint i = 0; i < all->len; i++)
		g_ptr_array_add(names, ((SessionInfo *)all->pdata[i])->name);
	for (guint i = 0; i < all->len; i++)
		g_ptr_array_add(names, ((SessionInfo *)all->pdata[i])->id);
	g_ptr_array_add(names, NULL);
	const char *near = util_did_you_mean(what, (const char *const *)names->pdata);
	g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near)
				     : g_strdup("`aurelis session list` shows the sessions.");
	aur_error_set(err, AUR_ERR_NOT_FOUND, hint, "no session named '%s'", what);
	return NULL;
}

/* Sessions for which match(info, what) holds. */
static GPtrArray *
matching(GPtrArray *all, const char *what, bool (*match)(const SessionInfo *, const char *))
{
	GPtrArray *hits = g_ptr_array_new();
	for (guint i = 0; i < all->len; i++)
		if (match(all->pdata[i], what))
			g_ptr_array_add(hits, all->pdata[i]);
	return hits;
}

static bool match_id(const SessionInfo *x, const char *w) { return strcmp(x->id, w) == 0; }
static bool match_name(const SessionInfo *x, const char *w) { return strcmp(x->name, w) == 0; }
static bool
match_prefix(const SessionInfo *x, const char *w)
{
	return strlen(w) >= 4 && g_str_has_prefix(x->id, w);
}

SessionInfo *
session_index_resolve(const char *what, AurError **err)
{
	g_autoptr(GPtrArray) all = session_index_list(NULL, err);
	if (all == NULL)
		return NULL;
	static bool (*const matchers[])(const SessionInfo *, const char *) = {
		match_id, match_name, match_prefix,
	};
	for (size_t m = 0; m < G_N_ELEMENTS(matchers); m++) {
		g_autoptr(GPtrArray) hits = matching(all, what, matchers[m]);
		if (hits->len == 1)
			return session_info_copy(hits->pdata[0]);
		if (hits->len > 1)
			return ambiguous(what, hits, err);
	}
	return not_found(what, all, err);
}

SessionInfo *
session_index_last_for_project(const char *project, AurError **err)
{
	g_autoptr(GPtrArray) all = session_index_list(NULL, err);
	if (all == NULL)
		return NULL;
	for (guint i = 0; i < all->len; i++) {
		const SessionInfo *x = all->pdata[i];
		if (g_strcmp0(x->project, project) == 0)
			return session_info_copy(x);
	}
	return NULL;
}

bool
session_index_delete(const SessionInfo *info, AurError **err)
{
	int lock = session_index_lock(err);
	if (lock < 0)
		return false;
	bool ok = unlink(info->path) == 0;
	int e = errno;
	session_index_unlock(lock);
	if (!ok)
		aur_error_set(err, e == ENOENT ? AUR_ERR_NOT_FOUND : AUR_ERR_IO,
			      e == ENOENT ? "Another aurelis may have deleted it already."
					  : "Check the permissions of the sessions directory.",
			      "cannot delete session %s: %s", info->name, g_strerror(e));
	return ok;
}

/* ---- names ------------------------------------------------------------------------------ */

int
session_index_lock(AurError **err)
{
	g_autofree char *dir = session_dir(err);
	if (dir == NULL)
		return -1;
	g_autofree char *path = g_build_filename(dir, LOCK_FILE, NULL);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		int e = errno;
		aur_error_set(err, AUR_ERR_IO, "Check the permissions of the sessions directory.",
			      "cannot open %s: %s", path, g_strerror(e));
		return -1;
	}
	for (int waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited += 10) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= LOCK_WAIT_MS) {
			int e = errno;
			close(fd);
			aur_error_set(err, waited >= LOCK_WAIT_MS ? AUR_ERR_TIMEOUT : AUR_ERR_IO,
				      "Another aurelis process is holding it; try again.",
				      "cannot lock %s: %s", path,
				      waited >= LOCK_WAIT_MS ? "still locked" : g_strerror(e));
			return -1;
		}
		g_usleep(10000);
	}
	return fd;
}

void
session_index_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing drops the flock */
}

bool
session_index_name_free(const char *name, const char *except_id, AurError **err)
{
	g_autoptr(GPtrArray) all = session_index_list(NULL, err);
	if (all == NULL)
		return false;
	for (guint i = 0; i < all->len; i++) {
		const SessionInfo *x = all->pdata[i];
		if (strcmp(x->name, name) == 0 && g_strcmp0(x->id, except_id) != 0) {
			g_autofree char *hint = g_strdup_printf("Pick another name, or delete that "
								"one first (aurelis session delete %s).",
								name);
			aur_error_set(err, AUR_ERR_USAGE, hint, "a session named '%s' already exists "
				      "(%s)", name, x->id);
			return false;
		}
	}
	return true;
}

/* The project directory's base name, reduced to characters a name may hold. */
static char *
name_base(const char *project)
{
	g_autofree char *base = project && *project ? g_path_get_basename(project) : NULL;
	GString *out = g_string_new(NULL);
	for (const char *p = base ? base : ""; *p && out->len < 40; p++) {
		bool ok = g_ascii_isalnum(*p) || *p == '.' || *p == '_' || *p == '-';
		if (out->len == 0 && !g_ascii_isalnum(*p))
			continue;
		g_string_append_c(out, ok ? *p : '-');
	}
	if (out->len == 0)
		g_string_assign(out, "session");
	return g_string_free(out, FALSE);
}

char *
session_index_generate_name(const char *project, AurError **err)
{
	g_autoptr(GPtrArray) all = session_index_list(NULL, err);
	if (all == NULL)
		return NULL;
	g_autoptr(GHashTable) taken = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < all->len; i++)
		g_hash_table_add(taken, ((SessionInfo *)all->pdata[i])->name);
	g_autofree char *base = name_base(project);
	for (guint n = 1;; n++) {
		char *name = g_strdup_printf("%s-%u", base, n);
		if (!g_hash_table_contains(taken, name))
			return name;
		g_free(name);
	}
}
