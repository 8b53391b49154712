#!/usr/bin/env bash
# Builds the reader fuzzer with libFuzzer and AddressSanitizer and runs it
# for a time budget (default 60 s) on the kept corpus. Exit 0: no crash.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
swift build -c release --product ReaderFuzzer \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
mkdir -p corpus artifacts
# New inputs that reach new code are added to corpus/ (kept in git: small files).
./.build/release/ReaderFuzzer corpus -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=2048 -timeout=10 -artifact_prefix=artifacts/ -print_final_stats=1
