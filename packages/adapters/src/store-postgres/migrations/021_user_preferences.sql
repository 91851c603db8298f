-- A person's own preferences (alerts: mute and quiet hours), kept with them so they follow them to every browser.
alter table users add column if not exists preferences jsonb not null default '{}';
