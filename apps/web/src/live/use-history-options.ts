/**
 * The choices of History's filters that come from elsewhere: campaigns and queues from their live topics, and the
 * people a session may have been handled by (admins: every user from `GET /api/users`; supervisors: the human agents
 * from the presence topic, and themselves). Human agents get none: the server shows them only what they handled.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { api } from '../api';
import { userMay } from '../permissions';
import { useCampaigns } from './use-campaigns';
import { usePresence } from './use-presence';
import { useQueues } from './use-queues';

export interface Option {
  value: string;
  label: string;
}

const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label);

export function useHistoryOptions(me: PublicUser | null): {
  campaigns: Option[];
  queues: Option[];
  handlers: Option[];
} {
  const campaigns = useCampaigns();
  const queues = useQueues();
  const presence = usePresence();
  const [users, setUsers] = useState<PublicUser[]>([]);
  const allHandlers = userMay(me, 'history.allHandlers');

  useEffect(() => {
    if (!allHandlers) return;
    let active = true;
    api<{ items: PublicUser[] }>('/api/users')
      .then((r) => {
        if (active) setUsers(r.items);
      })
      .catch(() => undefined); // the presence topic's agents are still listed
    return () => {
      active = false;
    };
  }, [allHandlers]);

  return useMemo(() => {
    const handlers = new Map<string, string>();
    if (me && userMay(me, 'sessions.read')) {
      for (const p of presence.items) handlers.set(p.userId, p.name);
      for (const u of users) handlers.set(u.id, u.name);
      handlers.set(me.id, `${me.name} (you)`);
    }
    return {
      campaigns: campaigns.items.map((c) => ({ value: c.id, label: c.name })).sort(byLabel),
      queues: queues.items.map((q) => ({ value: q.name, label: q.name })).sort(byLabel),
      handlers: [...handlers].map(([value, label]) => ({ value, label })).sort(byLabel),
    };
  }, [campaigns.items, queues.items, presence.items, users, me]);
}
