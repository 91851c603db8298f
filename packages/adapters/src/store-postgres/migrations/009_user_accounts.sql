-- Users can be disabled (they cannot sign in; their logins end) and their passwords changed.
alter table users add column if not exists disabled_at timestamptz;
alter table users add column if not exists password_changed_at timestamptz;

-- Ending all of one user's logins (disabled, password reset) finds them by user.
create index if not exists auth_tokens_user_idx on auth_tokens (user_id);
