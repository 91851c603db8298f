/** Our phone numbers: which AI agent answers each, on which carrier and channels (`/api/numbers`). */
import { z } from 'zod';

const NUMBER_CARRIERS = ['twilio', 'simulator'] as const;
const NUMBER_CHANNELS = ['voice', 'sms', 'whatsapp'] as const;
export type NumberCarrier = (typeof NUMBER_CARRIERS)[number];
export type NumberChannel = (typeof NUMBER_CHANNELS)[number];

/**
 * `POST /api/numbers`: maps a number (checked and stored in E.164) to an agent; posting a mapped number replaces its
 * mapping.
 */
export const PhoneNumberBody = z.object({
  number: z.string().trim().min(3).max(40),
  agentId: z.string().trim().min(1).max(100),
  carrier: z.enum(NUMBER_CARRIERS).default('twilio'),
  channels: z
    .array(z.enum(NUMBER_CHANNELS))
    .min(1)
    .max(3)
    .default(['voice'])
    .transform((c) => [...new Set(c)]),
});
export type PhoneNumberBody = z.infer<typeof PhoneNumberBody>;

export interface PhoneNumber {
  number: string;
  agentId: string;
  carrier: NumberCarrier;
  channels: NumberChannel[];
  createdAt: string;
  updatedAt: string;
}
