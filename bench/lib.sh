# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# bench/lib.sh - shared by the benchmark scripts.

# bench_measure NAME RUNS COMMAND...: runs COMMAND RUNS times and prints
# the lines it printed (the last run's) and the mean, min and max time.
bench_measure() {
	local name=$1 runs=$2 i t0 t1 us min=999999999 max=0 sum=0 out=0
	shift 2
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N)
		out=$("$@" | wc -l)
		t1=$(date +%s%N)
		us=$(((t1 - t0) / 1000))
		((us < min)) && min=$us
		((us > max)) && max=$us
		sum=$((sum + us))
	done
	printf '%-34s %7d lines  mean %8.1f ms  min %8.1f ms  max %8.1f ms  (%d runs)\n' \
		"$name" "$out" "$(echo "$sum / $runs / 1000" | bc -l)" \
		"$(echo "$min / 1000" | bc -l)" "$(echo "$max / 1000" | bc -l)" "$runs"
}
