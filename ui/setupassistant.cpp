// SPDX-License-Identifier: GPL-3.0-or-later
#include "setupassistant.h"

#include "aliexpressauth.h"
#include "apiclient.h"
#include "setup/setupguide.h"
#include "shopimport.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace dc::ui {

namespace {

QString stepTitle(const QString &step)
{
    if (step == QLatin1String("admin_password"))
        return SetupAssistant::tr("Administrator password");
    if (step == QLatin1String("shopify_store"))
        return SetupAssistant::tr("Shopify store");
    if (step == QLatin1String("aliexpress_account"))
        return SetupAssistant::tr("AliExpress account");
    if (step == QLatin1String("product_mapping"))
        return SetupAssistant::tr("Product mapping");
    return SetupAssistant::tr("Test order");
}

QString stateText(const QString &state)
{
    if (state == QLatin1String("done"))
        return SetupAssistant::tr("done");
    if (state == QLatin1String("skipped"))
        return SetupAssistant::tr("skipped");
    return SetupAssistant::tr("to do");
}

QLabel *wrapped(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    return l;
}

QLineEdit *secretEdit(QWidget *parent)
{
    auto *e = new QLineEdit(parent);
    e->setEchoMode(QLineEdit::Password);
    return e;
}

} // namespace

QStringList SetupAssistant::stepNames()
{
    return setup::SetupGuide::stepNames();
}

QString SetupAssistant::describe(const QJsonObject &m)
{
    const QString code = m.value(QStringLiteral("code")).toString();
    const QString shop = m.value(QStringLiteral("shop")).toString();
    if (code == QLatin1String("password_generated"))
        return tr("The administrator's password is the one generated at the first start: choose "
                  "one of your own.");
    if (code == QLatin1String("admin_disabled"))
        return tr("No administrator can sign in: every admin user is disabled.");
    if (code == QLatin1String("no_shop"))
        return tr("No Shopify store is connected.");
    if (code == QLatin1String("no_token"))
        return tr("%1: no Admin API access token.").arg(shop);
    if (code == QLatin1String("scopes_unchecked"))
        return tr("%1: the token's scopes have not been checked yet.").arg(shop);
    if (code == QLatin1String("scopes_missing")) {
        QStringList scopes;
        for (const QJsonValue &s : m.value(QStringLiteral("scopes")).toArray())
            scopes << s.toString();
        return tr("%1: the token lacks the scopes %2; grant them in the app's configuration and "
                  "install it again.")
            .arg(shop, scopes.join(QStringLiteral(", ")));
    }
    if (code == QLatin1String("token_refused"))
        return tr("%1: Shopify refuses the token.").arg(shop);
    if (code == QLatin1String("no_webhook_secret"))
        return tr("%1: no webhook secret (the app's client secret), so Shopify's webhooks would "
                  "be refused.")
            .arg(shop);
    if (code == QLatin1String("no_app_key"))
        return tr("No AliExpress app key and secret.");
    if (code == QLatin1String("not_authorised"))
        return tr("The seller has not authorised the app, or the authorisation has lapsed.");
    if (code == QLatin1String("catalog_empty"))
        return tr("The catalog is empty: import the store's products.");
    if (code == QLatin1String("unmapped"))
        return tr("%1 of %2 variants have no AliExpress offer; %n order(s) wait for one.", "",
                  m.value(QStringLiteral("waiting")).toInt())
            .arg(m.value(QStringLiteral("unmapped")).toInt())
            .arg(m.value(QStringLiteral("variants")).toInt());
    if (code == QLatin1String("not_run"))
        return tr("No test order has been run.");
    if (code == QLatin1String("failed"))
        return tr("The last test order failed: %1")
            .arg(m.value(QStringLiteral("detail")).toString());
    return m.value(QStringLiteral("message")).toString();
}

SetupAssistant::SetupAssistant(ApiClient &api, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("setupAssistant"));
    setWindowTitle(tr("Set up DropCrew"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("steps"));
    m_list->setFixedWidth(300);
    m_pages = new QStackedWidget(this);
    for (const QString &s : stepNames())
        m_list->addItem(stepTitle(s));
    m_pages->addWidget(stepPage(QStringLiteral("admin_password"), adminForm()));
    m_pages->addWidget(stepPage(QStringLiteral("shopify_store"), shopifyForm()));
    m_pages->addWidget(stepPage(QStringLiteral("aliexpress_account"), aliexpressForm()));
    m_pages->addWidget(stepPage(QStringLiteral("product_mapping"), mappingForm()));
    m_pages->addWidget(stepPage(QStringLiteral("test_order"), testOrderForm()));

    auto *missingBox = new QGroupBox(tr("What is missing"), this);
    m_missing = wrapped(QString(), missingBox);
    m_missing->setObjectName(QStringLiteral("missing"));
    m_missing->setTextFormat(Qt::RichText);
    (new QVBoxLayout(missingBox))->addWidget(m_missing);
    m_status = wrapped(QString(), this);
    m_status->setObjectName(QStringLiteral("status"));
    m_skip = new QPushButton(tr("Skip this step"), this);
    m_skip->setObjectName(QStringLiteral("skip"));
    m_skip->setToolTip(tr("Kept until you resume it; the assistant goes on without it."));
    m_resume = new QPushButton(tr("Resume this step"), this);
    m_resume->setObjectName(QStringLiteral("resume"));
    m_next = new QPushButton(tr("Next step"), this);
    m_next->setObjectName(QStringLiteral("next"));
    auto *close = new QPushButton(tr("Close"), this);
    connect(m_skip, &QPushButton::clicked, this, [this] { skipOrResume(true); });
    connect(m_resume, &QPushButton::clicked, this, [this] { skipOrResume(false); });
    connect(m_next, &QPushButton::clicked, this, [this] {
        m_list->setCurrentRow(std::min(m_list->currentRow() + 1, m_list->count() - 1));
    });
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_skip);
    buttons->addWidget(m_resume);
    buttons->addStretch();
    buttons->addWidget(m_next);
    buttons->addWidget(close);

    auto *right = new QVBoxLayout;
    right->addWidget(m_pages, 1);
    right->addWidget(missingBox);
    right->addWidget(m_status);
    right->addLayout(buttons);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_list);
    layout->addLayout(right, 1);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        m_pages->setCurrentIndex(row);
        setStatus(QString());
        present(ApiReply{200, m_overview, {}, {}}); // the page's missing and buttons
    });
    m_list->setCurrentRow(0);
    resize(980, 620);
    reload();
}

QWidget *SetupAssistant::stepPage(const QString &step, QWidget *form)
{
    auto *page = new QWidget(this);
    page->setObjectName(step);
    auto *v = new QVBoxLayout(page);
    auto *title =
        new QLabel(QStringLiteral("<h2>%1</h2>").arg(stepTitle(step).toHtmlEscaped()), page);
    v->addWidget(title);
    v->addWidget(form);
    v->addStretch();
    return page;
}

QWidget *SetupAssistant::adminForm()
{
    auto *w = new QWidget(this);
    auto *f = new QFormLayout(w);
    f->addRow(wrapped(tr("The first start generated the administrator's password and showed it "
                         "once. Choose one of your own: it signs in to this server from another "
                         "computer and from `dropcrew setup`."),
                      w));
    m_password = secretEdit(w);
    m_password->setObjectName(QStringLiteral("password"));
    m_password2 = secretEdit(w);
    m_password2->setObjectName(QStringLiteral("password2"));
    f->addRow(tr("New password (12 characters or more):"), m_password);
    f->addRow(tr("The same again:"), m_password2);
    auto *set = new QPushButton(tr("Set the password"), w);
    set->setObjectName(QStringLiteral("setPassword"));
    f->addRow(QString(), set);
    connect(set, &QPushButton::clicked, this, [this] {
        if (m_password->text() != m_password2->text())
            return setStatus(tr("The two passwords differ."));
        const qint64 user = step(QStringLiteral("admin_password"))
                                .value(QStringLiteral("detail"))[QStringLiteral("user_id")]
                                .toInteger();
        if (user <= 0)
            return setStatus(tr("There is no generated password to replace."));
        m_api.send("PATCH", QStringLiteral("/api/users/%1").arg(user),
                   {{QStringLiteral("password"), m_password->text()}}, this,
                   [this](const ApiReply &r) {
                       if (!r.ok())
                           return setStatus(tr("Not changed: %1").arg(r.error));
                       m_password->clear();
                       m_password2->clear();
                       setStatus(tr("Password changed."));
                       reload();
                   });
    });
    return w;
}

QWidget *SetupAssistant::shopifyForm()
{
    auto *w = new QWidget(this);
    auto *f = new QFormLayout(w);
    f->addRow(wrapped(tr("In the store's admin, create a custom app (Settings, Apps, Develop "
                         "apps), give it the Admin API scopes DropCrew needs and install it: "
                         "paste its access token and client secret here. Without a public "
                         "address, DropCrew asks Shopify every minute instead of receiving "
                         "webhooks."),
                      w));
    m_shopDomain = new QLineEdit(w);
    m_shopDomain->setObjectName(QStringLiteral("shopDomain"));
    m_shopDomain->setPlaceholderText(QStringLiteral("acme.myshopify.com"));
    m_shopToken = secretEdit(w);
    m_shopToken->setObjectName(QStringLiteral("shopToken"));
    m_shopToken->setPlaceholderText(QStringLiteral("shpat_…"));
    m_shopSecret = secretEdit(w);
    m_shopSecret->setObjectName(QStringLiteral("shopSecret"));
    m_publicUrl = new QLineEdit(w);
    m_publicUrl->setObjectName(QStringLiteral("publicUrl"));
    m_publicUrl->setPlaceholderText(tr("https://… (empty: poll every minute)"));
    f->addRow(tr("Shop domain:"), m_shopDomain);
    f->addRow(tr("Admin API access token:"), m_shopToken);
    f->addRow(tr("Client secret (signs webhooks):"), m_shopSecret);
    f->addRow(tr("Public address of this server:"), m_publicUrl);
    auto *connectButton = new QPushButton(tr("Connect the store"), w);
    connectButton->setObjectName(QStringLiteral("connectShop"));
    f->addRow(QString(), connectButton);
    connect(connectButton, &QPushButton::clicked, this, &SetupAssistant::connectShop);
    m_import = new ShopImportBar(m_api, w);
    connect(m_import, &ShopImportBar::imported, this, &SetupAssistant::reload);
    f->addRow(tr("Catalog:"), m_import);
    return w;
}

void SetupAssistant::connectShop()
{
    const QString domain = m_shopDomain->text().trimmed().toLower();
    if (domain.isEmpty())
        return setStatus(tr("The shop's domain is needed."));
    QJsonObject body;
    if (!m_shopToken->text().isEmpty())
        body.insert(QStringLiteral("access_token"), m_shopToken->text());
    if (!m_shopSecret->text().isEmpty())
        body.insert(QStringLiteral("webhook_secret"), m_shopSecret->text());
    if (!m_publicUrl->text().trimmed().isEmpty())
        body.insert(QStringLiteral("public_url"), m_publicUrl->text().trimmed());
    const QString path =
        QStringLiteral("/api/shops/") + QString::fromLatin1(QUrl::toPercentEncoding(domain));
    m_api.send("PUT", path, body, this, [this, path, domain](const ApiReply &r) {
        if (!r.ok())
            return setStatus(tr("Not connected: %1").arg(r.error));
        m_shopToken->clear();
        m_shopSecret->clear();
        setStatus(tr("Checking the token's scopes with Shopify…"));
        m_api.send("POST", path + QStringLiteral("/check"), {}, this,
                   [this, domain](const ApiReply &c) {
                       setStatus(c.ok() ? tr("%1 is connected.").arg(domain)
                                        : tr("Connected, but the scopes could not be checked: "
                                             "%1")
                                              .arg(c.error));
                       m_import->loadShops();
                       reload();
                   });
    });
}

QWidget *SetupAssistant::aliexpressForm()
{
    auto *w = new QWidget(this);
    auto *f = new QFormLayout(w);
    f->addRow(wrapped(tr("In the AliExpress Open Platform console, the app's key and secret; then "
                         "authorise the app with the seller's account in the browser."),
                      w));
    m_aeKey = new QLineEdit(w);
    m_aeKey->setObjectName(QStringLiteral("aeKey"));
    m_aeSecret = secretEdit(w);
    m_aeSecret->setObjectName(QStringLiteral("aeSecret"));
    f->addRow(tr("App key:"), m_aeKey);
    f->addRow(tr("App secret:"), m_aeSecret);
    auto *save = new QPushButton(tr("Save the keys"), w);
    save->setObjectName(QStringLiteral("saveAeKeys"));
    f->addRow(QString(), save);
    connect(save, &QPushButton::clicked, this, [this] {
        m_api.send("PUT", QStringLiteral("/api/integrations/aliexpress"),
                   {{QStringLiteral("app_key"), m_aeKey->text().trimmed()},
                    {QStringLiteral("app_secret"), m_aeSecret->text()}},
                   this, [this](const ApiReply &r) {
                       if (!r.ok())
                           return setStatus(tr("Not saved: %1").arg(r.error));
                       m_aeSecret->clear();
                       setStatus(tr("Keys saved; now authorise the app."));
                       reload();
                   });
    });
    m_aeAuth = new AliExpressAuthorisation(m_api, w);
    connect(m_aeAuth, &AliExpressAuthorisation::authorised, this, &SetupAssistant::reload);
    f->addRow(m_aeAuth);
    return w;
}

QWidget *SetupAssistant::mappingForm()
{
    auto *w = new QWidget(this);
    auto *v = new QVBoxLayout(w);
    v->addWidget(wrapped(tr("Each variant of the store is bought from an AliExpress SKU. In the "
                            "mapping view, paste an AliExpress product's address for a variant, "
                            "check the SKU it suggests, its cost, stock and shipping, and map "
                            "it; the orders waiting for it go on at once."),
                         w));
    m_mappingFigures = wrapped(QString(), w);
    m_mappingFigures->setObjectName(QStringLiteral("mappingFigures"));
    v->addWidget(m_mappingFigures);
    auto *open = new QPushButton(tr("Open the mapping view"), w);
    open->setObjectName(QStringLiteral("openMapping"));
    connect(open, &QPushButton::clicked, this, &SetupAssistant::mappingRequested);
    auto *row = new QHBoxLayout;
    row->addWidget(open);
    row->addStretch();
    v->addLayout(row);
    return w;
}

QWidget *SetupAssistant::testOrderForm()
{
    auto *w = new QWidget(this);
    auto *f = new QFormLayout(w);
    f->addRow(wrapped(tr("A dry run of an order of the first mapped variant: the offer DropCrew "
                         "would choose, the product, stock and shipping as AliExpress gives them "
                         "now, and the margin. Nothing is bought."),
                      w));
    m_country = new QLineEdit(w);
    m_country->setObjectName(QStringLiteral("country"));
    m_country->setMaxLength(2);
    m_country->setPlaceholderText(tr("FR (empty: where most orders go)"));
    f->addRow(tr("Ship to (country code):"), m_country);
    auto *run = new QPushButton(tr("Run the test order"), w);
    run->setObjectName(QStringLiteral("runTestOrder"));
    f->addRow(QString(), run);
    connect(run, &QPushButton::clicked, this, &SetupAssistant::runTestOrder);
    m_report = wrapped(QString(), w);
    m_report->setObjectName(QStringLiteral("report"));
    m_report->setTextFormat(Qt::RichText);
    f->addRow(m_report);
    return w;
}

void SetupAssistant::runTestOrder()
{
    QJsonObject body;
    if (const QString c = m_country->text().trimmed().toUpper(); !c.isEmpty())
        body.insert(QStringLiteral("country"), c);
    setStatus(tr("Asking AliExpress…"));
    m_api.send(
        "POST", QStringLiteral("/api/setup/test-order"), body, this, [this](const ApiReply &r) {
            if (!r.ok())
                return setStatus(tr("No test order: %1").arg(r.error));
            const QJsonObject v = r.json.value(QStringLiteral("variant")).toObject();
            QString html = QStringLiteral("<p><b>%1</b></p><ul>")
                               .arg(tr("%1 / %2 to %3")
                                        .arg(v.value(QStringLiteral("product_title")).toString(),
                                             v.value(QStringLiteral("title")).toString(),
                                             r.json.value(QStringLiteral("country")).toString())
                                        .toHtmlEscaped());
            for (const QJsonValue &c : r.json.value(QStringLiteral("checks")).toArray()) {
                const bool ok = c[QStringLiteral("ok")].toBool();
                const bool warn = c[QStringLiteral("warning")].toBool();
                html += QStringLiteral("<li><span style=\"color:%1\">%2</span> %3: %4</li>")
                            .arg(!ok    ? QStringLiteral("#c62828")
                                 : warn ? QStringLiteral("#ef6c00")
                                        : QStringLiteral("#2e7d32"),
                                 !ok    ? QStringLiteral("✗")
                                 : warn ? QStringLiteral("!")
                                        : QStringLiteral("✓"),
                                 c[QStringLiteral("check")].toString().toHtmlEscaped(),
                                 c[QStringLiteral("detail")].toString().toHtmlEscaped());
            }
            html += QStringLiteral("</ul>");
            m_report->setText(html);
            setStatus(r.json.value(QStringLiteral("ok")).toBool()
                          ? tr("A real order of this variant would go through. Nothing was bought.")
                          : tr("A real order of this variant would not go through. Nothing was "
                               "bought."));
            reload();
        });
}

void SetupAssistant::reload()
{
    m_api.get(QStringLiteral("/api/setup"), this, [this](const ApiReply &r) {
        if (!r.ok())
            return setStatus(tr("The setup steps cannot be read: %1").arg(r.error));
        present(r);
        emit loaded();
    });
}

void SetupAssistant::present(const ApiReply &r)
{
    m_overview = r.json;
    const QStringList names = stepNames();
    for (int i = 0; i < names.size(); ++i) {
        const QString state = step(names[i]).value(QStringLiteral("state")).toString();
        QListWidgetItem *item = m_list->item(i);
        item->setText(state.isEmpty()
                          ? stepTitle(names[i])
                          : QStringLiteral("%1 (%2)").arg(stepTitle(names[i]), stateText(state)));
        item->setIcon(style()->standardIcon(
            state == QLatin1String("done")      ? QStyle::SP_DialogApplyButton
            : state == QLatin1String("skipped") ? QStyle::SP_MediaSkipForward
                                                : QStyle::SP_MessageBoxInformation));
    }
    const QJsonObject current = step(currentStep());
    const QString state = current.value(QStringLiteral("state")).toString();
    QStringList lines;
    for (const QJsonValue &m : current.value(QStringLiteral("missing")).toArray())
        lines << QStringLiteral("<li>%1</li>").arg(describe(m.toObject()).toHtmlEscaped());
    m_missing->setText(state == QLatin1String("done") ? tr("Nothing: this step is done.")
                       : lines.isEmpty()
                           ? QString()
                           : QStringLiteral("<ul>%1</ul>").arg(lines.join(QString())));
    m_skip->setVisible(state == QLatin1String("missing"));
    m_resume->setVisible(state == QLatin1String("skipped"));
    m_next->setEnabled(m_list->currentRow() < m_list->count() - 1);
    const QJsonObject figures =
        step(QStringLiteral("product_mapping")).value(QStringLiteral("detail")).toObject();
    m_mappingFigures->setText(tr("%1 variants in the catalog, %2 without an offer.")
                                  .arg(figures.value(QStringLiteral("variants")).toInt())
                                  .arg(figures.value(QStringLiteral("unmapped")).toInt()));
}

void SetupAssistant::skipOrResume(bool skip)
{
    const QString name = currentStep();
    m_api.send("POST",
               QStringLiteral("/api/setup/%1/%2")
                   .arg(name, skip ? QStringLiteral("skip") : QStringLiteral("resume")),
               {}, this, [this, skip](const ApiReply &r) {
                   if (!r.ok())
                       return setStatus(r.error);
                   setStatus(skip ? tr("Skipped; resume it whenever you like.") : tr("Resumed."));
                   reload();
               });
}

void SetupAssistant::showStep(const QString &name)
{
    if (const int row = stepNames().indexOf(name); row >= 0)
        m_list->setCurrentRow(row);
}

QString SetupAssistant::currentStep() const
{
    return stepNames().value(m_list->currentRow());
}

QString SetupAssistant::stateOf(const QString &name) const
{
    return step(name).value(QStringLiteral("state")).toString();
}

QString SetupAssistant::missingText() const
{
    return m_missing->text();
}

QString SetupAssistant::statusText() const
{
    return m_status->text();
}

void SetupAssistant::setStatus(const QString &text)
{
    m_status->setText(text);
}

QJsonObject SetupAssistant::step(const QString &name) const
{
    for (const QJsonValue &s : m_overview.value(QStringLiteral("steps")).toArray())
        if (s[QStringLiteral("step")].toString() == name)
            return s.toObject();
    return {};
}

} // namespace dc::ui
