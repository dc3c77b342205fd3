#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs each for FUZZ_SECONDS
# (default 60) from its seed corpus; FUZZ_TARGETS picks some of: markdown settings redline
# gitlog. New inputs go to fuzz/work/TARGET (not kept in git); a crash, a leak, a hang (an
# input over 5 s) or a sanitizer report stops that target and leaves the input as
# fuzz/work/crash-* — to be fixed and kept in Tests/Fixtures/fuzz/ as a regression test.
set -euo pipefail
cd "$(dirname "$0")"
ln -sfn .. QMark
# Swift gets one -sanitize= flag naming both: given two, swiftc applies only the last (so SwiftPM's
# `--sanitize=fuzzer --sanitize=address` gives either coverage or AddressSanitizer, by chance).
# `--sanitize=fuzzer` stays so that SwiftPM lets libFuzzer bring `main`.
swift build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address
seconds=${FUZZ_SECONDS:-60}
status=0
for target in ${FUZZ_TARGETS:-markdown settings redline gitlog}; do
  binary=.build/release/Fuzz$(case $target in gitlog) echo GitLog;; *) echo "${target^}";; esac)
  mkdir -p "work/$target"
  echo "== $target: $seconds s"
  # The full log stays in work/TARGET.log; shown are the coverage at each doubling of the
  # executions (a plateau shows as the same `cov:` over the last lines), findings and totals.
  "$binary" "work/$target" "corpus/$target" -max_total_time="$seconds" -max_len=8192 -timeout=5 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="work/crash-$target-" > "work/$target.log" 2>&1 || status=1
  grep -E '^(#[0-9]+[[:space:]]+(INITED|pulse|DONE)|stat::(number_of_executed_units|new_units_added|peak_rss_mb)|==[0-9]+==ERROR|SUMMARY)' "work/$target.log" || true
done
exit $status
