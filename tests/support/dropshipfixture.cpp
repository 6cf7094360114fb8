// SPDX-License-Identifier: GPL-3.0-or-later
#include "dropshipfixture.h"

#include <QScopeGuard>

#include "agents/crew.h"
#include "core/domain.h"
#include "runtime/backend.h"
#include "security/secretstore.h"
#include "security/sharedsecretstore.h"
#include "storage/catalogrepository.h"
#include "storage/sqlutil.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

namespace dc::test {

namespace {
const QString kAppKey = QStringLiteral("fixture-app");
const QByteArray kAppSecret = "fixture-app-secret";
const QByteArray kToken = "fixture-token";
} // namespace

std::unique_ptr<FakeAliExpress> dropshipAliExpress()
{
    auto ae = std::make_unique<FakeAliExpress>(kAppKey, kAppSecret, kToken);
    ae->addProduct(QStringLiteral("7001"), QStringLiteral("Lamp"),
                   {{QStringLiteral("sku-1"), QStringLiteral("12.00"), 1'000'000}});
    return ae;
}

std::expected<void, QString> prepareDataDir(const QString &dataDir, FakeAliExpress &ae,
                                            const QByteArray &iniExtra)
{
    const QDir dir(dataDir);
    if (!dir.mkpath(QStringLiteral("workflows")))
        return std::unexpected(QStringLiteral("cannot create %1/workflows").arg(dataDir));
    const QString seed = qEnvironmentVariable("DROPCREW_SOURCE_DIR") +
                         QStringLiteral("/workflows/order_processing.yaml");
    if (!QFile::copy(seed, dir.filePath(QStringLiteral("workflows/order_processing.yaml"))))
        return std::unexpected(QStringLiteral("cannot copy %1").arg(seed));
    QFile ini(dir.filePath(QStringLiteral("dropcrew.ini")));
    if (!ini.open(QIODevice::WriteOnly))
        return std::unexpected(ini.errorString());
    // The seed workflow only: not the build tree's other shipped ones (tracking, fulfilment...),
    // whose runs the tests' counts of succeeded runs do not expect.
    ini.write("[workflows]\nshipped_folder=none\n[shopify]\nreconcile_minutes=0\npoll_seconds=0"
              "\n[aliexpress]\ntimeout_seconds=5\nurl=" +
              ae.url().toUtf8() + "\n" + iniExtra);
    ini.close();
    auto secrets = security::makeFileSecretStore(dir.filePath(QStringLiteral("secrets")));
    if (auto saved = agents::Integrations::saveCredentials(
            *secrets, {kAppKey, kAppSecret, kToken, "fixture-refresh", 0, 0});
        !saved)
        return std::unexpected(saved.error());
    return {};
}

std::expected<void, QString> seedCatalog(storage::Store &store, const QString &dataDir,
                                         const QString &shop)
{
    using namespace storage;
    auto seeded = store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        const CatalogRepository c;
        Product p;
        p.shop = shop;
        p.shopifyProductId = 632910392;
        p.title = QStringLiteral("IPod Nano");
        p.variants = {Variant{
            0, 0, 808950810, QStringLiteral("IPOD-1"), {}, {4000, QStringLiteral("EUR")}, 0, 0}};
        if (auto up = c.upsertProduct(w, p); !up)
            return std::unexpected(up.error());
        auto v = c.findVariantByShopifyId(w.db(), 808950810);
        auto s = c.upsertSupplier(
            w, {0, QStringLiteral("Fixture supplier"), QStringLiteral("aliexpress"), true, {}});
        if (!v || !v->has_value() || !s)
            return std::unexpected(DbError{DbError::Kind::Internal, QStringLiteral("catalog")});
        SupplierOffer o;
        o.supplierId = *s;
        o.variantId = (*v)->id;
        o.supplierProductId = QStringLiteral("7001");
        o.supplierSkuId = QStringLiteral("sku-1");
        o.cost = {1200, QStringLiteral("EUR")};
        o.shippingCost = {300, QStringLiteral("EUR")};
        o.stock = 1'000'000;
        if (auto off = c.upsertOffer(w, o); !off)
            return std::unexpected(off.error());
        auto q = exec(
            w.db(),
            QStringLiteral(
                "INSERT INTO shops (domain, api_version, admin_url, created_at) "
                "VALUES (?, '2024-07', 'http://127.0.0.1:9/admin/api/2024-07/graphql.json', ?)"),
            {shop, QDateTime::currentMSecsSinceEpoch()});
        if (!q)
            return std::unexpected(q.error());
        return true;
    });
    if (!seeded)
        return std::unexpected(seeded.error().message);
    auto secrets = security::makeFileSecretStore(dataDir + QStringLiteral("/secrets"));
    if (auto w = secrets->write(QStringLiteral("shopify.") + shop + QStringLiteral(".access-token"),
                                "fixture-token");
        !w)
        return std::unexpected(QStringLiteral("cannot store the shop's token"));
    return {};
}

std::expected<std::optional<QByteArray>, QString>
sharedSecret(storage::Store &store, const QString &dataDir, const QString &name)
{
    auto local = security::makeFileSecretStore(dataDir + QStringLiteral("/secrets"));
    auto cipher = runtime::loadOrCreateFieldKeys(*local);
    if (!cipher)
        return std::unexpected(cipher.error());
    security::SharedSecretStore shared(store, *cipher, *local, {});
    return shared.read(name);
}

QVariant sqliteScalar(const QString &file, const QString &sql)
{
    const QString name = QStringLiteral("scalar-") + file;
    QVariant v;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                v = q.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return v;
}

bool waitForSucceededRuns(const QString &file, qint64 count, int timeoutMs)
{
    const bool done = QTest::qWaitFor(
        [&] {
            return sqliteScalar(file, QStringLiteral("SELECT COUNT(*) FROM workflow_runs WHERE "
                                                     "state = 'succeeded'"))
                       .toLongLong() >= count;
        },
        timeoutMs);
    if (!done) {
        // Say why: the runs that did not succeed, their steps, and tasks not finished.
        qWarning().noquote()
            << "runs not succeeded:"
            << sqliteScalar(file, QStringLiteral("SELECT group_concat(r.id || ' ' || "
                                                 "r.state || ' [' || (SELECT "
                                                 "group_concat(s.name || '=' || s.state || "
                                                 "' ' || s.error, '; ') FROM workflow_steps "
                                                 "s WHERE s.run_id = r.id) || ']', ' | ') "
                                                 "FROM workflow_runs r WHERE r.state <> "
                                                 "'succeeded'"))
                   .toString()
            << "| orders without a run:"
            << sqliteScalar(file, QStringLiteral("SELECT group_concat(name, ', ') FROM "
                                                 "orders WHERE id NOT IN (SELECT "
                                                 "CAST(json_extract(trigger_data, "
                                                 "'$.order_id') AS INTEGER) FROM "
                                                 "workflow_runs)"))
                   .toString()
            << "| tasks not finished:"
            << sqliteScalar(file, QStringLiteral("SELECT group_concat(kind || ' ' || state "
                                                 "|| ' ' || attempts || ' ' || error, ' | ') "
                                                 "FROM tasks WHERE state NOT IN "
                                                 "('succeeded', 'cancelled')"))
                   .toString();
    }
    return done;
}

HeadlessProcess::HeadlessProcess(QString binary, QStringList args, QProcessEnvironment env)
    : m_binary(std::move(binary))
    , m_args(std::move(args))
    , m_env(std::move(env))
{}

bool HeadlessProcess::start(quint16 port, int timeoutMs)
{
    // A start that a timer asks for while another start of this node waits (events run in
    // qWaitFor) would replace the process being started: the first one finishes the job.
    if (m_starting)
        return false;
    if (m_proc && m_proc->state() != QProcess::NotRunning) {
        if (m_up)
            return true;
        kill(); // running but never said it listens: start it again
    }
    m_starting = true;
    auto done = qScopeGuard([this] { m_starting = false; });
    m_proc = std::make_unique<QProcess>();
    m_proc->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_proc->setProcessEnvironment(m_env);
    m_proc->start(m_binary, m_args + QStringList{QStringLiteral("--listen"),
                                                 QStringLiteral("127.0.0.1:%1").arg(port)});
    if (!m_proc->waitForStarted(10000))
        return false;
    QByteArray out;
    const bool ok = QTest::qWaitFor(
        [&] {
            return (out += m_proc->readAllStandardOutput()).contains('\n') ||
                   m_proc->state() == QProcess::NotRunning;
        },
        timeoutMs);
    static const QRegularExpression re(QStringLiteral("^listening on https?://[^:]+:(\\d+)"));
    const QRegularExpressionMatch m = re.match(QString::fromUtf8(out));
    m_up = ok && m.hasMatch();
    if (m_up)
        m_port = quint16(m.captured(1).toUInt());
    return m_up;
}

void HeadlessProcess::kill()
{
    if (!m_proc)
        return;
    m_proc->kill();
    m_proc->waitForFinished(10000);
    m_up = false;
}

bool HeadlessProcess::terminate(int timeoutMs)
{
    if (!m_proc || m_proc->state() == QProcess::NotRunning)
        return true;
    m_proc->terminate();
    const bool done = m_proc->waitForFinished(timeoutMs);
    m_up = false;
    return done && m_proc->exitStatus() == QProcess::NormalExit && m_proc->exitCode() == 0;
}

} // namespace dc::test
