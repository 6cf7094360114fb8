// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Real databases for tests: a fresh SQLite file, or a fresh database on the PostgreSQL server
// the CTest fixture started (tests/pg/pg.sh). DROPCREW_TEST_BACKEND picks which.
#include "storage/databaseurl.h"

#include <QTemporaryDir>
#include <memory>

namespace dc::test {

storage::Backend backendUnderTest();
QString backendName();

class ScratchDatabase
{
public:
    ScratchDatabase();
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase &) = delete;
    ScratchDatabase &operator=(const ScratchDatabase &) = delete;

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    const storage::DatabaseUrl &url() const { return m_url; }
    QString urlString() const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    storage::DatabaseUrl m_url;
    QString m_adminUrl;
    QString m_error;
};

} // namespace dc::test

// Skips with a reason when the scratch database could not be made (never silently passes).
#define DC_REQUIRE_DB(db)                                                                          \
    do {                                                                                           \
        if (!(db).isValid())                                                                       \
            QFAIL(qPrintable(QStringLiteral("scratch database: ") + (db).error()));                \
    } while (0)

// QCOMPARE prints these through argument-dependent lookup of toString().
#include "core/domain.h"
#include "runtime/config.h"
#include "security/secretstore.h"
#include "storage/orderrepository.h"
#include "storage/store.h"
#include "tasks/taskmanager.h"
#include "workflows/definition.h"

namespace dc::storage {
inline char *toString(Backend b)
{
    return qstrdup(qPrintable(dc::storage::backendName(b)));
}
inline char *toString(DbError::Kind k)
{
    return qstrdup(qPrintable(dc::storage::errorKindName(k)));
}
inline char *toString(StorageHealth::State s)
{
    return qstrdup(qPrintable(dc::storage::storageStateName(s)));
}
inline char *toString(UpsertOutcome::Kind k)
{
    return qstrdup(k == UpsertOutcome::Kind::Created   ? "Created"
                   : k == UpsertOutcome::Kind::Updated ? "Updated"
                                                       : "Stale");
}
} // namespace dc::storage
namespace dc {
inline char *toString(OrderStatus s)
{
    return qstrdup(qPrintable(dc::orderStatusName(s)));
}
inline char *toString(const Money &m)
{
    return qstrdup(qPrintable(formatMoney(m)));
}
} // namespace dc
namespace dc::security {
inline char *toString(SecretStore::Kind k)
{
    return qstrdup(k == SecretStore::Kind::File ? "file" : "keychain");
}
} // namespace dc::security
namespace dc::runtime {
inline char *toString(CommandLine::Action a)
{
    return qstrdup(a == CommandLine::Action::Run    ? "Run"
                   : a == CommandLine::Action::Help ? "Help"
                                                    : "Version");
}
} // namespace dc::runtime
namespace dc::tasks {
inline char *toString(TaskState s)
{
    return qstrdup(qPrintable(taskStateName(s)));
}
} // namespace dc::tasks
namespace dc::workflows {
inline char *toString(TriggerDef::Kind k)
{
    return qstrdup(k == TriggerDef::Kind::Event      ? "event"
                   : k == TriggerDef::Kind::Schedule ? "schedule"
                                                     : "manual");
}
} // namespace dc::workflows
