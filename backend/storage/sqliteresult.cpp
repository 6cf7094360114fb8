// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/sqliteresult.h"

#ifdef DROPCREW_SQLITE_CONFIG
#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlRecord>
#include <QSqlResult>
#include <QTime>

#include <sqlite3.h>

#if defined(Q_OS_UNIX)
#include <dlfcn.h>
#endif

#include <vector>

namespace dc::storage {

namespace {

class SqliteResult final : public QSqlResult
{
public:
    SqliteResult(const QSqlDriver *driver, sqlite3 *db)
        : QSqlResult(driver)
        , m_db(db)
    {}
    ~SqliteResult() override
    {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
    }

protected:
    bool reset(const QString &sql) override { return prepare(sql) && exec(); }
    // The text as written, with its ? markers: Qt's rewriting to named ones is not needed.
    bool savePrepare(const QString &sql) override { return prepare(sql); }

    bool prepare(const QString &sql) override
    {
        finalize();
        setQuery(sql);
        const QByteArray utf8 = sql.toUtf8();
        const char *tail = nullptr;
        const int rc = sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()),
                                          SQLITE_PREPARE_PERSISTENT, &m_stmt, &tail);
        if (rc != SQLITE_OK) {
            setLastError(error("Unable to execute statement", QSqlError::StatementError, rc));
            finalize();
            return false;
        }
        if (tail && !QByteArrayView(tail).trimmed().isEmpty()) {
            setLastError(QSqlError(tr("Unable to execute multiple statements at a time"),
                                   tr("the text holds more than one statement"),
                                   QSqlError::StatementError, QStringLiteral("1")));
            finalize();
            return false;
        }
        m_columns = sqlite3_column_count(m_stmt);
        m_held.assign(size_t(std::max(0, sqlite3_bind_parameter_count(m_stmt))), QByteArray());
        return true;
    }

    void bindValue(int pos, const QVariant &value, QSql::ParamType) override
    {
        if (!m_stmt)
            return;
        if (sqlite3_stmt_busy(m_stmt))
            sqlite3_reset(m_stmt); // still on a row of its last run
        const int rc = bind(pos, value);
        if (rc != SQLITE_OK && m_bindError == SQLITE_OK)
            m_bindError = rc;
    }

    bool exec() override
    {
        setActive(false);
        setAt(QSql::BeforeFirstRow);
        setSelect(false);
        m_rowPending = false;
        m_done = false;
        if (!m_stmt) {
            setLastError(QSqlError(tr("Unable to execute statement"), tr("No query"),
                                   QSqlError::ConnectionError));
            return false;
        }
        if (m_bindError != SQLITE_OK) {
            const int rc = std::exchange(m_bindError, SQLITE_OK);
            sqlite3_reset(m_stmt);
            setLastError(error("Unable to bind parameters", QSqlError::StatementError, rc));
            return false;
        }
        if (sqlite3_stmt_busy(m_stmt))
            sqlite3_reset(m_stmt);
        // The statement runs now, as Qt's result runs it: a write is done when exec() returns.
        const int rc = step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return false;
        m_rowPending = rc == SQLITE_ROW;
        setSelect(m_columns > 0);
        setActive(true);
        return true;
    }

    bool fetchNext() override
    {
        if (!m_stmt || !isActive())
            return false;
        if (!std::exchange(m_rowPending, false) && (m_done || step() != SQLITE_ROW))
            return false;
        setAt(at() < 0 ? 0 : at() + 1);
        return true;
    }
    bool fetchFirst() override { return at() == QSql::BeforeFirstRow && fetchNext(); }
    bool fetch(int i) override { return i == at() + 1 && fetchNext(); } // forward only
    bool fetchLast() override
    {
        while (fetchNext()) {
        }
        return false; // the last row is behind a forward-only statement
    }

    // As Qt's SQLite result gives them.
    QVariant data(int i) override
    {
        if (!m_stmt || i < 0 || i >= m_columns)
            return QVariant();
        switch (sqlite3_column_type(m_stmt, i)) {
        case SQLITE_INTEGER:
            return QVariant(qint64(sqlite3_column_int64(m_stmt, i)));
        case SQLITE_BLOB:
            return QByteArray(static_cast<const char *>(sqlite3_column_blob(m_stmt, i)),
                              sqlite3_column_bytes(m_stmt, i));
        case SQLITE_FLOAT:
            return QVariant(sqlite3_column_double(m_stmt, i));
        case SQLITE_NULL:
            return QVariant(QMetaType::fromType<QString>());
        default: { // SQLITE_TEXT
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, i));
            return QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, i));
        }
        }
    }
    bool isNull(int i) override
    {
        return !m_stmt || i < 0 || i >= m_columns || sqlite3_column_type(m_stmt, i) == SQLITE_NULL;
    }
    int size() override { return -1; }
    int numRowsAffected() override { return sqlite3_changes(m_db); }
    QVariant lastInsertId() const override
    {
        if (isActive())
            if (const qint64 id = sqlite3_last_insert_rowid(m_db))
                return id;
        return QVariant();
    }
    QSqlRecord record() const override
    {
        QSqlRecord r;
        for (int i = 0; m_stmt && i < m_columns; ++i)
            r.append(QSqlField(QString::fromUtf8(sqlite3_column_name(m_stmt, i))));
        return r;
    }
    // finish(): the statement lets go of its read snapshot and its statement journal.
    void detachFromResultSet() override
    {
        if (m_stmt)
            sqlite3_reset(m_stmt);
        m_rowPending = false;
        m_done = true;
    }

private:
    static QString tr(const char *text)
    {
        return QCoreApplication::translate("QSQLiteResult", text);
    }
    QSqlError error(const char *what, QSqlError::ErrorType type, int code) const
    {
        return QSqlError(tr(what), QString::fromUtf8(sqlite3_errmsg(m_db)), type,
                         QString::number(code));
    }
    // One step. Past the last row, or on an error, the statement is reset (it lets go of its
    // snapshot and journal) and done. The specific error code comes with the reset; Qt reports a
    // failed step as a connection error, and storage/store.cpp's toDbError() reads it so.
    int step()
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return rc;
        const int code = sqlite3_reset(m_stmt);
        m_done = true;
        if (rc != SQLITE_DONE)
            setLastError(error("Unable to fetch row", QSqlError::ConnectionError,
                               code != SQLITE_OK ? code : rc));
        return rc;
    }
    void finalize()
    {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        m_columns = 0;
        m_held.clear();
        setActive(false);
        setSelect(false);
        setAt(QSql::BeforeFirstRow);
    }

    // Qt's rules: a null value (a null string or array, an invalid date or time) binds NULL;
    // integers, booleans and doubles as numbers, anything else as its text. Text binds as UTF-8
    // held here until the next bind of the same marker, so SQLite need not copy it again.
    int bind(int pos, const QVariant &value)
    {
        const int i = pos + 1;
        if (pos < 0 || size_t(pos) >= m_held.size())
            return SQLITE_RANGE;
        if (value.isNull())
            return sqlite3_bind_null(m_stmt, i);
        switch (value.typeId()) {
        case QMetaType::Bool:
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
            return sqlite3_bind_int64(m_stmt, i, value.toLongLong());
        case QMetaType::Double:
            return sqlite3_bind_double(m_stmt, i, value.toDouble());
        case QMetaType::QByteArray: {
            QByteArray bytes = value.toByteArray();
            if (bytes.isNull())
                return sqlite3_bind_null(m_stmt, i);
            const int rc =
                sqlite3_bind_blob(m_stmt, i, bytes.constData(), int(bytes.size()), SQLITE_STATIC);
            m_held[size_t(pos)] = std::move(bytes);
            return rc;
        }
        case QMetaType::QString: {
            const QString &text = *static_cast<const QString *>(value.constData());
            return bindText(pos, !text.isNull(), text);
        }
        case QMetaType::QDateTime: {
            const QDateTime t = value.toDateTime();
            return bindText(pos, t.isValid(), t.toString(Qt::ISODateWithMs));
        }
        case QMetaType::QDate:
            return bindText(pos, !value.toDate().isNull(), value.toString());
        case QMetaType::QTime: {
            const QTime t = value.toTime();
            return bindText(pos, t.isValid(), t.toString(QStringLiteral("hh:mm:ss.zzz")));
        }
        default: // as text, as Qt binds the other types
            return bindText(pos, true, value.toString());
        }
    }
    // The text, or NULL when the value it comes from is not valid.
    int bindText(int pos, bool valid, const QString &text)
    {
        if (!valid)
            return sqlite3_bind_null(m_stmt, pos + 1);
        QByteArray utf8 = text.toUtf8();
        // constData() is never null: an empty text binds '', not NULL.
        const int rc =
            sqlite3_bind_text(m_stmt, pos + 1, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
        m_held[size_t(pos)] = std::move(utf8); // the same buffer, moved
        return rc;
    }

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    int m_columns = 0;
    int m_bindError = SQLITE_OK;
    bool m_rowPending = false; // exec() stepped onto the first row
    bool m_done = false;       // no more rows (and the statement was reset)
    std::vector<QByteArray> m_held;
};

} // namespace

// Whether Qt's SQLite driver runs on the very SQLite library this program links: a Qt that
// carries its own copy (its official builds do) has connections that our copy must never touch.
// The driver's plugin is found from its object's virtual table; the sqlite3_step that the
// plugin sees must be ours.
bool driverSharesOurSqlite(const QSqlDriver *driver)
{
#if defined(Q_OS_UNIX)
    Dl_info info{};
    const void *vtable = *reinterpret_cast<void *const *>(driver);
    if (!dladdr(vtable, &info) || !info.dli_fname)
        return false;
    void *plugin = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (!plugin)
        return false;
    const void *theirs = dlsym(plugin, "sqlite3_step");
    dlclose(plugin);
    return theirs == reinterpret_cast<const void *>(&sqlite3_step);
#else
    Q_UNUSED(driver);
    return false;
#endif
}

std::optional<QSqlQuery> fastSqliteQuery(const QSqlDatabase &db)
{
    const QSqlDriver *driver = db.driver();
    if (!driver || db.driverName() != QLatin1String("QSQLITE") || !db.isOpen())
        return std::nullopt;
    static const bool shared = driverSharesOurSqlite(driver);
    if (!shared)
        return std::nullopt;
    const QVariant handle = driver->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return std::nullopt;
    sqlite3 *h = *static_cast<sqlite3 *const *>(handle.constData());
    if (!h)
        return std::nullopt;
    return QSqlQuery(new SqliteResult(driver, h));
}

} // namespace dc::storage

#else // no SQLite headers: Qt's own result everywhere

namespace dc::storage {
std::optional<QSqlQuery> fastSqliteQuery(const QSqlDatabase &)
{
    return std::nullopt;
}
} // namespace dc::storage

#endif
