# Prints the machine a benchmark ran on; sourced by the benchmark scripts so
# that every figure they print names its CPU.
print_machine() {
    local cpuinfo
    cpuinfo() { grep -m1 -E "^$1[[:space:]]*:" /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'; }
    echo "cores: $(nproc)"
    echo "cpu: $(cpuinfo 'model name') (family $(cpuinfo 'cpu family'), model $(cpuinfo 'model'))"
    echo "swift: $(swift --version 2>&1 | head -n1)"
    echo "python: $(python3 --version 2>&1)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date: $(date -u +%Y-%m-%d)"
}
