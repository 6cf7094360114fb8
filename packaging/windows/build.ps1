# SPDX-License-Identifier: GPL-3.0-or-later
# The Windows installer: an NSIS setup (windeployqt copies Qt next to dropcrew.exe).
# Needs Visual Studio 2022 (C++ workload) or MSYS2 MinGW with a C++23 compiler, CMake, Ninja,
# NSIS (makensis), Qt 6.4+ for Windows (with Qt HTTP Server, Qt WebSockets and Qt Charts), and
# QtKeychain, yaml-cpp, OpenSSL 3, libargon2 and curl (e.g. vcpkg: vcpkg install qtkeychain-qt6
# yaml-cpp openssl argon2 curl), found through CMAKE_PREFIX_PATH or a vcpkg toolchain file.
#   powershell -File packaging\windows\build.ps1 -QtPrefix C:\Qt\6.4.2\msvc2019_64 [-Toolchain C:\vcpkg\scripts\buildsystems\vcpkg.cmake]
param(
    [Parameter(Mandatory = $true)][string]$QtPrefix,
    [string]$Toolchain = ""
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Require($tool, $hint) {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
        Write-Error "build.ps1: $tool is missing: $hint"
        exit 1
    }
}
Require cmake "install CMake 3.25+ (https://cmake.org) and put it on PATH"
Require ninja "install Ninja (https://ninja-build.org) and put it on PATH"
Require makensis "install NSIS 3 (https://nsis.sourceforge.io) and put it on PATH"
if (-not (Test-Path (Join-Path $QtPrefix "bin\windeployqt.exe"))) {
    Write-Error "build.ps1: windeployqt.exe not found in $QtPrefix\bin: is $QtPrefix a Qt 6 prefix?"
    exit 1
}
$args = @("-S", ".", "-B", "build/windows", "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
          "-DCMAKE_PREFIX_PATH=$QtPrefix", "-DDROPCREW_BUILD_TESTS=OFF", "-DDROPCREW_BUILD_BENCH=OFF")
if ($Toolchain) { $args += "-DCMAKE_TOOLCHAIN_FILE=$Toolchain" }
cmake @args
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
cmake --build build/windows
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
Push-Location build/windows
cpack -G NSIS
$rc = $LASTEXITCODE
Pop-Location
if ($rc -ne 0) { exit $rc }
Get-ChildItem build/windows/packages/*.exe
