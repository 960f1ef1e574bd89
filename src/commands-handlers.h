/* SPDX-License-Identifier: MIT */
/* The slash-command handlers, for the table in commands.c (not for other callers). */
#ifndef AURELIS_COMMANDS_HANDLERS_H
#define AURELIS_COMMANDS_HANDLERS_H

#include "commands.h"

/* commands-conv.c: the conversation, its session and its model. */
SlashStatus commands_conv_model(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_models(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_add(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_drop(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_files(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_clear(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_new(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_save(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_load(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_sessions(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_export(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_retry(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_compact(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_tokens(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_stats(Convo *cv, const SlashCall *call);
SlashStatus commands_conv_theme(Convo *cv, const SlashCall *call);
/* Show the last turns of a session just opened (also used by the faces at start-up). */
void commands_conv_show_recent(Convo *cv, guint max_turns);

/* commands-code.c: code from and for the model. */
SlashStatus commands_code_analyze(Convo *cv, const SlashCall *call);
SlashStatus commands_code_generate(Convo *cv, const SlashCall *call);
SlashStatus commands_code_explain(Convo *cv, const SlashCall *call);
SlashStatus commands_code_fix(Convo *cv, const SlashCall *call);
SlashStatus commands_code_diff(Convo *cv, const SlashCall *call);
SlashStatus commands_code_apply(Convo *cv, const SlashCall *call);
SlashStatus commands_code_copy(Convo *cv, const SlashCall *call);

/* Show err through the face and give SLASH_FAILED. */
SlashStatus commands_failed(Convo *cv, const AurError *err);

#endif
