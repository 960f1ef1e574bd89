/* SPDX-License-Identifier: MIT */
/* Error objects and their mapping to exit statuses. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "term.h"

static const struct {
	int code;
	const char *label;
	const char *hint;
} categories[] = {
#define X(name, code, label, hint) { code, label, hint },
	AUR_ERROR_CATEGORIES(X)
#undef X
};

void
aur_error_setv(AurError **err, AurErrorCategory cat, const char *hint,
	       const char *fmt, va_list ap)
{
	if (err == NULL || *err != NULL)
		return;
	AurError *e = g_new0(AurError, 1);
	e->category = cat;
	e->message = g_strdup_vprintf(fmt, ap);
	e->hint = g_strdup(hint);
	*err = e;
}

void
aur_error_set(AurError **err, AurErrorCategory cat, const char *hint,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	aur_error_setv(err, cat, hint, fmt, ap);
	va_end(ap);
}

void
aur_error_prefix(AurError *err, const char *fmt, ...)
{
	if (err == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *prefix = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *msg = g_strdup_printf("%s: %s", prefix, err->message);
	g_free(prefix);
	g_free(err->message);
	err->message = msg;
}

void
aur_error_free(AurError *err)
{
	if (err == NULL)
		return;
	g_free(err->message);
	g_free(err->hint);
	g_free(err);
}

AurError *
aur_error_copy(const AurError *err)
{
	if (err == NULL)
		return NULL;
	AurError *e = g_new0(AurError, 1);
	e->category = err->category;
	e->message = g_strdup(err->message);
	e->hint = g_strdup(err->hint);
	return e;
}

int
aur_error_exit_code(AurErrorCategory cat)
{
	if ((unsigned)cat >= AUR_ERR__COUNT)
		return 1;
	return categories[cat].code;
}

const char *
aur_error_category_name(AurErrorCategory cat)
{
	if ((unsigned)cat >= AUR_ERR__COUNT)
		return "internal";
	return categories[cat].label;
}

AurErrorCategory
aur_error_category_from_name(const char *name)
{
	for (int i = 0; name != NULL && i < AUR_ERR__COUNT; i++)
		if (strcmp(categories[i].label, name) == 0)
			return (AurErrorCategory)i;
	return AUR_ERR_GENERIC;
}

const char *
aur_error_hint(const AurError *err)
{
	if (err == NULL)
		return "";
	if (err->hint != NULL && *err->hint != '\0')
		return err->hint;
	if ((unsigned)err->category >= AUR_ERR__COUNT)
		return categories[AUR_ERR_INTERNAL].hint;
	return categories[err->category].hint;
}

int
aur_error_report(const AurError *err)
{
	if (err == NULL)
		return 0;
	term_message(TERM_MSG_ERROR, "%s", err->message);
	const char *hint = aur_error_hint(err);
	if (*hint != '\0')
		term_message(TERM_MSG_HINT, "%s", hint);
	return aur_error_exit_code(err->category);
}
