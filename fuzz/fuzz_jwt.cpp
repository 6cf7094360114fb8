// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a bearer token, and any bytes as a header and claims signed with a real key (so
// the claim checks after the signature are reached too): verification never crashes, and
// accepts only a token signed by a live key with the pinned algorithm and valid times.
#include "security/jwt.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>

using namespace dc::security;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16 * 1024)
        return 0;
    static const JwtKeyRing ring = JwtKeyRing::generate();
    static const JwtPolicy policy;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)ring.verify(bytes, policy, now);
    // "header|claims": signed properly with the ring's key.
    const qsizetype bar = bytes.indexOf('|');
    if (bar < 0)
        return 0;
    // "@kid" in the header stands for the ring's key id (random, so not guessable).
    QByteArray header = bytes.left(bar);
    header.replace("@kid", ring.currentKid().toUtf8());
    const QByteArray input = base64Url(header) + '.' + base64Url(bytes.mid(bar + 1));
    const JwtKey &key = ring.keys().first();
    const QByteArray token = input + '.' + base64Url(hmacSha256(key.secret, input));
    if (auto claims = ring.verify(token, policy, now)) {
        // Accepted: it must carry an expiry in the future and the pinned algorithm, read as
        // the verifier reads it (JSON escapes decoded: "H\\S256" is HS256).
        const QString alg =
            QJsonDocument::fromJson(header).object().value(QLatin1String("alg")).toString();
        if (alg != QLatin1String("HS256") || claims->value(QStringLiteral("exp")).toDouble() <= 0)
            std::abort();
    }
    return 0;
}
