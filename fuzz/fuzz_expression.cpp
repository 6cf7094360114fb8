// SPDX-License-Identifier: GPL-3.0-or-later
// Any text as an expression and as a template: parsing never crashes, hangs or grows without
// bound, and what parses also evaluates and renders against a context.
#include "core/expression.h"
#include "workflows/template.h"

#include <QJsonArray>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    static const QJsonObject context{
        {QStringLiteral("trigger"),
         QJsonObject{{QStringLiteral("data"),
                      QJsonObject{{QStringLiteral("order_id"), 42},
                                  {QStringLiteral("total"), 19.9},
                                  {QStringLiteral("line_items"),
                                   QJsonArray{QJsonObject{{QStringLiteral("product_id"), 1}},
                                              QJsonObject{{QStringLiteral("product_id"), 2}}}}}}}},
        {QStringLiteral("step"), QJsonObject{{QStringLiteral("output"), QJsonArray{1, 2, 3}}}}};
    if (auto e = dc::Expression::parse(text)) {
        (void)e->evaluate(context);
        (void)e->test(context);
        (void)e->paths();
    }
    if (auto t = dc::workflows::TemplateString::parse(text))
        (void)t->render(context);
    return 0;
}
