// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The workflow catalog: which definitions exist. It loads the shipped and user folders (and
// reloads them when a file changes), saves definitions to the database and reads them back,
// and parses the definition snapshots that runs carry.
// It is apart from the scheduler and the executor because it only knows what a workflow is,
// never when or how one runs (the definition of a DAG apart from its execution).
#include "events/eventbus.h"
#include "storage/store.h"
#include "workflows/definition.h"

#include <QFileSystemWatcher>
#include <QMutex>
#include <QObject>

#include <functional>
#include <memory>

namespace dc::workflows {

class WorkflowCatalog : public QObject
{
    Q_OBJECT
public:
    WorkflowCatalog(storage::Store &store, events::EventBus &bus, ActionCatalog actions,
                    QObject *parent = nullptr);
    ~WorkflowCatalog() override;

    // Checks a definition against the agents and actions that exist, without adding it.
    std::expected<WorkflowDefinition, QList<ValidationError>> validate(const QByteArray &text,
                                                                       const QString &file) const
    {
        return loadWorkflow(text, file, m_actions);
    }
    // Validates and registers (replacing a definition of the same name).
    std::expected<WorkflowDefinition, QList<ValidationError>> addDefinition(const QByteArray &text,
                                                                            const QString &file);
    // Definitions saved through the API live in the database, shared by every instance: this
    // validates, registers and stores one, with a "workflow.definition.saved" event in the same
    // transaction (an error with an empty file and position is a storage failure). The text is
    // the workflow's next version (versions.h), saved by `savedBy` ("user:alice"), unless it is
    // the newest version's text; `version`, when given, receives the version it is.
    std::expected<WorkflowDefinition, QList<ValidationError>>
    saveDefinition(const QString &name, const QByteArray &text,
                   const QString &savedBy = QStringLiteral("system"), int *version = nullptr);
    // Registers what the database holds (one definition, or all of them); they override files.
    // A text that is not the workflow's newest version becomes one, saved by "system" (the
    // definitions stored before versions existed become version 1 this way).
    std::expected<void, QString> loadStored(const QString &name = {});
    // Loads every *.yaml, *.yml and *.json of the folders (later folders override earlier ones),
    // and reloads them (then the stored definitions) when a file changes. Returns the errors of
    // files that did not validate. A file's text that is not its workflow's newest version
    // becomes one, saved by "file:<path>" (not for a workflow the database holds: that one is
    // what runs).
    QList<ValidationError> loadFolders(const QStringList &folders);
    QList<WorkflowDefinition> definitions() const;
    qsizetype count() const; // definitions registered (health asks often: nothing copied)
    std::optional<WorkflowDefinition> definition(const QString &name) const;
    QByteArray source(const QString &name) const;
    // The registered text and the version it is, read together (a run records the version of
    // the text it starts with); version 0 when it is none (a definition added in code).
    std::pair<QByteArray, int> sourceAndVersion(const QString &name) const;

    // The definition a run started with, parsed once per distinct source (null if it no longer
    // parses). The snapshot validated when its run started; the action catalogue is not checked
    // again, so a run resumes even if an agent's action list changed since.
    std::shared_ptr<const WorkflowDefinition> snapshot(const QString &source) const;

    // Called with every definition registered (the scheduler subscribes its trigger). Runs on
    // the thread that added the definition.
    void setDefinitionAdded(std::function<void(const WorkflowDefinition &)> added)
    {
        m_added = std::move(added);
    }

private:
    struct Registered
    {
        WorkflowDefinition def;
        QByteArray source;
        int version = 0; // 0: not a recorded version
    };
    void registerDefinition(const WorkflowDefinition &def, const QByteArray &text, int version);
    // The version `text` is, recorded as the newest (saved by `savedBy`) when it is not the
    // newest version's text: a stored text while it is still the stored one, a file's text
    // while the database holds no definition of that name (otherwise only looked up). 0 when
    // it is none or the database cannot say (logged: the definition still runs).
    int ensureVersion(const QString &name, const QByteArray &text, const QString &savedBy,
                      bool fromFile);

    storage::Store &m_store;
    events::EventBus &m_bus;
    ActionCatalog m_actions;
    std::function<void(const WorkflowDefinition &)> m_added;
    mutable QMutex m_mutex;
    QHash<QString, Registered> m_defs; // by name
    // Parsed run snapshots, by source.
    // By the definition's text itself: it is read twice per step, and hashing it with SHA-256
    // each time cost more than the lookup.
    mutable QHash<QString, std::shared_ptr<const WorkflowDefinition>> m_snapshots;
    QFileSystemWatcher m_watcher;
    QStringList m_folders;
};

} // namespace dc::workflows
