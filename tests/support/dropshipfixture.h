// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the process-level tests (cluster, crash, disk full) share: a data folder that runs the
// seed's order_processing workflow against the fake AliExpress, a one-product catalog and shop
// written straight into the database, and `dropcrew --headless` child processes.
#include "fakealiexpress.h"

#include "storage/store.h"

#include <QProcess>
#include <QTemporaryDir>

#include <expected>
#include <memory>

namespace dc::test {

// Writes <dataDir>/dropcrew.ini (iniExtra appended; no shipped workflows), copies the seed
// workflow, stores the AliExpress credentials in the file secret store and adds product
// 7001/sku-1 to the fake.
// The fake must have been made with dropshipAliExpress().
std::unique_ptr<FakeAliExpress> dropshipAliExpress();
std::expected<void, QString> prepareDataDir(const QString &dataDir, FakeAliExpress &ae,
                                            const QByteArray &iniExtra);
// The shop (its Admin API unreachable: the workflow does not need it) and the product of
// orderPayload() (variant 808950810), supplied by the fake's product 7001; the shop's access
// token goes to the data folder's file secrets.
std::expected<void, QString> seedCatalog(storage::Store &store, const QString &dataDir,
                                         const QString &shop);

// A secret as the instances see it (the database, sealed; then the data folder's files).
std::expected<std::optional<QByteArray>, QString>
sharedSecret(storage::Store &store, const QString &dataDir, const QString &name);

// One value read from a SQLite file with a connection of its own (the server may be running
// or dead): an invalid QVariant when the file or the query fails.
QVariant sqliteScalar(const QString &file, const QString &sql);

// Waits until at least `count` workflow runs have succeeded in the SQLite file.
bool waitForSucceededRuns(const QString &file, qint64 count, int timeoutMs);

// One `dropcrew --headless` child process.
class HeadlessProcess
{
public:
    // args: everything but --listen; port 0 picks one (read back from its first line).
    HeadlessProcess(QString binary, QStringList args, QProcessEnvironment env);
    // Starts the process unless it is up already; false while another start of it is under way.
    bool start(quint16 port = 0, int timeoutMs = 30000);
    void kill(); // SIGKILL, then waits
    bool terminate(int timeoutMs = 20000);
    bool up() const { return m_up; }
    quint16 port() const { return m_port; }
    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QProcess *process() { return m_proc.get(); }

private:
    QString m_binary;
    QStringList m_args;
    QProcessEnvironment m_env;
    std::unique_ptr<QProcess> m_proc;
    quint16 m_port = 0;
    bool m_up = false;
    bool m_starting = false;
};

} // namespace dc::test
