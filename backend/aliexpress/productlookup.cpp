// SPDX-License-Identifier: GPL-3.0-or-later
#include "aliexpress/productlookup.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace dc::aliexpress {

QString productIdFrom(const QString &urlOrId)
{
    const QString text = urlOrId.trimmed();
    static const QRegularExpression bare(QStringLiteral("^\\d{6,20}$"));
    if (bare.match(text).hasMatch())
        return text;
    QUrl url(text.contains(QLatin1String("://")) ? text : QStringLiteral("https://") + text);
    const QString host = url.host().toLower();
    // aliexpress.com, .us, .fr, .ru...; www., m., fr. in front.
    static const QRegularExpression aeHost(QStringLiteral("(^|\\.)aliexpress\\.[a-z.]{2,6}$"));
    if (!url.isValid() || !aeHost.match(host).hasMatch())
        return {};
    static const QRegularExpression item(QStringLiteral("/item/(?:[^/]*/)?(\\d{6,20})\\.html$"));
    const QRegularExpressionMatch m = item.match(url.path());
    if (m.hasMatch())
        return m.captured(1);
    // The mobile site's older form: /item/<id> or ?productId=<id>.
    static const QRegularExpression plain(QStringLiteral("/item/(\\d{6,20})/?$"));
    if (const QRegularExpressionMatch p = plain.match(url.path()); p.hasMatch())
        return p.captured(1);
    const QString q = QUrlQuery(url).queryItemValue(QStringLiteral("productId"));
    return bare.match(q).hasMatch() ? q : QString();
}

std::pair<QString, QString> codeAndStateFrom(const QString &pasted)
{
    const QString text = pasted.trimmed();
    if (!text.contains(QLatin1String("code=")))
        return {text, {}};
    const QString query =
        text.contains(QLatin1Char('?')) ? text.section(QLatin1Char('?'), 1) : text;
    const QUrlQuery q(query.section(QLatin1Char('#'), 0, 0));
    return {q.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded),
            q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded)};
}

QStringList optionValues(const QString &variantTitle)
{
    QStringList out;
    for (const QString &v : variantTitle.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        if (const QString t = v.trimmed();
            !t.isEmpty() && t.compare(QLatin1String("Default Title"), Qt::CaseInsensitive) != 0)
            out << t;
    return out;
}

int suggestSku(const QList<SkuInfo> &skus, const QStringList &values)
{
    if (skus.size() == 1)
        return 0;
    int best = -1, bestScore = 0;
    for (int i = 0; i < skus.size(); ++i) {
        int score = 0;
        for (const QString &want : values) {
            int found = 0;
            for (const auto &[name, value] : skus[i].properties) {
                if (value.compare(want, Qt::CaseInsensitive) == 0)
                    found = std::max(found, 3);
                else if (value.contains(want, Qt::CaseInsensitive) ||
                         want.contains(value, Qt::CaseInsensitive))
                    found = std::max(found, value.isEmpty() ? 0 : 1);
                else if (name.compare(want, Qt::CaseInsensitive) == 0)
                    found = std::max(found, 1);
            }
            score += found;
        }
        if (score > bestScore) {
            best = i;
            bestScore = score;
        }
    }
    return best;
}

std::expected<ProductLookup, AeError>
lookUpProduct(AliExpressClient &client, const QString &productId, const QStringList &countries,
              const QString &currency, const QStringList &variantOptions, const QString &skuId)
{
    auto p = client.product(productId, countries.value(0), currency);
    if (!p)
        return std::unexpected(p.error());
    ProductLookup out;
    out.product = *p;
    out.suggested = suggestSku(p->skus, variantOptions);
    out.shippingSkuId = skuId;
    if (out.shippingSkuId.isEmpty() && out.suggested >= 0)
        out.shippingSkuId = p->skus[out.suggested].skuId;
    for (const SkuInfo &s : p->skus)
        if (out.shippingSkuId.isEmpty() && s.stock > 0)
            out.shippingSkuId = s.skuId;
    if (out.shippingSkuId.isEmpty() && !p->skus.isEmpty())
        out.shippingSkuId = p->skus.first().skuId;
    for (const QString &country : countries) {
        CountryShipping c{country, {}, {}};
        auto f = client.freight(productId, out.shippingSkuId, 1, country, currency);
        if (!f && f.error().kind != AeError::Kind::Business)
            return std::unexpected(f.error());
        if (f) {
            c.options = *f;
            std::stable_sort(c.options.begin(), c.options.end(),
                             [](const FreightOption &a, const FreightOption &b) {
                                 return a.fee.minor < b.fee.minor;
                             });
        } else {
            c.error = f.error().code + QStringLiteral(": ") + f.error().message;
        }
        out.shipping << c;
    }
    return out;
}

} // namespace dc::aliexpress
