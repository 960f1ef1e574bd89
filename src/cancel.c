/* SPDX-License-Identifier: MIT */
/* Cancellation tokens: an atomic flag and a self-pipe that wakes pollers. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <unistd.h>

#include <glib-unix.h>

#include "cancel.h"
#include "util.h"

struct AurCancel {
	atomic_int set;
	int rd, wr;
};

AurCancel *
cancel_new(void)
{
	AurCancel *c = g_new0(AurCancel, 1);
	int fds[2];
	if (!g_unix_open_pipe(fds, FD_CLOEXEC, NULL))
		g_error("cannot create a pipe for cancellation: %s", g_strerror(errno));
	/* Non-blocking: a trigger from a signal handler must never block on a full pipe. */
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	c->rd = fds[0];
	c->wr = fds[1];
	return c;
}

void
cancel_free(AurCancel *c)
{
	if (c == NULL)
		return;
	close(c->rd);
	close(c->wr);
	g_free(c);
}

void
cancel_trigger(AurCancel *c)
{
	if (c == NULL)
		return;
	int saved = errno;
	if (atomic_exchange(&c->set, 1) == 0) {
		/* One byte is enough: the pipe stays readable because nobody drains it. */
		ssize_t n = write(c->wr, "x", 1);
		(void)n;
	}
	errno = saved;
}

bool
cancel_is_set(const AurCancel *c)
{
	return c != NULL && atomic_load(&((AurCancel *)c)->set) != 0;
}

int
cancel_fd(const AurCancel *c)
{
	return c ? c->rd : -1;
}

bool
cancel_sleep_ms(AurCancel *c, int64_t ms)
{
	int64_t end = util_mono_us() + ms * 1000;
	for (;;) {
		if (cancel_is_set(c))
			return false;
		int64_t left_us = end - util_mono_us();
		if (left_us <= 0)
			return true;
		int64_t left = (left_us + 999) / 1000; /* never wake early */
		struct pollfd p = { .fd = cancel_fd(c), .events = POLLIN };
		/* With no token, poll() on fd -1 simply sleeps. */
		poll(&p, 1, (int)MIN(left, 1000));
	}
}
