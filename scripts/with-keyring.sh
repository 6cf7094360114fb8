#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service),
# a throwaway HOME and XDG_RUNTIME_DIR, so keychain tests use a real keychain and touch nothing
# of the user's.
set -euo pipefail
tmp=$(mktemp -d /tmp/dropcrew-keyring.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/home" "$tmp/run"
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" DROPCREW_REQUIRE_KEYCHAIN=1
dbus-run-session -- bash -c '
    echo -n dropcrew-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' bash "$@"
