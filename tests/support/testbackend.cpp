// SPDX-License-Identifier: GPL-3.0-or-later
#include "testbackend.h"

#include <QFile>

namespace dc::test {

namespace {
// The build copies the shipped workflows to <build>/share/dropcrew/workflows, which is also
// "../share" of the test binaries: a test backend loads only the workflows its test puts in the
// data folder (or saves through the API), as before that copy existed.
const QString kOnlyTheTestsWorkflows = QStringLiteral("none");
} // namespace

std::expected<TestBackend, QString> startTestBackend(const QString &dataDir, const QByteArray &ini,
                                                     const QString &database)
{
    if (!ini.isEmpty()) {
        QFile f(dataDir + QStringLiteral("/dropcrew.ini"));
        if (!f.open(QIODevice::WriteOnly) || f.write(ini) != ini.size())
            return std::unexpected(QStringLiteral("cannot write the INI file"));
    }
    QStringList args{QStringLiteral("dropcrew"),   QStringLiteral("--headless"),
                     QStringLiteral("--data-dir"), dataDir,
                     QStringLiteral("--listen"),   QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--secrets"),  QStringLiteral("file")};
    if (!database.isEmpty())
        args << QStringLiteral("--database") << database;
    auto cl = runtime::parseCommandLine(args);
    if (!cl)
        return std::unexpected(cl.error());
    cl->config.shippedWorkflows = kOnlyTheTestsWorkflows;
    auto b = runtime::Backend::start(cl->config);
    if (!b)
        return std::unexpected(b.error());
    TestBackend t;
    t.backend = std::move(*b);
    // The first start of a test names its keys test-<role>; later ones (possibly on the same
    // data folder) add a number.
    static int starts = 0;
    const QString suffix = ++starts == 1 ? QString() : QStringLiteral("-%1").arg(starts);
    t.base = t.backend->listenUrl();
    for (security::Role r : {security::Role::Viewer, security::Role::Operator,
                             security::Role::Agent, security::Role::Admin}) {
        auto key = t.backend->auth().createApiKey(
            QStringLiteral("test-") + security::roleName(r) + suffix, r, QStringLiteral("test"));
        if (!key)
            return std::unexpected(key.error().message);
        t.bearer.insert(r, "Bearer " + key->second.toUtf8());
    }
    return t;
}

std::expected<std::unique_ptr<runtime::Backend>, QString>
startEmbeddedBackend(const QString &dataDir)
{
    auto cl = runtime::parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--data-dir"),
                                         dataDir, QStringLiteral("--listen"),
                                         QStringLiteral("127.0.0.1:0"), QStringLiteral("--secrets"),
                                         QStringLiteral("file")});
    if (!cl)
        return std::unexpected(cl.error());
    cl->config.shippedWorkflows = kOnlyTheTestsWorkflows;
    // No background passes against a shop the test configures: a poll racing the test's own
    // import found the products already stored (CI: "1 new" instead of 40).
    cl->config.shopifyPollSeconds = 0;
    cl->config.shopifyReconcileMinutes = 0;
    return runtime::Backend::start(cl->config);
}

} // namespace dc::test
