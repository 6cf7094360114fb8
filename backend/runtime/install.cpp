// SPDX-License-Identifier: GPL-3.0-or-later
#include "runtime/install.h"

#include "dropcrew/version.h"
#include "workflows/definition.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <cstdio>

namespace dc::runtime {

QString sharedFile(const QString &name)
{
    const QString besideBinary =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/dropcrew/") + name;
    if (QFileInfo::exists(besideBinary))
        return QDir::cleanPath(besideBinary);
    const QString installed = QStringLiteral(DROPCREW_INSTALL_DATADIR "/") + name;
    if (QFileInfo::exists(installed))
        return installed;
    return {};
}

QString shippedWorkflowFolder(const Config &config)
{
    if (config.shippedWorkflows == QLatin1String("none"))
        return {};
    if (!config.shippedWorkflows.isEmpty())
        return config.shippedWorkflows;
    return sharedFile(QStringLiteral("workflows"));
}

QString shippedWorkflowState(const Config &config)
{
    if (config.shippedWorkflows == QLatin1String("none"))
        return QStringLiteral("off");
    return shippedWorkflowFolder(config).isEmpty() ? QStringLiteral("not_found")
                                                   : QStringLiteral("found");
}

namespace {

// Lists the definitions of a folder as the engine would load them (parsed only: agents and
// actions are checked when the backend loads them), one line each; false if one does not parse.
bool listWorkflows(const QString &folder, QSet<QString> &names, QString &out)
{
    const workflows::ActionCatalog anyAction = [](const QString &, const QString &) {
        return std::optional<QString>();
    };
    bool ok = true;
    const QDir dir(folder);
    const QStringList files =
        dir.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json")},
                      QDir::Files, QDir::Name);
    for (const QString &file : files) {
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly)) {
            out += QStringLiteral("  %1: cannot read: %2\n").arg(file, f.errorString());
            ok = false;
            continue;
        }
        auto wf = workflows::loadWorkflow(f.readAll(), file, anyAction);
        if (wf) {
            out += QStringLiteral("  %1 (%2)\n").arg(wf->name, file);
            names.insert(wf->name);
        } else {
            out += QStringLiteral("  %1: %2\n").arg(file, wf.error().first().toString());
            ok = false;
        }
    }
    return ok;
}

} // namespace

int printInstallInfo(const Config &config)
{
    QString out;
    bool ok = true;
    out += QStringLiteral("dropcrew %1\n").arg(QStringLiteral(DROPCREW_VERSION));
    out += QStringLiteral("data folder: %1\n").arg(config.dataDir);
    out +=
        QStringLiteral("settings file: %1 (%2)\n")
            .arg(config.iniPath(), QFileInfo::exists(config.iniPath()) ? QStringLiteral("present")
                                                                       : QStringLiteral("absent"));
    const QString defaults = sharedFile(QStringLiteral("dropcrew.ini"));
    out += QStringLiteral("default settings: %1\n")
               .arg(defaults.isEmpty() ? QStringLiteral("none found") : defaults);
    out += QStringLiteral("database: %1\n").arg(config.database.toDisplayString());

    QSet<QString> shippedNames;
    const QString shipped = shippedWorkflowFolder(config);
    const QString state = shippedWorkflowState(config);
    out += QStringLiteral("shipped workflows: %1\n")
               .arg(state == QLatin1String("off") ? QStringLiteral("none ([workflows] "
                                                                   "shipped_folder=none)")
                    : shipped.isEmpty()           ? QStringLiteral("none found")
                                                  : shipped);
    if (state == QLatin1String("not_found"))
        ok = false;
    if (!shipped.isEmpty())
        ok = listWorkflows(shipped, shippedNames, out) && ok;
    // The data folder's definitions win by name (saved through the API, the database's win too).
    const QString own = config.dataDir + QStringLiteral("/workflows");
    QSet<QString> ownNames;
    QString ownLines;
    ok = listWorkflows(own, ownNames, ownLines) && ok;
    if (!ownNames.isEmpty() || !ownLines.isEmpty())
        out += QStringLiteral("workflows in %1:\n").arg(own) + ownLines;
    const QSet<QString> names = shippedNames + ownNames;
    out += QStringLiteral("workflows: %1 (%2 shipped, %3 in the data folder; those saved through "
                          "the API come on top)\n")
               .arg(names.size())
               .arg(shippedNames.size())
               .arg(ownNames.size());
    if (names.isEmpty())
        ok = false;

    QStringList languages;
    for (const QString &qm : QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("*.qm")}))
        languages << qm.section(QLatin1Char('_'), -1).section(QLatin1Char('.'), 0, 0);
    out += QStringLiteral("translations: %1\n")
               .arg(languages.isEmpty() ? QStringLiteral("none")
                                        : languages.join(QStringLiteral(", ")));
    if (languages.isEmpty())
        ok = false;
    std::fputs(qPrintable(out), stdout);
    return ok ? 0 : 1;
}

} // namespace dc::runtime
