// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/catalog.h"

#include "core/logging.h"
#include "events/topics.h"
#include "storage/sqlutil.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

namespace dc::workflows {

using namespace dc::storage;

WorkflowCatalog::WorkflowCatalog(Store &store, events::EventBus &bus, ActionCatalog actions,
                                 QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_bus(bus)
    , m_actions(std::move(actions))
{
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this,
            [this] { loadFolders(m_folders); });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { loadFolders(m_folders); });
}

WorkflowCatalog::~WorkflowCatalog() = default;

std::expected<WorkflowDefinition, QList<ValidationError>>
WorkflowCatalog::addDefinition(const QByteArray &text, const QString &file)
{
    auto def = loadWorkflow(text, file, m_actions);
    if (!def)
        return def;
    {
        QMutexLocker lock(&m_mutex);
        m_defs.insert(def->name, {*def, text});
    }
    if (m_added)
        m_added(*def);
    return def;
}

std::expected<WorkflowDefinition, QList<ValidationError>>
WorkflowCatalog::saveDefinition(const QString &name, const QByteArray &text)
{
    const QString file = name + QStringLiteral(".yaml");
    auto def = loadWorkflow(text, file, m_actions);
    if (!def)
        return def;
    auto w = m_store.writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
        auto q = exec(ctx.db(),
                      QStringLiteral("INSERT INTO workflow_definitions (name, source, updated_at) "
                                     "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                                     "source = excluded.source, updated_at = excluded.updated_at"),
                      {name, text, storage::nowMs()});
        if (!q)
            return std::unexpected(q.error());
        auto e =
            m_bus.append(ctx, events::EventDraft{QString(events::topics::kWorkflowDefinitionSaved),
                                                 {{QStringLiteral("name"), name}},
                                                 QStringLiteral("workflow:") + name,
                                                 QStringLiteral("workflows"),
                                                 {},
                                                 {}});
        if (!e)
            return std::unexpected(e.error());
        return true;
    });
    if (!w)
        return std::unexpected(
            QList<ValidationError>{{QString(), {}, QString(), w.error().message}});
    return addDefinition(text, file);
}

std::expected<void, QString> WorkflowCatalog::loadStored(const QString &name)
{
    auto q =
        exec(m_store.reader(),
             name.isEmpty()
                 ? QStringLiteral("SELECT name, source FROM workflow_definitions ORDER BY name")
                 : QStringLiteral("SELECT name, source FROM workflow_definitions WHERE name = ?"),
             name.isEmpty() ? QVariantList{} : QVariantList{name});
    if (!q)
        return std::unexpected(q.error().message);
    QStringList problems;
    while (q->next()) {
        const QString n = q->value(0).toString();
        auto def = addDefinition(q->value(1).toByteArray(), n + QStringLiteral(".yaml"));
        if (!def)
            problems << def.error().first().toString();
    }
    if (!problems.isEmpty())
        return std::unexpected(problems.join(QStringLiteral("; ")));
    return {};
}

QList<ValidationError> WorkflowCatalog::loadFolders(const QStringList &folders)
{
    m_folders = folders;
    QList<ValidationError> errors;
    for (const QString &folder : folders) {
        const QDir dir(folder);
        if (!dir.exists())
            continue;
        if (!m_watcher.directories().contains(dir.absolutePath()))
            m_watcher.addPath(dir.absolutePath());
        for (const QString &name : dir.entryList(
                 {QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json")},
                 QDir::Files, QDir::Name)) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly)) {
                errors << ValidationError{f.fileName(), {}, {}, f.errorString()};
                continue;
            }
            if (!m_watcher.files().contains(f.fileName()))
                m_watcher.addPath(f.fileName());
            auto def = addDefinition(f.readAll(), f.fileName());
            if (!def) {
                for (const ValidationError &e : def.error())
                    qCWarning(lcWorkflows).noquote() << "ignored:" << e.toString();
                errors += def.error();
            }
        }
    }
    return errors;
}

QList<WorkflowDefinition> WorkflowCatalog::definitions() const
{
    QMutexLocker lock(&m_mutex);
    QList<WorkflowDefinition> out;
    for (const auto &[def, src] : m_defs)
        out << def;
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return out;
}

qsizetype WorkflowCatalog::count() const
{
    QMutexLocker lock(&m_mutex);
    return m_defs.size();
}

std::optional<WorkflowDefinition> WorkflowCatalog::definition(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_defs.constFind(name);
    if (it == m_defs.cend())
        return std::nullopt;
    return it->first;
}

QByteArray WorkflowCatalog::source(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    return m_defs.value(name).second;
}

std::shared_ptr<const WorkflowDefinition> WorkflowCatalog::snapshot(const QString &source) const
{
    const QByteArray key = QCryptographicHash::hash(source.toUtf8(), QCryptographicHash::Sha256);
    {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_snapshots.constFind(key); it != m_snapshots.cend())
            return *it;
    }
    auto def = loadWorkflow(source.toUtf8(), QStringLiteral("(run snapshot)"), {});
    if (!def)
        return nullptr;
    auto ptr = std::make_shared<const WorkflowDefinition>(std::move(*def));
    QMutexLocker lock(&m_mutex);
    m_snapshots.insert(key, ptr);
    return ptr;
}

} // namespace dc::workflows
