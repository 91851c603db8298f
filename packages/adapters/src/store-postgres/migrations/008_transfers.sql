-- Transfers: an escalation sent on to another queue or person ends 'transferred' (a new escalation follows it).
alter table escalations drop constraint if exists escalations_status_check;
alter table escalations add constraint escalations_status_check
  check (status in ('waiting', 'claimed', 'resolved', 'abandoned', 'returned', 'transferred'));
