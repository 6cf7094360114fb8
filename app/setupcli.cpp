// SPDX-License-Identifier: GPL-3.0-or-later
#include "setupcli.h"

#include "aliexpress/productlookup.h"
#include "core/money.h"
#include "setup/setupguide.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

#include <csignal>
#include <cstdio>
#include <expected>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace dc::app {

namespace {

void say(const QString &text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

int usage(const QString &message)
{
    std::fprintf(stderr, "dropcrew: %s\n", qPrintable(message));
    return 2;
}

// The terminal as it was before a secret was asked for: given back if Ctrl-C interrupts.
termios g_echoing{};
volatile sig_atomic_t g_quiet = 0;

void restoreAndDie(int sig)
{
    if (g_quiet)
        tcsetattr(STDIN_FILENO, TCSANOW, &g_echoing);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// One answer: a line of standard input (the terminal's echo off for secrets); nullopt at its end.
std::optional<QString> ask(const QString &prompt, bool secret = false)
{
    std::fputs(qPrintable(prompt), stdout);
    std::fflush(stdout);
    const bool quiet = secret && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &g_echoing) == 0;
    if (quiet) {
        termios noEcho = g_echoing;
        noEcho.c_lflag &= ~tcflag_t(ECHO);
        g_quiet = 1;
        std::signal(SIGINT, restoreAndDie);
        std::signal(SIGTERM, restoreAndDie);
        tcsetattr(STDIN_FILENO, TCSANOW, &noEcho);
    }
    std::string line;
    const bool got = bool(std::getline(std::cin, line));
    if (quiet) {
        tcsetattr(STDIN_FILENO, TCSANOW, &g_echoing);
        g_quiet = 0;
        std::fputs("\n", stdout);
    }
    if (!got)
        return std::nullopt;
    return QString::fromStdString(line).trimmed();
}

struct Answer
{
    int status = 0; // 0: no answer
    QJsonObject json;
    QString error; // the problem's detail, or why there was no answer
    bool ok() const { return status >= 200 && status < 300; }
};

class Client
{
public:
    explicit Client(QUrl base)
        : m_base(std::move(base))
    {}

    QUrl base() const { return m_base; }
    void setBearer(const QByteArray &b) { m_bearer = b; }
    // Signs in with a user's password (kept to sign in again after it changes).
    Answer login(const QString &user, const QString &password)
    {
        const Answer a = call(
            "POST", QStringLiteral("/api/auth/token"),
            {{QStringLiteral("username"), user}, {QStringLiteral("password"), password}}, 30'000);
        if (a.ok()) {
            m_user = user;
            m_bearer = QByteArray("Bearer ") +
                       a.json.value(QStringLiteral("access_token")).toString().toUtf8();
        }
        return a;
    }
    // The user signed in with a password; empty with an API key.
    QString user() const { return m_user; }

    Answer call(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                int timeoutMs = 120'000)
    {
        QUrl url = m_base;
        const qsizetype q = path.indexOf(QLatin1Char('?'));
        url.setPath(q < 0 ? path : path.left(q));
        if (q >= 0)
            url.setQuery(path.mid(q + 1));
        QNetworkRequest req(url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!m_bearer.isEmpty())
            req.setRawHeader("Authorization", m_bearer);
        req.setTransferTimeout(timeoutMs);
        const QByteArray data =
            method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
        QNetworkReply *reply = m_nam.sendCustomRequest(req, method, data);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        Answer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.json = QJsonDocument::fromJson(reply->readAll()).object();
        if (a.status == 0)
            a.error = reply->errorString();
        else if (!a.ok())
            a.error = a.json.value(QStringLiteral("detail"))
                          .toString(a.json.value(QStringLiteral("title")).toString());
        return a;
    }

private:
    QUrl m_base;
    QByteArray m_bearer;
    QString m_user;
    QNetworkAccessManager m_nam;
};

QString money(qint64 minor, const QString &currency)
{
    return formatMoney(Money{minor, currency});
}

// Answers "y" (default) or "n"; nullopt at the end of the input.
std::optional<bool> yes(const QString &question)
{
    auto a = ask(question + QStringLiteral(" [Y/n] "));
    if (!a)
        return std::nullopt;
    return a->isEmpty() || a->toLower().startsWith(QLatin1Char('y'));
}

class Guide
{
public:
    explicit Guide(Client &api)
        : m_api(api)
    {}

    // GET /api/setup; an empty object when it failed (said).
    QJsonObject overview()
    {
        const Answer a = m_api.call("GET", QStringLiteral("/api/setup"));
        if (!a.ok())
            say(QStringLiteral("error: %1").arg(a.error));
        return a.ok() ? a.json : QJsonObject();
    }
    QJsonObject stepOf(const QJsonObject &overview, const QString &name)
    {
        for (const QJsonValue &s : overview.value(QStringLiteral("steps")).toArray())
            if (s[QStringLiteral("step")].toString() == name)
                return s.toObject();
        return {};
    }
    void print(const QJsonObject &o)
    {
        int n = 0;
        for (const QJsonValue &s : o.value(QStringLiteral("steps")).toArray()) {
            const QString state = s[QStringLiteral("state")].toString();
            say(QStringLiteral("%1. %2: %3")
                    .arg(++n)
                    .arg(s[QStringLiteral("step")].toString(), state));
            if (state != QLatin1String("done"))
                for (const QJsonValue &m : s[QStringLiteral("missing")].toArray())
                    say(QStringLiteral("     missing: ") + m[QStringLiteral("message")].toString());
        }
        say(o.value(QStringLiteral("complete")).toBool()
                ? QStringLiteral("Setup complete.")
                : QStringLiteral("Setup not complete: `dropcrew setup` goes on from the first "
                                 "missing step."));
    }

    // Runs one step; false when the input ended.
    bool run(const QString &step, const QJsonObject &state)
    {
        if (step == QLatin1String("admin_password"))
            return adminPassword(state);
        if (step == QLatin1String("shopify_store"))
            return shopifyStore();
        if (step == QLatin1String("aliexpress_account"))
            return aliexpressAccount();
        if (step == QLatin1String("product_mapping"))
            return productMapping();
        return testOrder();
    }

private:
    bool report(const Answer &a, const QString &done)
    {
        say(a.ok() ? done : QStringLiteral("error: %1").arg(a.error));
        return true;
    }

    bool adminPassword(const QJsonObject &state)
    {
        // The generated password's user, else whoever is signed in.
        qint64 user = state.value(QStringLiteral("detail"))[QStringLiteral("user_id")].toInteger();
        if (user <= 0 && !m_api.user().isEmpty())
            for (const QJsonValue &u : m_api.call("GET", QStringLiteral("/api/users"))
                                           .json.value(QStringLiteral("users"))
                                           .toArray())
                if (u[QStringLiteral("username")].toString() == m_api.user())
                    user = u[QStringLiteral("id")].toInteger();
        if (user <= 0)
            return report({0, {}, QStringLiteral("no generated password to replace")}, {});
        auto pw = ask(QStringLiteral("New administrator password (12 to 256 characters): "), true);
        if (!pw)
            return false;
        auto again = ask(QStringLiteral("The same again: "), true);
        if (!again)
            return false;
        if (*pw != *again) {
            say(QStringLiteral("error: the two passwords differ; nothing changed"));
            return true;
        }
        const Answer a = m_api.call("PATCH", QStringLiteral("/api/users/%1").arg(user),
                                    {{QStringLiteral("password"), *pw}});
        if (!a.ok())
            return report(a, {});
        say(QStringLiteral("Password changed."));
        // A new password ends the user's sessions: when it was this one's, sign in again.
        if (!m_api.user().isEmpty() &&
            m_api.call("GET", QStringLiteral("/api/auth/me")).status == 401)
            if (const Answer again = m_api.login(m_api.user(), *pw); !again.ok())
                say(QStringLiteral("error: signing in again: %1").arg(again.error));
        return true;
    }

    bool shopifyStore()
    {
        auto domain = ask(QStringLiteral("Shop domain (acme.myshopify.com): "));
        if (!domain)
            return false;
        auto token = ask(QStringLiteral("Admin API access token of the store's custom app "
                                        "(shpat_...): "),
                         true);
        if (!token)
            return false;
        auto secret = ask(QStringLiteral("The app's client secret (signs Shopify's webhooks; "
                                         "empty: keep the current one): "),
                          true);
        if (!secret)
            return false;
        auto publicUrl = ask(QStringLiteral("Public https URL Shopify can reach this server at "
                                            "(empty: poll the shop every minute): "));
        if (!publicUrl)
            return false;
        QJsonObject body{{QStringLiteral("access_token"), *token}};
        if (!secret->isEmpty())
            body.insert(QStringLiteral("webhook_secret"), *secret);
        if (!publicUrl->isEmpty())
            body.insert(QStringLiteral("public_url"), *publicUrl);
        const QString shop = QStringLiteral("/api/shops/") +
                             QString::fromLatin1(QUrl::toPercentEncoding(domain->toLower()));
        Answer a = m_api.call("PUT", shop, body);
        if (!a.ok())
            return report(a, {});
        a = m_api.call("POST", shop + QStringLiteral("/check"));
        if (!a.ok())
            return report(a, {});
        const QJsonArray lacking =
            a.json.value(QStringLiteral("scopes"))[QStringLiteral("missing")].toArray();
        if (!lacking.isEmpty()) {
            QStringList names;
            for (const QJsonValue &s : lacking)
                names << s.toString();
            say(QStringLiteral("The token lacks the scopes %1: grant them in the app's "
                               "configuration, install it again, then run this step again.")
                    .arg(names.join(QStringLiteral(", "))));
            return true;
        }
        say(publicUrl->isEmpty() ? QStringLiteral("Connected; the shop is polled every minute.")
                                 : QStringLiteral("Connected; Shopify's webhooks are registered "
                                                  "at %1.")
                                       .arg(*publicUrl));
        auto import = yes(QStringLiteral("Import the store's products and open orders now?"));
        if (!import)
            return false;
        if (*import)
            importCatalog(shop);
        return true;
    }

    void importCatalog(const QString &shop)
    {
        const Answer a = m_api.call("POST", shop + QStringLiteral("/import"));
        if (!a.ok())
            return void(report(a, {}));
        const qint64 task = a.json.value(QStringLiteral("task_id")).toInteger();
        int shown = -1;
        for (;;) {
            const Answer t = m_api.call("GET", QStringLiteral("/api/tasks/%1").arg(task));
            const QString state = t.json.value(QStringLiteral("state")).toString();
            const int progress = t.json.value(QStringLiteral("progress")).toInt();
            if (progress != shown) {
                say(QStringLiteral("  import: %1 % %2")
                        .arg(progress)
                        .arg(t.json.value(QStringLiteral("progress_message")).toString()));
                shown = progress;
            }
            if (!t.ok() || state == QLatin1String("succeeded")) {
                const QJsonObject p =
                    t.json.value(QStringLiteral("result"))[QStringLiteral("products")].toObject();
                if (t.ok())
                    say(QStringLiteral("Imported %1 products (%2 new).")
                            .arg(p.value(QStringLiteral("read")).toInteger())
                            .arg(p.value(QStringLiteral("created")).toInteger()));
                else
                    say(QStringLiteral("error: %1").arg(t.error));
                return;
            }
            if (state == QLatin1String("failed") || state == QLatin1String("dead") ||
                state == QLatin1String("cancelled"))
                return say(QStringLiteral("The import %1: %2")
                               .arg(state, t.json.value(QStringLiteral("error")).toString()));
            QEventLoop wait;
            QTimer::singleShot(500, &wait, &QEventLoop::quit);
            wait.exec();
        }
    }

    bool aliexpressAccount()
    {
        auto key = ask(QStringLiteral("AliExpress app key (Open Platform console): "));
        if (!key)
            return false;
        auto secret = ask(QStringLiteral("App secret: "), true);
        if (!secret)
            return false;
        Answer a = m_api.call(
            "PUT", QStringLiteral("/api/integrations/aliexpress"),
            {{QStringLiteral("app_key"), *key}, {QStringLiteral("app_secret"), *secret}});
        if (!a.ok())
            return report(a, {});
        if (!a.json.value(QStringLiteral("needs_authorization")).toBool())
            return report(a, QStringLiteral("The app is already authorised."));
        auto callback = ask(QStringLiteral("The callback URL set in the app's console: "));
        if (!callback)
            return false;
        a = m_api.call("GET", QStringLiteral("/api/integrations/aliexpress/authorize-url?"
                                             "redirect_uri=") +
                                  QString::fromLatin1(QUrl::toPercentEncoding(*callback)));
        if (!a.ok())
            return report(a, {});
        const QString state = a.json.value(QStringLiteral("state")).toString();
        say(QStringLiteral("Open this page in a browser and authorise DropCrew:\n  ") +
            a.json.value(QStringLiteral("url")).toString());
        auto pasted = ask(QStringLiteral("Paste the address the browser was sent back to (or "
                                         "its code): "));
        if (!pasted)
            return false;
        auto [code, given] = aliexpress::codeAndStateFrom(*pasted);
        a = m_api.call("POST", QStringLiteral("/api/integrations/aliexpress/token"),
                       {{QStringLiteral("code"), code},
                        {QStringLiteral("state"), given.isEmpty() ? state : given}});
        return report(a, QStringLiteral("Authorised; the access token is good until %1 and is "
                                        "renewed ahead of that.")
                             .arg(a.json.value(QStringLiteral("access_expires_at")).toString()));
    }

    bool productMapping()
    {
        const Answer list = m_api.call("GET", QStringLiteral("/api/variants/unmapped?limit=100"));
        if (!list.ok())
            return report(list, {});
        const QJsonArray variants = list.json.value(QStringLiteral("variants")).toArray();
        say(QStringLiteral("%1 variants without an AliExpress offer; the ones orders wait for "
                           "come first.")
                .arg(list.json.value(QStringLiteral("total")).toInt()));
        if (variants.isEmpty())
            return true;
        auto countries = ask(QStringLiteral("Countries you ship to, such as FR,BE (empty: where "
                                            "most orders of the last 90 days went): "));
        if (!countries)
            return false;
        m_countries = countries->toUpper().remove(QLatin1Char(' '));
        for (const QJsonValue &v : variants) {
            say(QStringLiteral("\n%1 / %2 (SKU %3), %4 orders waiting")
                    .arg(v[QStringLiteral("product_title")].toString(),
                         v[QStringLiteral("title")].toString(), v[QStringLiteral("sku")].toString())
                    .arg(v[QStringLiteral("pending_orders")].toInt()));
            auto product = ask(QStringLiteral("AliExpress product URL or id (empty: next, q: "
                                              "stop): "));
            if (!product)
                return false;
            if (product->isEmpty())
                continue;
            if (*product == QLatin1String("q"))
                return true;
            if (!mapOne(v[QStringLiteral("variant_id")].toInteger(), *product))
                return false;
        }
        return true;
    }

    bool mapOne(qint64 variant, const QString &product)
    {
        QJsonObject query{{QStringLiteral("url_or_id"), product},
                          {QStringLiteral("variant_id"), variant}};
        if (!m_countries.isEmpty())
            query.insert(QStringLiteral("country"), m_countries);
        const Answer found = m_api.call("POST", QStringLiteral("/api/aliexpress/lookup"), query);
        if (!found.ok())
            return report(found, {});
        const QJsonArray skus = found.json.value(QStringLiteral("skus")).toArray();
        const QString suggested = found.json.value(QStringLiteral("suggested_sku")).toString();
        say(found.json.value(QStringLiteral("title")).toString());
        int def = 0;
        for (int i = 0; i < skus.size(); ++i) {
            const QJsonObject s = skus[i].toObject();
            const bool mark = s.value(QStringLiteral("sku_id")).toString() == suggested;
            if (mark)
                def = i + 1;
            say(QStringLiteral("  %1. %2  %3, %4 in stock%5")
                    .arg(i + 1)
                    .arg(s.value(QStringLiteral("attributes_text")).toString(),
                         money(s.value(QStringLiteral("cost_minor")).toInteger(),
                               s.value(QStringLiteral("currency")).toString()))
                    .arg(s.value(QStringLiteral("stock")).toInt())
                    .arg(mark ? QStringLiteral("  (fits the variant)") : QString()));
        }
        auto pick = ask(def > 0 ? QStringLiteral("SKU number [%1]: ").arg(def)
                                : QStringLiteral("SKU number: "));
        if (!pick)
            return false;
        bool ok = pick->isEmpty() && def > 0;
        const int n = ok ? def : pick->toInt(&ok);
        if (!ok || n < 1 || n > skus.size()) {
            say(QStringLiteral("error: no SKU %1; the variant stays unmapped").arg(*pick));
            return true;
        }
        QJsonObject map{
            {QStringLiteral("product"), product},
            {QStringLiteral("sku_id"), skus[n - 1][QStringLiteral("sku_id")].toString()}};
        if (!m_countries.isEmpty())
            map.insert(QStringLiteral("country"), m_countries);
        const Answer m =
            m_api.call("POST", QStringLiteral("/api/variants/%1/map").arg(variant), map);
        const QJsonObject cost = m.json.value(QStringLiteral("cost")).toObject();
        return report(m,
                      QStringLiteral("Mapped: offer %1 at %2; %3 waiting orders released.")
                          .arg(m.json.value(QStringLiteral("offer_id")).toInteger())
                          .arg(money(cost.value(QStringLiteral("minor")).toInteger(),
                                     cost.value(QStringLiteral("currency")).toString()))
                          .arg(m.json.value(QStringLiteral("released_orders")).toArray().size()));
    }

    bool testOrder()
    {
        auto country = ask(QStringLiteral("Country to ship the test order to (empty: where most "
                                          "orders go): "));
        if (!country)
            return false;
        QJsonObject body;
        if (!country->isEmpty())
            body.insert(QStringLiteral("country"), country->toUpper());
        const Answer a = m_api.call("POST", QStringLiteral("/api/setup/test-order"), body);
        if (!a.ok())
            return report(a, {});
        const QJsonObject v = a.json.value(QStringLiteral("variant")).toObject();
        say(QStringLiteral("A dry run (nothing is bought): %1 × %2 / %3 to %4")
                .arg(a.json.value(QStringLiteral("quantity")).toInt())
                .arg(v.value(QStringLiteral("product_title")).toString(),
                     v.value(QStringLiteral("title")).toString(),
                     a.json.value(QStringLiteral("country")).toString()));
        for (const QJsonValue &c : a.json.value(QStringLiteral("checks")).toArray())
            say(QStringLiteral("  %1 %2: %3")
                    .arg(!c[QStringLiteral("ok")].toBool()       ? QStringLiteral("FAIL")
                         : c[QStringLiteral("warning")].toBool() ? QStringLiteral("warn")
                                                                 : QStringLiteral("ok  "),
                         c[QStringLiteral("check")].toString(),
                         c[QStringLiteral("detail")].toString()));
        say(a.json.value(QStringLiteral("ok")).toBool()
                ? QStringLiteral("A real order of this variant would go through.")
                : QStringLiteral("A real order of this variant would not go through."));
        return true;
    }

    Client &m_api;
    QString m_countries; // product_mapping: where the shipping is quoted to
};

// The bearer: an API key, or a login with a user's password.
std::expected<void, QString> signIn(Client &api)
{
    if (const QByteArray key = qgetenv("DROPCREW_API_KEY"); !key.isEmpty()) {
        api.setBearer(QByteArray("Bearer ") + key);
        return {};
    }
    const QString user = qEnvironmentVariable("DROPCREW_USER", QStringLiteral("admin"));
    QString password = qEnvironmentVariable("DROPCREW_PASSWORD");
    if (password.isEmpty()) {
        auto typed =
            ask(QStringLiteral("Password of %1 on %2: ").arg(user, api.base().toString()), true);
        if (!typed)
            return std::unexpected(QStringLiteral("no password given"));
        password = *typed;
    }
    const Answer a = api.login(user, password);
    if (a.status == 0)
        return std::unexpected(QStringLiteral("cannot reach DropCrew at %1 (%2); is it running?")
                                   .arg(api.base().toString(), a.error));
    if (!a.ok())
        return std::unexpected(QStringLiteral("login refused: %1").arg(a.error));
    return {};
}

} // namespace

int runSetup(const QStringList &arguments, const runtime::Config &config)
{
    // What to do, checked before the server is asked anything.
    const QString verb = arguments.value(0);
    QString only;
    if (arguments.size() == 2 &&
        (verb == QLatin1String("skip") || verb == QLatin1String("resume"))) {
        if (!setup::SetupGuide::stepNames().contains(arguments[1]))
            return usage(
                QStringLiteral("unknown step \"%1\": one of %2")
                    .arg(arguments[1], setup::SetupGuide::stepNames().join(QStringLiteral(", "))));
    } else if (arguments.size() == 1 && verb != QLatin1String("status")) {
        if (!setup::SetupGuide::stepNames().contains(verb))
            return usage(QStringLiteral("unknown step \"%1\": one of status, skip STEP, resume "
                                        "STEP, %2")
                             .arg(verb, setup::SetupGuide::stepNames().join(QStringLiteral(", "))));
        only = verb;
    } else if (arguments.size() > 1) {
        return usage(QStringLiteral("unexpected argument \"%1\" (see --help)").arg(arguments[1]));
    }

    QUrl base(config.connectUrl);
    if (config.connectUrl.isEmpty()) {
        const QHostAddress host =
            config.listenHost == QHostAddress::AnyIPv4 || config.listenHost == QHostAddress::Any
                ? QHostAddress(QHostAddress::LocalHost)
                : config.listenHost;
        base.setScheme(config.tlsCert.isEmpty() ? QStringLiteral("http") : QStringLiteral("https"));
        base.setHost(host.toString());
        base.setPort(config.listenPort);
    }
    Client api(base);
    if (auto signedIn = signIn(api); !signedIn)
        return usage(signedIn.error());
    const Answer first = api.call("GET", QStringLiteral("/api/setup"), {}, 30'000);
    if (first.status == 0)
        return usage(QStringLiteral("cannot reach DropCrew at %1 (%2); is it running?")
                         .arg(base.toString(), first.error));
    if (!first.ok())
        return usage(QStringLiteral("%1 refused the guide: %2").arg(base.toString(), first.error));
    Guide guide(api);
    QJsonObject o = first.json;

    if (verb == QLatin1String("skip") || verb == QLatin1String("resume")) {
        const Answer a =
            api.call("POST", QStringLiteral("/api/setup/%1/%2").arg(arguments[1], verb));
        if (!a.ok())
            return usage(a.error);
        o = guide.overview();
        guide.print(o);
        return o.value(QStringLiteral("complete")).toBool() ? 0 : 1;
    }
    if (verb == QLatin1String("status")) {
        guide.print(o);
        return o.value(QStringLiteral("complete")).toBool() ? 0 : 1;
    }

    guide.print(o);
    const QStringList walked = only.isEmpty() ? setup::SetupGuide::stepNames() : QStringList{only};
    for (const QString &name : walked) {
        const QJsonObject step = guide.stepOf(o, name);
        if (only.isEmpty() &&
            step.value(QStringLiteral("state")).toString() != QLatin1String("missing"))
            continue;
        say(QStringLiteral("\n== %1 (%2 of %3)")
                .arg(name)
                .arg(setup::SetupGuide::stepNames().indexOf(name) + 1)
                .arg(setup::SetupGuide::stepNames().size()));
        for (const QJsonValue &m : step.value(QStringLiteral("missing")).toArray())
            say(QStringLiteral("missing: ") + m[QStringLiteral("message")].toString());
        auto go = ask(QStringLiteral("Do it now? [Y/n/s = skip until resumed] "));
        if (!go)
            break;
        if (go->toLower() == QLatin1String("s")) {
            const Answer a = api.call("POST", QStringLiteral("/api/setup/%1/skip").arg(name));
            say(a.ok() ? QStringLiteral("Skipped; `dropcrew setup resume %1` brings it back.")
                             .arg(name)
                       : QStringLiteral("error: %1").arg(a.error));
            continue;
        }
        if (go->toLower().startsWith(QLatin1Char('n')))
            continue;
        if (!guide.run(name, step))
            break;
        o = guide.overview();
        const QJsonObject after = guide.stepOf(o, name);
        say(QStringLiteral("%1: %2").arg(name, after.value(QStringLiteral("state")).toString()));
    }
    say(QString());
    o = guide.overview();
    guide.print(o);
    return o.value(QStringLiteral("complete")).toBool() ? 0 : 1;
}

} // namespace dc::app
