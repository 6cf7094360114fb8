-- SPDX-License-Identifier: GPL-3.0-or-later
-- Sessions. An access token names its session (sid) and its user's token version (ver); both are
-- read with the user on every request, so logout (the session), a new password, a role change or
-- disabling the user (every session: the version moves on) end access tokens at once on every
-- instance. Refresh tokens belong to a session; rotated_at marks one replaced by a refresh, so a
-- second use moments later (two calls of one client refreshing together) is not taken for theft.
-- login_backoff: failed logins per account (a keyed hash of the user name), shared by the
-- instances: the failures in a row and until when the account must wait.
ALTER TABLE users ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
CREATE TABLE sessions (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions(user_id);
-- NULL for tokens issued before sessions existed: their first refresh opens one.
ALTER TABLE refresh_tokens ADD COLUMN session_id BIGINT REFERENCES sessions(id) ON DELETE CASCADE;
ALTER TABLE refresh_tokens ADD COLUMN rotated_at BIGINT;
CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);
CREATE TABLE login_backoff (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL
);
