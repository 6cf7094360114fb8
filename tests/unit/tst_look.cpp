// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop's shared look: one tone, shape and word per state on every page, chips and badges
// painted in those colours, light and dark themes, and the page icons for each.
#include "look.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QImage>
#include <QListWidget>
#include <QPainter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTranslator>
#include <QtTest>

using namespace dc::ui;

class TestLook : public QObject
{
    Q_OBJECT
private slots:
    void statesShareOneVocabulary();
    void chipIsPaintedInItsTone();
    void chipHtmlSaysTheStateInWords();
    void badgeIsPaintedWhenThereIsACount();
    void themesSwitchPaletteAndIcons();
    void frenchLabels();
};

namespace {
// How many pixels of an image are close to a colour.
int pixelsNear(const QImage &img, const QColor &c, int tolerance = 40)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            n += std::abs(p.red() - c.red()) + std::abs(p.green() - c.green()) +
                     std::abs(p.blue() - c.blue()) <
                 tolerance;
        }
    return n;
}
} // namespace

void TestLook::statesShareOneVocabulary()
{
    using look::Tone;
    // The same word is the same tone whatever reports it (order, run, task, supplier order).
    QCOMPARE(look::toneOf(QStringLiteral("failed")), Tone::Failure);
    QCOMPARE(look::toneOf(QStringLiteral("dead")), Tone::Failure);
    QCOMPARE(look::toneOf(QStringLiteral("on_hold")), Tone::Attention);
    QCOMPARE(look::toneOf(QStringLiteral("payment_failed")), Tone::Attention);
    QCOMPARE(look::toneOf(QStringLiteral("succeeded")), Tone::Success);
    QCOMPARE(look::toneOf(QStringLiteral("delivered")), Tone::Success);
    QCOMPARE(look::toneOf(QStringLiteral("running")), Tone::Active);
    QCOMPARE(look::toneOf(QStringLiteral("queued")), Tone::Waiting);
    QCOMPARE(look::toneOf(QStringLiteral("cancelled")), Tone::Closed);
    QCOMPARE(look::stateLabel(QStringLiteral("on_hold")), QStringLiteral("On hold"));
    QCOMPARE(look::stateLabel(QStringLiteral("supplier_ordered")),
             QStringLiteral("Ordered from supplier"));
    // Unknown: shown as it is, never empty.
    QCOMPARE(look::stateLabel(QStringLiteral("brand_new")), QStringLiteral("brand_new"));
    // Every tone has its own colour, in both themes.
    for (bool dark : {false, true}) {
        QSet<QRgb> colours;
        for (Tone t : {Tone::Waiting, Tone::Active, Tone::Success, Tone::Attention, Tone::Failure,
                       Tone::Closed})
            colours.insert(look::toneColour(t, dark).rgb());
        QCOMPARE(colours.size(), 6);
    }
}

void TestLook::chipIsPaintedInItsTone()
{
    QStandardItemModel model(2, 1);
    model.setData(model.index(0, 0), QStringLiteral("Failed"));
    model.setData(model.index(0, 0), QStringLiteral("failed"), Qt::UserRole);
    model.setData(model.index(1, 0), QStringLiteral("Delivered"));
    model.setData(model.index(1, 0), QStringLiteral("delivered"), Qt::UserRole);
    QAbstractItemModelTester tester(&model);
    QTableView view;
    view.setModel(&model);
    view.setItemDelegateForColumn(0, new look::StatusDelegate(Qt::UserRole, &view));
    view.resizeColumnsToContents();
    view.resize(300, 120);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // Wide enough for the chip: the label is never cut.
    const QSize hint =
        view.itemDelegateForColumn(0)->sizeHint(QStyleOptionViewItem(), model.index(0, 0));
    QVERIFY(hint.width() > view.fontMetrics().horizontalAdvance(QStringLiteral("Delivered")));
    const QImage shot = view.grab().toImage();
    const bool dark = look::isDark(view.palette());
    const QColor red = look::toneColour(look::Tone::Failure, dark);
    const QColor green = look::toneColour(look::Tone::Success, dark);
    const QRect r0 = view.visualRect(model.index(0, 0)).translated(view.viewport()->pos());
    const QRect r1 = view.visualRect(model.index(1, 0)).translated(view.viewport()->pos());
    QVERIFY(pixelsNear(shot.copy(r0), red) > 10);
    QCOMPARE(pixelsNear(shot.copy(r0), green), 0);
    QVERIFY(pixelsNear(shot.copy(r1), green) > 10);
    QCOMPARE(pixelsNear(shot.copy(r1), red), 0);
}

void TestLook::chipHtmlSaysTheStateInWords()
{
    const QString html = look::chipHtml(QStringLiteral("payment_failed"), QApplication::palette());
    QVERIFY(html.contains(QLatin1String("Payment failed")));
    QVERIFY(html.contains(look::toneColour(look::Tone::Attention, false).name()));
    QVERIFY(html.contains(QChar(0x25B2))); // the triangle: not by colour alone
    QVERIFY(look::chipHtml(QStringLiteral("<b>"), QApplication::palette())
                .contains(QLatin1String("&lt;b&gt;")));
}

void TestLook::badgeIsPaintedWhenThereIsACount()
{
    QListWidget list;
    list.setItemDelegate(new look::SidebarDelegate(&list));
    auto *a = new QListWidgetItem(QStringLiteral("Orders"), &list);
    auto *b = new QListWidgetItem(QStringLiteral("Runs"), &list);
    a->setData(look::SidebarDelegate::BadgeRole, 3);
    a->setData(look::SidebarDelegate::BadgeToneRole, QStringLiteral("failed"));
    b->setData(look::SidebarDelegate::BadgeRole, 0);
    b->setData(look::SidebarDelegate::BadgeToneRole, QStringLiteral("failed"));
    list.resize(240, 120);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    const QImage shot = list.viewport()->grab().toImage();
    const QColor red = look::toneColour(look::Tone::Failure, false);
    QVERIFY(pixelsNear(shot.copy(list.visualItemRect(a)), red) > 20);
    QCOMPARE(pixelsNear(shot.copy(list.visualItemRect(b)), red), 0);
}

void TestLook::themesSwitchPaletteAndIcons()
{
    look::applyTheme(look::Theme::Dark);
    QVERIFY(look::isDark(QApplication::palette()));
    const QImage darkIcon = look::pageIcon(QStringLiteral("orders")).pixmap(22, 22).toImage();
    look::applyTheme(look::Theme::Light);
    QVERIFY(!look::isDark(QApplication::palette()));
    const QIcon light = look::pageIcon(QStringLiteral("orders"));
    QCOMPARE(light.availableSizes().size(), 2); // 1x and 2x (high-DPI)
    const QImage lightIcon = light.pixmap(22, 22).toImage();
    QVERIFY(!darkIcon.isNull() && !lightIcon.isNull());
    QVERIFY(darkIcon != lightIcon); // light glyphs on dark, dark glyphs on light
    // Every page has its icon in both sets.
    for (const char *name :
         {"dashboard", "orders", "workflows", "runs", "events", "tasks", "products", "mapping",
          "suppliers", "settings", "alerts", "admin", "profitability"})
        for (const char *set : {"light", "dark"})
            QVERIFY2(QFile::exists(QStringLiteral(":/icons/%1/%2@2x.png")
                                       .arg(QLatin1String(set), QLatin1String(name))),
                     name);
    look::applyTheme(look::Theme::System);
}

void TestLook::frenchLabels()
{
    QTranslator fr;
    QVERIFY(fr.load(QStringLiteral(":/i18n/dropcrew_fr.qm")));
    QCoreApplication::installTranslator(&fr);
    QCOMPARE(look::stateLabel(QStringLiteral("on_hold")), QStringLiteral("Suspendue"));
    QCOMPARE(look::stateLabel(QStringLiteral("failed")), QStringLiteral("Échouée"));
    QCoreApplication::removeTranslator(&fr);
}

QTEST_MAIN(TestLook)
#include "tst_look.moc"
