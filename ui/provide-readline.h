/* SPDX-License-Identifier: MIT */
/* The one place that includes GNU readline. */
#ifndef AURELIS_PROVIDE_READLINE_H
#define AURELIS_PROVIDE_READLINE_H

#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

#endif
