// SPDX-License-Identifier: GPL-3.0-or-later
// Request bodies against the route table's schemas: every write route says what body it takes,
// every route with a JSON body refuses, before its handler runs, a body that breaks its schema
// (derived from the schema itself) with 400 naming the field; the OpenAPI document publishes the
// same schemas and passes Redocly's recommended lint with no error and no warning.
#include "core/jsonschema.h"
#include "http.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using api::BodyKind;
using security::Role;

namespace {

QString methodOf(const api::RouteSpec &r)
{
    return QString::fromLatin1(api::methodName(r.method));
}

QString concrete(const QString &pattern)
{
    QString p = pattern;
    static const QRegularExpression intCap(QStringLiteral("\\{[a-z_]+:int\\}"));
    static const QRegularExpression strCap(QStringLiteral("\\{[a-z_]+\\}"));
    p.replace(intCap, QStringLiteral("999999"));
    p.replace(strCap, QStringLiteral("zz_none"));
    return p;
}

QStringList typesOf(const QJsonObject &s)
{
    const QJsonValue t = s.value(QStringLiteral("type"));
    QStringList out;
    if (t.isArray())
        for (const QJsonValue &x : t.toArray())
            out << x.toString();
    else if (t.isString())
        out << t.toString();
    out.removeAll(QStringLiteral("null"));
    return out;
}

// A value the schema accepts: required members only, the smallest lengths and counts.
QJsonValue sample(const QJsonObject &s)
{
    if (const QJsonArray e = s.value(QStringLiteral("enum")).toArray(); !e.isEmpty())
        return e.first();
    const QString type = typesOf(s).value(0);
    if (type == QLatin1String("string"))
        return QString(qMax(1, s.value(QStringLiteral("minLength")).toInt()), QLatin1Char('x'));
    if (type == QLatin1String("integer") || type == QLatin1String("number")) {
        double v = 1;
        if (s.contains(QStringLiteral("minimum")))
            v = qMax(v, s.value(QStringLiteral("minimum")).toDouble());
        if (s.contains(QStringLiteral("maximum")))
            v = qMin(v, s.value(QStringLiteral("maximum")).toDouble());
        return v;
    }
    if (type == QLatin1String("boolean"))
        return true;
    if (type == QLatin1String("array")) {
        QJsonArray a;
        for (int i = 0; i < s.value(QStringLiteral("minItems")).toInt(); ++i)
            a.append(sample(s.value(QStringLiteral("items")).toObject()));
        return a;
    }
    QJsonObject o;
    const QJsonObject props = s.value(QStringLiteral("properties")).toObject();
    for (const QJsonValue &r : s.value(QStringLiteral("required")).toArray())
        o.insert(r.toString(), sample(props.value(r.toString()).toObject()));
    return o;
}

// A value of a type the schema refuses.
QJsonValue wrongType(const QJsonObject &s)
{
    for (const QJsonValue &v :
         {QJsonValue(12345), QJsonValue(QStringLiteral("text")), QJsonValue(true),
          QJsonValue(QJsonArray{}), QJsonValue(QJsonObject{})})
        if (validateJson(v, s, QStringLiteral("v"), Integers::Strict))
            return v;
    return QJsonValue::Undefined;
}

} // namespace

class TestRequestSchemas : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void everyWriteRouteDeclaresItsBody();
    void schemaBreakingBodiesAreRefused_data();
    void schemaBreakingBodiesAreRefused();
    void openApiPublishesTheSchemas();
    void openApiPassesRedocly();

private:
    using Reply = dc::test::HttpReply;
    QTemporaryDir m_dir;
    dc::test::TestBackend m_t;
    QNetworkAccessManager m_nam;
};

void TestRequestSchemas::initTestCase()
{
    auto t = dc::test::startTestBackend(m_dir.path(),
                                        "[limits]\nauth_per_minute=100000\nauth_burst=100000\n"
                                        "sensitive_per_minute=100000\nsensitive_burst=100000\n"
                                        "user_rate=100000\nuser_burst=100000\n"
                                        "ip_rate=100000\nip_burst=100000\n"
                                        "login_free_failures=1000\n");
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    m_t = std::move(*t);
}

void TestRequestSchemas::cleanupTestCase()
{
    m_t.backend.reset();
}

void TestRequestSchemas::everyWriteRouteDeclaresItsBody()
{
    int json = 0;
    for (const api::RouteSpec &r : m_t.backend->http().router().routes()) {
        const QString name = methodOf(r) + QLatin1Char(' ') + r.pattern;
        const bool write = r.method == api::Method::Post || r.method == api::Method::Put ||
                           r.method == api::Method::Patch;
        if (write)
            QVERIFY2(r.body != BodyKind::Undeclared,
                     qPrintable(QString(name + QStringLiteral(" says nothing of its body"))));
        if (r.body == BodyKind::Json || r.body == BodyKind::OptionalJson) {
            ++json;
            QCOMPARE(r.requestBody.value(QStringLiteral("type")).toString(),
                     QStringLiteral("object"));
            // Its smallest valid body is valid: the schema can be met at all.
            const QJsonValue valid = sample(r.requestBody);
            const auto bad =
                validateJson(valid, r.requestBody, QStringLiteral("body"), Integers::Strict);
            QVERIFY2(!bad,
                     qPrintable(QString(name + QStringLiteral(": ") + bad.value_or(QString()))));
        }
        if (r.body == BodyKind::None || r.body == BodyKind::Undeclared)
            QVERIFY2(r.requestBody.isEmpty(), qPrintable(name));
    }
    QVERIFY(json >= 25);
}

void TestRequestSchemas::schemaBreakingBodiesAreRefused_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    for (const api::RouteSpec &r : m_t.backend->http().router().routes()) {
        if (r.body != BodyKind::Json && r.body != BodyKind::OptionalJson)
            continue;
        const QByteArray method = methodOf(r).toLatin1();
        const QString path = concrete(r.pattern);
        const QString name = methodOf(r) + QLatin1Char(' ') + r.pattern;
        const QJsonObject props = r.requestBody.value(QStringLiteral("properties")).toObject();
        const QJsonObject valid = sample(r.requestBody).toObject();
        const QStringList required =
            r.requestBody.value(QStringLiteral("required")).toVariant().toStringList();
        auto row = [&](const QString &what, const QJsonObject &body, const QString &field) {
            QTest::addRow("%s: %s", qPrintable(name), qPrintable(what))
                << method << path << QJsonDocument(body).toJson(QJsonDocument::Compact) << field;
        };
        if (!required.isEmpty()) {
            QJsonObject body = valid;
            body.remove(required.first());
            row(required.first() + QStringLiteral(" missing"), body, required.first());
        }
        if (!r.requestBody.value(QStringLiteral("additionalProperties")).toBool(true)) {
            QJsonObject body = valid;
            body.insert(QStringLiteral("zz_unknown"), 1);
            row(QStringLiteral("an unknown field"), body, QStringLiteral("zz_unknown"));
        }
        for (auto it = props.begin(); it != props.end(); ++it) {
            const QJsonValue wrong = wrongType(it.value().toObject());
            QVERIFY2(!wrong.isUndefined(),
                     qPrintable(QString(name + QStringLiteral(": ") + it.key() +
                                        QStringLiteral(" takes anything"))));
            QJsonObject body = valid;
            body.insert(it.key(), wrong);
            row(it.key() + QStringLiteral(" of the wrong type"), body, it.key());
        }
    }
}

void TestRequestSchemas::schemaBreakingBodiesAreRefused()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    // An administrator may call every route: the refusal is the body's.
    const Reply r = dc::test::httpCall(m_nam, m_t.base, method, path, body, "application/json",
                                       m_t.bearer.value(Role::Admin));
    QVERIFY2(r.status == 400, r.raw.constData());
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    const QJsonObject e = r.json.value(QStringLiteral("errors")).toArray().first().toObject();
    QCOMPARE(e.value(QStringLiteral("field")).toString(), field);
    QVERIFY(!e.value(QStringLiteral("reason")).toString().isEmpty());
    QCOMPARE(r.json.value(QStringLiteral("detail")).toString(),
             field + QStringLiteral(": ") + e.value(QStringLiteral("reason")).toString());
}

void TestRequestSchemas::openApiPublishesTheSchemas()
{
    const QJsonObject doc = m_t.backend->http().router().openApi(QStringLiteral("0"));
    static const QRegularExpression typed(QStringLiteral("\\{([a-z_]+):int\\}"));
    for (const api::RouteSpec &r : m_t.backend->http().router().routes()) {
        QString p = r.pattern;
        p.replace(typed, QStringLiteral("{\\1}"));
        const QJsonObject op = doc.value(QStringLiteral("paths"))
                                   .toObject()
                                   .value(p)
                                   .toObject()
                                   .value(methodOf(r).toLower())
                                   .toObject();
        const QJsonObject body = op.value(QStringLiteral("requestBody")).toObject();
        const QString name = methodOf(r) + QLatin1Char(' ') + r.pattern;
        if (r.body == BodyKind::Json || r.body == BodyKind::OptionalJson) {
            QCOMPARE(body.value(QStringLiteral("content"))
                         .toObject()
                         .value(QStringLiteral("application/json"))
                         .toObject()
                         .value(QStringLiteral("schema"))
                         .toObject(),
                     r.requestBody);
            QCOMPARE(body.value(QStringLiteral("required")).toBool(), r.body == BodyKind::Json);
        } else if (r.body != BodyKind::Document) {
            QVERIFY2(body.isEmpty(), qPrintable(name));
        }
        const QJsonObject responses = op.value(QStringLiteral("responses")).toObject();
        QVERIFY2(responses.contains(QStringLiteral("400")), qPrintable(name));
        QVERIFY2(responses.contains(QStringLiteral("429")), qPrintable(name));
        if (!r.permission.isEmpty())
            QVERIFY2(responses.contains(QStringLiteral("401")) &&
                         responses.contains(QStringLiteral("403")),
                     qPrintable(name));
    }
}

void TestRequestSchemas::openApiPassesRedocly()
{
    const Reply r = dc::test::httpCall(m_nam, m_t.base, "GET", QStringLiteral("/api/openapi.json"),
                                       {}, "application/json", QByteArray());
    QCOMPARE(r.status, 200);
    const QString file = m_dir.filePath(QStringLiteral("openapi.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(r.raw);
    f.close();
    const QString npx = QStandardPaths::findExecutable(QStringLiteral("npx"));
    QVERIFY2(!npx.isEmpty(), "npx not found (scripts/deps.sh --test installs nodejs and npm); "
                             "the OpenAPI lint needs it and the npm registry");
    // The pinned version (DROPCREW_REDOCLY, from tests/CMakeLists.txt), cached in the build tree.
    const QString redocly =
        qEnvironmentVariable("DROPCREW_REDOCLY", QStringLiteral("@redocly/cli"));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("REDOCLY_TELEMETRY"), QStringLiteral("off"));
    env.insert(QStringLiteral("REDOCLY_SUPPRESS_UPDATE_NOTICE"), QStringLiteral("true"));
    p.setProcessEnvironment(env);
    p.start(npx, {QStringLiteral("--yes"), redocly, QStringLiteral("lint"),
                  QStringLiteral("--extends=recommended"), QStringLiteral("--format=json"), file});
    QVERIFY(p.waitForStarted());
    QVERIFY2(p.waitForFinished(600'000), "redocly did not finish in 10 minutes");
    const QByteArray out = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    const QJsonObject report = QJsonDocument::fromJson(out.mid(out.indexOf('{'))).object();
    QVERIFY2(report.contains(QStringLiteral("totals")), QByteArray(out + err).constData());
    const QJsonObject totals = report.value(QStringLiteral("totals")).toObject();
    QVERIFY2(totals.value(QStringLiteral("errors")).toInt() == 0 &&
                 totals.value(QStringLiteral("warnings")).toInt() == 0,
             out.constData());
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestRequestSchemas)
#include "tst_requestschemas.moc"
