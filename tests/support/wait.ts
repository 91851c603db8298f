/** Waiting in tests: poll until a condition holds, or fail saying what did not happen. */

/** Polls `fn` until it returns a truthy value (which is returned), or fails with `what`. */
export async function waitUntil<T>(
  what: string,
  fn: () => Promise<T> | T,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for: ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
