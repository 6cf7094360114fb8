// SPDX-License-Identifier: GPL-3.0-or-later
#include "testdb.h"

#include "storage/store.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace dc::test {

storage::Backend backendUnderTest()
{
    return qEnvironmentVariable("DROPCREW_TEST_BACKEND") == QLatin1String("postgresql")
               ? storage::Backend::Postgres
               : storage::Backend::Sqlite;
}

QString backendName()
{
    return storage::backendName(backendUnderTest());
}

namespace {
QString readAdminUrl(QString *error)
{
    const QString stateDir = qEnvironmentVariable("DROPCREW_TEST_PG_STATE");
    QFile f(stateDir + QStringLiteral("/url"));
    if (stateDir.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral(
                     "no PostgreSQL test server (DROPCREW_TEST_PG_STATE=%1); run through ctest")
                     .arg(stateDir);
        return {};
    }
    return QString::fromUtf8(f.readAll()).trimmed();
}

bool adminExec(const QString &adminUrl, const QString &sql, QString *error)
{
    auto url = storage::DatabaseUrl::parse(adminUrl);
    if (!url) {
        *error = url.error();
        return false;
    }
    const QString name = QStringLiteral("admin-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        auto db = storage::openDatabase(*url, name, false);
        if (!db) {
            *error = db.error();
            return false;
        }
        QSqlQuery q(*db);
        ok = q.exec(sql);
        if (!ok)
            *error = q.lastError().text();
        q = QSqlQuery();
        db->close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}
} // namespace

ScratchDatabase::ScratchDatabase()
{
    if (backendUnderTest() == storage::Backend::Sqlite) {
        m_dir = std::make_unique<QTemporaryDir>();
        m_url.backend = storage::Backend::Sqlite;
        m_url.path = m_dir->filePath(QStringLiteral("test.db"));
        return;
    }
    m_adminUrl = readAdminUrl(&m_error);
    if (m_adminUrl.isEmpty())
        return;
    auto url = storage::DatabaseUrl::parse(m_adminUrl);
    const QString dbName =
        QStringLiteral("t_") + QUuid::createUuid().toString(QUuid::Id128).left(20);
    if (!adminExec(m_adminUrl, QStringLiteral("CREATE DATABASE ") + dbName, &m_error))
        return;
    m_url = *url;
    m_url.dbName = dbName;
}

ScratchDatabase::~ScratchDatabase()
{
    if (!m_adminUrl.isEmpty() && !m_url.dbName.isEmpty()) {
        QString err;
        adminExec(m_adminUrl,
                  QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_url.dbName),
                  &err);
    }
}

QString ScratchDatabase::urlString() const
{
    if (m_url.backend == storage::Backend::Sqlite)
        return QStringLiteral("sqlite://") + m_url.path;
    return m_url.toDisplayString();
}

} // namespace dc::test
