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
    // transaction (an error with an empty file and position is a storage failure).
    std::expected<WorkflowDefinition, QList<ValidationError>>
    saveDefinition(const QString &name, const QByteArray &text);
    // Registers what the database holds (one definition, or all of them); they override files.
    std::expected<void, QString> loadStored(const QString &name = {});
    // Loads every *.yaml, *.yml and *.json of the folders (later folders override earlier ones),
    // and reloads when a file changes. Returns the errors of files that did not validate.
    QList<ValidationError> loadFolders(const QStringList &folders);
    QList<WorkflowDefinition> definitions() const;
    qsizetype count() const; // definitions registered (health asks often: nothing copied)
    std::optional<WorkflowDefinition> definition(const QString &name) const;
    QByteArray source(const QString &name) const;

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
    storage::Store &m_store;
    events::EventBus &m_bus;
    ActionCatalog m_actions;
    std::function<void(const WorkflowDefinition &)> m_added;
    mutable QMutex m_mutex;
    QHash<QString, std::pair<WorkflowDefinition, QByteArray>>
        m_defs; // name -> (definition, source)
    mutable QHash<QByteArray, std::shared_ptr<const WorkflowDefinition>> m_snapshots; // by source
    QFileSystemWatcher m_watcher;
    QStringList m_folders;
};

} // namespace dc::workflows
