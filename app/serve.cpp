// SPDX-License-Identifier: GPL-3.0-or-later
#include "serve.h"

#include "core/logging.h"
#include "dropcrew/version.h"
#include "runtime/backend.h"
#include "unixsignals.h"

#include <QCoreApplication>

#include <cstdio>

namespace dc::app {

int fail(const QString &message)
{
    std::fprintf(stderr, "dropcrew: %s\n", qPrintable(message));
    return 2;
}

void nameApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("dropcrew"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DROPCREW_VERSION));
}

int serve(const runtime::Config &config, const Attach &attach)
{
    UnixSignals signals_;
    QObject::connect(&signals_, &UnixSignals::terminationRequested, QCoreApplication::instance(),
                     [](int sig) {
                         qCInfo(lcApp) << "signal" << sig << "received, shutting down";
                         QCoreApplication::quit();
                     });

    auto backend = runtime::Backend::start(config);
    if (!backend)
        return fail(backend.error());
    if (const QString pw = (*backend)->generatedAdminPassword(); !pw.isEmpty())
        // Written once to the terminal, never to the log.
        std::fprintf(stderr,
                     "dropcrew: created the user \"admin\" with the password %s (shown once; "
                     "set DROPCREW_ADMIN_PASSWORD before the first start to choose it)\n",
                     qPrintable(pw));
    std::fprintf(stdout, "listening on %s\n", qPrintable((*backend)->listenUrl()));
    std::fflush(stdout);

    std::shared_ptr<void> attached = attach ? attach(**backend) : nullptr;
    const int rc = QCoreApplication::exec();
    attached.reset();
    (*backend)->stop();
    qCInfo(lcApp) << "stopped cleanly";
    return rc;
}

} // namespace dc::app
