# SPDX-License-Identifier: GPL-3.0-or-later
# agent/core/: netsessd's loop, its managed servers, their polls and
# deletes, and the pure modules beneath them (pstate, rowset).
agent_netsessd_SOURCES += \
	agent/core/netsessd.c \
	agent/core/loop.c agent/core/loop.h \
	agent/core/signals.c agent/core/signals.h \
	agent/core/log.c agent/core/log.h \
	agent/core/utf8.c agent/core/utf8.h \
	agent/core/srvset.c agent/core/srvset.h \
	agent/core/server.c agent/core/server.h \
	agent/core/poll.c agent/core/poll.h \
	agent/core/delete.c agent/core/delete.h \
	agent/core/requester.c agent/core/requester.h \
	agent/core/rows.c agent/core/rows.h \
	agent/core/rowset.c agent/core/rowset.h \
	agent/core/pstate.c agent/core/pstate.h
