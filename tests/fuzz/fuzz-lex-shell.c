/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the shell lexer, function finder and metrics. */
#include "autoconfig.h"

#include "fuzz-lex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_lex(LANG_SHELL, data, size);
}
