// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/topic.h"

#include <QRegularExpression>
#include <QVarLengthArray>

namespace dc::events {

namespace {
constexpr int kMaxSegments = 8;
constexpr int kMaxLength = 128;

bool isSegment(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9_]{1,48}$"));
    return re.match(s).hasMatch();
}

// A topic's segments, without allocating for the usual few (matched once per subscriber and
// event on the bus's hot path).
using Segments = QVarLengthArray<QStringView, 16>;
Segments segmentsOf(QStringView topic)
{
    Segments out;
    qsizetype from = 0;
    for (qsizetype dot = topic.indexOf(u'.'); dot >= 0; dot = topic.indexOf(u'.', from)) {
        out.append(topic.sliced(from, dot - from));
        from = dot + 1;
    }
    out.append(topic.sliced(from));
    return out;
}

bool matchFrom(const QStringList &pat, qsizetype pi, const Segments &topic, qsizetype ti)
{
    while (pi < pat.size()) {
        if (pat[pi] == QLatin1String("#")) {
            if (pi + 1 == pat.size())
                return true;
            for (qsizetype k = ti; k <= topic.size(); ++k)
                if (matchFrom(pat, pi + 1, topic, k))
                    return true;
            return false;
        }
        if (ti >= topic.size())
            return false;
        if (pat[pi] != QLatin1String("*") && pat[pi] != topic[ti])
            return false;
        ++pi;
        ++ti;
    }
    return ti == topic.size();
}
} // namespace

bool isExternalTopic(const QString &topic)
{
    return topic.startsWith(kExternalTopicPrefix) && isValidTopic(topic);
}

bool isValidTopic(const QString &topic)
{
    if (topic.isEmpty() || topic.size() > kMaxLength)
        return false;
    const QStringList parts = topic.split(QLatin1Char('.'));
    if (parts.size() > kMaxSegments)
        return false;
    for (const QString &p : parts)
        if (!isSegment(p))
            return false;
    return true;
}

std::expected<TopicPattern, QString> TopicPattern::parse(const QString &pattern)
{
    const QString p = pattern.trimmed();
    if (p.isEmpty() || p.size() > kMaxLength)
        return std::unexpected(
            QStringLiteral("a topic pattern has 1 to %1 characters").arg(kMaxLength));
    TopicPattern out;
    out.m_text = p;
    out.m_segments = p.split(QLatin1Char('.'));
    if (out.m_segments.size() > kMaxSegments)
        return std::unexpected(
            QStringLiteral("\"%1\" has more than %2 segments").arg(p).arg(kMaxSegments));
    out.m_literal = !p.contains(QLatin1Char('*')) && !p.contains(QLatin1Char('#'));
    int hashes = 0;
    for (const QString &s : out.m_segments) {
        if (s == QLatin1String("#")) {
            if (++hashes > 2)
                return std::unexpected(QStringLiteral("\"%1\" has too many \"#\"").arg(p));
            continue;
        }
        if (s == QLatin1String("*"))
            continue;
        if (!isSegment(s))
            return std::unexpected(QStringLiteral("\"%1\" is not a topic pattern: segments are "
                                                  "lower-case letters, digits, _ or * or #")
                                       .arg(p));
    }
    return out;
}

bool TopicPattern::matches(const QString &topic) const
{
    if (m_literal)
        return topic == m_text;
    return matchFrom(m_segments, 0, segmentsOf(topic), 0);
}

std::expected<TopicPatternSet, QString> TopicPatternSet::parse(const QString &commaSeparated)
{
    return parse(commaSeparated.split(QLatin1Char(','), Qt::SkipEmptyParts));
}

std::expected<TopicPatternSet, QString> TopicPatternSet::parse(const QStringList &patterns)
{
    if (patterns.isEmpty())
        return std::unexpected(QStringLiteral("at least one topic pattern is needed"));
    if (patterns.size() > 32)
        return std::unexpected(QStringLiteral("at most 32 topic patterns"));
    TopicPatternSet out;
    for (const QString &p : patterns) {
        auto tp = TopicPattern::parse(p);
        if (!tp)
            return std::unexpected(tp.error());
        out.m_patterns << *tp;
    }
    return out;
}

bool TopicPatternSet::matches(const QString &topic) const
{
    for (const TopicPattern &p : m_patterns)
        if (p.matches(topic))
            return true;
    return false;
}

QStringList TopicPatternSet::texts() const
{
    QStringList out;
    for (const TopicPattern &p : m_patterns)
        out << p.text();
    return out;
}

} // namespace dc::events
