// SPDX-License-Identifier: GPL-3.0-or-later
// The owner of the widget tests' precompiled header (tests/CMakeLists.txt): CMake needs a target
// with a source to compile it once for every UI test to reuse.
#include <QtWidgets>
