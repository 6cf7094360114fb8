// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/catalog.h"

#include "core/logging.h"
#include "events/topics.h"
#include "storage/sqlutil.h"
#include "workflows/versions.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace dc::workflows {

using namespace dc::storage;

WorkflowCatalog::WorkflowCatalog(Store &store, events::EventBus &bus, ActionCatalog actions,
                                 QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_bus(bus)
    , m_actions(std::move(actions))
{
    // As at start: the files, then the stored definitions, which win over files of the same
    // name (a file reloaded alone would replace the stored text that runs, and its version).
    const auto reload = [this] {
        loadFolders(m_folders);
        if (auto stored = loadStored(); !stored)
            qCWarning(lcWorkflows).noquote()
                << "workflows saved through the API:" << stored.error();
    };
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, reload);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, reload);
}

WorkflowCatalog::~WorkflowCatalog() = default;

std::expected<WorkflowDefinition, QList<ValidationError>>
WorkflowCatalog::addDefinition(const QByteArray &text, const QString &file)
{
    auto def = loadWorkflow(text, file, m_actions);
    if (!def)
        return def;
    registerDefinition(*def, text, 0);
    return def;
}

void WorkflowCatalog::registerDefinition(const WorkflowDefinition &def, const QByteArray &text,
                                         int version)
{
    {
        QMutexLocker lock(&m_mutex);
        m_defs.insert(def.name, Registered{def, text, version});
    }
    if (m_added)
        m_added(def);
}

int WorkflowCatalog::ensureVersion(const QString &name, const QByteArray &text,
                                   const QString &savedBy, bool fromFile)
{
    const QString hash = definitionHash(text);
    // A read first: at nearly every start the text is the newest version already.
    auto newest = newestVersion(m_store.reader(), name);
    if (newest && newest->has_value() && (*newest)->second == hash)
        return (*newest)->first;
    auto v = m_store.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        // Decided in the transaction, against what the database holds now: a stored text
        // replaced meanwhile (a save on another instance) is no new version, and neither is
        // a file's text while the database holds a definition of that name (it is what runs).
        auto s =
            exec(ctx.db(), QStringLiteral("SELECT source FROM workflow_definitions WHERE name = ?"),
                 {name});
        if (!s)
            return std::unexpected(s.error());
        const bool stored = s->next();
        const bool record = fromFile ? !stored : (stored && s->value(0).toByteArray() == text);
        if (!record)
            return versionWithHash(ctx.db(), name, hash);
        return recordVersion(ctx, name, text, savedBy);
    });
    if (!v) {
        qCWarning(lcWorkflows).noquote()
            << "workflow" << name << ": its version was not recorded:" << v.error().message;
        return 0;
    }
    return *v;
}

std::expected<WorkflowDefinition, QList<ValidationError>>
WorkflowCatalog::saveDefinition(const QString &name, const QByteArray &text, const QString &savedBy,
                                int *version)
{
    const QString file = name + QStringLiteral(".yaml");
    auto def = loadWorkflow(text, file, m_actions);
    if (!def)
        return def;
    auto w = m_store.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        auto q = exec(ctx.db(),
                      QStringLiteral("INSERT INTO workflow_definitions (name, source, updated_at) "
                                     "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                                     "source = excluded.source, updated_at = excluded.updated_at"),
                      {name, text, storage::nowMs()});
        if (!q)
            return std::unexpected(q.error());
        // The version in the same transaction: a stored definition always is one.
        auto v = recordVersion(ctx, name, text, savedBy);
        if (!v)
            return std::unexpected(v.error());
        auto e =
            m_bus.append(ctx, events::EventDraft{QString(events::topics::kWorkflowDefinitionSaved),
                                                 {{QStringLiteral("name"), name}},
                                                 QStringLiteral("workflow:") + name,
                                                 QStringLiteral("workflows"),
                                                 {},
                                                 {}});
        if (!e)
            return std::unexpected(e.error());
        return *v;
    });
    if (!w)
        return std::unexpected(
            QList<ValidationError>{{QString(), {}, QString(), w.error().message}});
    if (version)
        *version = *w;
    registerDefinition(*def, text, *w);
    return def;
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
    // Read to the end before writing versions (the reader's statement stays out of the way).
    QList<std::pair<QString, QByteArray>> rows;
    while (q->next())
        rows.append({q->value(0).toString(), q->value(1).toByteArray()});
    QStringList problems;
    for (const auto &[n, text] : std::as_const(rows)) {
        auto def = loadWorkflow(text, n + QStringLiteral(".yaml"), m_actions);
        if (!def) {
            problems << def.error().first().toString();
            continue;
        }
        registerDefinition(*def, text,
                           ensureVersion(def->name, text, QStringLiteral("system"), false));
    }
    if (!problems.isEmpty())
        return std::unexpected(problems.join(QStringLiteral("; ")));
    return {};
}

QList<ValidationError> WorkflowCatalog::loadFolders(const QStringList &folders)
{
    m_folders = folders;
    QList<ValidationError> errors;
    // The file that wins for each name (the later folder's): only its text runs, so only it is
    // versioned; versioning each would add a version per file at every start.
    struct Loaded
    {
        WorkflowDefinition def;
        QByteArray text;
        QString path;
    };
    QList<Loaded> loaded;
    QHash<QString, qsizetype> byName;
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
            const QByteArray text = f.readAll();
            auto def = loadWorkflow(text, f.fileName(), m_actions);
            if (!def) {
                for (const ValidationError &e : def.error())
                    qCWarning(lcWorkflows).noquote() << "ignored:" << e.toString();
                errors += def.error();
                continue;
            }
            Loaded l{*def, text, QFileInfo(f.fileName()).absoluteFilePath()};
            if (const auto at = byName.constFind(def->name); at != byName.cend()) {
                loaded[*at] = std::move(l);
            } else {
                byName.insert(def->name, loaded.size());
                loaded.append(std::move(l));
            }
        }
    }
    // A name the database stores runs the stored text: its file is not registered even for the
    // moment before loadStored() (a run started then would take the file's text and version).
    QSet<QString> stored;
    if (auto q = exec(m_store.reader(), QStringLiteral("SELECT name FROM workflow_definitions")))
        while (q->next())
            stored.insert(q->value(0).toString());
    for (const Loaded &l : std::as_const(loaded))
        if (!stored.contains(l.def.name))
            registerDefinition(
                l.def, l.text,
                ensureVersion(l.def.name, l.text, QStringLiteral("file:") + l.path, true));
    return errors;
}

QList<WorkflowDefinition> WorkflowCatalog::definitions() const
{
    QMutexLocker lock(&m_mutex);
    QList<WorkflowDefinition> out;
    for (const Registered &r : m_defs)
        out << r.def;
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
    return it->def;
}

QByteArray WorkflowCatalog::source(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    return m_defs.value(name).source;
}

std::pair<QByteArray, int> WorkflowCatalog::sourceAndVersion(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    const Registered r = m_defs.value(name);
    return {r.source, r.version};
}

std::shared_ptr<const WorkflowDefinition> WorkflowCatalog::snapshot(const QString &source) const
{
    {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_snapshots.constFind(source); it != m_snapshots.cend())
            return *it;
    }
    auto def = loadWorkflow(source.toUtf8(), QStringLiteral("(run snapshot)"), {});
    if (!def)
        return nullptr;
    auto ptr = std::make_shared<const WorkflowDefinition>(std::move(*def));
    QMutexLocker lock(&m_mutex);
    m_snapshots.insert(source, ptr);
    return ptr;
}

} // namespace dc::workflows
