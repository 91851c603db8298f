/** Outbound attempts: how a placed call's end reads as a result, and what a callback does next. */
import type { AttemptResult } from '@livespace/protocol';

const CARRIER_RESULTS: ReadonlySet<string> = new Set(['no_answer', 'busy', 'failed', 'voicemail']);

/**
 * The result of one outbound attempt from the session's end: the carrier's reason when the call never
 * reached a person; `answered` once it did; `failed` when it ended before (canceled, server stopped).
 */
export function attemptResult(endReason: string | null, answeredAt: string | null | undefined): AttemptResult {
  if (endReason && CARRIER_RESULTS.has(endReason)) return endReason as AttemptResult;
  return answeredAt ? 'answered' : 'failed';
}

/** Results worth another attempt later (the callee may pick up next time). */
export function isRetryable(result: AttemptResult): boolean {
  return result !== 'answered';
}
