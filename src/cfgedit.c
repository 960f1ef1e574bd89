/* SPDX-License-Identifier: MIT */
/* Edit one key of a YAML configuration file in place, keeping comments and layout. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cfgedit.h"
#include "config.h"
#include "fsutil.h"

#define NEW_FILE_HEADER "# Aurelis configuration: every key is described in aurelis.yaml(5).\n"

/*
 * libyaml gives every node its byte offsets in the source, so a value can be replaced or a
 * key removed by splicing the original text instead of re-serialising the whole document
 * (which would drop every comment).  Only block mappings are edited; a flow mapping
 * ({a: 1}) on the path is reported so the user can edit it by hand.
 */

typedef struct {
	yaml_document_t doc;
	bool loaded;
} Doc;

static bool
doc_load(Doc *d, const char *text, size_t len, const char *name, AurError **err)
{
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	d->loaded = yaml_parser_load(&p, &d->doc) != 0;
	if (!d->loaded)
		aur_error_set(err, AUR_ERR_CONFIG, "Fix the file by hand first; nothing was changed.",
			      "%s:%zu:%zu: %s", name, p.problem_mark.line + 1, p.problem_mark.column + 1,
			      p.problem ? p.problem : "invalid YAML");
	yaml_parser_delete(&p);
	return d->loaded;
}

static void
doc_free(Doc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
}

static bool
is_empty_node(const yaml_node_t *n)
{
	return n == NULL || (n->type == YAML_SCALAR_NODE && n->data.scalar.length == 0 &&
			     n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
}

/* Find the pair for key in mapping m; NULL when absent. */
static yaml_node_pair_t *
find_pair(yaml_document_t *doc, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *found = NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
			found = p; /* the last duplicate is the one that counts */
	}
	return found;
}

/* End of the text belonging to a value: its end mark, minus trailing blanks and newlines
 * that libyaml counts into block collections. */
static size_t
value_end(const char *text, const yaml_node_t *v)
{
	size_t end = v->end_mark.index;
	size_t start = v->start_mark.index;
	while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\n' ||
			       text[end - 1] == '\r' || text[end - 1] == '\t'))
		end--;
	return end;
}

static size_t
line_start(const char *text, size_t pos)
{
	while (pos > 0 && text[pos - 1] != '\n')
		pos--;
	return pos;
}

static size_t
line_end_incl(const char *text, size_t len, size_t pos)
{
	while (pos < len && text[pos] != '\n')
		pos++;
	return pos < len ? pos + 1 : pos;
}

static char *
splice(const char *text, size_t len, size_t from, size_t to, const char *with)
{
	GString *s = g_string_sized_new(len + strlen(with));
	g_string_append_len(s, text, (gssize)from);
	g_string_append(s, with);
	g_string_append_len(s, text + to, (gssize)(len - to));
	return g_string_free(s, FALSE);
}

/* Lines "k1:\n  k2:\n    k3: value\n" at the given indentation. */
static char *
nested_block(char **comps, size_t n, size_t indent, const char *value)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < indent + 2 * i; j++)
			g_string_append_c(s, ' ');
		g_string_append(s, comps[i]);
		g_string_append_c(s, ':');
		if (i + 1 == n)
			g_string_append_printf(s, " %s", value);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

char *
cfgedit_set(const char *text, const char *name, const char *key, const char *yaml_value,
	    AurError **err)
{
	size_t len = strlen(text);
	g_auto(GStrv) comps = config_split_key(key);
	size_t n = g_strv_length(comps);
	Doc d = { 0 };
	if (!doc_load(&d, text, len, name, err))
		return NULL;
	char *result = NULL;
	yaml_node_t *node = yaml_document_get_root_node(&d.doc);
	if (is_empty_node(node)) {
		/* Empty or comment-only file: append the whole path at the end. */
		g_autofree char *block = nested_block(comps, n, 0, yaml_value);
		const char *sep = len > 0 && text[len - 1] != '\n' ? "\n" : "";
		result = g_strconcat(text, sep, block, NULL);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (node->type != YAML_MAPPING_NODE ||
		    node->data.mapping.style == YAML_FLOW_MAPPING_STYLE) {
			g_autofree char *prefix = g_strjoinv(".", (char **)comps); /* whole key */
			aur_error_set(err, AUR_ERR_CONFIG, "Edit this part of the file by hand; nothing was changed.",
				      "%s:%zu:%zu: cannot set %s here: the value on its path is not a block mapping",
				      name, node->start_mark.line + 1, node->start_mark.column + 1, prefix);
			goto out;
		}
		yaml_node_pair_t *pair = find_pair(&d.doc, node, comps[i]);
		if (pair == NULL) {
			/* Insert the rest of the path after the mapping's last entry. */
			yaml_node_pair_t *last = node->data.mapping.pairs.top - 1;
			yaml_node_t *lk = yaml_document_get_node(&d.doc, last->key);
			yaml_node_t *lv = yaml_document_get_node(&d.doc, last->value);
			size_t indent = lk->start_mark.column;
			size_t at = line_end_incl(text, len, value_end(text, lv));
			g_autofree char *block = nested_block(comps + i, n - i, indent, yaml_value);
			if (at == len && len > 0 && text[len - 1] != '\n') {
				g_autofree char *nl = g_strconcat("\n", block, NULL);
				result = splice(text, len, at, at, nl);
			} else {
				result = splice(text, len, at, at, block);
			}
			goto out;
		}
		yaml_node_t *k = yaml_document_get_node(&d.doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(&d.doc, pair->value);
		if (i + 1 < n && !is_empty_node(v)) {
			node = v;
			continue;
		}
		/* Replace everything after the key's colon up to the end of the value. */
		size_t colon = k->end_mark.index;
		while (colon < len && text[colon] != ':')
			colon++;
		size_t vend = is_empty_node(v) ? colon + 1 : value_end(text, v);
		if (vend < colon + 1)
			vend = colon + 1;
		if (i + 1 < n) {
			/* "parent:" with nothing under it: put the rest of the path below. */
			g_autofree char *block = nested_block(comps + i + 1, n - i - 1,
							      k->start_mark.column + 2, yaml_value);
			g_autofree char *with = g_strconcat("\n", block, NULL);
			if (with[strlen(with) - 1] == '\n')
				with[strlen(with) - 1] = '\0';
			result = splice(text, len, colon + 1, vend, with);
		} else {
			g_autofree char *with = g_strconcat(" ", yaml_value, NULL);
			result = splice(text, len, colon + 1, vend, with);
		}
		goto out;
	}
out:
	doc_free(&d);
	return result;
}

char *
cfgedit_unset(const char *text, const char *name, const char *key, bool *found, AurError **err)
{
	size_t len = strlen(text);
	g_auto(GStrv) comps = config_split_key(key);
	size_t n = g_strv_length(comps);
	*found = false;
	Doc d = { 0 };
	if (!doc_load(&d, text, len, name, err))
		return NULL;
	char *result = NULL;
	yaml_node_t *node = yaml_document_get_root_node(&d.doc);
	/* Remember each level so that parents left empty can go too. */
	yaml_node_t *keys[64], *vals[64];
	size_t depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (i >= G_N_ELEMENTS(keys) || is_empty_node(node) || node->type != YAML_MAPPING_NODE)
			goto out_same;
		if (node->data.mapping.style == YAML_FLOW_MAPPING_STYLE) {
			aur_error_set(err, AUR_ERR_CONFIG, "Edit this part of the file by hand; nothing was changed.",
				      "%s:%zu:%zu: cannot remove %s from a flow mapping", name,
				      node->start_mark.line + 1, node->start_mark.column + 1, key);
			goto out;
		}
		yaml_node_pair_t *pair = find_pair(&d.doc, node, comps[i]);
		if (pair == NULL)
			goto out_same;
		keys[depth] = yaml_document_get_node(&d.doc, pair->key);
		node = vals[depth] = yaml_document_get_node(&d.doc, pair->value);
		depth++;
	}
	*found = true;
	{
		/* Remove from the start of the key's line to the end of the value's line; walk
		 * outwards while a parent would be left with nothing under it. */
		size_t from = line_start(text, keys[depth - 1]->start_mark.index);
		size_t to = line_end_incl(text, len, value_end(text, node));
		for (size_t lvl = depth - 1; lvl > 0; lvl--) {
			yaml_node_t *parent = vals[lvl - 1];
			if (parent->data.mapping.pairs.top - parent->data.mapping.pairs.start != 1)
				break;
			from = line_start(text, keys[lvl - 1]->start_mark.index);
		}
		result = splice(text, len, from, to, "");
	}
	goto out;
out_same:
	result = g_strdup(text);
out:
	doc_free(&d);
	return result;
}

/* ---- files ------------------------------------------------------------------------------- */

char *
cfgedit_project_file(void)
{
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *dir = g_strdup(cwd);
	for (;;) {
		char *cand = g_build_filename(dir, ".aurelis.yaml", NULL);
		if (g_file_test(cand, G_FILE_TEST_EXISTS))
			return cand;
		g_free(cand);
		g_autofree char *git = g_build_filename(dir, ".git", NULL);
		g_autofree char *parent = g_path_get_dirname(dir);
		if (g_file_test(git, G_FILE_TEST_EXISTS) || strcmp(parent, dir) == 0)
			break;
		g_free(dir);
		dir = g_steal_pointer(&parent);
	}
	return g_build_filename(cwd, ".aurelis.yaml", NULL);
}

char *
cfgedit_read_file(const char *path, AurError **err)
{
	AurError *e = NULL;
	char *text = fs_read_file(path, 1 << 20, NULL, &e);
	if (text != NULL)
		return text;
	if (e->category == AUR_ERR_NOT_FOUND) {
		aur_error_free(e);
		return g_strdup("");
	}
	*err = e;
	return NULL;
}

bool
cfgedit_commit(const char *path, const char *text, ConfigLayer layer, AurError **err)
{
	g_autoptr(AurConfig) check = config_new();
	if (!config_load_buffer(check, path, text, strlen(text), layer, err)) {
		aur_error_prefix(*err, "the edit would make the file invalid, so nothing was written");
		return false;
	}
	/* A file kept elsewhere and linked in (dotfiles) is edited where it lives: renaming
	 * over the link would replace it with a copy and leave the real file behind. */
	g_autofree char *real = g_file_test(path, G_FILE_TEST_IS_SYMLINK) ? realpath(path, NULL) : NULL;
	const char *target = real != NULL ? real : path;
	g_autofree char *dir = g_path_get_dirname(target);
	if (!fs_mkdir_p(dir, 0700, err))
		return false;
	return fs_write_atomic(target, text, strlen(text), 0600, err);
}

bool
cfgedit_update_file(const char *path, const char *key, const char *yaml_value, ConfigLayer layer,
		    AurError **err)
{
	g_autofree char *old = cfgedit_read_file(path, err);
	if (old == NULL)
		return false;
	if (*old == '\0') {
		g_free(old);
		old = g_strdup(NEW_FILE_HEADER);
	}
	g_autofree char *updated = cfgedit_set(old, path, key, yaml_value, err);
	return updated != NULL && cfgedit_commit(path, updated, layer, err);
}
