/** Polls until `check` is true, or fails after the deadline saying what was awaited. No sleeps as synchronisation. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  options: { deadlineMs: number; what: string | (() => string); everyMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const what = typeof options.what === 'string' ? options.what : options.what();
      throw new Error(`timed out after ${options.deadlineMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 25));
  }
}
