#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages DropCrew needs (idempotent: installs only what is missing).
#   scripts/deps.sh          build and run
#   scripts/deps.sh --test   also what the test suite needs (PostgreSQL 15, gnome-keyring, D-Bus,
#                            promtool, clang 16 with libFuzzer, the .deb round trip's tools,
#                            Node.js and npm for the OpenAPI lint)
#   scripts/deps.sh --fuzz   build and clang 16 with libFuzzer (fuzz/run)
#   scripts/deps.sh --screenshots   build and Xvfb (scripts/screenshots.sh)
#   scripts/deps.sh --bench  build, PostgreSQL 15, perf and jq (bench/run)
set -euo pipefail

build=(cmake ninja-build g++ pkgconf lld
       qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev
       qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
       libqt6opengl6-dev
       libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev libgl1-mesa-dev
       qtkeychain-qt6-dev libyaml-cpp-dev libssl-dev libargon2-dev libcurl4-openssl-dev
       libmimalloc-dev)
test=(postgresql-15 gnome-keyring dbus libsecret-1-0 curl procps prometheus openssl
      dpkg-dev lintian appstream desktop-file-utils systemd man-db nodejs)

fuzz=(clang-16 libclang-rt-16-dev)
screenshots=(xvfb xauth curl sqlite3 jq openssl fonts-dejavu-core)
bench=(postgresql-15 linux-perf jq)
# The OpenAPI lint runs Redocly CLI 1.34 (Node.js 18.17 or later: Debian 12's nodejs) through
# npx. Debian's nodejs needs its npm package for npx; a NodeSource nodejs carries npm and npx
# itself and conflicts with Debian's npm, so npm is wanted only when npx is missing.
command -v npx >/dev/null || test+=(npm)
wanted=("${build[@]}")
[ "${1:-}" = "--test" ] && wanted+=("${test[@]}" "${fuzz[@]}")
[ "${1:-}" = "--fuzz" ] && wanted+=("${fuzz[@]}")
[ "${1:-}" = "--screenshots" ] && wanted+=("${screenshots[@]}")
[ "${1:-}" = "--bench" ] && wanted+=("${bench[@]}")

missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
