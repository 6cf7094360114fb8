// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a workflow definition file: the loader either returns a definition or errors
// with positions; never a crash, a hang, or unbounded memory (aliases, recursion, nesting).
#include "workflows/definition.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    static const dc::workflows::ActionCatalog everything = [](const QString &, const QString &) {
        return std::optional<QString>();
    };
    auto d = dc::workflows::loadWorkflow(text, QStringLiteral("fuzz.yaml"), everything);
    if (!d)
        for (const auto &e : d.error())
            (void)e.toString();
    return 0;
}
