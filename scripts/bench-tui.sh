#!/bin/sh
# Prints how long a full frame of Chinese text takes through the real ncurses drawing path
# (HeadlessScreen: render into a Canvas, then setcchar/wadd_wchnstr/doupdate onto /dev/null),
# at 200x60 and 80x24, in a release build. Not a timed test: figures only.
set -eu
cd "$(dirname "$0")/.."
frames="${1:-500}"
swift build -c release --build-tests -Xswiftc -enable-testing >/dev/null 2>&1
UKD_TUI_BENCH=1 UKD_TUI_BENCH_FRAMES="$frames" \
    swift test -c release --skip-build --filter RenderBenchmark 2>&1 | grep 'TUI bench'
