/* SPDX-License-Identifier: MIT */
/* What the AI code commands share: reading the code, the context budget, asking (whole or
 * part by part), the footer and JSON, and the write and edit ends (aicode-edit.c). */
#ifndef AURELIS_AICODE_H
#define AURELIS_AICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "aiout.h"
#include "chunk.h"
#include "cli.h"
#include "lang/lang.h"
#include "oneshot.h"
#include "prompts.h"

/* Larger inputs are refused rather than sent as hundreds of requests. */
#define AICODE_MAX_INPUT ((size_t)4 << 20)
/* Parts one command may send; more is an error naming a range to ask about instead. */
#define AICODE_MAX_PARTS 24
/* Lines of overlap sent before each part after the first. */
#define AICODE_OVERLAP 6

/* ---- the code ------------------------------------------------------------------------------ */

typedef struct {
	char *path;             /* the file; NULL for standard input */
	char *name;             /* for prompts and messages: the path, or "<stdin>" */
	char *text;             /* the whole file (line endings as they are) */
	size_t len;
	uint32_t lines;         /* lines in the file */
	uint32_t first, last;   /* the range asked for, 1-based and inclusive */
	size_t range_off, range_len; /* its bytes */
	LangId lang;            /* LANG_NONE when the lexers do not know it */
	const char *fence_lang; /* "python" for fences and test names; "" when unknown */
	bool crlf;
} AicodeInput;

/* Read FILE, FILE:START-END (when ranges is true; an existing file whose name has a colon
 * wins) or "-" (standard input).  Binary, non-UTF-8, empty and oversized input is refused
 * (category INPUT), a missing file is NOT_FOUND.  Clear with aicode_input_clear(). */
bool aicode_read(const char *arg, bool ranges, AicodeInput *in, AurError **err);
void aicode_input_clear(AicodeInput *in);
/* A language to use for in (--lang), by any name edit_fence_lang_canonical() knows. */
bool aicode_set_lang(AicodeInput *in, const char *name, const AurCommand *cmd, AurError **err);

/* "File: NAME (lines A-B of N)" then the code in a fence.  Line endings become "\n";
 * numbered: each line starts with its number (for findings). */
void aicode_append_code(GString *s, const AicodeInput *in, size_t off, size_t len,
			uint32_t first, uint32_t last, bool numbered);

/* ---- a command's requests ------------------------------------------------------------------ */

typedef struct {
	AurContext *ctx;
	const AurCommand *cmd;
	const char *model;     /* --model, or NULL */
	bool json;
	bool hide_answer;      /* do not stream answers (their text goes to a file) */
	AiOut *out;
	Oneshot *os;
	ChunkBudget budget;
	int requests;
	int cached;            /* of them, answered from the response cache */
	ClientResult last;     /* the last answer, for the footer */
	bool have_last;
	int64_t tokens_in, tokens_out;
	bool usage_missing;
	GPtrArray *models;     /* char *: the models that answered, first use first */
	int64_t start_us;
} Aicode;

/* Token, client, output and budget for task (the command's routing task).  plain: --plain.
 * False with err; clear a started Aicode with aicode_finish() either way. */
bool aicode_start(Aicode *a, AurContext *ctx, const AurArgs *args, const char *task,
		  AurError **err);
void aicode_finish(Aicode *a);

/* Tokens left for code in a request with prompt id and other_bytes of other text, at most
 * 90% of the budget; 0 with err (INPUT) when the prompt leaves no useful room. */
int64_t aicode_room(const Aicode *a, PromptId id, size_t other_bytes, AurError **err);

/* Send one request: prompts_system(id) and user.  show: stream the answer through the
 * renderer.  json_object: ask for JSON (response_format).  *answer gets the text (caller
 * frees; also when it failed part way, NULL if nothing came).  Returns 0 or an exit status
 * with err. */
int aicode_ask(Aicode *a, PromptId id, const char *user, bool show, bool json_object,
	       char **answer, AurError **err);

/* The parts to send the range of in in, with prompt id and other_bytes of other text per
 * request (numbered: with line numbers, see aicode_append_code); says on stderr when it
 * had to split (aicode_note_split).  NULL with err when a line is too large or it would
 * take more than AICODE_MAX_PARTS requests.  Free with chunk_parts_free(). */
GArray *aicode_split(Aicode *a, const AicodeInput *in, PromptId id, size_t other_bytes,
		     bool numbered, AurError **err);
/* Bytes the line numbers of aicode_append_code add to each line of in. */
unsigned aicode_number_bytes(const AicodeInput *in);
/* A part's code for reading tasks: which part it is, then its overlap and own lines in
 * one block (numbered: each line starts with its number). */
void aicode_append_part(GString *s, const AicodeInput *in, const ChunkPart *p, guint i,
			guint count, bool numbered);

/* Count a finished request for the footer and JSON; takes over res's contents.  Not
 * thread-safe (aicode_ask calls it; threads lock around it). */
void aicode_account(Aicode *a, ClientResult *res);

/* Say on stderr that something was split: "NAME: about N tokens, more than one request
 * to MODEL may carry (M, why): sent in K parts, lines ...". */
void aicode_note_split(const Aicode *a, const char *name, int64_t tokens, const GArray *parts);

/* The user message for part i (0-based) of count. */
typedef char *(*AicodePartFn)(const ChunkPart *part, guint i, guint count, void *data);

/* One request when there is one part (streamed), else one per part (progress on stderr)
 * and requests combining their answers (the last one streamed): prompts whole, part,
 * reduce.  what names the parts' answers for the combining request ("notes").  *answer:
 * the final text (caller frees). */
int aicode_map_reduce(Aicode *a, const GArray *parts, AicodePartFn msg, void *data,
		      PromptId whole, PromptId part, PromptId reduce, const char *what,
		      char **answer, AurError **err);

/* The footer on stderr: oneshot_footer() for one request, totals for several. */
void aicode_footer(const Aicode *a);
/* The end of a command: with json (not NULL; it is freed) print it on stdout with model,
 * models, requests, usage, elapsed_ms and, when err is set, error; print the footer when
 * anything was asked; report err.  Returns the exit status (rc, or err's). */
int aicode_end(Aicode *a, int rc, const AurError *err, cJSON *json);

/* ---- writing (aicode-edit.c) --------------------------------------------------------------- */

/* Check before asking that path may be written (inside the tree, no symlink escape). */
bool aicode_edit_check_target(const char *path, AurError **err);

/* Write text to path: a new file is created (and its directories); an existing one is
 * shown as a diff first, then replaced after confirmation (or yes) with a backup, keeping
 * its CRLF line endings.  Nothing to do when the contents are the same.  Adds "output",
 * "written", "backup" and "diff" to json when not NULL.  0, 1 (declined) or an exit
 * status with err. */
int aicode_edit_write(Aicode *a, const char *path, const char *text, size_t len, bool yes,
		      cJSON *json, AurError **err);

/* The code block of an answer (--lang or the file's language picks among several) written
 * to path ("-": printed on stdout). */
int aicode_edit_write_code(Aicode *a, const char *answer, const char *lang, const char *path,
			   bool yes, cJSON *json, AurError **err);

typedef struct {
	PromptId prompt;
	const char *instructions; /* the first paragraph of every part's message */
	/* Text about one part (fix: its findings), or NULL; and whether to send it at all. */
	char *(*part_extra)(const ChunkPart *part, void *data);
	size_t extra_bytes;       /* the most part_extra returns, for the budget */
	bool (*want_part)(const ChunkPart *part, void *data);
	void *data;
	bool apply;               /* write the result (after confirmation) */
	bool yes;
	const char *out_path;     /* write here instead of in place (docs -o) */
} AicodeEdit;

/* The SEARCH/REPLACE pipeline over in, part by part: ask, parse, apply in memory (every
 * block of every part, or nothing), show the diff, and with apply write after
 * confirmation.  Standard input: the edited text is printed instead.  Ends the command
 * (aicode_end: JSON, footer, error report) and returns its exit status: 0, 1 (the user
 * declined) or the error's. */
int aicode_edit_run(Aicode *a, const AicodeInput *in, const AicodeEdit *e, AurError **err);

#endif
