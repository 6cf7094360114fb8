// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Start-up configuration: command line first, then <data-dir>/dropcrew.ini, then defaults.
#include "security/secretstore.h"
#include "storage/databaseurl.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <expected>

namespace dc::runtime {

struct Config
{
    bool headless = false;
    QString dataDir;
    storage::DatabaseUrl database;
    QHostAddress listenHost = QHostAddress::LocalHost;
    quint16 listenPort = 8765;
    security::SecretStore::Kind secrets = security::SecretStore::Kind::Keychain;
    int eventRetentionDays = 90;    // [events] retention_days; 0 keeps events by age forever
    qint64 eventRetentionCount = 0; // [events] retention_count; 0: no count limit
    QString iniPath() const { return dataDir + QStringLiteral("/dropcrew.ini"); }
};

struct CommandLine
{
    enum class Action { Run, Help, Version };
    Action action = Action::Run;
    QString text; // what to print for Help and Version
    Config config;
};

// Parses the arguments (args[0] is the program), reads the INI file of the chosen data folder,
// checks that the folder is writable, and validates every value. An error is one line meant for
// standard error; the caller exits with code 2.
std::expected<CommandLine, QString> parseCommandLine(const QStringList &args);

// "127.0.0.1:8765", "[::1]:0", "localhost:9000"
std::expected<std::pair<QHostAddress, quint16>, QString> parseListen(const QString &text);

QString defaultDataDir();

} // namespace dc::runtime
