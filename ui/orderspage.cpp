// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderspage.h"

#include "apiclient.h"
#include "jsontablemodel.h"
#include "look.h"
#include "manualorder.h"
#include "ordersmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QUuid>
#include <QVBoxLayout>

namespace dc::ui {

namespace {
QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}
QString money(const QJsonObject &o, const char *field, const QString &currency)
{
    return formatMoney(o.value(QLatin1String(field)).toInteger(), currency);
}
} // namespace

OrdersPage::OrdersPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("OrdersPage"));
    m_model = new OrdersModel(api, this);

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("All statuses"), QString());
    for (const char *key : {"received", "validated", "on_hold", "supplier_ordered", "shipped",
                            "delivered", "failed", "cancelled", "refunded"})
        m_status->addItem(look::stateLabel(QLatin1String(key)), QString::fromLatin1(key));
    m_shop = new QLineEdit(this);
    m_shop->setPlaceholderText(tr("Shop"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(
        tr("Search: order, product, SKU, AliExpress order, tracking number, e-mail"));
    m_search->setClearButtonEnabled(true);
    m_replacements = new QCheckBox(tr("Replacements"), this);
    m_replacements->setObjectName(QStringLiteral("replacementsOnly"));
    m_replacements->setToolTip(tr("Only the orders sent again as replacements"));
    m_useDates = new QCheckBox(tr("Received between"), this);
    m_from = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-7), this);
    m_to = new QDateTimeEdit(QDateTime::currentDateTime().addDays(1), this);
    for (QDateTimeEdit *e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setEnabled(false);
    }
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_status);
    filters->addWidget(m_shop);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_replacements);
    filters->addWidget(m_useDates);
    filters->addWidget(m_from);
    filters->addWidget(m_to);

    // Typing is debounced: one query when the operator pauses, not one per key.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(300);
    connect(debounce, &QTimer::timeout, this, &OrdersPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_shop, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_status, &QComboBox::currentIndexChanged, this, &OrdersPage::applyFilter);
    connect(m_replacements, &QCheckBox::toggled, this, &OrdersPage::applyFilter);
    connect(m_useDates, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        applyFilter();
    });
    connect(m_from, &QDateTimeEdit::dateTimeChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_to, &QDateTimeEdit::dateTimeChanged, debounce, qOverload<>(&QTimer::start));

    // Several rows for a bulk action; the detail pane shows the current one.
    m_view = makeRowTable(m_model, this, QAbstractItemView::ExtendedSelection);
    m_view->setObjectName(QStringLiteral("ordersView"));
    m_view->setAlternatingRowColors(true);
    m_view->setItemDelegateForColumn(OrdersModel::Status,
                                     new look::StatusDelegate(OrdersModel::StatusRole, m_view));
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Sorted by the server (keyset pages); a click on a column it cannot sort by changes nothing.
    QHeaderView *header = m_view->horizontalHeader();
    header->setSortIndicator(OrdersModel::Created, Qt::DescendingOrder);
    m_view->setSortingEnabled(true);
    connect(header, &QHeaderView::sortIndicatorChanged, this,
            [this, header](int section, Qt::SortOrder) {
                if (OrdersModel::sortable(section))
                    return;
                const QString key = m_model->sortKey();
                const QSignalBlocker block(header);
                header->setSortIndicator(
                    key.startsWith(QLatin1String("total")) ? OrdersModel::Total
                                                           : OrdersModel::Created,
                    key == QLatin1String("newest") || key == QLatin1String("total_desc")
                        ? Qt::DescendingOrder
                        : Qt::AscendingOrder);
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                showOrder(current.isValid() ? current.data(OrdersModel::IdRole).toLongLong() : 0);
            });

    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("orderDetail"));
    m_detail->setOpenLinks(false);
    // "Replacement of" / "Replaced by" links open the other order's detail.
    connect(m_detail, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("order"))
            showOrder(url.path().toLongLong());
        // A supplier order asked for without an answer: the operator says what AliExpress shows.
        if (url.scheme() == QLatin1String("found") || url.scheme() == QLatin1String("missing"))
            askAboutSupplierOrder(url.path().toLongLong(), url.scheme() == QLatin1String("found"));
    });
    m_process = new QPushButton(tr("Process"), this);
    m_process->setToolTip(tr("Run the order processing workflow for this order"));
    m_hold = new QPushButton(tr("Hold"), this);
    m_approve = new QPushButton(tr("Approve"), this);
    m_approve->setToolTip(tr("Approve a held order (low margin) and resume its workflow"));
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setToolTip(tr("Retry the order's failed workflow run from its failed step"));
    m_cancel = new QPushButton(tr("Cancel order…"), this);
    m_replace = new QPushButton(tr("Replace…"), this);
    m_replace->setObjectName(QStringLiteral("replaceOrder"));
    m_replace->setToolTip(tr("Send the same items again at no charge (a parcel lost or broken)"));
    connect(m_process, &QPushButton::clicked, this,
            [this] { act("POST", QStringLiteral("/api/orders/%1/process").arg(m_selected), {}); });
    connect(m_hold, &QPushButton::clicked, this, [this] {
        const bool held =
            m_order.value(QStringLiteral("status")).toString() == QLatin1String("on_hold");
        act("PUT", QStringLiteral("/api/orders/%1").arg(m_selected),
            {{QStringLiteral("status"),
              held ? QStringLiteral("validated") : QStringLiteral("on_hold")}});
    });
    connect(m_approve, &QPushButton::clicked, this,
            [this] { act("POST", QStringLiteral("/api/orders/%1/approve").arg(m_selected), {}); });
    connect(m_retry, &QPushButton::clicked, this,
            [this] { act("POST", QStringLiteral("/api/orders/%1/retry").arg(m_selected), {}); });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString reason =
            QInputDialog::getText(this, tr("Cancel order"), tr("Why is this order cancelled?"),
                                  QLineEdit::Normal, {}, &ok);
        if (ok)
            act("POST", QStringLiteral("/api/orders/%1/cancel").arg(m_selected),
                {{QStringLiteral("reason"), reason}});
    });
    connect(m_replace, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString reason = QInputDialog::getText(
            this, tr("Send a replacement"),
            tr("The same items go again to the same address, at no charge. Why?"),
            QLineEdit::Normal, {}, &ok);
        if (ok)
            replaceOrder(reason);
    });
    auto *actions = new QHBoxLayout;
    for (QPushButton *b : {m_process, m_hold, m_approve, m_retry, m_cancel, m_replace})
        actions->addWidget(b);
    actions->addStretch(1);

    // Bulk actions on the selected rows, each confirmed with what it will do.
    m_bulk = new QToolButton(this);
    m_bulk->setObjectName(QStringLiteral("bulkActions"));
    m_bulk->setPopupMode(QToolButton::InstantPopup);
    auto *bulkMenu = new QMenu(m_bulk);
    const std::pair<BulkAction, QString> bulkActions[] = {{BulkAction::Process, tr("Process…")},
                                                          {BulkAction::Hold, tr("Hold…")},
                                                          {BulkAction::Release, tr("Release…")},
                                                          {BulkAction::Retry, tr("Retry…")},
                                                          {BulkAction::Cancel, tr("Cancel…")}};
    for (const auto &[action, label] : bulkActions) {
        QAction *a = bulkMenu->addAction(label);
        a->setData(int(action));
        connect(a, &QAction::triggered, this, [this, action] { openBulk(action); });
    }
    m_bulk->setMenu(bulkMenu);
    m_newOrder = new QPushButton(tr("New order…"), this);
    m_newOrder->setObjectName(QStringLiteral("newOrder"));
    m_newOrder->setToolTip(tr("An order taken by phone or on a marketplace"));
    connect(m_newOrder, &QPushButton::clicked, this, [this] { openManualOrder(); });
    // Saved filters: a name for a filter used every day ("held in FR", "to check").
    m_saved = new QComboBox(this);
    m_saved->setObjectName(QStringLiteral("savedFilters"));
    m_saved->setToolTip(tr("Saved filters"));
    auto *saveFilter = new QToolButton(this);
    saveFilter->setObjectName(QStringLiteral("saveFilter"));
    saveFilter->setText(tr("Save filter…"));
    auto *forget = new QToolButton(this);
    forget->setText(tr("Forget"));
    forget->setToolTip(tr("Forget the saved filter shown"));
    refreshSavedFilters();
    connect(m_saved, &QComboBox::activated, this, [this](int i) {
        if (i > 0)
            applySavedFilter(m_saved->itemText(i));
    });
    connect(saveFilter, &QToolButton::clicked, this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Save filter"), tr("Name of this filter:"),
                                  QLineEdit::Normal, {}, &ok)
                .trimmed();
        if (ok && !name.isEmpty())
            saveCurrentFilter(name);
    });
    connect(forget, &QToolButton::clicked, this, [this] {
        if (m_saved->currentIndex() > 0)
            deleteSavedFilter(m_saved->currentText());
    });
    // A second row: what is done with the filters and the selection (the first stays wide
    // enough for the search box).
    auto *tools = new QHBoxLayout;
    tools->addWidget(m_saved);
    tools->addWidget(saveFilter);
    tools->addWidget(forget);
    tools->addStretch(1);
    tools->addWidget(m_bulk);
    tools->addWidget(m_newOrder);
    m_search->setMinimumWidth(
        m_search->fontMetrics().horizontalAdvance(m_search->placeholderText()) / 2);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OrdersPage::updateActions);
    auto *detailBox = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addLayout(actions);
    detailLayout->addWidget(m_detail, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(detailBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("orderState"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(tools);
    layout->addWidget(split, 1);
    layout->addWidget(m_state);

    // Columns fit their content once the first page is in (not on every page: no jumping).
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_fitted = false; });
    connect(m_model, &OrdersModel::updated, this, [this] {
        if (!m_fitted && m_model->rowCount() > 0) {
            m_view->resizeColumnsToContents();
            m_fitted = true;
        }
    });
    connect(m_model, &OrdersModel::loadingChanged, this,
            [this](bool loading) { m_state->setText(loading ? tr("Loading…") : QString()); });
    connect(m_model, &OrdersModel::errorOccurred, this,
            [this](const QString &e) { m_state->setText(tr("Cannot load orders: %1").arg(e)); });
    // The selected order's own events (status, supplier order, shipment) refresh its pane.
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        if (m_selected > 0 &&
            e.value(QStringLiteral("key")).toString() == QStringLiteral("order:%1").arg(m_selected))
            showOrder(m_selected);
    });
    updateActions();
    m_model->reload();
}

void OrdersPage::setPermissions(const QStringList &permissions)
{
    m_permissions = permissions;
    updateActions();
}

QList<BulkOrder> OrdersPage::selectedOrders() const
{
    QList<BulkOrder> out;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows(OrdersModel::Name))
        out.append({i.data(OrdersModel::IdRole).toLongLong(), i.data().toString(),
                    i.data(OrdersModel::StatusRole).toString()});
    return out;
}

BulkOrdersDialog *OrdersPage::openBulk(BulkAction action)
{
    auto *d = new BulkOrdersDialog(m_api, action, selectedOrders(), this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &BulkOrdersDialog::completed, this, [this](int done, int refused) {
        m_state->setText(tr("Bulk action: %1 done, %2 refused.").arg(done).arg(refused));
        m_model->reload();
    });
    d->open();
    return d;
}

ManualOrderDialog *OrdersPage::openManualOrder()
{
    auto *d = new ManualOrderDialog(m_api, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &ManualOrderDialog::created, this, [this](qint64 id, const QString &name) {
        m_state->setText(tr("Order %1 created.").arg(name));
        m_model->reload();
        showOrder(id);
    });
    d->open();
    return d;
}

void OrdersPage::updateActions()
{
    const qsizetype selected = m_view->selectionModel()->selectedRows().size();
    m_bulk->setText(selected > 1 ? tr("%n selected…", nullptr, int(selected))
                                 : tr("Bulk actions…"));
    m_bulk->setEnabled(selected > 0);
    const auto allowed = [this](BulkAction a) {
        return m_permissions.contains(a == BulkAction::Process || a == BulkAction::Retry
                                          ? QStringLiteral("workflows.run")
                                      : a == BulkAction::Cancel ? QStringLiteral("orders.sensitive")
                                                                : QStringLiteral("orders.write"));
    };
    for (QAction *a : m_bulk->menu()->actions())
        a->setEnabled(allowed(BulkAction(a->data().toInt())));
    m_newOrder->setEnabled(m_permissions.contains(QStringLiteral("orders.write")));
    const QString status = m_order.value(QStringLiteral("status")).toString();
    const bool any = m_selected > 0 && !m_order.isEmpty();
    const bool closed = status == QLatin1String("cancelled") ||
                        status == QLatin1String("refunded") || status == QLatin1String("delivered");
    m_process->setEnabled(
        any && m_permissions.contains(QStringLiteral("workflows.run")) &&
        (status == QLatin1String("received") || status == QLatin1String("failed")));
    m_hold->setEnabled(any && !closed && m_permissions.contains(QStringLiteral("orders.write")));
    m_hold->setText(status == QLatin1String("on_hold") ? tr("Release") : tr("Hold"));
    m_approve->setEnabled(any && status == QLatin1String("on_hold") &&
                          m_order.value(QStringLiteral("hold_reason")).toString() ==
                              QLatin1String("low_margin") &&
                          m_permissions.contains(QStringLiteral("orders.write")));
    // Whether a run failed is the server's to say (409 otherwise, shown in the status line).
    m_retry->setEnabled(any && !closed && m_permissions.contains(QStringLiteral("workflows.run")));
    m_cancel->setEnabled(any && !closed &&
                         m_permissions.contains(QStringLiteral("orders.sensitive")));
    // Only what was sent to a supplier can be lost or broken on the way.
    m_replace->setEnabled(any && m_permissions.contains(QStringLiteral("orders.sensitive")) &&
                          (status == QLatin1String("supplier_ordered") ||
                           status == QLatin1String("shipped") ||
                           status == QLatin1String("delivered")));
}

void OrdersPage::replaceOrder(const QString &reason)
{
    if (reason.trimmed().isEmpty()) {
        m_state->setText(tr("Say why the order is sent again."));
        return;
    }
    // One key per request: the client resending it (after refreshing the session) gives the
    // same replacement, not a second one.
    const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_replace->setEnabled(false);
    m_api.send("POST", QStringLiteral("/api/orders/%1/replace").arg(m_selected),
               {{QStringLiteral("reason"), reason.trimmed()}, {QStringLiteral("key"), key}}, this,
               [this](const ApiReply &r) {
                   m_state->setText(r.ok()
                                        ? tr("Replacement %1 created: it goes to the supplier "
                                             "like any order.")
                                              .arg(r.json.value(QStringLiteral("name")).toString())
                                        : tr("Refused: %1").arg(r.error));
                   showOrder(m_selected);
               });
}

void OrdersPage::askAboutSupplierOrder(qint64 supplierOrderId, bool found)
{
    if (found) {
        bool ok = false;
        const QString id = QInputDialog::getText(
            this, tr("Found at AliExpress"),
            tr("The AliExpress order id shown in the buyer account:"), QLineEdit::Normal, {}, &ok);
        if (ok && !id.trimmed().isEmpty())
            resolveSupplierOrder(supplierOrderId, id.trimmed());
        return;
    }
    if (QMessageBox::question(this, tr("Not at AliExpress"),
                              tr("This supplier order is not in the AliExpress buyer account? It "
                                 "is placed again under the same reference, which finds it if it "
                                 "does exist: it is never bought twice.")) == QMessageBox::Yes)
        resolveSupplierOrder(supplierOrderId, {});
}

void OrdersPage::resolveSupplierOrder(qint64 supplierOrderId, const QString &aliExpressOrderId)
{
    act("POST",
        QStringLiteral("/api/orders/%1/supplier-orders/%2/resolve")
            .arg(m_selected)
            .arg(supplierOrderId),
        aliExpressOrderId.isEmpty()
            ? QJsonObject{{QStringLiteral("not_placed"), true}}
            : QJsonObject{{QStringLiteral("supplier_order_id"), aliExpressOrderId}});
}

void OrdersPage::act(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    m_api.send(method, path, body, this, [this](const ApiReply &r) {
        m_state->setText(r.ok() ? tr("Done.") : tr("Refused: %1").arg(r.error));
        showOrder(m_selected);
    });
}

void OrdersPage::showFiltered(const QString &status, bool today)
{
    const QSignalBlocker a(m_status), b(m_useDates), c(m_from), d(m_to);
    m_status->setCurrentIndex(std::max(0, m_status->findData(status)));
    m_useDates->setChecked(today);
    m_from->setEnabled(today);
    m_to->setEnabled(today);
    if (today) {
        m_from->setDateTime(QDateTime(QDate::currentDate(), QTime(0, 0)));
        m_to->setDateTime(QDateTime::currentDateTime().addDays(1));
    }
    applyFilter();
}

namespace {
const char *const kSavedFilters = "orders/saved_filters";

QJsonObject savedFilters()
{
    return QJsonDocument::fromJson(QSettings().value(QLatin1String(kSavedFilters)).toByteArray())
        .object();
}

void storeSavedFilters(const QJsonObject &all)
{
    QSettings().setValue(QLatin1String(kSavedFilters),
                         QJsonDocument(all).toJson(QJsonDocument::Compact));
}
} // namespace

QStringList OrdersPage::savedFilterNames() const
{
    QStringList names = savedFilters().keys();
    names.sort(Qt::CaseInsensitive);
    return names;
}

void OrdersPage::refreshSavedFilters()
{
    const QSignalBlocker block(m_saved);
    m_saved->clear();
    m_saved->addItem(tr("Saved filters…"));
    m_saved->addItems(savedFilterNames());
}

void OrdersPage::saveCurrentFilter(const QString &name)
{
    QJsonObject all = savedFilters();
    // A customer's e-mail is personal data: never written to the settings file in clear.
    const QString text = m_search->text().trimmed();
    all.insert(name, QJsonObject{{QStringLiteral("status"), m_status->currentData().toString()},
                                 {QStringLiteral("shop"), m_shop->text().trimmed()},
                                 {QStringLiteral("text"),
                                  text.contains(QLatin1Char('@')) ? QString() : text},
                                 {QStringLiteral("replacements"), m_replacements->isChecked()}});
    storeSavedFilters(all);
    refreshSavedFilters();
    m_saved->setCurrentText(name);
}

bool OrdersPage::applySavedFilter(const QString &name)
{
    const QJsonObject all = savedFilters();
    if (!all.contains(name))
        return false;
    const QJsonObject f = all.value(name).toObject();
    {
        const QSignalBlocker a(m_status), b(m_shop), c(m_search), d(m_replacements);
        m_status->setCurrentIndex(
            std::max(0, m_status->findData(f.value(QStringLiteral("status")).toString())));
        m_shop->setText(f.value(QStringLiteral("shop")).toString());
        m_search->setText(f.value(QStringLiteral("text")).toString());
        m_replacements->setChecked(f.value(QStringLiteral("replacements")).toBool());
    }
    m_saved->setCurrentText(name);
    applyFilter();
    return true;
}

void OrdersPage::deleteSavedFilter(const QString &name)
{
    QJsonObject all = savedFilters();
    all.remove(name);
    storeSavedFilters(all);
    refreshSavedFilters();
}

void OrdersPage::applyFilter()
{
    OrderFilter f;
    f.status = m_status->currentData().toString();
    f.shop = m_shop->text().trimmed();
    f.text = m_search->text().trimmed();
    f.replacementsOnly = m_replacements->isChecked();
    if (m_useDates->isChecked()) {
        f.from = m_from->dateTime();
        f.to = m_to->dateTime();
    }
    m_model->setFilter(f);
}

void OrdersPage::showOrder(qint64 id)
{
    m_selected = id;
    const int generation = ++m_detailGeneration;
    m_order = {};
    m_supplier = m_shipments = m_events = {};
    updateActions();
    if (id <= 0) {
        m_detail->clear();
        return;
    }
    m_detailParts = 0;
    const auto part = [this, generation](QJsonObject *target) {
        return [this, generation, target](const ApiReply &r) {
            if (generation != m_detailGeneration)
                return;
            *target = r.ok() ? r.json : QJsonObject{{QStringLiteral("error"), r.error}};
            if (++m_detailParts == 5) {
                renderDetail();
                updateActions();
                emit detailShown(m_selected);
            }
        };
    };
    m_api.get(QStringLiteral("/api/orders/%1").arg(id), this, part(&m_order));
    m_api.get(QStringLiteral("/api/orders/%1/supplier-orders").arg(id), this, part(&m_supplier));
    m_api.get(QStringLiteral("/api/shipments?order_id=%1").arg(id), this, part(&m_shipments));
    m_api.get(QStringLiteral("/api/events?key=order:%1&limit=200").arg(id), this, part(&m_events));
    m_api.get(QStringLiteral("/api/orders/%1/runs").arg(id), this, part(&m_runs));
}

void OrdersPage::renderDetail()
{
    const QJsonObject &o = m_order;
    if (o.contains(QStringLiteral("error"))) {
        m_detail->setHtml(
            QStringLiteral("<p>%1</p>").arg(esc(o.value(QStringLiteral("error")).toString())));
        return;
    }
    const QString cur = o.value(QStringLiteral("currency")).toString();
    QString h;
    h += QStringLiteral("<h2>%1</h2>").arg(esc(o.value(QStringLiteral("name")).toString()));
    h += QStringLiteral("<p>%1: %2")
             .arg(tr("Status"),
                  look::chipHtml(o.value(QStringLiteral("status")).toString(), palette()));
    if (const QString hold = o.value(QStringLiteral("hold_reason")).toString(); !hold.isEmpty())
        h += QStringLiteral(" (%1)").arg(esc(OrdersModel::reasonLabel(hold)));
    h += QStringLiteral("<br>%1: %2 · %3</p>")
             .arg(tr("Shop"), esc(o.value(QStringLiteral("shop")).toString()),
                  esc(o.value(QStringLiteral("shipping_country")).toString()));
    // Replacements and their original, both ways (from the orders' own events).
    QStringList related;
    for (const QJsonValue &v : m_events.value(QStringLiteral("events")).toArray()) {
        const QJsonObject e = v.toObject();
        const QJsonObject d = e.value(QStringLiteral("data")).toObject();
        const QString topic = e.value(QStringLiteral("topic")).toString();
        if (topic == QLatin1String("order.replaced"))
            related << tr("Replaced by %1")
                           .arg(QStringLiteral("<a href=\"order:%1\">%2</a>")
                                    .arg(d.value(QStringLiteral("replacement_id")).toInteger())
                                    .arg(esc(
                                        d.value(QStringLiteral("replacement_name")).toString())));
        else if (topic == QLatin1String("order.created") &&
                 d.value(QStringLiteral("replaces_order_id")).toInteger() > 0) {
            // A replacement is named after its original: "#1076-R1" replaces "#1076".
            static const QRegularExpression suffix(QStringLiteral("-R\\d+$"));
            const QString own = o.value(QStringLiteral("name")).toString();
            const qint64 original = d.value(QStringLiteral("replaces_order_id")).toInteger();
            const QString label = suffix.match(own).hasMatch() ? QString(own).remove(suffix)
                                                               : tr("order %1").arg(original);
            related << tr("Replacement of %1")
                           .arg(QStringLiteral("<a href=\"order:%1\">%2</a>")
                                    .arg(original)
                                    .arg(esc(label)));
        }
    }
    if (!related.isEmpty())
        h += QStringLiteral("<p>%1</p>").arg(related.join(QStringLiteral(" · ")));

    h += QStringLiteral("<h3>%1</h3><table cellpadding=3><tr><th>%2</th><th>%3</th><th>%4</th>"
                        "<th>%5</th></tr>")
             .arg(tr("Line items"), tr("Product"), tr("SKU"), tr("Quantity"), tr("Unit price"));
    for (const QJsonValue &v : o.value(QStringLiteral("line_items")).toArray()) {
        const QJsonObject li = v.toObject();
        h += QStringLiteral(
                 "<tr><td>%1</td><td>%2</td><td align=right>%3</td><td align=right>%4</td></tr>")
                 .arg(esc(li.value(QStringLiteral("title")).toString()),
                      esc(li.value(QStringLiteral("sku")).toString()))
                 .arg(li.value(QStringLiteral("quantity")).toInteger())
                 .arg(money(li, "unit_price_minor", cur));
    }
    h += QStringLiteral("</table>");

    // Margin: what the customer paid (without tax) minus what the suppliers charge.
    const qint64 revenue = o.value(QStringLiteral("total_minor")).toInteger() -
                           o.value(QStringLiteral("tax_minor")).toInteger();
    qint64 cost = 0;
    bool costKnown = false;
    const QJsonArray sos = m_supplier.value(QStringLiteral("supplier_orders")).toArray();
    for (const QJsonValue &v : sos) {
        const QJsonObject so = v.toObject();
        if (so.value(QStringLiteral("currency")).toString() != cur)
            continue;
        cost += so.value(QStringLiteral("cost_minor")).toInteger() +
                so.value(QStringLiteral("shipping_minor")).toInteger();
        costKnown = true;
    }
    h += QStringLiteral("<p>%1: %2 · %3: %4 · %5: %6")
             .arg(tr("Total"), money(o, "total_minor", cur), tr("Shipping"),
                  money(o, "shipping_minor", cur), tr("Tax"), money(o, "tax_minor", cur));
    if (costKnown)
        h +=
            QStringLiteral("<br>%1: %2 · %3: <b>%4</b> (%5%)")
                .arg(tr("Supplier cost"), formatMoney(cost, cur), tr("Margin"),
                     formatMoney(revenue - cost, cur))
                .arg(revenue > 0
                         ? QString::number(100.0 * double(revenue - cost) / double(revenue), 'f', 1)
                         : QStringLiteral("–"));
    h += QStringLiteral("</p>");

    h += QStringLiteral("<h3>%1</h3>").arg(tr("Supplier orders"));
    if (sos.isEmpty())
        h += QStringLiteral("<p>%1</p>").arg(tr("None yet."));
    for (const QJsonValue &v : sos) {
        const QJsonObject so = v.toObject();
        h += QStringLiteral("<p>%1 → %2: %3 %4</p>")
                 .arg(esc(so.value(QStringLiteral("out_order_id")).toString()),
                      esc(so.value(QStringLiteral("supplier_order_id")).toString()),
                      look::chipHtml(so.value(QStringLiteral("status")).toString(), palette()),
                      esc(so.value(QStringLiteral("error")).toString()));
        // Asked for, no answer seen: it may exist at AliExpress. The buyer account tells.
        const QString st = so.value(QStringLiteral("status")).toString();
        if (so.value(QStringLiteral("supplier_order_id")).toString().isEmpty() &&
            (st == QLatin1String("submitting") || st == QLatin1String("cancel_requested")) &&
            m_permissions.contains(QStringLiteral("orders.sensitive"))) {
            const qint64 soid = so.value(QStringLiteral("id")).toInteger();
            h += QStringLiteral("<p style=\"margin-left:12px\">%1 <a href=\"found:%2\">%3</a> · "
                                "<a href=\"missing:%2\">%4</a></p>")
                     .arg(esc(tr("No answer from AliExpress: check the buyer account.")))
                     .arg(soid)
                     .arg(esc(tr("Found it…")), esc(tr("Not there…")));
        }
        // What the Data Analyzer learnt of the supplier: its score and when this should arrive.
        QStringList learnt;
        if (const QJsonValue score = so.value(QStringLiteral("supplier_score")); score.isDouble())
            learnt << tr("supplier score %1/100").arg(QLocale().toString(score.toDouble(), 'f', 0));
        const QJsonObject estimate = so.value(QStringLiteral("delivery_estimate")).toObject();
        const auto day = [](const QJsonValue &v) {
            const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
            return t.isValid() ? QLocale().toString(t.toLocalTime().date(), QLocale::ShortFormat)
                               : QString();
        };
        if (const QString expected = day(estimate.value(QStringLiteral("expected_at")));
            !expected.isEmpty())
            learnt << tr("expected around %1, at the latest %2 (from %n delivery(ies))", nullptr,
                         estimate.value(QStringLiteral("samples")).toInt())
                          .arg(expected, day(estimate.value(QStringLiteral("latest_at"))));
        if (!learnt.isEmpty())
            h += QStringLiteral("<p style=\"margin-left:12px\">%1</p>")
                     .arg(esc(learnt.join(QStringLiteral(" · "))));
    }
    h += QStringLiteral("<h3>%1</h3>").arg(tr("Shipments"));
    const QJsonArray ships = m_shipments.value(QStringLiteral("shipments")).toArray();
    if (ships.isEmpty())
        h += QStringLiteral("<p>%1</p>").arg(tr("None yet."));
    for (const QJsonValue &v : ships) {
        const QJsonObject s = v.toObject();
        h += QStringLiteral("<p>%1 %2: %3</p>")
                 .arg(esc(s.value(QStringLiteral("carrier")).toString()),
                      esc(s.value(QStringLiteral("tracking_number")).toString()),
                      look::chipHtml(s.value(QStringLiteral("status")).toString(), palette()));
    }
    // The timeline: the order's events and its workflow runs' steps, by time.
    struct Entry
    {
        QDateTime at;
        QString what, detail;
    };
    QList<Entry> timeline;
    for (const QJsonValue &v : m_events.value(QStringLiteral("events")).toArray()) {
        const QJsonObject e = v.toObject();
        const QJsonObject data = e.value(QStringLiteral("data")).toObject();
        // Who or what, and the operator's reason and the replacement, when there are.
        QStringList detail{e.value(QStringLiteral("source")).toString()};
        if (const QString name = data.value(QStringLiteral("replacement_name")).toString();
            !name.isEmpty())
            detail << tr("replacement %1").arg(name);
        if (const QString reason = data.value(QStringLiteral("reason")).toString();
            !reason.isEmpty())
            detail << reason;
        timeline.append({QDateTime::fromString(e.value(QStringLiteral("created_at")).toString(),
                                               Qt::ISODateWithMs),
                         e.value(QStringLiteral("topic")).toString(),
                         detail.join(QStringLiteral(" · "))});
    }
    for (const QJsonValue &rv : m_runs.value(QStringLiteral("runs")).toArray()) {
        const QJsonObject run = rv.toObject();
        const QString workflow = run.value(QStringLiteral("workflow")).toString();
        for (const QJsonValue &sv : run.value(QStringLiteral("steps")).toArray()) {
            const QJsonObject st = sv.toObject();
            const QDateTime started = QDateTime::fromString(
                st.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
            const QDateTime finished = QDateTime::fromString(
                st.value(QStringLiteral("finished_at")).toString(), Qt::ISODateWithMs);
            if (!started.isValid() && !finished.isValid())
                continue; // not reached
            QString detail = workflow;
            if (started.isValid() && finished.isValid())
                detail += QStringLiteral(" · %1 ms").arg(started.msecsTo(finished));
            if (const QString err = st.value(QStringLiteral("error")).toString(); !err.isEmpty())
                detail += QStringLiteral(" · ") + err;
            timeline.append(
                {finished.isValid() ? finished : started,
                 tr("step %1: %2")
                     .arg(st.value(QStringLiteral("name")).toString(),
                          look::stateLabel(st.value(QStringLiteral("state")).toString())),
                 detail});
        }
    }
    std::stable_sort(timeline.begin(), timeline.end(),
                     [](const Entry &a, const Entry &b) { return a.at < b.at; });
    h += QStringLiteral("<h3>%1</h3><table cellpadding=2>").arg(tr("Timeline"));
    for (const Entry &e : std::as_const(timeline))
        h += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td><td>%3</td></tr>")
                 .arg(esc(QLocale().toString(e.at.toLocalTime(), QLocale::ShortFormat)),
                      esc(e.what), esc(e.detail));
    h += QStringLiteral("</table>");
    m_detail->setHtml(h);
}

} // namespace dc::ui
