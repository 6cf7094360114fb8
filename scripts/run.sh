#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds DropCrew, and starts the desktop app on its embedded default
# (SQLite in ~/.local/share/dropcrew). Arguments are passed to dropcrew (e.g. --headless).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release/app/dropcrew
if [[ " $* " != *" --headless "* ]] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
    echo "No display found. Start the server without a window instead:"
    echo "  $bin --headless"
    exit 2
fi
exec "$bin" "$@"
