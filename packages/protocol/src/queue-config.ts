/**
 * Queue administration (`GET /api/queues/config`, `POST /api/queues`, `PATCH /api/queues/:name`): each queue's own
 * service level and its place in the priority order. Members are the users whose `queues` name the queue (one list,
 * kept on the users): setting `members` adds the queue to each of them and takes it from every other user.
 */
import { z } from 'zod';

export interface QueueConfig {
  name: string;
  /** Answered within this many seconds counts toward the queue's service level. */
  slaSeconds: number;
  /** Its place in the order queues are shown in: 1 first; null until configured (after every configured one). */
  priority: number | null;
  /** Ids of the users who work the queue. */
  members: string[];
  /**
   * False for a queue known only because a flow, a user or an escalation names it: it has the default service level
   * (`LIVESPACE_SLA_SECONDS`) and comes after the configured ones until an admin configures it.
   */
  configured: boolean;
}

const QueueName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^/?#]+$/, 'A queue name cannot hold / ? or #');
const SlaSeconds = z.number().int().min(1).max(3600);
const Priority = z.number().int().min(1).max(1000);
const Members = z.array(z.string().trim().min(1).max(100)).max(1000);

/** `POST /api/queues` (admin). */
export const CreateQueueBody = z
  .object({
    name: QueueName,
    slaSeconds: SlaSeconds.optional(),
    priority: Priority.optional(),
    members: Members.optional(),
  })
  .strict();
export type CreateQueueBody = z.infer<typeof CreateQueueBody>;

/** `PATCH /api/queues/:name` (admin): at least one field. */
export const UpdateQueueBody = z
  .object({
    slaSeconds: SlaSeconds.optional(),
    priority: Priority.optional(),
    members: Members.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one of slaSeconds, priority, members' });
export type UpdateQueueBody = z.infer<typeof UpdateQueueBody>;
