// SPDX-License-Identifier: GPL-3.0-or-later
// The API's security over real sockets: the permission table route by route for every role,
// token attacks, login and sessions, rate limits (per key, on /api/auth, on sensitive routes),
// the audit log and its verification (API and `dropcrew audit verify`), encryption at rest and
// the GDPR erase, the OpenAPI document and the Prometheus metrics (checked by promtool).
#include "api/authapi.h"
#include "http.h"
#include "security/jwt.h"
#include "storage/sqlutil.h"
#include "testbackend.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using security::Role;

class TestApiSecurity : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void permissionTable_data();
    void permissionTable();
    void tokenAttacksThroughTheApi();
    void loginRefreshAndUsers();
    void sessionsEndOverHttp();
    void failedLoginsArePseudonymous();
    void passwordWorkLeavesTheHttpThreadFree();
    void auditRecordsAndDetectsTampering();
    void rateLimits();
    void loginLimits();
    void personalDataIsEncryptedAndErasable();
    void openApiListsEveryRoute();
    void metricsPassPromtool();

private:
    using Reply = dc::test::HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
               const std::optional<QByteArray> &auth = std::nullopt,
               const QString &base = QString());
    QTemporaryDir m_dir;
    dc::test::TestBackend m_t;
    QNetworkAccessManager m_nam;
};

void TestApiSecurity::initTestCase()
{
    // Generous limits here; rateLimits() starts its own backend with tight ones.
    auto t = dc::test::startTestBackend(m_dir.path(),
                                        "[limits]\nauth_per_minute=100000\nauth_burst=100000\n"
                                        "sensitive_per_minute=100000\nsensitive_burst=100000\n"
                                        "login_free_failures=1000\n");
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    m_t = std::move(*t);
    dc::test::setDefaultAuthorization(m_t.bearer.value(Role::Admin));
}

void TestApiSecurity::cleanupTestCase()
{
    m_t.backend.reset();
}

TestApiSecurity::Reply TestApiSecurity::call(const QByteArray &method, const QString &path,
                                             const QByteArray &body,
                                             const std::optional<QByteArray> &auth,
                                             const QString &base)
{
    return dc::test::httpCall(m_nam, base.isEmpty() ? m_t.base : base, method, path, body,
                              "application/json", auth);
}

// A concrete path for a pattern: captures become values that name nothing.
static QString concrete(const QString &pattern)
{
    QString p = pattern;
    static const QRegularExpression intCap(QStringLiteral("\\{[a-z_]+:int\\}"));
    static const QRegularExpression strCap(QStringLiteral("\\{[a-z_]+\\}"));
    p.replace(intCap, QStringLiteral("999999"));
    p.replace(strCap, QStringLiteral("zz-none"));
    return p;
}

void TestApiSecurity::permissionTable_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("permission");
    QTest::addColumn<QString>("role");     // "" for anonymous
    QTest::addColumn<bool>("bySignature"); // authenticated by a signature instead (webhooks)
    const QMetaEnum me = QMetaEnum::fromType<api::Method>();
    for (const api::RouteSpec &r : m_t.backend->http().router().routes()) {
        const QByteArray method = QByteArray(me.valueToKey(int(r.method))).toUpper();
        for (const QString &role : QStringList{QString()} + security::roleNames())
            QTest::addRow("%s %s as %s", method.constData(), qPrintable(r.pattern),
                          role.isEmpty() ? "anonymous" : qPrintable(role))
                << method << concrete(r.pattern) << r.permission << role
                << (r.tag == QLatin1String("webhooks"));
    }
}

void TestApiSecurity::permissionTable()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, permission);
    QFETCH(QString, role);
    QFETCH(bool, bySignature);
    const QByteArray auth =
        role.isEmpty() ? QByteArray() : m_t.bearer.value(*security::roleFromName(role));
    const Reply r = call(method, path, {}, auth);
    if (bySignature) {
        QCOMPARE(r.status, 401); // no credential of ours replaces the sender's signature
    } else if (permission.isEmpty()) {
        QVERIFY2(r.status != 401 && r.status != 403, r.raw.constData());
    } else if (role.isEmpty()) {
        QCOMPARE(r.status, 401);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QVERIFY(r.header("WWW-Authenticate").startsWith("Bearer"));
    } else if (security::roleAllows(*security::roleFromName(role), permission)) {
        QVERIFY2(r.status != 401 && r.status != 403, r.raw.constData());
    } else {
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json.value(QStringLiteral("permission")).toString(), permission);
    }
}

void TestApiSecurity::tokenAttacksThroughTheApi()
{
    auto header = [](const QByteArray &h) { return "Bearer " + h; };
    // alg none with admin claims.
    const QJsonObject claims{{QStringLiteral("sub"), QStringLiteral("user:1")},
                             {QStringLiteral("iss"), QStringLiteral("dropcrew")},
                             {QStringLiteral("aud"), QStringLiteral("dropcrew-api")},
                             {QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch()},
                             {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 600}};
    const QString kid = m_t.backend->auth()
                            .signingKeys()
                            .first()
                            .toObject()
                            .value(QStringLiteral("kid"))
                            .toString();
    const QByteArray none =
        security::base64Url(
            QJsonDocument(QJsonObject{{QStringLiteral("alg"), QStringLiteral("none")},
                                      {QStringLiteral("kid"), kid}})
                .toJson(QJsonDocument::Compact)) +
        '.' + security::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.';
    const Reply r = call("GET", QStringLiteral("/api/orders"), {}, header(none));
    QCOMPARE(r.status, 401);
    QVERIFY(r.header("WWW-Authenticate").contains("invalid_token"));
    QVERIFY(!r.raw.contains(none)); // never echoed

    // A valid signature on an expired token.
    QJsonObject expired = claims;
    expired.insert(QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() - 120);
    expired.remove(QStringLiteral("iss"));
    expired.remove(QStringLiteral("aud"));
    QCOMPARE(call("GET", QStringLiteral("/api/orders"), {},
                  header(m_t.backend->auth().signForTest(expired)))
                 .status,
             401);
    // A tampered one: admin's token with another subject.
    QCOMPARE(call("GET", QStringLiteral("/api/orders"), {}, QByteArray("Bearer a.b.c")).status,
             401);

    // Each refusal is in the audit log.
    m_t.backend->store().barrier();
    auto entries = m_t.backend->audit().list(m_t.backend->store().reader(), 0, 1000);
    QVERIFY(entries);
    int refused = 0;
    for (const auto &e : *entries)
        refused += e.action == QLatin1String("token_refused") ? 1 : 0;
    QVERIFY(refused >= 3);
}

void TestApiSecurity::loginRefreshAndUsers()
{
    const Reply created =
        call("POST", QStringLiteral("/api/users"),
             R"({"username":"olga","password":"operator-pass-123","role":"operator"})");
    QCOMPARE(created.status, 201);
    QCOMPARE(call("POST", QStringLiteral("/api/users"),
                  R"({"username":"x","password":"operator-pass-123","role":"root"})")
                 .json.value(QStringLiteral("errors"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("field"))
                 .toString(),
             QStringLiteral("role"));
    const Reply bad = call("POST", QStringLiteral("/api/auth/token"),
                           R"({"username":"olga","password":"wrong-password"})", QByteArray());
    QCOMPARE(bad.status, 401);
    const Reply login = call("POST", QStringLiteral("/api/auth/token"),
                             R"({"username":"olga","password":"operator-pass-123"})", QByteArray());
    QCOMPARE(login.status, 200);
    const QByteArray access = login.json.value(QStringLiteral("access_token")).toString().toUtf8();
    const Reply me = call("GET", QStringLiteral("/api/auth/me"), {}, "Bearer " + access);
    QCOMPARE(me.json.value(QStringLiteral("role")).toString(), QStringLiteral("operator"));
    QVERIFY(me.json.value(QStringLiteral("permissions"))
                .toArray()
                .contains(QJsonValue(QStringLiteral("orders.write"))));
    QCOMPARE(call("GET", QStringLiteral("/api/users"), {}, "Bearer " + access).status, 403);
    const Reply refreshed =
        call("POST", QStringLiteral("/api/auth/refresh"),
             QJsonDocument(QJsonObject{{QStringLiteral("refresh_token"),
                                        login.json.value(QStringLiteral("refresh_token"))}})
                 .toJson(),
             QByteArray());
    QCOMPARE(refreshed.status, 200);
    // Signing key rotation through the API: the old token still works until its key retires.
    const Reply rotated = call("POST", QStringLiteral("/api/auth/signing-keys/rotate"));
    QCOMPARE(rotated.status, 200);
    QCOMPARE(call("GET", QStringLiteral("/api/auth/me"), {}, "Bearer " + access).status, 200);
    QString oldKid;
    for (const QJsonValue &k : rotated.json.value(QStringLiteral("keys")).toArray())
        if (!k.toObject().value(QStringLiteral("current")).toBool() &&
            !k.toObject().value(QStringLiteral("retired")).toBool())
            oldKid = k.toObject().value(QStringLiteral("kid")).toString();
    QCOMPARE(call("POST", QStringLiteral("/api/auth/signing-keys/%1/retire").arg(oldKid)).status,
             200);
    QCOMPARE(call("GET", QStringLiteral("/api/auth/me"), {}, "Bearer " + access).status, 401);
    // An API key revoked stops at once.
    const Reply key = call("POST", QStringLiteral("/api/keys"), R"({"name":"ci","role":"viewer"})");
    QCOMPARE(key.status, 201);
    const QByteArray secret =
        "Bearer " + key.json.value(QStringLiteral("secret")).toString().toUtf8();
    QCOMPARE(call("GET", QStringLiteral("/api/orders"), {}, secret).status, 200);
    QCOMPARE(call("POST", QStringLiteral("/api/keys/%1/revoke")
                              .arg(key.json.value(QStringLiteral("id")).toInteger()))
                 .status,
             200);
    QCOMPARE(call("GET", QStringLiteral("/api/orders"), {}, secret).status, 401);
    QVERIFY(!call("GET", QStringLiteral("/api/keys")).raw.contains("dck_"));
}

void TestApiSecurity::sessionsEndOverHttp()
{
    const Reply created =
        call("POST", QStringLiteral("/api/users"),
             R"({"username":"sasha","password":"session-pass-123","role":"operator"})");
    QCOMPARE(created.status, 201);
    const qint64 id = created.json.value(QStringLiteral("id")).toInteger();
    const auto login = [this] {
        return call("POST", QStringLiteral("/api/auth/token"),
                    R"({"username":"sasha","password":"session-pass-123"})", QByteArray());
    };
    const auto bearer = [](const Reply &r) -> QByteArray {
        return "Bearer " + r.json.value(QStringLiteral("access_token")).toString().toUtf8();
    };
    const auto refreshBody = [](const Reply &r) {
        return QJsonDocument(QJsonObject{{QStringLiteral("refresh_token"),
                                          r.json.value(QStringLiteral("refresh_token"))}})
            .toJson();
    };
    const auto me = [this](const QByteArray &auth) {
        return call("GET", QStringLiteral("/api/auth/me"), {}, auth).status;
    };

    // Logout ends that session's access token, not the user's other sessions.
    const Reply a = login(), b = login();
    QCOMPARE(a.status, 200);
    QCOMPARE(me(bearer(a)), 200);
    QCOMPARE(call("POST", QStringLiteral("/api/auth/logout"), refreshBody(a), QByteArray()).status,
             204);
    const Reply afterLogout = call("GET", QStringLiteral("/api/auth/me"), {}, bearer(a));
    QCOMPARE(afterLogout.status, 401);
    QCOMPARE(afterLogout.contentType, QByteArray("application/problem+json"));
    QCOMPARE(me(bearer(b)), 200);

    // Two refreshes with one token at once: the second is told so (409), and the session lives.
    const Reply r1 =
        call("POST", QStringLiteral("/api/auth/refresh"), refreshBody(b), QByteArray());
    QCOMPARE(r1.status, 200);
    const Reply r2 =
        call("POST", QStringLiteral("/api/auth/refresh"), refreshBody(b), QByteArray());
    QCOMPARE(r2.status, 409);
    QCOMPARE(r2.json.value(QStringLiteral("errors"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("field")),
             QJsonValue(QStringLiteral("refresh_token")));
    QCOMPARE(me(bearer(r1)), 200);
    const Reply r3 =
        call("POST", QStringLiteral("/api/auth/refresh"), refreshBody(r1), QByteArray());
    QCOMPARE(r3.status, 200);

    // A new password, a role change, disabling: every session of the user ends at once.
    const auto patch = [&](const QByteArray &body) {
        return call("PATCH", QStringLiteral("/api/users/%1").arg(id), body).status;
    };
    QCOMPARE(patch(R"({"password":"session-pass-456"})"), 200);
    QCOMPARE(me(bearer(r3)), 401);
    const auto loginWith = [this](const QByteArray &pw) {
        return call("POST", QStringLiteral("/api/auth/token"),
                    R"({"username":"sasha","password":")" + pw + R"("})", QByteArray());
    };
    const Reply c = loginWith("session-pass-456");
    QCOMPARE(me(bearer(c)), 200);
    QCOMPARE(patch(R"({"role":"viewer"})"), 200);
    QCOMPARE(me(bearer(c)), 401);
    QCOMPARE(call("POST", QStringLiteral("/api/auth/refresh"), refreshBody(c), QByteArray()).status,
             401);
    const Reply d = loginWith("session-pass-456");
    QCOMPARE(me(bearer(d)), 200);
    QCOMPARE(patch(R"({"disabled":true})"), 200);
    QCOMPARE(me(bearer(d)), 401);
    QCOMPARE(patch(R"({"disabled":false})"), 200);
    QCOMPARE(me(bearer(d)), 401); // enabling again brings no session back
}

void TestApiSecurity::failedLoginsArePseudonymous()
{
    // What people type as a user name is often their password: the audit chain, which no erasure
    // can edit, keeps a keyed hash of it instead.
    const QByteArray typed = "Hunter2-Typed-As-A-Name";
    m_t.backend->store().barrier();
    qint64 before = 0;
    const auto earlier = m_t.backend->audit().list(m_t.backend->store().reader(), 0, 100000);
    QVERIFY(earlier);
    for (const auto &e : *earlier)
        before = std::max(before, e.id);
    for (const QByteArray &name : {typed, typed, QByteArray("someone-else")})
        QCOMPARE(call("POST", QStringLiteral("/api/auth/token"),
                      R"({"username":")" + name + R"(","password":"whatever-password"})",
                      QByteArray())
                     .status,
                 401);
    m_t.backend->store().barrier();
    auto entries = m_t.backend->audit().list(m_t.backend->store().reader(), before, 1000);
    QVERIFY(entries);
    QStringList hashes;
    for (const auto &e : *entries) {
        QVERIFY(!QJsonDocument(e.toJson()).toJson().contains(typed));
        if (e.action == QLatin1String("login.failed"))
            hashes << e.detail.value(QStringLiteral("username_hmac")).toString();
    }
    QCOMPARE(hashes.size(), 3);
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{32}$"));
    for (const QString &h : hashes)
        QVERIFY2(hex.match(h).hasMatch(), qPrintable(h));
    QCOMPARE(hashes[0], hashes[1]);
    QVERIFY(hashes[0] != hashes[2]);
    {
        auto q = storage::exec(m_t.backend->store().reader(),
                               QStringLiteral("SELECT detail FROM audit_log"));
        QVERIFY(q);
        while (q->next())
            QVERIFY(!q->value(0).toString().contains(QString::fromLatin1(typed)));
    }
    // A key of its own, shared by the instances of a database: destroying it unlinks the hashes
    // from the names without touching the chain.
    auto key = m_t.backend->secrets().read(QStringLiteral("username-pseudonym-key"));
    QVERIFY(key && key->has_value());
    QVERIFY(**key != **m_t.backend->secrets().read(QStringLiteral("audit-key")));
    QVERIFY(call("GET", QStringLiteral("/api/audit/verify"))
                .json.value(QStringLiteral("intact"))
                .toBool());
}

void TestApiSecurity::passwordWorkLeavesTheHttpThreadFree()
{
    // Logins held inside their password check (Argon2id: tens of milliseconds of a core each)
    // must leave the HTTP thread free for everyone else.
    QSemaphore hold;
    int holdMs = 5000; // bounded: a hook on the HTTP thread would stop this test's event loop
    QMutex lock;
    QSet<QThread *> threads;
    QAtomicInt entered = 0;
    m_t.backend->auth().setPasswordCheckHook([&] {
        {
            QMutexLocker l(&lock);
            threads.insert(QThread::currentThread());
        }
        entered.fetchAndAddOrdered(1);
        hold.tryAcquire(1, holdMs);
    });
    auto unhook = qScopeGuard([&] {
        hold.release(1000);
        m_t.backend->auth().setPasswordCheckHook({});
    });
    std::vector<std::unique_ptr<QNetworkAccessManager>> nams;
    QList<QNetworkReply *> logins;
    const auto sendLogins = [&](int n) {
        for (int i = 0; i < n; ++i) {
            if (logins.size() % 6 == 0) // six connections per manager: all requests go out at once
                nams.push_back(std::make_unique<QNetworkAccessManager>());
            QNetworkRequest req(QUrl(m_t.base + QStringLiteral("/api/auth/token")));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            logins << nams.back()->post(
                req, QByteArray(R"({"username":"admin","password":"not-the-password"})"));
        }
    };
    const auto statusOf = [](QNetworkReply *r) {
        return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    };
    // Health answers from its handler (its version): 503 "degraded" here, as this backend has no
    // workflow, but never a refusal for want of a thread.
    const auto healthAnswers = [this] {
        const Reply h = call("GET", QStringLiteral("/api/health"), {}, QByteArray());
        return (h.status == 200 || h.status == 503) &&
               !h.json.value(QStringLiteral("version")).toString().isEmpty();
    };
    sendLogins(3);
    QTRY_VERIFY_WITH_TIMEOUT(entered.loadAcquire() >= 2, 15000);
    QVERIFY(healthAnswers());
    for (QNetworkReply *r : std::as_const(logins))
        QVERIFY(!r->isFinished());
    {
        QMutexLocker l(&lock);
        QVERIFY(!threads.contains(QThread::currentThread())); // this thread serves HTTP
    }
    // A client that gives up while its login is being checked: its answer is dropped.
    logins.first()->abort();
    hold.release(3);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(logins.cbegin(), logins.cend(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             30000);
    QCOMPARE(statusOf(logins.first()), 0);
    for (QNetworkReply *r : logins.mid(1))
        QCOMPARE(statusOf(r), 401);
    qDeleteAll(logins);
    logins.clear();
    QVERIFY(healthAnswers());

    // Beyond the workers and their queue, a login is refused at once (503), not queued.
    holdMs = 60000;
    entered = 0;
    const int capacity = api::kPasswordWorkers + api::kPasswordQueue;
    sendLogins(capacity + 4);
    QTRY_COMPARE_WITH_TIMEOUT(std::count_if(logins.cbegin(), logins.cend(),
                                            [](QNetworkReply *r) { return r->isFinished(); }),
                              qsizetype(4), 30000);
    for (QNetworkReply *r : std::as_const(logins)) {
        if (!r->isFinished())
            continue;
        QCOMPARE(statusOf(r), 503);
        QVERIFY(r->rawHeader("Retry-After").toInt() >= 1);
    }
    QCOMPARE(entered.loadAcquire(), api::kPasswordWorkers);
    hold.release(1000);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(logins.cbegin(), logins.cend(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             60000);
    QCOMPARE(std::count_if(logins.cbegin(), logins.cend(),
                           [&](QNetworkReply *r) { return statusOf(r) == 401; }),
             qsizetype(capacity));
    qDeleteAll(logins);
}

void TestApiSecurity::auditRecordsAndDetectsTampering()
{
    QCOMPARE(call("PUT", QStringLiteral("/api/data/audit/one"), R"({"a":1})").status, 201);
    QCOMPARE(
        call("DELETE", QStringLiteral("/api/data/audit/one"), {}, m_t.bearer.value(Role::Viewer))
            .status,
        403);
    m_t.backend->store().barrier();
    const Reply list = call("GET", QStringLiteral("/api/audit?limit=1000"));
    QCOMPARE(list.status, 200);
    bool sawPut = false, sawDenied = false, sawLogin = false;
    for (const QJsonValue &v : list.json.value(QStringLiteral("entries")).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("action")).toString() ==
                QLatin1String("PUT /api/data/{namespace}/{key}") &&
            e.value(QStringLiteral("target")).toString() == QLatin1String("data:audit/one")) {
            sawPut = true;
            QCOMPARE(e.value(QStringLiteral("actor")).toString(), QStringLiteral("key:test-admin"));
            QCOMPARE(e.value(QStringLiteral("ip")).toString(), QStringLiteral("127.0.0.1"));
            QCOMPARE(e.value(QStringLiteral("target")).toString(),
                     QStringLiteral("data:audit/one"));
            QCOMPARE(e.value(QStringLiteral("outcome")).toInt(), 201);
        }
        sawDenied |=
            e.value(QStringLiteral("action")).toString() == QLatin1String("permission_denied") &&
            e.value(QStringLiteral("actor")).toString() == QLatin1String("key:test-viewer");
        sawLogin |=
            e.value(QStringLiteral("action")).toString().startsWith(QLatin1String("login."));
    }
    QVERIFY(sawPut);
    QVERIFY(sawDenied);
    QVERIFY(sawLogin);
    QCOMPARE(call("GET", QStringLiteral("/api/audit"), {}, m_t.bearer.value(Role::Operator)).status,
             403);

    Reply v = call("GET", QStringLiteral("/api/audit/verify"));
    QVERIFY(v.json.value(QStringLiteral("intact")).toBool());

    const QByteArray binary = qgetenv("DROPCREW_BINARY");
    QVERIFY2(!binary.isEmpty(), "DROPCREW_BINARY is not set");
    auto verifyCli = [&](int expected, const QByteArray &needle) {
        QProcess p;
        p.start(QString::fromLocal8Bit(binary),
                {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--headless"),
                 QStringLiteral("--secrets"), QStringLiteral("file"), QStringLiteral("--data-dir"),
                 m_dir.path()});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY2(out.contains(needle), out.constData());
        QCOMPARE(p.exitCode(), expected);
    };
    verifyCli(0, "intact");

    QString original;
    {
        auto q = storage::exec(m_t.backend->store().reader(),
                               QStringLiteral("SELECT actor FROM audit_log ORDER BY id LIMIT 1"));
        QVERIFY(q && q->next());
        original = q->value(0).toString();
    }
    auto tampered = m_t.backend->store().writeAndWait<bool>(
        [](storage::WriteContext &w) -> storage::DbResult<bool> {
            auto q = storage::exec(
                w.db(), QStringLiteral("UPDATE audit_log SET actor = 'user:nobody' WHERE id = "
                                       "(SELECT MIN(id) FROM audit_log)"));
            if (!q)
                return std::unexpected(q.error());
            return true;
        });
    QVERIFY(tampered);
    v = call("GET", QStringLiteral("/api/audit/verify"));
    QVERIFY(!v.json.value(QStringLiteral("intact")).toBool());
    QVERIFY(v.json.value(QStringLiteral("first_bad_id")).toInteger() > 0);
    verifyCli(1, "BROKEN");
    // Put it back for the tests that follow (the chain checks out again).
    QVERIFY(m_t.backend->store().writeAndWait<bool>(
        [&original](storage::WriteContext &w) -> storage::DbResult<bool> {
            auto q = storage::exec(w.db(),
                                   QStringLiteral("UPDATE audit_log SET actor = ? WHERE id = "
                                                  "(SELECT MIN(id) FROM audit_log)"),
                                   {original});
            if (!q)
                return std::unexpected(q.error());
            return true;
        }));
}

void TestApiSecurity::rateLimits()
{
    QTemporaryDir dir;
    auto t = dc::test::startTestBackend(
        dir.path(), "[limits]\nuser_rate=1\nuser_burst=5\nauth_per_minute=1\n"
                    "auth_burst=3\nsensitive_per_minute=1\nsensitive_burst=2\n");
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    const QByteArray viewer = t->bearer.value(Role::Viewer);
    // A burst of 5, then one a second: the refusal comes after 5 requests (6 or 7 if the test
    // itself was slow enough for the bucket to refill meanwhile).
    int served = 0;
    Reply last;
    while (served < 20) {
        last = call("GET", QStringLiteral("/api/orders"), {}, viewer, t->base);
        if (last.status != 200)
            break;
        QCOMPARE(last.header("RateLimit-Limit"), QByteArray("5"));
        QVERIFY(last.header("RateLimit-Remaining").toInt() <= 4);
        ++served;
    }
    QVERIFY2(served >= 5 && served <= 7, qPrintable(QString::number(served)));
    const Reply &limited = last;
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.contentType, QByteArray("application/problem+json"));
    QVERIFY(limited.header("Retry-After").toInt() >= 1);
    QCOMPARE(limited.header("RateLimit-Remaining"), QByteArray("0"));
    // Another key is not affected.
    QCOMPARE(
        call("GET", QStringLiteral("/api/orders"), {}, t->bearer.value(Role::Operator), t->base)
            .status,
        200);
    // Logins: 3 attempts from one address, then 429 (whatever the password).
    for (int i = 0; i < 3; ++i)
        QCOMPARE(call("POST", QStringLiteral("/api/auth/token"),
                      R"({"username":"admin","password":"guess-guess-guess"})", QByteArray(),
                      t->base)
                     .status,
                 401);
    const Reply brute =
        call("POST", QStringLiteral("/api/auth/token"),
             R"({"username":"admin","password":"guess-guess-guess"})", QByteArray(), t->base);
    QCOMPARE(brute.status, 429);
    QVERIFY(brute.header("Retry-After").toInt() >= 30);
    // Sensitive routes: their own, stricter bucket.
    const QByteArray op = t->bearer.value(Role::Admin);
    QCOMPARE(call("POST", QStringLiteral("/api/orders/999/cancel"), {}, op, t->base).status, 404);
    QCOMPARE(call("POST", QStringLiteral("/api/orders/999/refund"), {}, op, t->base).status, 404);
    QCOMPARE(call("POST", QStringLiteral("/api/orders/999/cancel"), {}, op, t->base).status, 429);
    QCOMPARE(call("GET", QStringLiteral("/api/orders"), {}, op, t->base).status, 200);
    t->backend.reset();
}

void TestApiSecurity::loginLimits()
{
    const auto login = [this](const QString &base, const QByteArray &user, const QByteArray &pw,
                              const QByteArray &forwardedFor = {}) {
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!forwardedFor.isEmpty())
            headers.append({"X-Forwarded-For", forwardedFor});
        return dc::test::httpCall(m_nam, base, "POST", QStringLiteral("/api/auth/token"),
                                  R"({"username":")" + user + R"(","password":")" + pw + R"("})",
                                  "application/json", QByteArray(), headers);
    };
    const QByteArray right = "the-right-password";

    // Per account, whatever the address: after login_free_failures failures each one makes the
    // account wait, twice as long as the one before; right password or not, a waiting account
    // is answered 429 without checking it. Other accounts are not affected, and a success clears
    // the count.
    {
        QTemporaryDir dir;
        auto t = dc::test::startTestBackend(dir.path(),
                                            "[limits]\nauth_per_minute=0\nlogin_free_failures=3\n");
        QVERIFY2(t, qPrintable(t ? QString() : t.error()));
        for (const char *name : {"target", "bystander"})
            QVERIFY(t->backend->auth().createUser(QString::fromLatin1(name),
                                                  QString::fromLatin1(right), Role::Viewer));
        for (int i = 0; i < 4; ++i)
            QCOMPARE(login(t->base, "target", "wrong-password-" + QByteArray::number(i)).status,
                     401);
        const Reply waiting = login(t->base, "target", right);
        QCOMPARE(waiting.status, 429);
        QCOMPARE(waiting.contentType, QByteArray("application/problem+json"));
        QVERIFY(waiting.header("Retry-After").toInt() >= 1);
        QVERIFY2(waiting.json.value(QStringLiteral("detail"))
                     .toString()
                     .contains(QStringLiteral("account")),
                 waiting.raw.constData());
        QCOMPARE(login(t->base, "bystander", right).status, 200);
        // Waiting attempts are not failures: once the wait is over, the right password works.
        QTRY_COMPARE_WITH_TIMEOUT(login(t->base, "target", right).status, 200, 15000);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(login(t->base, "target", "wrong-again").status, 401);
        t->backend.reset();
    }

    // Per address, failures only: a balancer's address with many good logins behind it is never
    // limited; failed attempts are.
    {
        QTemporaryDir dir;
        auto t = dc::test::startTestBackend(
            dir.path(), "[limits]\nauth_per_minute=1\nauth_burst=3\nlogin_free_failures=100\n");
        QVERIFY2(t, qPrintable(t ? QString() : t.error()));
        QVERIFY(t->backend->auth().createUser(QStringLiteral("busy"), QString::fromLatin1(right),
                                              Role::Viewer));
        for (int i = 0; i < 8; ++i)
            QCOMPARE(login(t->base, "busy", right).status, 200);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(login(t->base, "busy", "wrong-password").status, 401);
        const Reply limited = login(t->base, "busy", right);
        QCOMPARE(limited.status, 429);
        QVERIFY(limited.header("Retry-After").toInt() >= 30);
        // Without trusted proxies, X-Forwarded-For is anyone's to write: ignored.
        QCOMPARE(login(t->base, "busy", right, "198.51.100.9").status, 429);
        t->backend.reset();
    }

    // Behind trusted proxies, the address they forward for is the client's: one client failing
    // does not lock out the others behind the same proxy.
    {
        QTemporaryDir dir;
        auto t = dc::test::startTestBackend(
            dir.path(), "[limits]\nauth_per_minute=1\nauth_burst=3\nlogin_free_failures=100\n"
                        "trusted_proxies=127.0.0.1/32, ::1\n");
        QVERIFY2(t, qPrintable(t ? QString() : t.error()));
        QVERIFY(t->backend->auth().createUser(QStringLiteral("shared"), QString::fromLatin1(right),
                                              Role::Viewer));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(login(t->base, "shared", "wrong-password", "203.0.113.7").status, 401);
        QCOMPARE(login(t->base, "shared", right, "203.0.113.7").status, 429);
        // The client is the right-most address that is not a trusted proxy.
        QCOMPARE(login(t->base, "shared", right, "10.9.9.9, 203.0.113.7, 127.0.0.1").status, 429);
        QCOMPARE(login(t->base, "shared", right, "203.0.113.7, 203.0.113.8").status, 200);
        QCOMPARE(login(t->base, "shared", right, "203.0.113.8").status, 200);
        QCOMPARE(login(t->base, "shared", right).status, 200);
        t->backend->store().barrier();
        auto entries = t->backend->audit().list(t->backend->store().reader(), 0, 1000);
        QVERIFY(entries);
        int fromClient = 0;
        for (const auto &e : *entries)
            fromClient +=
                e.action == QLatin1String("login.failed") && e.ip == QLatin1String("203.0.113.7");
        QCOMPARE(fromClient, 3);
        t->backend.reset();
    }
}

void TestApiSecurity::personalDataIsEncryptedAndErasable()
{
    // A customer and a Shopify order of theirs, through the repository (Shopify's ingestion
    // path); a manual order with an address through the API.
    storage::OrderRepository repo(m_t.backend->cipher());
    Customer c;
    c.shop = QStringLiteral("shop.myshopify.com");
    c.shopifyCustomerId = 77;
    c.personal = {QStringLiteral("Zacharie"), QStringLiteral("Quenouille"),
                  QStringLiteral("zacharie@example.org"), QStringLiteral("+33123456789")};
    auto cid = m_t.backend->store().writeAndWait<storage::UpsertOutcome>(
        [&](storage::WriteContext &w) { return repo.upsertCustomer(w, c); });
    QVERIFY(cid);
    const Reply order = call(
        "POST", QStringLiteral("/api/orders"),
        R"({"name":"#M1","currency":"EUR","line_items":[{"sku":"S1","title":"Lamp","quantity":2,
            "unit_price_minor":1250}],"shipping_minor":500,
            "shipping_address":{"name":"Zacharie Quenouille","address1":"42 rue Vertbois",
            "city":"Lyon","zip":"69001","country_code":"FR"}})");
    QCOMPARE(order.status, 201);
    QCOMPARE(order.json.value(QStringLiteral("total_minor")).toInteger(), 3000);
    QCOMPARE(order.json.value(QStringLiteral("shipping_address"))
                 .toObject()
                 .value(QStringLiteral("city"))
                 .toString(),
             QStringLiteral("Lyon"));
    Order o;
    o.shop = c.shop;
    o.shopifyOrderId = 5001;
    o.name = QStringLiteral("#1001");
    o.currency = QStringLiteral("EUR");
    o.subtotal = o.total = Money{9900, QStringLiteral("EUR")};
    o.shippingTotal = o.taxTotal = Money{0, QStringLiteral("EUR")};
    o.customerId = cid->id;
    o.shippingAddress = Address{QStringLiteral("Zacharie Quenouille"),
                                QStringLiteral("7 quai Zola"),
                                {},
                                QStringLiteral("Nantes"),
                                {},
                                QStringLiteral("44000"),
                                QStringLiteral("FR"),
                                {}};
    o.shopifyUpdatedAt = o.shopifyCreatedAt = QDateTime::currentDateTimeUtc();
    auto oid = m_t.backend->store().writeAndWait<storage::UpsertOutcome>(
        [&](storage::WriteContext &w) { return repo.upsertShopifyOrder(w, o); });
    QVERIFY(oid);
    m_t.backend->store().barrier();

    // No clear personal data anywhere in the database files (main file and WAL).
    QDirIterator it(m_dir.path(), {QStringLiteral("dropcrew.db*")}, QDir::Files);
    int files = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        ++files;
        for (const char *needle :
             {"Quenouille", "Vertbois", "zacharie@example.org", "+33123456789", "quai Zola"})
            QVERIFY2(!bytes.contains(needle), needle);
    }
    QVERIFY(files >= 1);

    // GDPR erase: personal data gone, economics kept, audit chain valid.
    const Reply erased = call("POST", QStringLiteral("/api/customers/%1/erase").arg(cid->id), {},
                              m_t.bearer.value(Role::Operator));
    QCOMPARE(erased.status, 200);
    QCOMPARE(erased.json.value(QStringLiteral("orders_cleared")).toInt(), 1);
    const Reply after = call("GET", QStringLiteral("/api/orders/%1").arg(oid->id));
    QCOMPARE(after.status, 200);
    QVERIFY(after.json.value(QStringLiteral("shipping_address")).isNull());
    QCOMPARE(after.json.value(QStringLiteral("total_minor")).toInteger(), 9900);
    auto customer = repo.getCustomer(m_t.backend->store().reader(), cid->id);
    QVERIFY(customer && customer->has_value());
    QVERIFY((*customer)->erased);
    QVERIFY((*customer)->personal.lastName.isEmpty());
    QCOMPARE(call("POST", QStringLiteral("/api/customers/%1/erase").arg(cid->id), {},
                  m_t.bearer.value(Role::Viewer))
                 .status,
             403);
    m_t.backend->store().barrier();
    QVERIFY(call("GET", QStringLiteral("/api/audit/verify"))
                .json.value(QStringLiteral("intact"))
                .toBool());
}

void TestApiSecurity::openApiListsEveryRoute()
{
    const Reply r = call("GET", QStringLiteral("/api/openapi.json"), {}, QByteArray());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("openapi")).toString(), QStringLiteral("3.1.0"));
    const QJsonObject paths = r.json.value(QStringLiteral("paths")).toObject();
    static const QRegularExpression typed(QStringLiteral("\\{([a-z_]+):int\\}"));
    int operations = 0;
    for (const api::RouteSpec &spec : m_t.backend->http().router().routes()) {
        QString p = spec.pattern;
        p.replace(typed, QStringLiteral("{\\1}"));
        const QMetaEnum me = QMetaEnum::fromType<api::Method>();
        const QString method = QString::fromLatin1(me.valueToKey(int(spec.method))).toLower();
        const QJsonObject op = paths.value(p).toObject().value(method).toObject();
        QVERIFY2(!op.isEmpty(), qPrintable(method + QLatin1Char(' ') + p));
        QCOMPARE(op.value(QStringLiteral("x-permission")).toString(), spec.permission);
        ++operations;
    }
    QVERIFY(operations > 40);
}

void TestApiSecurity::metricsPassPromtool()
{
    call("GET", QStringLiteral("/api/orders"));
    call("GET", QStringLiteral("/api/nothing-here"));
    const Reply r = call("GET", QStringLiteral("/api/metrics"), {}, m_t.bearer.value(Role::Viewer));
    QCOMPARE(r.status, 200);
    QVERIFY(r.contentType.startsWith("text/plain; version=0.0.4"));
    for (const char *family :
         {"dropcrew_http_requests_total", "dropcrew_http_request_duration_seconds_bucket",
          "dropcrew_tasks", "dropcrew_workflow_runs", "dropcrew_event_subscription_lag_events",
          "process_cpu_seconds_total", "process_resident_memory_bytes"})
        QVERIFY2(r.raw.contains(family), family);
    QVERIFY(r.raw.contains("route=\"/api/orders\",method=\"GET\",status=\"200\""));
    QVERIFY(r.raw.contains("route=\"unmatched\""));
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    QVERIFY2(!promtool.isEmpty(),
             "promtool not found (scripts/deps.sh --test installs prometheus)");
    QProcess p;
    p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    p.write(r.raw);
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(30000));
    const QByteArray said = p.readAllStandardOutput() + p.readAllStandardError();
    QVERIFY2(p.exitCode() == 0, said.constData());
}

QTEST_GUILESS_MAIN(TestApiSecurity)
#include "tst_apisecurity.moc"
