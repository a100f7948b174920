#!/bin/bash
# End-to-end check of the real full-screen Terminal (CursesBackend) in tmux, using the demo in
# Tests/TerminalUITests/InteractiveDemo.swift (runs only with UKD_TUI_DEMO=1):
#   - every row of the box is 80 columns and the right border sits in column 80 (xterm, linux, vt100);
#   - keys arrive decoded (↓ F5 中 Ctrl-A PgDn Shift-Tab Esc), resize is reported and redrawn;
#   - ^Z gives the shell back with the tty modes restored, fg redraws;
#   - SIGTERM exits 143 and restores the tty modes.
# Uses its own tmux server (-L ukd-tui-check) and kills only that server at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests >/dev/null 2>&1
BIN="$PWD/.build/debug/ukey-doctorPackageTests.xctest"
SOCK=ukd-tui-check
WORK=$(mktemp -d)
trap 'tmux -L $SOCK kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

capture() { tmux -L $SOCK capture-pane -t check -p > "$WORK/pane.txt"; }

# Display width of each captured row through glibc wcwidth, and where the right border is.
check_box() { # $1 width, $2 height, $3 right-border character
    python3 - "$WORK/pane.txt" "$1" "$2" "$3" <<'PY'
import ctypes, sys
libc = ctypes.CDLL("libc.so.6"); libc.setlocale(6, b"C.UTF-8")
path, width, height, border = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = open(path, encoding="utf-8").read().split("\n")[:height]
bad = []
for i, row in enumerate(rows[1:height - 1], start=1):
    w = sum(max(0, libc.wcwidth(ord(c))) for c in row)
    if w != width or not row.endswith((border, "┐", "┘", "+")):
        bad.append(f"row {i}: {w} columns, ends {row[-1:]!r}: {row!r}")
print("\n".join(bad) if bad else "aligned")
sys.exit(1 if bad else 0)
PY
}

start() { # $1 TERM for the program
    tmux -L $SOCK kill-server 2>/dev/null || true
    sleep 0.5
    tmux -L $SOCK new-session -d -s check -x 80 -y 24 "bash --norc"
    tmux -L $SOCK send-keys -t check "stty -a | sed 1d > $WORK/stty-before; TERM=$1 UKD_TUI_DEMO=1 $BIN --testing-library swift-testing --filter InteractiveDemo >/dev/null 2>&1; echo EXIT=\$? > $WORK/exit" Enter
    sleep 2.5
}

for term in xterm-256color linux vt100; do
    start "$term"
    capture
    border="│"; [ "$term" = vt100 ] && border="|"
    if check_box 80 23 "$border" >/dev/null; then ok "$term: 80x24 box aligned"; else fail "$term: $(check_box 80 23 "$border" || true)"; fi
    grep -q "证书助手未显示证书信息|" "$WORK/pane.txt" && ok "$term: 22-column sample in place" || fail "$term: sample line missing"
    tmux -L $SOCK send-keys -t check q
    sleep 0.8
    [ "$(cat "$WORK/exit" 2>/dev/null)" = "EXIT=0" ] && ok "$term: q exits 0" || fail "$term: exit $(cat "$WORK/exit" 2>/dev/null)"
done

start xterm-256color
tmux -L $SOCK send-keys -t check Down F5
tmux -L $SOCK send-keys -t check -l '中'
tmux -L $SOCK send-keys -t check C-a PageDown BTab Escape
sleep 0.8; capture
grep -q "最近按键: ↓ F5 中 Ctrl-A PgDn Shift-Tab" "$WORK/pane.txt" && ok "keys decoded" || fail "keys: $(grep 最近按键 "$WORK/pane.txt")"

tmux -L $SOCK resize-window -t check -x 100 -y 30
sleep 0.8; capture
grep -q "resize 100x30" "$WORK/pane.txt" && ok "resize reported" || fail "resize not reported"
check_box 100 29 "│" >/dev/null && ok "100x30 redrawn aligned" || fail "100x30: $(check_box 100 29 "│" || true)"

tmux -L $SOCK send-keys -t check C-z
sleep 0.8
tmux -L $SOCK send-keys -t check "stty -a | sed 1d > $WORK/stty-suspended" Enter
sleep 0.5
diff -q "$WORK/stty-before" "$WORK/stty-suspended" >/dev/null && ok "^Z: tty modes restored while suspended" || fail "^Z: $(diff "$WORK/stty-before" "$WORK/stty-suspended")"
tmux -L $SOCK send-keys -t check "fg" Enter
sleep 1.2; capture
grep -q "UKey 诊断 演示" "$WORK/pane.txt" && check_box 100 29 "│" >/dev/null && ok "fg: redrawn" || fail "fg: not redrawn"

pid=$(pgrep -f "$BIN --testing-library swift-testing --filter InteractiveDemo" | head -1)
kill -TERM "$pid"
sleep 0.8
tmux -L $SOCK send-keys -t check "stty -a | sed 1d > $WORK/stty-after; wait; echo done" Enter
sleep 0.5
diff -q "$WORK/stty-before" "$WORK/stty-after" >/dev/null && ok "SIGTERM: tty modes restored" || fail "SIGTERM: $(diff "$WORK/stty-before" "$WORK/stty-after")"

# A fresh run for the exit status of SIGTERM (the ^Z above already ended the shell list).
start xterm-256color
pid=$(pgrep -f "$BIN --testing-library swift-testing --filter InteractiveDemo" | head -1)
kill -TERM "$pid"
sleep 0.8
[ "$(cat "$WORK/exit" 2>/dev/null)" = "EXIT=143" ] && ok "SIGTERM exits 143" || fail "SIGTERM exit: $(cat "$WORK/exit" 2>/dev/null)"

echo "$failures failure(s)"
exit $((failures > 0))
