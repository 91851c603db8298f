/** Every failure becomes `{error: {code, message, field?}}` with the right status, in this one place. */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodType } from 'zod';
import type { Refusal, RefusalKind } from '@livespace/app';
import { wantsWebApp } from './web-static';

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You may not do this') => new HttpError(403, 'forbidden', message);
export const unauthorized = (message = 'Log in first') => new HttpError(401, 'unauthorized', message);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);

/** The HTTP status of each kind of use-case refusal: the one place the app layer's refusals meet HTTP. */
const REFUSAL_STATUS: Record<RefusalKind, number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid: 422,
  unavailable: 503,
};

/** A use case's refusal as the HTTP error answering it: its kind's status, its code, message and field. */
export function refusalError(r: Refusal): HttpError {
  return new HttpError(REFUSAL_STATUS[r.kind], r.code, r.message, r.field);
}

/** Validates a request body with a shared zod schema; invalid input is a 422 naming the first bad field. */
export function parseBody<T>(schema: ZodType<T>, body: unknown): T {
  if (body === undefined || body === null) throw new HttpError(400, 'body_required', 'A JSON body is required');
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = firstIssue(r.error.issues[0]!);
  const field = issue.path.join('.') || undefined;
  throw new HttpError(422, 'invalid_input', field ? `${field}: ${issue.message}` : issue.message, field);
}

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  errors?: Issue[][];
}

/** For a body matching no branch of a union, the issue of the branch it got furthest into (flow agent or LLM agent). */
function firstIssue(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  const deepest = issue.errors
    .map((branch) => branch[0])
    .filter((i): i is Issue => !!i)
    .reduce<Issue | undefined>((best, i) => (!best || i.path.length > best.path.length ? i : best), undefined);
  if (!deepest) return issue;
  const inner = firstIssue(deepest);
  return { ...inner, path: [...issue.path, ...inner.path] };
}

/** A store error as it may be logged: its code and the first line of its message, never its statement's parameters. */
export function storeErrorForLog(err: unknown): { code?: string; message: string } {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0]!.slice(0, 200) : String(err).slice(0, 200);
  return { ...(typeof e?.code === 'string' ? { code: e.code } : {}), message };
}

/** `webApp`: when set, page loads that match no route get the web app's index.html (client-side routes). */
export function installErrorHandler(app: FastifyInstance, webApp = false): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.status(500).send({ error: { code: 'internal', message: 'Internal error' } });
    }
    const code =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'body_too_large'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported_media_type'
          : err.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError
            ? 'malformed_body'
            : 'bad_request';
    return reply.status(status).send({ error: { code, message: err.message } });
  });
  app.setNotFoundHandler((req, reply) => {
    if (webApp && wantsWebApp(req.method, req.url)) return reply.sendFile('index.html');
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}
