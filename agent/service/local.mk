# SPDX-License-Identifier: GPL-3.0-or-later
# agent/service/local.mk: netsessd as a system service: its systemd unit,
# its readiness notification and the configuration installed by default.
#
# agent/service/sdnotify.c tells systemd when netsessd is ready and whether its
# AgentX session is open (sd_notify, libsystemd); without libsystemd it
# compiles to nothing.  agent/service/netsessd.service.in is the unit, installed
# where systemd's pkg-config file says (configure
# --with-systemdsystemunitdir=DIR overrides it, =no leaves it out).

agent_netsessd_SOURCES += agent/service/sdnotify.c agent/service/sdnotify.h
if HAVE_LIBSYSTEMD
agent_netsessd_CPPFLAGS += -DNSD_SD_NOTIFY
agent_netsessd_CFLAGS += $(SYSTEMD_CFLAGS)
agent_netsessd_LDADD += $(SYSTEMD_LIBS)
endif

if INSTALL_SYSTEMD_UNIT
systemdsystemunit_DATA = agent/service/netsessd.service
endif

# The unit names the installed programs and configuration.
agent/service/netsessd.service: $(srcdir)/agent/service/netsessd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) agent/service && \
	$(SED) -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
		$(srcdir)/agent/service/netsessd.service.in >$@.tmp && mv -f $@.tmp $@

CLEANFILES += agent/service/netsessd.service
EXTRA_DIST += agent/service/netsessd.service.in

# make distcheck installs as a user into a private prefix: the unit goes there.
AM_DISTCHECK_CONFIGURE_FLAGS = \
	--with-systemdsystemunitdir=$$dc_install_base/$(systemdsystemunitdir)

# The configuration netsessd reads by default, commented, managing no
# server yet.  An administrator's file is never replaced: it is installed
# only where none exists, and uninstalled only when unchanged.
nsdconfdir = $(sysconfdir)/netsessd
EXTRA_DIST += agent/service/netsessd.xml
install-data-local: install-nsd-config
install-nsd-config:
	$(MKDIR_P) '$(DESTDIR)$(nsdconfdir)'
	@if test -e '$(DESTDIR)$(nsdconfdir)/netsessd.xml'; then \
		echo "$(nsdconfdir)/netsessd.xml exists: left as it is"; \
	else \
		echo " $(INSTALL_DATA) agent/service/netsessd.xml '$(DESTDIR)$(nsdconfdir)/netsessd.xml'"; \
		$(INSTALL_DATA) '$(srcdir)/agent/service/netsessd.xml' '$(DESTDIR)$(nsdconfdir)/netsessd.xml'; \
	fi
uninstall-local: uninstall-nsd-config
uninstall-nsd-config:
	@if cmp -s '$(srcdir)/agent/service/netsessd.xml' '$(DESTDIR)$(nsdconfdir)/netsessd.xml'; then \
		echo " rm -f '$(DESTDIR)$(nsdconfdir)/netsessd.xml'"; \
		rm -f '$(DESTDIR)$(nsdconfdir)/netsessd.xml'; \
	fi
	-rmdir '$(DESTDIR)$(nsdconfdir)' 2>/dev/null
.PHONY: install-nsd-config uninstall-nsd-config
