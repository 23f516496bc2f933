# SPDX-License-Identifier: GPL-3.0-or-later
# Design notes and benchmarks (man pages are listed by their programs).
dist_doc_DATA += docs/design.md docs/benchmarks.md docs/mib.md docs/monitoring.md docs/security.md
EXTRA_DIST += bench/lib.sh bench/enum.sh bench/walk.sh bench/helpers.sh bench/servers.sh \
	bench/getlat.c bench/rowwait.c
