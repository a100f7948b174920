# Shared by the rig scripts (sourced, not run).
# The repository root, whatever the caller's working directory.
RIG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RIG_RUN="$RIG_ROOT/run"
# pcsc-lite 1.9.9 (Debian 12) fixes these paths at build time.
PCSCD_SOCKET=/run/pcscd/pcscd.comm
PCSCD_PIDFILE=/run/pcscd/pcscd.pid
# Debian's /etc/reader.conf.d/vpcd declares one vpcd driver with two slots.
VPCD_READERS=("Virtual PCD 00 00" "Virtual PCD 00 01")

# Runs a command as root: directly when we are root (containers have no sudo), else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The pid of the running pcscd, from its own pid file, when that process is alive and is pcscd.
running_pcscd_pid() {
    local pid
    # pcscd 1.9.9 writes "pid\n\0"; keep the digits only.
    pid="$(tr -cd '0-9' 2>/dev/null <"$PCSCD_PIDFILE" || true)"
    [ -n "$pid" ] || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "pcscd" ] || return 1
    echo "$pid"
}
