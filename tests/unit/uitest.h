// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the widget tests share: the desktop's own local administrator session on an embedded
// backend.
#include "apiclient.h"
#include "runtime/backend.h"
#include "security/auth.h"

namespace dc::test {

inline bool signIn(ui::ApiClient &api, runtime::Backend &backend)
{
    auto t = backend.auth().localAdminSession();
    if (!t)
        return false;
    api.setSession({t->accessToken, t->refreshToken});
    return true;
}

} // namespace dc::test
