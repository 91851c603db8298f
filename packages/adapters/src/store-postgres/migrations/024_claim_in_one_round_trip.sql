-- A human agent's claim in one round trip: on PostgreSQL it was five (begin, lock, check, claim, commit), and with
-- 100 agents racing for each escalation those round trips were most of the server's own work (bench:escalations).
-- The agent's user row is locked first, so of two claims by one agent at once (on any processes) the second waits
-- for the first; each statement of a volatile function reads a fresh snapshot, so it then sees the first's claim.
-- Answers {"busy": true} (they hold another call), the claimed row as JSON, or null (the escalation is not waiting).
create or replace function claim_escalation_alone(p_id text, p_user text, p_name text, p_at timestamptz)
returns jsonb language plpgsql volatile as $$
declare
  claimed escalations;
begin
  perform 1 from users where id = p_user for update;
  -- Holding this very escalation (another of their claims won) is not busy: the claim below finds it taken.
  if exists (select 1 from escalations h where h.claimed_by = p_user and h.status = 'claimed' and h.id <> p_id) then
    return '{"busy": true}'::jsonb;
  end if;
  update escalations set status = 'claimed', claimed_by = p_user, claimed_by_name = p_name, claimed_at = p_at
    where id = p_id and status = 'waiting'
    returning * into claimed;
  if not found then
    return null;
  end if;
  return to_jsonb(claimed);
end
$$;
