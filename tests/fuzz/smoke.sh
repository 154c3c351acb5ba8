#!/bin/sh
# smoke.sh FUZZER SEEDS WORKDIR SECONDS
#
# Runs one libFuzzer target for SECONDS on a scratch corpus in WORKDIR,
# seeded from SEEDS (read only: libFuzzer writes new inputs to the first
# directory only). Exits 0 when the time ran out without a finding, 1 on a
# crash, leak, timeout or out-of-memory, printing the log's end and how to
# reproduce. Used by `make fuzz-smoke` (tests/fuzz/local.mk).
set -u

if [ $# -ne 4 ]; then
	echo "usage: $0 FUZZER SEEDS WORKDIR SECONDS" >&2
	exit 2
fi
fuzzer=$1
seeds=$2
work=$3
seconds=$4
name=$(basename "$fuzzer")

case $seconds in
'' | *[!0-9]* | 0)
	echo "fuzz-smoke: FUZZ_SECONDS must be a whole number of seconds above 0, not '$seconds'" >&2
	exit 2
	;;
esac
if [ ! -x "$fuzzer" ]; then
	echo "fuzz-smoke: $fuzzer is not built" >&2
	exit 2
fi
if [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
	echo "fuzz-smoke: no seeds in $seeds" >&2
	exit 2
fi

rm -rf "$work"
mkdir -p "$work/corpus"
log=$work/log
echo "fuzz-smoke: $name for $seconds s"
if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work/corpus" "$seeds" >"$log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	echo "fuzz-smoke: $name: ok, ${runs:-?} inputs"
	exit 0
fi

echo "fuzz-smoke: $name FAILED; the end of $log:" >&2
tail -n 40 "$log" >&2
for finding in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
	if [ -e "$finding" ]; then
		echo "fuzz-smoke: reproduce with: $fuzzer $finding" >&2
	fi
done
exit 1
