-- Transfers: an escalation sent on to another queue or person ends 'transferred' (a new escalation follows it).
alter table escalations drop constraint if exists escalations_status_check;
alter table escalations add constraint escalations_status_check
  check (status in ('waiting', 'claimed', 'resolved', 'abandoned', 'returned', 'transferred'));

-- A human agent holds one call at a time: the claim looks for the agent's held escalation.
create index if not exists escalations_held_idx on escalations (claimed_by) where status = 'claimed';
