#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs each for FUZZ_SECONDS
# (default 60) from its seed corpus. New inputs go to fuzz/work/TARGET (not kept in git); a
# crash, a hang (an input over 5 s) or a sanitizer report stops the run and leaves the input
# as fuzz/work/crash-* for a regression test.
set -euo pipefail
cd "$(dirname "$0")"
ln -sfn .. QMark
swift build -c release --sanitize=fuzzer --sanitize=address
seconds=${FUZZ_SECONDS:-60}
status=0
for target in markdown settings redline gitlog; do
  binary=.build/release/Fuzz$(case $target in gitlog) echo GitLog;; *) echo "${target^}";; esac)
  mkdir -p "work/$target"
  echo "== $target: $seconds s"
  "$binary" "work/$target" "corpus/$target" -max_total_time="$seconds" -max_len=8192 -timeout=5 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="work/crash-$target-" 2>&1 \
    | grep -E '^(#[0-9]+[[:space:]]+DONE|stat::|==[0-9]+==ERROR|SUMMARY|Done)' || status=1
done
exit $status
