/** Request bodies of the HTTP API, validated once at the edge. */
import { z } from 'zod';

export const Role = z.enum(['admin', 'supervisor', 'agent']);
export type Role = z.infer<typeof Role>;

export const LoginBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) });

export const CreateUserBody = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(200),
  // The password policy (length, common passwords) is the server's: it answers 422 with the reason.
  password: z.string().min(1).max(1000),
  role: Role,
  queues: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});

/** `PATCH /api/users/:id` (admin): what to change; at least one field. */
export const UpdateUserBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: Role.optional(),
    queues: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one of name, role, queues, disabled' });

/** `POST /api/users/:id/password` (admin sets a user's password). */
export const SetPasswordBody = z.object({ password: z.string().min(1).max(1000) });

/** `POST /api/auth/password` (one's own, given the current one). */
export const ChangePasswordBody = z.object({
  current: z.string().min(1).max(1000),
  password: z.string().min(1).max(1000),
});

export const SimulatorCallBody = z.object({
  agentId: z.string().min(1).max(100).optional(),
  persona: z.string().min(1).max(50).optional(),
  from: z.string().min(1).max(40).optional(),
  channel: z.enum(['voice', 'sms', 'whatsapp']).optional(),
});

export const TextBody = z.object({ text: z.string().trim().min(1).max(2000) });

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  queues: string[];
  /** Listed to admins (`GET /api/users`): a disabled user cannot sign in. */
  disabled?: boolean;
  /** Listed (`GET /api/users`): the team they are in, or null. */
  teamId?: string | null;
}

export const BargeBody = z.object({
  text: z.string().trim().min(1).max(2000),
  /** `interrupt`: stop the AI's speech and drop what is queued; `after_sentence`: wait for the current line. */
  mode: z.enum(['interrupt', 'after_sentence']).default('interrupt'),
  /** Hang up once the words are spoken. */
  endCall: z.boolean().default(false),
});

export type SupervisorActionName =
  | 'whisper'
  | 'barge'
  | 'takeover'
  | 'resume'
  | 'say'
  | 'end'
  | 'listen'
  | 'escalate'
  | 'claim'
  | 'complete'
  | 'transfer';

/** One supervisor action on a session, as recorded for audit (`GET /api/sessions/:id/actions`). */
export interface ActionRecord {
  id: string;
  sessionId: string;
  action: SupervisorActionName;
  userId: string;
  userName: string;
  /** What was whispered, barged or said; absent for other actions. */
  text?: string;
  result: 'ok' | 'rejected';
  /** Why it was rejected (e.g. `wrong_state`). */
  error?: string;
  at: string;
}
