// Errors as every process meets them: anything can be thrown in JavaScript, and a log line or an
// error body needs an Error with a message.

/** Turns any thrown value into an Error with a message, whatever it was (a string, null, NaN…). */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  let text: string;
  try {
    text = JSON.stringify(thrown) ?? String(thrown);
  } catch {
    text = String(thrown);
  }
  return new Error(`non-error thrown: ${text}`);
}
