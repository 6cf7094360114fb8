#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The macOS disk image: DropCrew.app (macdeployqt copies Qt into the bundle) in a DragNDrop DMG.
# Needs Xcode's command line tools, CMake, Ninja, Qt 6.4+ for macOS (with Qt HTTP Server, Qt
# WebSockets and Qt Charts), and QtKeychain, yaml-cpp, OpenSSL 3, libargon2 and curl, e.g. from
# Homebrew: brew install cmake ninja qt qtkeychain yaml-cpp openssl@3 argon2 curl
#   packaging/macos/build.sh [QT_PREFIX]      (default: $(brew --prefix qt) when Homebrew has it)
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "build.sh: $*" >&2; exit 1; }
[ "$(uname -s)" = Darwin ] || fail "this builds the macOS package and must run on macOS"
qt=${1:-}
if [ -z "$qt" ] && command -v brew >/dev/null; then qt=$(brew --prefix qt 2>/dev/null || true); fi
[ -n "$qt" ] || fail "Qt 6 not found: pass its prefix (e.g. ~/Qt/6.4.2/macos) as the first argument"
for tool in cmake ninja xcrun hdiutil; do
    command -v "$tool" >/dev/null || fail "$tool is missing (Xcode command line tools, brew install cmake ninja)"
done
[ -x "$qt/bin/macdeployqt" ] || fail "macdeployqt not found in $qt/bin: is $qt a Qt 6 prefix?"
cmake -S . -B build/macos -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$qt" \
      -DDROPCREW_BUILD_TESTS=OFF -DDROPCREW_BUILD_BENCH=OFF
cmake --build build/macos
(cd build/macos && cpack -G DragNDrop)
ls -l build/macos/packages/*.dmg
