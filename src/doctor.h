/* SPDX-License-Identifier: MIT */
/* `aurelis doctor`: every link of the chain (configuration, network, token, keyring,
 * directories, terminal) checked in turn, one result each with a hint. */
#ifndef AURELIS_DOCTOR_H
#define AURELIS_DOCTOR_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "config.h"
#include "error.h"

typedef enum {
	DOCTOR_OK,
	DOCTOR_WARN, /* works, but something is likely to bite (shown with a hint) */
	DOCTOR_FAIL, /* broken: the exit status comes from the first failure's category */
} DoctorStatus;

typedef struct {
	const char *check;         /* "config", "endpoint", ...: static */
	DoctorStatus status;
	char *message;
	char *hint;                /* NULL when there is nothing to do */
	AurErrorCategory category; /* DOCTOR_FAIL: what kind of failure */
} DoctorResult;

typedef struct {
	const AurConfig *cfg;      /* borrowed */
	AurError *config_error;    /* why the configuration did not load (borrowed); NULL: it did */
	bool config_explicit;      /* --config FILE was given */
	/* The terminal's colours from terminfo (-1: unknown type); NULL: not checked. */
	int (*term_colors)(const char *term);
} DoctorOptions;

/* Run every check in order; returns the results (DoctorResult *, freed with the array). */
GPtrArray *doctor_run(const DoctorOptions *o);

const char *doctor_status_name(DoctorStatus st); /* "OK", "WARN", "FAIL" */
/* 0 when nothing failed, else the exit status of the first failure's category. */
int doctor_exit_status(const GPtrArray *results);
/* "OK    config     message" lines, each failure or warning followed by "      hint: ...". */
void doctor_print(FILE *out, const GPtrArray *results, bool color);
/* {"ok": bool, "exit_status": N, "checks": [{check, status, message, hint, category}]}.
 * Caller frees with cJSON_Delete. */
cJSON *doctor_json(const GPtrArray *results);

#endif
