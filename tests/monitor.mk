# SPDX-License-Identifier: GPL-3.0-or-later
# tests/monitor.mk: the monitoring platforms (contrib/) and the MIB column
# they rely on, smbServerLastPollAge.  Each script starts its own servers
# (a real Samba, snmpd and netsessd where it needs them) and fails, never
# skips, when a program it needs is missing.

MONITOR_TESTS = \
	tests/integration/agent_poll_age.sh \
	tests/integration/prometheus_exporter.sh \
	tests/integration/prometheus_rules.sh \
	tests/integration/nagios_config.sh \
	tests/integration/icinga2_config.sh \
	tests/integration/pysnmp_stack.sh \
	tests/integration/zabbix_template.sh \
	tests/integration/zabbix_server.sh
TESTS += $(MONITOR_TESTS)
EXTRA_DIST += $(MONITOR_TESTS) \
	tests/integration/lib/tcp_relay.py \
	tests/integration/lib/prom_metrics.py \
	tests/integration/lib/check_prom_rules.py \
	tests/integration/lib/pysnmp_client.py \
	tests/integration/lib/check_zabbix_template.py \
	tests/integration/lib/zabbix.sh

# contrib/: what the monitoring platforms load (docs/monitoring.md).
EXTRA_DIST += \
	contrib/prometheus/generator.yml \
	contrib/prometheus/generate.sh \
	contrib/prometheus/snmp.yml \
	contrib/prometheus/alerts.yml \
	contrib/prometheus/alerts_test.yml \
	contrib/prometheus/prometheus.yml \
	contrib/nagios/netsess-commands.cfg \
	contrib/nagios/netsess-services.cfg \
	contrib/icinga2/netsess.conf \
	contrib/zabbix/netsessd_snmp.yaml
