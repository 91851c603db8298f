/** Queue administration over HTTP (`/api/queues/config`, `POST /api/queues`, `PATCH /api/queues/:name`). */
import type { QueueConfig } from '@livespace/protocol/queue-config';
import { api } from '../api';

export interface QueueChange {
  slaSeconds?: number;
  priority?: number;
  members?: string[];
}

export const queueConfigApi = {
  list: async (): Promise<QueueConfig[]> => (await api<{ items: QueueConfig[] }>('/api/queues/config')).items,
  create: async (name: string, change: QueueChange): Promise<QueueConfig> =>
    (await api<{ queue: QueueConfig }>('/api/queues', { method: 'POST', body: JSON.stringify({ name, ...change }) }))
      .queue,
  update: async (name: string, change: QueueChange): Promise<QueueConfig> =>
    (
      await api<{ queue: QueueConfig }>(`/api/queues/${encodeURIComponent(name)}`, {
        method: 'PATCH',
        body: JSON.stringify(change),
      })
    ).queue,
};
