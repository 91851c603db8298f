-- The customer's name as their channel gives it (a WhatsApp profile name), shown beside their number in the queue.
alter table escalations add column if not exists caller_name text;
