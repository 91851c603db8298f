/** Supervisor actions on a live session: whisper, barge, take over, say, resume, end; and their audit list. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BargeBody, EscalateBody, TextBody } from '@livespace/protocol';
import { z } from 'zod';
import { mayReadSession, type ActionInput, type Store, type SupervisorActions } from '@livespace/app';
import { forbidden, HttpError, notFound, parseBody, refusalError } from '../http/errors';
import { requireUser } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';

type Req = FastifyRequest<{ Params: { id: string } }>;

/** The actions posted to `/api/sessions/:id/<action>` (claim and complete go through `/api/escalations/:id/…`). */
const INPUTS: Record<
  Exclude<ActionInput['action'], 'listen' | 'claim' | 'complete' | 'transfer'>,
  (req: Req, reply: FastifyReply) => ActionInput
> = {
  whisper: (req) => ({ action: 'whisper', text: parseBody(TextBody, req.body).text }),
  // Barge latency is measured from the request's arrival to the first frame of its audio.
  barge: (req, reply) => ({
    action: 'barge',
    ...parseBody(BargeBody, req.body),
    receivedAt: performance.now() - reply.elapsedTime,
  }),
  takeover: () => ({ action: 'takeover' }),
  resume: () => ({ action: 'resume' }),
  say: (req) => ({ action: 'say', text: parseBody(TextBody, req.body).text }),
  end: () => ({ action: 'end' }),
  escalate: (req) => ({ action: 'escalate', ...parseBody(EscalateBody, req.body) }),
};

export function sessionActionRoutes(
  app: FastifyInstance,
  auth: AuthService,
  actions: SupervisorActions,
  store: Pick<Store, 'agentMayRead'>,
): void {
  // Agents may act on sessions they hold; the use case checks which.
  const user = requireUser(auth);
  for (const [name, input] of Object.entries(INPUTS)) {
    app.post<{ Params: { id: string } }>(`/api/sessions/:id/${name}`, { onRequest: user }, async (req, reply) => {
      const u = req.user!;
      const r = await actions.perform(req.params.id, { id: u.id, name: u.name, role: u.role }, input(req, reply));
      if (!r.ok) throw refusalError(r);
      req.log.info({ sessionId: req.params.id, action: name, userId: u.id }, 'supervisor action');
      return { ok: true, action: r.record };
    });
  }

  // Join room: the browser's WebRTC offer in, our answer out; the audio flows until either side leaves.
  const ListenBody = z.object({ sdp: z.string().min(10).max(20_000) });
  app.post<{ Params: { id: string } }>('/api/sessions/:id/listen', { onRequest: user }, async (req) => {
    const { sdp } = parseBody(ListenBody, req.body);
    const u = req.user!;
    let r;
    try {
      // The login listening: its sign-out hangs the listener up.
      const login = req.login!;
      r = await actions.listen(
        req.params.id,
        { id: u.id, name: u.name, role: u.role, login: login.tokenHash, loginExpiresAt: login.expiresAt.getTime() },
        sdp,
      );
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'bad_sdp') throw new HttpError(422, 'bad_sdp', (err as Error).message, 'sdp');
      throw err;
    }
    if (!r.ok) throw refusalError(r);
    req.log.info({ sessionId: req.params.id, userId: u.id }, 'listener joined');
    return { sdp: r.answerSdp, listenerId: r.listenerId, action: r.record };
  });

  app.delete<{ Params: { id: string; listenerId: string } }>(
    '/api/sessions/:id/listen/:listenerId',
    { onRequest: user },
    async (req) => {
      const u = req.user!;
      if (!(await actions.leave(req.params.id, req.params.listenerId, { id: u.id, name: u.name, role: u.role })))
        throw notFound('Listener');
      return { ok: true };
    },
  );

  // The records hold whispers and barges: read as the session itself is (a human agent: live ones and those it
  // handled).
  app.get<{ Params: { id: string } }>('/api/sessions/:id/actions', { onRequest: user }, async (req) => {
    if (!(await mayReadSession(store, req.user!, req.params.id)))
      throw forbidden('Human agents read the actions of live sessions and, once ended, only of those they handled');
    const items = await actions.list(req.params.id);
    if (items.length === 0 && !(await actions.sessionExists(req.params.id))) throw notFound('Session');
    return { items };
  });
}
