// SPDX-License-Identifier: GPL-3.0-or-later
// Users, sessions and API keys on a real database: Argon2id hashes, login, refresh rotation
// with reuse detection and its grace window, sessions that end on every instance (logout, new
// password, role change, disabled user), API key revocation,
// signing-key rotation persisted in the secret store, the first-start admin.
#include "security/auth.h"
#include "security/ratelimit.h"
#include "security/secretstore.h"
#include "storage/sqlutil.h"
#include "testdb.h"

#include <QCryptographicHash>
#include <QtTest>

using namespace dc;
using namespace dc::security;

class TestAuth : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void passwordsAreArgon2id();
    void firstStartCreatesOneAdmin();
    void adminHashedAhead();
    void loginAndAuthenticate();
    void refreshRotatesAndDetectsReuse();
    void disabledUsersAndRoleChanges();
    void sessionsEndOnEveryInstance();
    void concurrentRefreshIsNotReuse();
    void loginLimitsAreShared();
    void tokensFromBeforeSessions();
    void apiKeys();
    void signingKeyRotationIsPersisted();
    void badCredentialsAreRefused_data();
    void badCredentialsAreRefused();

private:
    std::unique_ptr<test::ScratchDatabase> m_db;
    std::unique_ptr<storage::Store> m_store;
    QTemporaryDir m_secretsDir;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<AuthService> m_auth;
};

void TestAuth::init()
{
    m_db = std::make_unique<test::ScratchDatabase>();
    DC_REQUIRE_DB(*m_db);
    auto s = storage::Store::open(m_db->url());
    QVERIFY2(s, qPrintable(s ? QString() : s.error()));
    m_store = std::move(*s);
    m_secrets = makeFileSecretStore(m_secretsDir.path() + QStringLiteral("/") +
                                    QString::number(QRandomGenerator::global()->generate()));
    auto a = AuthService::create(*m_store, *m_secrets, {});
    QVERIFY2(a, qPrintable(a ? QString() : a.error()));
    m_auth = std::move(*a);
}

void TestAuth::cleanup()
{
    m_auth.reset();
    if (m_store)
        m_store->close();
    m_store.reset();
    m_db.reset();
}

void TestAuth::passwordsAreArgon2id()
{
    const QString h = hashPassword(QStringLiteral("correct horse battery staple"));
    QVERIFY(h.startsWith(QStringLiteral("$argon2id$v=19$m=19456,t=2,p=1$")));
    QVERIFY(verifyPassword(QStringLiteral("correct horse battery staple"), h));
    QVERIFY(!verifyPassword(QStringLiteral("correct horse battery stapl"), h));
    QVERIFY(hashPassword(QStringLiteral("same")) != hashPassword(QStringLiteral("same"))); // salted
    QVERIFY(!verifyPassword(QStringLiteral("x"), QStringLiteral("$argon2id$garbage")));
}

void TestAuth::firstStartCreatesOneAdmin()
{
    auto generated = m_auth->ensureAdmin(QString());
    QVERIFY(generated);
    QVERIFY(generated->size() >= 20);
    QVERIFY(m_auth->login(QStringLiteral("admin"), *generated));
    auto again = m_auth->ensureAdmin(QStringLiteral("ignored-because-users-exist"));
    QVERIFY(again);
    QVERIFY(again->isEmpty());
    auto users = m_auth->users(m_store->reader());
    QCOMPARE(users->size(), 1);
    QCOMPARE(users->first().role, Role::Admin);
    // The hash, never the password, is stored.
    auto q = storage::exec(m_store->reader(), QStringLiteral("SELECT password_hash FROM users"));
    q->next();
    QVERIFY(!q->value(0).toString().contains(*generated));
}

// A new data folder: the password hashed on a thread while the store opens, then used as is.
void TestAuth::adminHashedAhead()
{
    // DROPCREW_ADMIN_PASSWORD too short: refused, as without the hash ahead.
    auto refused = m_auth->ensureAdmin(AdminSeed::make(QStringLiteral("short"), true));
    QVERIFY(!refused);
    QCOMPARE(refused.error(), QStringLiteral("password: 12 to 256 characters"));
    QCOMPARE(m_auth->users(m_store->reader())->size(), 0);

    const AdminSeed given = AdminSeed::make(QStringLiteral("given-admin-password"), true);
    QVERIFY(given.hash.valid());
    QVERIFY(!given.generated);
    auto created = m_auth->ensureAdmin(given);
    QVERIFY(created);
    QVERIFY(created->isEmpty()); // not generated: nothing to show
    QVERIFY(m_auth->login(QStringLiteral("admin"), QStringLiteral("given-admin-password")));
    auto q = storage::exec(m_store->reader(), QStringLiteral("SELECT password_hash FROM users"));
    QVERIFY(q && q->next());
    QCOMPARE(q->value(0).toString(), given.hash.get()); // the hash made ahead, not another
    q->finish();

    // Users exist: a seed changes nothing, whether generated or too short.
    QVERIFY(m_auth->ensureAdmin(AdminSeed::make(QString(), true))->isEmpty());
    QVERIFY(m_auth->ensureAdmin(AdminSeed::make(QStringLiteral("short"), false))->isEmpty());
    QCOMPARE(m_auth->users(m_store->reader())->size(), 1);
}

void TestAuth::loginAndAuthenticate()
{
    QVERIFY(m_auth->createUser(QStringLiteral("olga"), QStringLiteral("operator-password-1"),
                               Role::Operator));
    QVERIFY(!m_auth->createUser(QStringLiteral("olga"), QStringLiteral("another-password-2"),
                                Role::Viewer)); // taken
    QVERIFY(!m_auth->createUser(QStringLiteral("short"), QStringLiteral("short"), Role::Viewer));
    QVERIFY(!m_auth->createUser(QStringLiteral("bad name!"), QStringLiteral("long-enough-pass"),
                                Role::Viewer));
    auto tokens = m_auth->login(QStringLiteral("olga"), QStringLiteral("operator-password-1"));
    QVERIFY2(tokens, qPrintable(tokens ? QString() : tokens.error().message));
    QCOMPARE(tokens->expiresIn, 900);
    auto who = m_auth->authenticate("Bearer " + tokens->accessToken.toUtf8());
    QVERIFY2(who, qPrintable(who ? QString() : who.error()));
    QCOMPARE(who->kind, Principal::Kind::User);
    QCOMPARE(who->name, QStringLiteral("olga"));
    QCOMPARE(who->role, Role::Operator);
    QCOMPARE(who->subject(), QStringLiteral("user:olga"));

    auto wrong = m_auth->login(QStringLiteral("olga"), QStringLiteral("operator-password-X"));
    QVERIFY(!wrong);
    auto nobody = m_auth->login(QStringLiteral("nobody"), QStringLiteral("whatever-password"));
    QVERIFY(!nobody);
    QCOMPARE(wrong.error(), nobody.error()); // the same answer: no user enumeration

    QVERIFY(m_auth->authenticate({})->kind == Principal::Kind::Anonymous);
    QVERIFY(!m_auth->authenticate("Basic b2xnYTpwYXNz"));

    // An expired token: a clock past the 15 minutes and the 60 s leeway.
    m_auth->setClock([] { return QDateTime::currentDateTimeUtc().addSecs(900 + 61); });
    QVERIFY(!m_auth->authenticate("Bearer " + tokens->accessToken.toUtf8()));
}

void TestAuth::refreshRotatesAndDetectsReuse()
{
    QVERIFY(m_auth->createUser(QStringLiteral("vic"), QStringLiteral("viewer-password-1"),
                               Role::Viewer));
    const QDateTime start = QDateTime::currentDateTimeUtc();
    qint64 offset = 0;
    m_auth->setClock([&] { return start.addSecs(offset); });
    auto first = m_auth->login(QStringLiteral("vic"), QStringLiteral("viewer-password-1"));
    QVERIFY(first);
    auto second = m_auth->refresh(first->refreshToken);
    QVERIFY2(second, qPrintable(second ? QString() : second.error().message));
    QVERIFY(second->refreshToken != first->refreshToken);
    QVERIFY(m_auth->authenticate("Bearer " + second->accessToken.toUtf8()));
    // The first refresh token was used: using it again, past the grace window, revokes every
    // session of the user.
    offset = 60;
    auto reused = m_auth->refresh(first->refreshToken);
    QVERIFY(!reused);
    QCOMPARE(reused.error().kind, AuthError::Kind::Refused);
    QVERIFY(reused.error().message.contains(QStringLiteral("reused")));
    QVERIFY(!m_auth->refresh(second->refreshToken));
    QVERIFY(!m_auth->refresh(QStringLiteral("dcr_unknown")));
    QVERIFY(!m_auth->refresh(QStringLiteral("not-a-token")));
    // Logout revokes.
    auto third = m_auth->login(QStringLiteral("vic"), QStringLiteral("viewer-password-1"));
    QVERIFY(m_auth->logout(third->refreshToken));
    QVERIFY(!m_auth->refresh(third->refreshToken));
}

void TestAuth::disabledUsersAndRoleChanges()
{
    auto u =
        m_auth->createUser(QStringLiteral("ann"), QStringLiteral("agent-password-12"), Role::Agent);
    QVERIFY(u);
    auto tokens = m_auth->login(QStringLiteral("ann"), QStringLiteral("agent-password-12"));
    QVERIFY(tokens);
    const QByteArray bearer = "Bearer " + tokens->accessToken.toUtf8();
    QCOMPARE(m_auth->authenticate(bearer)->role, Role::Agent);
    QVERIFY(m_auth->updateUser(u->id, std::nullopt, Role::Viewer, std::nullopt));
    QVERIFY(!m_auth->authenticate(bearer)); // the role changed: that session ended
    auto again = m_auth->login(QStringLiteral("ann"), QStringLiteral("agent-password-12"));
    QVERIFY(again);
    QCOMPARE(m_auth->authenticate("Bearer " + again->accessToken.toUtf8())->role, Role::Viewer);
    QVERIFY(m_auth->updateUser(u->id, std::nullopt, std::nullopt, true));
    QVERIFY(!m_auth->authenticate("Bearer " + again->accessToken.toUtf8()));
    QVERIFY(!m_auth->login(QStringLiteral("ann"), QStringLiteral("agent-password-12")));
    QVERIFY(!m_auth->refresh(tokens->refreshToken)); // sessions ended with the account
    QVERIFY(m_auth->updateUser(u->id, QStringLiteral("a-new-password-34"), std::nullopt, false));
    QVERIFY(m_auth->login(QStringLiteral("ann"), QStringLiteral("a-new-password-34")));
    QVERIFY(!m_auth->login(QStringLiteral("ann"), QStringLiteral("agent-password-12")));
}

void TestAuth::sessionsEndOnEveryInstance()
{
    // A second service on the same database and secrets: another instance of a cluster.
    auto other = AuthService::create(*m_store, *m_secrets, {});
    QVERIFY(other);
    auto u = m_auth->createUser(QStringLiteral("sam"), QStringLiteral("session-password-1"),
                                Role::Operator);
    QVERIFY(u);
    const auto bearer = [](const TokenPair &t) -> QByteArray {
        return "Bearer " + t.accessToken.toUtf8();
    };
    const auto login = [&](const QString &pw) {
        auto t = m_auth->login(QStringLiteral("sam"), pw);
        if (!t)
            qFatal("login failed");
        return *t;
    };
    const TokenPair a = login(QStringLiteral("session-password-1"));
    const TokenPair b = login(QStringLiteral("session-password-1"));
    QVERIFY((*other)->authenticate(bearer(a)));
    QVERIFY((*other)->authenticate(bearer(b)));

    // Logout ends that session: its access token too, and the ones refreshed from it.
    auto a2 = m_auth->refresh(a.refreshToken);
    QVERIFY(a2);
    QVERIFY(m_auth->logout(a2->refreshToken));
    QVERIFY(!m_auth->authenticate(bearer(a)));
    QVERIFY(!(*other)->authenticate(bearer(a)));
    QVERIFY(!(*other)->authenticate(bearer(*a2)));
    QVERIFY((*other)->authenticate(bearer(b))); // another session of the same user lives

    // A new password ends every session of the user.
    QVERIFY(m_auth->updateUser(u->id, QStringLiteral("session-password-2"), std::nullopt,
                               std::nullopt));
    QVERIFY(!(*other)->authenticate(bearer(b)));

    // So does a role change; setting the role it already has does not.
    const TokenPair c = login(QStringLiteral("session-password-2"));
    QVERIFY((*other)->authenticate(bearer(c)));
    QVERIFY(m_auth->updateUser(u->id, std::nullopt, Role::Operator, std::nullopt));
    QVERIFY((*other)->authenticate(bearer(c)));
    QVERIFY(m_auth->updateUser(u->id, std::nullopt, Role::Viewer, std::nullopt));
    QVERIFY(!(*other)->authenticate(bearer(c)));
    QVERIFY(!m_auth->refresh(c.refreshToken));

    // Disabling ends them, and enabling again brings none back.
    const TokenPair d = login(QStringLiteral("session-password-2"));
    QCOMPARE((*other)->authenticate(bearer(d))->role, Role::Viewer);
    QVERIFY(m_auth->updateUser(u->id, std::nullopt, std::nullopt, true));
    QVERIFY(!(*other)->authenticate(bearer(d)));
    QVERIFY(m_auth->updateUser(u->id, std::nullopt, std::nullopt, false));
    QVERIFY(!(*other)->authenticate(bearer(d)));
    QVERIFY(!m_auth->refresh(d.refreshToken));
    QVERIFY((*other)->authenticate(bearer(login(QStringLiteral("session-password-2")))));

    // A revoked API key stops on the other instance as well.
    auto key =
        m_auth->createApiKey(QStringLiteral("cluster-bot"), Role::Agent, QStringLiteral("test"));
    QVERIFY(key);
    QVERIFY((*other)->authenticate("Bearer " + key->second.toUtf8()));
    QVERIFY(m_auth->revokeApiKey(key->first.id));
    QVERIFY(!(*other)->authenticate("Bearer " + key->second.toUtf8()));
}

void TestAuth::concurrentRefreshIsNotReuse()
{
    QVERIFY(m_auth->createUser(QStringLiteral("dup"), QStringLiteral("refresh-password-1"),
                               Role::Viewer));
    const QDateTime start = QDateTime::currentDateTimeUtc();
    qint64 offset = 0;
    m_auth->setClock([&] { return start.addSecs(offset); });
    auto first = m_auth->login(QStringLiteral("dup"), QStringLiteral("refresh-password-1"));
    QVERIFY(first);
    auto rotated = m_auth->refresh(first->refreshToken);
    QVERIFY(rotated);
    // A second use a few seconds later is a client refreshing twice at once (two calls that
    // failed together), not a theft: refused, and nothing else is revoked.
    offset = 5;
    auto twice = m_auth->refresh(first->refreshToken);
    QVERIFY(!twice);
    QCOMPARE(twice.error().kind, AuthError::Kind::InProgress);
    QVERIFY(m_auth->authenticate("Bearer " + rotated->accessToken.toUtf8()));
    auto next = m_auth->refresh(rotated->refreshToken);
    QVERIFY(next);
    QVERIFY(m_auth->authenticate("Bearer " + next->accessToken.toUtf8()));
    // Used again once the grace window is over: reuse, and every session of the user ends.
    auto other = m_auth->login(QStringLiteral("dup"), QStringLiteral("refresh-password-1"));
    QVERIFY(other);
    offset = 5 + 31;
    QVERIFY(!m_auth->refresh(rotated->refreshToken));
    QVERIFY(!m_auth->refresh(next->refreshToken));
    QVERIFY(!m_auth->refresh(other->refreshToken));
    QVERIFY(!m_auth->authenticate("Bearer " + next->accessToken.toUtf8()));
    QVERIFY(!m_auth->authenticate("Bearer " + other->accessToken.toUtf8()));
}

void TestAuth::loginLimitsAreShared()
{
    // Two instances' limiters on one database see the same failures: an account's backoff,
    // (on PostgreSQL, where instances share it) the per-address bucket.
    SharedRateLimiter one(*m_store), two(*m_store);
    BackoffPolicy p;
    p.freeFailures = 1;
    p.baseMs = 1000;
    p.maxMs = 8000;
    p.forgetMs = 60'000;
    const QString key = QStringLiteral("login:") + m_auth->usernamePseudonym(QStringLiteral("Bob"));
    QCOMPARE(key, QStringLiteral("login:") + m_auth->usernamePseudonym(QStringLiteral("bob")));
    const qint64 t = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(*one.backoffFailed(key, p, t), 0);
    QCOMPARE(*two.backoffFailed(key, p, t + 10), 1000);
    QCOMPARE(*one.backoffWaitMs(key, t + 510), 500);
    QCOMPARE(*two.backoffFailed(key, p, t + 1010), 2000);
    QCOMPARE(*one.backoffWaitMs(QStringLiteral("login:other"), t), 0);
    QVERIFY(two.backoffClear(key));
    QCOMPARE(*one.backoffWaitMs(key, t + 1010), 0);
    QCOMPARE(*one.backoffFailed(key, p, t + 2000), 0); // counted from one again
    // Purged once quiet for longer than forgetMs.
    QCOMPARE(*one.purge(t + 2000 + 60'001, p.forgetMs), 1);
    if (test::backendUnderTest() == storage::Backend::Postgres) {
        const RateLimit limit{1, 60'000, 2};
        const QString addr = QStringLiteral("auth:192.0.2.1");
        QCOMPARE(one.peek(addr, limit, t)->remaining, 2);
        QVERIFY(one.check(addr, limit, t)->allowed);
        QVERIFY(two.check(addr, limit, t)->allowed);
        QCOMPARE(one.peek(addr, limit, t)->allowed, false);
        QCOMPARE(two.peek(addr, limit, t)->allowed, false);
        QVERIFY(!two.peek(addr, limit, t + 59'999)->allowed);
        QVERIFY(two.peek(addr, limit, t + 60'000)->allowed); // one interval later
    }
}

void TestAuth::tokensFromBeforeSessions()
{
    auto u = m_auth->createUser(QStringLiteral("old"), QStringLiteral("old-times-password"),
                                Role::Viewer);
    QVERIFY(u);
    // An access token issued before sessions existed (no sid, no ver) is refused...
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray legacy =
        m_auth->signForTest({{QStringLiteral("sub"), QStringLiteral("user:%1").arg(u->id)},
                             {QStringLiteral("iat"), now},
                             {QStringLiteral("exp"), now + 600}});
    auto refused = m_auth->authenticate("Bearer " + legacy);
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("session")), qPrintable(refused.error()));
    // ...and its refresh token (stored without a session) opens one.
    const auto insertLegacy = [&](const QByteArray &secret) {
        return m_store->writeAndWait<bool>(
            [&](storage::WriteContext &w) -> storage::DbResult<bool> {
                auto q = storage::exec(
                    w.db(),
                    QStringLiteral("INSERT INTO refresh_tokens (user_id, token_hash, created_at, "
                                   "expires_at) VALUES (?, ?, ?, ?)"),
                    {u->id,
                     QString::fromLatin1(
                         QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex()),
                     storage::nowMs(), storage::nowMs() + 3'600'000});
                if (!q)
                    return std::unexpected(q.error());
                return true;
            });
    };
    QVERIFY(insertLegacy("legacy-secret-1"));
    auto pair = m_auth->refresh(QStringLiteral("dcr_legacy-secret-1"));
    QVERIFY2(pair, qPrintable(pair ? QString() : pair.error().message));
    QVERIFY(m_auth->authenticate("Bearer " + pair->accessToken.toUtf8()));
    QVERIFY(m_auth->logout(pair->refreshToken));
    QVERIFY(!m_auth->authenticate("Bearer " + pair->accessToken.toUtf8()));
}

void TestAuth::apiKeys()
{
    auto key =
        m_auth->createApiKey(QStringLiteral("shop-bot"), Role::Agent, QStringLiteral("user:admin"));
    QVERIFY(key);
    const QString secret = key->second;
    QVERIFY(secret.startsWith(QStringLiteral("dck_%1_").arg(key->first.id)));
    auto who = m_auth->authenticate("Bearer " + secret.toUtf8());
    QVERIFY2(who, qPrintable(who ? QString() : who.error()));
    QCOMPARE(who->kind, Principal::Kind::ApiKey);
    QCOMPARE(who->role, Role::Agent);
    QCOMPARE(who->subject(), QStringLiteral("key:shop-bot"));
    // Only a hash is stored.
    {
        // Scoped: an open SELECT would pin this thread's read snapshot.
        auto q =
            storage::exec(m_store->reader(), QStringLiteral("SELECT secret_hash FROM api_keys"));
        q->next();
        QVERIFY(!secret.contains(q->value(0).toString()));
    }
    // A last character that surely differs (a fixed one could be the key's own).
    QVERIFY(!m_auth->authenticate("Bearer " + secret.chopped(1).toUtf8() +
                                  (secret.endsWith(u'A') ? "B" : "A")));
    QVERIFY(!m_auth->authenticate(QByteArray("Bearer dck_999_whatever")));
    QVERIFY(!m_auth->authenticate(QByteArray("Bearer dck_x_y")));
    QVERIFY(m_auth->revokeApiKey(key->first.id));
    auto revoked = m_auth->authenticate("Bearer " + secret.toUtf8());
    QVERIFY(!revoked);
    QVERIFY(revoked.error().contains(QStringLiteral("revoked")));
    auto list = m_auth->apiKeys(m_store->reader());
    QCOMPARE(list->size(), 1);
    QVERIFY(list->first().revokedAt.isValid());
}

void TestAuth::signingKeyRotationIsPersisted()
{
    QVERIFY(m_auth->createUser(QStringLiteral("rot"), QStringLiteral("rotation-password"),
                               Role::Viewer));
    auto before = m_auth->login(QStringLiteral("rot"), QStringLiteral("rotation-password"));
    const QString oldKid =
        m_auth->signingKeys().first().toObject().value(QStringLiteral("kid")).toString();
    auto kid = m_auth->rotateSigningKey();
    QVERIFY(kid);
    auto after = m_auth->login(QStringLiteral("rot"), QStringLiteral("rotation-password"));
    QVERIFY(m_auth->authenticate("Bearer " + before->accessToken.toUtf8())); // old still valid
    QVERIFY(m_auth->authenticate("Bearer " + after->accessToken.toUtf8()));
    // A second service on the same secret store sees the new ring.
    auto other = AuthService::create(*m_store, *m_secrets, {});
    QVERIFY(other);
    QVERIFY((*other)->authenticate("Bearer " + after->accessToken.toUtf8()));
    QVERIFY(m_auth->retireSigningKey(oldKid));
    QVERIFY(!m_auth->authenticate("Bearer " + before->accessToken.toUtf8()));
    QVERIFY(m_auth->authenticate("Bearer " + after->accessToken.toUtf8()));
    QVERIFY(!m_auth->retireSigningKey(*kid)); // the current key stays
    // Secrets never leave: the listing has ids and states only.
    for (const QJsonValue &v : m_auth->signingKeys())
        QVERIFY(!v.toObject().contains(QStringLiteral("secret")));
}

void TestAuth::badCredentialsAreRefused_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("empty bearer") << QByteArray("Bearer ");
    QTest::newRow("garbage") << QByteArray("Bearer abc");
    QTest::newRow("three dots") << QByteArray("Bearer a.b.c");
    QTest::newRow("other scheme") << QByteArray("Digest x");
    QTest::newRow("huge") << ("Bearer " + QByteArray(100000, 'a'));
}

void TestAuth::badCredentialsAreRefused()
{
    QFETCH(QByteArray, authorization);
    QVERIFY(!m_auth->authenticate(authorization));
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
