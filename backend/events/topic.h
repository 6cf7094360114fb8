// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Topics are dotted names ("order.created"); patterns add "*" (exactly one segment) and
// "#" (any number of segments, including none): "order.*", "order.#", "#".
#include <QString>
#include <QStringList>
#include <expected>

namespace dc::events {

bool isValidTopic(const QString &topic);

// Every topic outside "ext." is the backend's own: orders, shipments, the catalog, secrets,
// tasks, workflows, Shopify and system topics drive money and state, and only the backend
// publishes them (from the commit that made the change). API callers publish under "ext." only.
inline constexpr QLatin1StringView kExternalTopicPrefix{"ext."};
bool isExternalTopic(const QString &topic);

class TopicPattern
{
public:
    static std::expected<TopicPattern, QString> parse(const QString &pattern);
    bool matches(const QString &topic) const;
    const QString &text() const { return m_text; }

private:
    QString m_text;
    QStringList m_segments;
    bool m_literal = false; // no wildcard: matched by comparing the text
};

// A set of patterns joined by ",": matches if any matches.
class TopicPatternSet
{
public:
    static std::expected<TopicPatternSet, QString> parse(const QString &commaSeparated);
    static std::expected<TopicPatternSet, QString> parse(const QStringList &patterns);
    bool matches(const QString &topic) const;
    QStringList texts() const;

private:
    QList<TopicPattern> m_patterns;
};

} // namespace dc::events
