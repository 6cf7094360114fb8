// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace dc {

qint64 Backoff::delayMs(int failures) const
{
    double d = double(firstMs);
    for (int i = 1; i < failures && d < double(maxMs); ++i)
        d *= 2;
    d = std::min(d, double(maxMs));
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    return std::max<qint64>(1, qint64(d * jitter));
}

} // namespace dc
