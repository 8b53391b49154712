#!/usr/bin/env bash
# Builds the reader fuzzer with AddressSanitizer and libFuzzer's coverage
# instrumentation, links libFuzzer's driver, and runs it for a time budget
# (default 60 s) on the kept corpus. Exit 0: no crash, no leak, no timeout.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
swift_lib=$(dirname "$(dirname "$(command -v swift)")")/lib/swift/clang/lib/linux
swift build -c release --product ReaderFuzzer \
    -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
    -Xlinker "$swift_lib/libclang_rt.fuzzer_no_main-x86_64.a" -Xlinker -lstdc++
mkdir -p corpus artifacts
# Inputs that reach new code are added to corpus/ (kept in git: small files).
./.build/release/ReaderFuzzer corpus -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=2048 -timeout=10 -artifact_prefix=artifacts/ -print_final_stats=1
