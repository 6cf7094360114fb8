// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/contentgenerator.h"

#include "agents/agentutil.h"
#include "core/blockinghttp.h"
#include "core/jsonschema.h"
#include "core/logging.h"
#include "core/money.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>

namespace dc::agents {

using tasks::TaskContext;

QString sanitizeHtml(const QString &html)
{
    static const QSet<QString> allowed{
        QStringLiteral("p"),  QStringLiteral("br"),     QStringLiteral("ul"), QStringLiteral("ol"),
        QStringLiteral("li"), QStringLiteral("strong"), QStringLiteral("em"), QStringLiteral("b"),
        QStringLiteral("i"),  QStringLiteral("h2"),     QStringLiteral("h3")};
    static const QRegularExpression tag(QStringLiteral("<\\s*(/?)\\s*([a-zA-Z0-9]+)[^<>]*>"));
    QString out;
    qsizetype pos = 0;
    auto it = tag.globalMatch(html);
    while (it.hasNext()) {
        const auto m = it.next();
        out += html.mid(pos, m.capturedStart() - pos).toHtmlEscaped();
        const QString name = m.captured(2).toLower();
        if (allowed.contains(name))
            out += QLatin1Char('<') + m.captured(1) + name + QLatin1Char('>');
        pos = m.capturedEnd();
    }
    out += html.mid(pos).toHtmlEscaped();
    return out;
}

ContentGenerator::ContentGenerator(storage::Store &store, std::function<ContentSettings()> settings,
                                   std::function<QByteArray()> apiKey)
    : m_store(store)
    , m_settingsNow(std::move(settings))
    , m_apiKey(std::move(apiKey))
{}

ActionResult ContentGenerator::generateDescription(TaskContext &ctx)
{
    const qint64 pid = idOf(ctx.input, "product_id");
    const QString lang = ctx.input.value(QStringLiteral("language")).toString(QStringLiteral("en"));
    auto p = storage::exec(
        m_store.reader(), QStringLiteral("SELECT title, vendor FROM products WHERE id = ?"), {pid});
    if (!p)
        return storeFailure(p.error());
    if (!p->next())
        return fail(QStringLiteral("PRODUCT_NOT_FOUND"), QStringLiteral("no product %1").arg(pid));
    const QString title = p->value(0).toString();
    const QString vendor = p->value(1).toString();
    auto v = storage::exec(m_store.reader(),
                           QStringLiteral("SELECT title, price_minor, currency FROM variants WHERE "
                                          "product_id = ? ORDER BY id LIMIT 50"),
                           {pid});
    if (!v)
        return storeFailure(v.error());
    QStringList variants;
    QJsonArray variantFacts;
    while (v->next()) {
        const Money price{v->value(1).toLongLong(), v->value(2).toString()};
        const QString t = v->value(0).toString();
        if (!t.isEmpty() && t != QLatin1String("Default Title"))
            variants << t;
        variantFacts.append(QJsonObject{{QStringLiteral("title"), t},
                                        {QStringLiteral("price"), formatMoney(price)}});
    }
    const QString tone = ctx.input.value(QStringLiteral("tone")).toString();

    const ContentSettings llm = m_settingsNow();
    if (llm.llmUrl.isEmpty()) {
        const bool fr = lang == QLatin1String("fr");
        QString html =
            QStringLiteral("<p>") +
            (fr ? QStringLiteral("%1%2 : choisi avec soin, livré chez vous.")
                      .arg(title.toHtmlEscaped(),
                           vendor.isEmpty() ? QString()
                                            : QStringLiteral(" par ") + vendor.toHtmlEscaped())
                : QStringLiteral("%1%2: carefully chosen, delivered to your door.")
                      .arg(title.toHtmlEscaped(),
                           vendor.isEmpty() ? QString()
                                            : QStringLiteral(" by ") + vendor.toHtmlEscaped())) +
            QStringLiteral("</p>");
        if (!variants.isEmpty()) {
            html += QStringLiteral("<p>") +
                    (fr ? QStringLiteral("Disponible en :") : QStringLiteral("Available in:")) +
                    QStringLiteral("</p><ul>");
            for (const QString &t : std::as_const(variants))
                html += QStringLiteral("<li>") + t.toHtmlEscaped() + QStringLiteral("</li>");
            html += QStringLiteral("</ul>");
        }
        return QJsonObject{{QStringLiteral("product_id"), pid},
                           {QStringLiteral("title"), title.simplified().left(255)},
                           {QStringLiteral("description_html"), html},
                           {QStringLiteral("source"), QStringLiteral("template")},
                           {QStringLiteral("model"), QString()}};
    }

    const QJsonObject facts{{QStringLiteral("title"), title},
                            {QStringLiteral("vendor"), vendor},
                            {QStringLiteral("variants"), variantFacts},
                            {QStringLiteral("language"), lang},
                            {QStringLiteral("tone"), tone}};
    const QJsonObject body{
        {QStringLiteral("model"), llm.model},
        {QStringLiteral("temperature"), 0.7},
        {QStringLiteral("messages"),
         QJsonArray{
             QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                         {QStringLiteral("content"),
                          QStringLiteral("You write product copy for an online shop. Answer with "
                                         "one JSON object and nothing else: {\"title\": at most "
                                         "70 characters, \"description_html\": 2 to 4 short "
                                         "paragraphs using only <p>, <ul>, <li>, <strong>}. Write "
                                         "in the requested language; invent no specifications.")}},
             QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                         {QStringLiteral("content"), QString::fromUtf8(QJsonDocument(facts).toJson(
                                                         QJsonDocument::Compact))}}}}};
    QNetworkRequest req{QUrl(llm.llmUrl + QStringLiteral("/v1/chat/completions"))};
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (const QByteArray key = m_apiKey ? m_apiKey() : QByteArray(); !key.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + key);
    req.setTransferTimeout(llm.timeoutMs);
    // A chat completion with one short description is a few KiB.
    constexpr qint64 kMaxAnswerBytes = 1024 * 1024;
    const BlockingReply reply =
        blockingPost(req, QJsonDocument(body).toJson(QJsonDocument::Compact), kMaxAnswerBytes);
    const int status = reply.status;
    const QByteArray &answer = reply.body;
    const QString &netMessage = reply.errorString;
    if (reply.tooLarge) {
        m_health.record(false, netMessage);
        return fail(QStringLiteral("LLM_INVALID_ANSWER"),
                    QStringLiteral("the model's answer is larger than 1 MiB"));
    }
    if (reply.stopped) // the task was asked to stop: nothing said of the model server
        return fail(QStringLiteral("LLM_UNAVAILABLE"), netMessage);
    m_health.record(status == 200, status ? QStringLiteral("HTTP %1").arg(status) : netMessage);
    if (status == 0 || status == 429 || status >= 500)
        return fail(QStringLiteral("LLM_UNAVAILABLE"),
                    status ? QStringLiteral("the model server answered HTTP %1").arg(status)
                           : netMessage);
    if (status != 200)
        return fail(QStringLiteral("LLM_REFUSED"),
                    QStringLiteral("the model server answered HTTP %1").arg(status));
    QString content = QJsonDocument::fromJson(answer)
                          .object()
                          .value(QStringLiteral("choices"))
                          .toArray()
                          .at(0)
                          .toObject()
                          .value(QStringLiteral("message"))
                          .toObject()
                          .value(QStringLiteral("content"))
                          .toString()
                          .trimmed();
    // Models like to wrap JSON in a Markdown fence.
    static const QRegularExpression fence(QStringLiteral("^```(?:json)?\\s*|\\s*```$"));
    content.remove(fence);
    const QJsonObject copy = QJsonDocument::fromJson(content.toUtf8()).object();
    const QString newTitle = copy.value(QStringLiteral("title")).toString().simplified();
    const QString html = sanitizeHtml(copy.value(QStringLiteral("description_html")).toString());
    if (newTitle.isEmpty() || html.trimmed().isEmpty())
        return fail(QStringLiteral("LLM_INVALID_ANSWER"),
                    QStringLiteral("the model did not answer {title, description_html}"));
    return QJsonObject{{QStringLiteral("product_id"), pid},
                       {QStringLiteral("title"), newTitle.left(255)},
                       {QStringLiteral("description_html"), html},
                       {QStringLiteral("source"), QStringLiteral("llm")},
                       {QStringLiteral("model"), llm.model}};
}

void ContentGenerator::registerActions(tasks::TaskManager &tasks)
{
    using namespace schema;
    registerAction(
        tasks, QStringLiteral("agents.call"),
        {QStringLiteral("content_generator"),
         QStringLiteral("generate_description"),
         QStringLiteral("A product title and description (HTML), from templates or the "
                        "configured language model"),
         object(
             {{QStringLiteral("product_id"), integer(1)},
              {QStringLiteral("language"), string(0, {QStringLiteral("en"), QStringLiteral("fr")})},
              {QStringLiteral("tone"), string(200)}},
             {QStringLiteral("product_id")}),
         object({{QStringLiteral("product_id"), integer()},
                 {QStringLiteral("title"), string(255)},
                 {QStringLiteral("description_html"), string()},
                 {QStringLiteral("source"),
                  string(0, {QStringLiteral("template"), QStringLiteral("llm")})},
                 {QStringLiteral("model"), string()}},
                {QStringLiteral("title"), QStringLiteral("description_html")}),
         {{QStringLiteral("PRODUCT_NOT_FOUND"), false, QStringLiteral("no such product")},
          {QStringLiteral("LLM_UNAVAILABLE"), true,
           QStringLiteral("the model server did not answer, or answered 429/5xx")},
          {QStringLiteral("LLM_REFUSED"), false, QStringLiteral("the model server refused (4xx)")},
          {QStringLiteral("LLM_INVALID_ANSWER"), true,
           QStringLiteral("the model's answer was not the JSON asked for")}},
         2,
         3 * 60'000,
         3},
        [this](TaskContext &c) { return generateDescription(c); });
}

} // namespace dc::agents
