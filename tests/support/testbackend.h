// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A whole backend for API tests: its own data folder and INI, file secrets, a free port, and
// one API key per role.
#include "runtime/backend.h"

#include <QHash>
#include <expected>
#include <memory>

namespace dc::test {

struct TestBackend
{
    std::unique_ptr<runtime::Backend> backend;
    QString base;                             // http://127.0.0.1:PORT
    QHash<security::Role, QByteArray> bearer; // "Bearer dck_..." per role
};

// ini: extra INI text for <dataDir>/dropcrew.ini (e.g. "[limits]\nuser_burst=5\n").
// database: a --database URL (e.g. a ScratchDatabase's), empty for SQLite in the data folder.
std::expected<TestBackend, QString>
startTestBackend(const QString &dataDir, const QByteArray &ini = {}, const QString &database = {});

// The embedded backend as the desktop app starts it (SQLite and file secrets in dataDir, a free
// loopback port), for the widget tests.
std::expected<std::unique_ptr<runtime::Backend>, QString>
startEmbeddedBackend(const QString &dataDir);

} // namespace dc::test
