/* SPDX-License-Identifier: MIT */
/* Formatted shorthands over a Face's operations. */
#include "autoconfig.h"

#include "face.h"

void
face_printf(Face *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	f->ops->print(f, text);
}

void
face_status(Face *f, FaceStatusKind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	f->ops->status(f, kind, text);
}

void
face_error(Face *f, const AurError *err)
{
	f->ops->error(f, err);
}

bool
face_fail(Face *f, AurErrorCategory cat, const char *hint, const char *fmt, ...)
{
	AurError *e = NULL;
	va_list ap;
	va_start(ap, fmt);
	aur_error_setv(&e, cat, hint, fmt, ap);
	va_end(ap);
	f->ops->error(f, e);
	aur_error_free(e);
	return false;
}
