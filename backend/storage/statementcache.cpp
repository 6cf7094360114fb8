// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/statementcache.h"

#include "storage/store.h"

#include <QHash>
#include <QSqlError>

namespace dc::storage {

namespace {

// The writer connection's prepared statements, reused from job to job: preparing them anew was
// a third of the writer thread's time, and preparing its SELECTs a sixth once the others were
// cached. Only the writer thread uses it. A SELECT's statement is reused only when it is not
// active: a caller may still be reading it when the same text runs again (a few of them per
// text then). Every cached statement is reset between jobs, so none holds on to a transaction
// or a snapshot.
struct StatementCache
{
    QString connection; // the writer connection's name; empty: no cache on this thread
    QHash<QString, QSqlQuery> byText;
    QHash<QString, QList<QSqlQuery>> selects;
    QList<QSqlQuery> used; // executed since the last reset
};
constexpr qsizetype kMaxTexts = 256;     // texts built with IN (?, ?...) vary
constexpr qsizetype kMaxOpenPerText = 4; // the same SELECT open at once within one job

bool isSelect(const QString &sql)
{
    const QStringView head = QStringView(sql).trimmed().left(6);
    return head.startsWith(QLatin1String("SELECT"), Qt::CaseInsensitive);
}
thread_local StatementCache t_statements;

bool cacheable(const QString &sql)
{
    const QStringView head = QStringView(sql).trimmed().left(7);
    return head.startsWith(QLatin1String("INSERT"), Qt::CaseInsensitive) ||
           head.startsWith(QLatin1String("UPDATE"), Qt::CaseInsensitive) ||
           head.startsWith(QLatin1String("DELETE"), Qt::CaseInsensitive);
}

QVariant bindable(const QVariant &v)
{
    // A null QString (QString()) would bind as SQL NULL: it is text, possibly empty. A real
    // NULL is asked for with a typed null QVariant (QVariant(QMetaType(...)), isNull()).
    if (v.typeId() == QMetaType::QString && !v.isNull() && v.toString().isNull())
        return QString(QLatin1String(""));
    return v;
}

DbResult<QSqlQuery> prepared(const QSqlDatabase &db, Backend backend, const QString &sql)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return std::unexpected(toDbError(q.lastError(), backend));
    return q;
}

// Binds and runs a cached statement, which is finished at the job's end.
DbResult<QSqlQuery> runCached(QSqlQuery &q, Backend backend, const QVariantList &binds)
{
    for (qsizetype i = 0; i < binds.size(); ++i)
        q.bindValue(int(i), bindable(binds[i]));
    t_statements.used.append(q);
    if (!q.exec())
        return std::unexpected(toDbError(q.lastError(), backend));
    return q;
}

} // namespace

void useStatementCache(const QSqlDatabase &db)
{
    t_statements.byText.clear();
    t_statements.connection = db.connectionName();
}

void resetCachedStatements()
{
    for (QSqlQuery &q : t_statements.used)
        q.finish();
    t_statements.used.clear();
    if (t_statements.selects.size() > kMaxTexts) // between jobs: none of them is open
        t_statements.selects.clear();
}

void dropStatementCache()
{
    t_statements.used.clear();
    t_statements.byText.clear();
    t_statements.selects.clear();
    t_statements.connection.clear();
}

DbResult<QSqlQuery> exec(QSqlDatabase db, Backend backend, const QString &sql,
                         const QVariantList &binds)
{
    // Statements with bound values on the writer's connection are cached.
    const bool cacheOn = !binds.isEmpty() && !t_statements.connection.isEmpty() &&
                         db.connectionName() == t_statements.connection;
    if (cacheOn && cacheable(sql)) {
        auto it = t_statements.byText.find(sql);
        if (it == t_statements.byText.end()) {
            if (t_statements.byText.size() >= kMaxTexts)
                t_statements.byText.clear(); // those in use are finished at the job's end
            auto fresh = prepared(db, backend, sql);
            if (!fresh)
                return std::unexpected(fresh.error());
            it = t_statements.byText.insert(sql, *fresh);
        }
        return runCached(*it, backend, binds);
    }
    if (cacheOn && isSelect(sql)) {
        QList<QSqlQuery> &open = t_statements.selects[sql];
        qsizetype free = -1;
        for (qsizetype i = 0; i < open.size() && free < 0; ++i)
            if (!open[i].isActive())
                free = i;
        if (free < 0 && open.size() < kMaxOpenPerText) {
            auto fresh = prepared(db, backend, sql);
            if (!fresh)
                return std::unexpected(fresh.error());
            open.append(*fresh);
            free = open.size() - 1;
        }
        if (free >= 0)
            return runCached(open[free], backend, binds);
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (binds.isEmpty()) {
        if (!q.exec(sql))
            return std::unexpected(toDbError(q.lastError(), backend));
        return q;
    }
    if (!q.prepare(sql))
        return std::unexpected(toDbError(q.lastError(), backend));
    for (const QVariant &v : binds)
        q.addBindValue(bindable(v));
    if (!q.exec())
        return std::unexpected(toDbError(q.lastError(), backend));
    return q;
}

} // namespace dc::storage
