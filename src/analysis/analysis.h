/* SPDX-License-Identifier: MIT */
/* Offline static analysis: rules over the lexers' tokens, run over files in parallel,
 * with findings the one-shot command, the full-screen interface and `fix` share. */
#ifndef AURELIS_ANALYSIS_H
#define AURELIS_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <glib.h>

#include "analysis/rules.h"
#include "config.h"
#include "error.h"
#include "lang/lang.h"

typedef enum {
	ANALYSIS_SEV_INFO,
	ANALYSIS_SEV_WARNING,
	ANALYSIS_SEV_ERROR,
	ANALYSIS_SEV__COUNT
} AnalysisSeverity;

typedef enum {
	ANALYSIS_CAT_SECURITY,
	ANALYSIS_CAT_CORRECTNESS,
	ANALYSIS_CAT_PERFORMANCE,
	ANALYSIS_CAT_COMPLEXITY,
	ANALYSIS_CAT_STYLE,
	ANALYSIS_CAT__COUNT
} AnalysisCategory;

typedef struct {
	AnalysisRuleId num;
	const char *id;        /* "c-gets" */
	unsigned langs;        /* LANG_BIT set */
	AnalysisCategory category;
	AnalysisSeverity severity; /* default */
	int cwe;               /* 0 when none applies */
	const char *message;   /* short description */
	const char *hint;      /* how to fix */
} AnalysisRule;

/* The table, in order; *count may be NULL. */
const AnalysisRule *analysis_rules(size_t *count);
const AnalysisRule *analysis_rule_find(const char *id);
const char *analysis_severity_name(AnalysisSeverity s);   /* "error" */
const char *analysis_category_name(AnalysisCategory c);   /* "security" */
/* "error" -> ERROR; returns false for anything else. */
bool analysis_severity_parse(const char *name, AnalysisSeverity *out);
bool analysis_category_parse(const char *name, AnalysisCategory *out);

typedef struct {
	const char *rule;        /* rule id, or the tool's code (e.g. "SC2086") */
	const AnalysisRule *def; /* NULL for findings from other tools */
	AnalysisSeverity severity;
	AnalysisCategory category;
	int cwe;                 /* 0 when none */
	char *message;           /* valid UTF-8 */
	const char *hint;        /* may be NULL */
	const char *file;        /* the file's display path (owned by the AnalysisFile) */
	uint32_t line, column;   /* 1-based; column counts characters */
	uint32_t end_line, end_column;
	char *excerpt;           /* the source line (valid UTF-8, tabs kept), may be NULL */
	const char *source;      /* "static", the tool's name, or "ai" */
	char *owned_rule;        /* storage for rule when it came from a tool */
	char *owned_hint;        /* storage for hint when it came from elsewhere */
} AnalysisFinding;

typedef enum {
	ANALYSIS_FILE_ANALYSED,
	ANALYSIS_FILE_SKIPPED_BINARY,
	ANALYSIS_FILE_SKIPPED_SIZE,
	ANALYSIS_FILE_SKIPPED_LANGUAGE,
	ANALYSIS_FILE_UNREADABLE,
} AnalysisFileStatus;

typedef struct {
	char *name;              /* function name, or "(anonymous)" */
	LangFunction f;
} AnalysisFunction;

typedef struct {
	char *path;              /* display path (relative to where the scan was asked) */
	char *rel;               /* path relative to the scan root (SARIF) */
	LangId lang;
	AnalysisFileStatus status;
	char *error;             /* why it could not be read, for UNREADABLE */
	GPtrArray *findings;     /* AnalysisFinding *, by line then column */
	LangFileMetrics metrics;
	GArray *functions;       /* AnalysisFunction, only with options.metrics */
	GBytes *text;            /* the text analysed, only with options.keep_text */
} AnalysisFile;

typedef struct {
	const AurConfig *cfg;            /* analysis.* keys; NULL for defaults */
	const char *const *rules;        /* --rules: ids or globs ("c-*"); NULL for all */
	const char *const *categories;   /* --category names; NULL for all */
	const char *const *tools;        /* --with: cppcheck, shellcheck, ruff */
	int jobs;                        /* worker threads; 0 = number of CPUs */
	bool metrics;                    /* keep per-function metrics */
	LangId stdin_lang;               /* language of "-" (LANG_NONE: shebang or error) */
	const char *stdin_name;          /* display name for "-" (default "<stdin>") */
	volatile gint *cancel;           /* set to non-zero to stop early; may be NULL */
	bool keep_text;                  /* keep each analysed file's text (AnalysisFile.text) */
} AnalysisOptions;

typedef struct {
	GPtrArray *files;        /* AnalysisFile *, sorted by path */
	char *root;              /* absolute scan root; SARIF URIs are relative to it */
	unsigned by_severity[ANALYSIS_SEV__COUNT];
	unsigned by_category[ANALYSIS_CAT__COUNT];
	unsigned findings;
	unsigned analysed, skipped, unreadable;
	uint64_t lines;
	double elapsed_ms;
	GPtrArray *warnings;     /* char *: tools missing, unknown rule ids in config... */
	GPtrArray *tool_rules;   /* char *: ids of tool findings, for SARIF */
} AnalysisResults;

/* Check options (rule ids, categories, tools, config values) without running.  Returns
 * false with a usage or configuration error. */
bool analysis_options_check(const AnalysisOptions *opts, AurError **err);

/* Analyse files and directories ("-" reads standard input).  Directories inside a git
 * work tree list their files with `git ls-files` (so ignored files are skipped); outside
 * one, built-in excludes apply (.git, node_modules, build, vendor...).  A path that does
 * not exist is an AUR_ERR_NOT_FOUND error before anything runs.  Free *out with
 * analysis_results_free(). */
bool analysis_run(const char *const *paths, const AnalysisOptions *opts, AnalysisResults **out,
		  AurError **err);
void analysis_results_free(AnalysisResults *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnalysisResults, analysis_results_free)

/* Analyse one buffer (the editor's copy of a file, a model's answer).  lang LANG_NONE
 * detects from path and content.  Thread-safe; the result is the caller's
 * (analysis_file_free).  Returns NULL with err only for bad options. */
AnalysisFile *analysis_file_buffer(const char *path, const char *text, size_t len, LangId lang,
				   const AnalysisOptions *opts, AurError **err);
void analysis_file_free(AnalysisFile *f);

/* Does any finding reach sev (the --fail-on threshold)? */
bool analysis_results_reach(const AnalysisResults *r, AnalysisSeverity sev);

/* ---- findings from elsewhere (the AI pass of analyze, review --json) ---- */

typedef struct {
	const char *rule;        /* an id of the source's own ("ai" findings: a short kebab id) */
	AnalysisSeverity severity;
	AnalysisCategory category;
	int cwe;                 /* 0 when none */
	const char *message;
	const char *hint;        /* may be NULL */
	uint32_t line, column;   /* 1-based; column 0: 1 */
	uint32_t end_line, end_column; /* 0: the same as line / column */
} AnalysisExtraFinding;

/* Empty results to fill with findings from elsewhere; root as AnalysisResults.root (NULL:
 * the current directory).  Free with analysis_results_free(). */
AnalysisResults *analysis_results_new(const char *root);
/* The file with this display path, added as analysed (language from the name) when the
 * results do not have it yet. */
AnalysisFile *analysis_results_file(AnalysisResults *r, const char *path);
/* Add a finding tagged with source (a static string such as "ai") to f, unless it repeats
 * one f already has: one whose lines overlap (give or take one) and that has the same
 * category, rule or CWE.  text (may be NULL) is the file's text, for the excerpt.  Returns
 * false for a repeat (nothing added).  Call analysis_results_retally() after adding. */
bool analysis_results_add(AnalysisResults *r, AnalysisFile *f, const AnalysisExtraFinding *x,
			  const char *source, const char *text, size_t len);
/* Sort every file's findings by line, column and rule. */
void analysis_results_sort(AnalysisResults *r);
/* Sort as above and count everything again. */
void analysis_results_retally(AnalysisResults *r);

/* Record that source's rule (a tool's code) appears in the results, once, for the SARIF
 * rule list. */
void analysis_results_note_rule(AnalysisResults *r, const char *source, const char *rule);
/* Line `line` (1-based) of text, without its line end, as valid UTF-8 cut at 400 bytes: the
 * excerpt shown under a finding.  NULL past the end.  Caller frees. */
char *analysis_line_text(const char *text, size_t len, uint32_t line);

/* Output.  color adds ANSI escapes (the caller decides: terminal and NO_COLOR). */
void analysis_report_text(FILE *out, const AnalysisResults *r, bool color, bool metrics);
char *analysis_report_json(const AnalysisResults *r, bool metrics);   /* caller frees */
char *analysis_report_sarif(const AnalysisResults *r);               /* caller frees */

#endif
