#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Release packages for Linux: an optimised build, then a .deb and (when rpmbuild is installed)
# an .rpm in build/release/packages/.
#   packaging/linux/build.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in cmake ninja dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing (apt-get install cmake ninja-build dpkg-dev)" >&2; exit 1; }
done
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
generators=DEB
if command -v rpmbuild >/dev/null; then generators="DEB;RPM"; else echo "build.sh: rpmbuild not found (apt-get install rpm): building the .deb only" >&2; fi
(cd build/release && cpack -G "$generators")
ls -l build/release/packages/*.deb build/release/packages/*.rpm 2>/dev/null
