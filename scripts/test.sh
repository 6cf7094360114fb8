#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds and runs the whole test suite, then again under ASan + UBSan. Exits non-zero on any
# failure. PostgreSQL tests start their own server (tests/pg/pg.sh); keychain tests run a real
# gnome-keyring in a private D-Bus session (scripts/with-keyring.sh).
#   scripts/test.sh            dev preset and the .deb round trip, asan preset, then a short
#                              libFuzzer run of each target
#   scripts/test.sh --quick    dev preset only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test
presets=(dev asan)
[ "${1:-}" = "--quick" ] && presets=(dev)
jobs=$(nproc)
for preset in "${presets[@]}"; do
    echo "=== $preset: configure and build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    echo "=== $preset: tests"
    scripts/with-keyring.sh ctest --preset "$preset" -j "$jobs"
    # The cluster and crash tests' figures (webhooks, orders, kills, duplicates, lost), printed on
    # success too.
    for report in build/"$preset"/tests/{cluster,crash,diskfull}-report.txt; do
        if [ -f "$report" ]; then cat "$report"; fi
    done
    if [ "$preset" = dev ]; then
        echo "=== dev: .deb round trip (package, lintian, install, smoke test, purge)"
        if [ "$(id -u)" -eq 0 ]; then
            packaging/linux/roundtrip.sh build/dev
        else
            echo "SKIPPED: the .deb round trip installs a package and needs root (CI runs as root)"
        fi
    fi
done
if [ "${1:-}" != "--quick" ]; then
    echo "=== fuzz: 30 s per target (fuzz/run 300 for the full five minutes)"
    fuzz/run 30
fi
