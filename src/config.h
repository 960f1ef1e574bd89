/* SPDX-License-Identifier: MIT */
/* Configuration: one schema, layered sources (defaults < system < user < project < env <
 * flags), validation with file:line:col, and typed getters. */
#ifndef AURELIS_CONFIG_H
#define AURELIS_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

typedef enum {
	CFG_STRING,
	CFG_PATH,     /* string; a leading ~/ is expanded by config_get_path() */
	CFG_URL,      /* http:// or https:// */
	CFG_INT,
	CFG_FLOAT,
	CFG_BOOL,
	CFG_ENUM,     /* one of info->choices ("a|b|c") */
	CFG_LIST,     /* list of strings */
	CFG_DURATION, /* seconds; "90", "5m", "1h", "1d" */
	CFG_SIZE,     /* bytes; "1048576", "512K", "100MiB" */
} ConfigType;

typedef enum {
	CFG_LAYER_DEFAULT,
	CFG_LAYER_SYSTEM,
	CFG_LAYER_USER,
	CFG_LAYER_PROJECT,
	CFG_LAYER_ENV,
	CFG_LAYER_FLAG,
} ConfigLayer;

/* Keys that a project file (.aurelis.yaml, which comes with a repository you may not
 * trust) cannot set: they could send your token elsewhere or write outside the project. */
#define CFG_TRUSTED 1u

typedef struct {
	const char *key;     /* may hold placeholders: <task>, <id>, <context>, <key>, <model> */
	ConfigType type;
	const char *def;     /* default, as text; NULL for none */
	double min, max;     /* numeric range when min < max */
	const char *choices; /* CFG_ENUM: "a|b|c" */
	unsigned flags;
	const char *doc;     /* one sentence for `config show --doc`, init and the man page */
} ConfigKeyInfo;

typedef struct {
	const ConfigKeyInfo *info;
	char *key;
	ConfigType type;
	char *text;          /* canonical text form (lists joined with ", ") */
	char *str;           /* CFG_STRING/PATH/URL/ENUM */
	int64_t num;         /* INT/DURATION/SIZE; BOOL as 0/1 */
	double dbl;          /* FLOAT */
	GPtrArray *list;     /* CFG_LIST: char * */
	ConfigLayer layer;
	char *file;          /* where it came from (file, "environment: X", "flag --x") */
	int line, col;       /* 1-based; 0 when not from a file */
} ConfigValue;

typedef struct AurConfig AurConfig;

typedef struct {
	const char *config_file;   /* --config FILE (replaces the user file) */
	const char *cwd;           /* where to start looking for .aurelis.yaml; NULL = getcwd */
	bool no_project;           /* skip .aurelis.yaml */
} ConfigLoadOptions;

/* Built-in defaults only.  Free with config_free(). */
AurConfig *config_new(void);
void config_free(AurConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AurConfig, config_free)

/* Load system, user and project files and the environment, in that order. */
bool config_load(AurConfig *cfg, const ConfigLoadOptions *opts, AurError **err);
/* Load one YAML file as the given layer.  A missing file is fine unless must_exist. */
bool config_load_file(AurConfig *cfg, const char *path, ConfigLayer layer, bool must_exist,
		      AurError **err);
/* Parse YAML text (name is used in messages).  Used by config_load_file, tests and fuzzing. */
bool config_load_buffer(AurConfig *cfg, const char *name, const char *buf, size_t len,
			ConfigLayer layer, AurError **err);
/* Set one key from text (environment, flags, `config set`), validating it. */
bool config_set_text(AurConfig *cfg, const char *key, const char *text, ConfigLayer layer,
		     const char *origin, AurError **err);

/* Typed getters: the value of an unknown or unset key is "", 0, false or an empty list. */
const ConfigValue *config_lookup(const AurConfig *cfg, const char *key);
const char *config_get_string(const AurConfig *cfg, const char *key);
char *config_get_path(const AurConfig *cfg, const char *key); /* ~ expanded; caller frees */
int64_t config_get_int(const AurConfig *cfg, const char *key);
double config_get_double(const AurConfig *cfg, const char *key);
bool config_get_bool(const AurConfig *cfg, const char *key);
/* NULL-terminated string vector; do not free. */
const char *const *config_get_list(const AurConfig *cfg, const char *key);
/* Every key that has a value, sorted; free the array (the strings belong to cfg). */
GPtrArray *config_keys(const AurConfig *cfg);
/* Keys with a value under prefix ("models.routes."), sorted. */
GPtrArray *config_keys_with_prefix(const AurConfig *cfg, const char *prefix);

/* Warnings collected while loading (unknown keys, unset ${VAR}s), in order. */
const GPtrArray *config_warnings(const AurConfig *cfg);
/* Files that were read, in order of precedence (lowest first). */
const GPtrArray *config_files(const AurConfig *cfg);

/* The schema. */
const ConfigKeyInfo *config_schema(size_t *count);
const ConfigKeyInfo *config_schema_find(const char *key);
/* Is key a section that holds keys ("cache", "analysis.rules", "ui.keys.chat")? */
bool config_schema_is_section(const char *key);
/* A dotted key's components, keeping a model id with dots ("models.limits.openai/gpt-4.1.rpm")
 * as one component.  Free with g_strfreev(). */
GStrv config_split_key(const char *key);
const char *config_type_name(ConfigType type);
const char *config_layer_name(ConfigLayer layer);
/* The routing tasks, NULL-terminated. */
const char *const *config_tasks(void);
/* Best "did you mean" for an unknown key, or NULL.  Caller frees. */
char *config_suggest_key(const char *key);

/* Validate text for key without storing it: on success the canonical YAML form for
 * writing to a file (caller frees). */
char *config_format_yaml_value(const char *key, const char *text, AurError **err);

/* Expand ${VAR} and ${VAR:-default}; "$${" is a literal "${".  Unset variables without a
 * default expand to "" and are added to *unset (if not NULL).  Caller frees. */
char *config_expand_env(const char *text, GPtrArray *unset);

#endif
