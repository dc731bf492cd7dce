// How local-insights decides that two exceptions are "the same problem". Two keys, for two readers:
//
// - fingerprint: Rollbar's default grouping. The exception class plus the file name and function
//   name of *every* stack frame, normalised and without line or column numbers, hashed with SHA-1.
//   Without line numbers a problem survives an edit elsewhere in the file (a new build); with all
//   frames, one class thrown from two call paths is two problems. An application that knows better
//   sets `fingerprint` in the exception's customDimensions, and that wins (Rollbar's custom
//   fingerprint). Problems, their states and notifications are keyed by it. (Rollbar's "Default
//   Grouping Algorithm", docs.rollbar.com/docs/grouping-algorithm: filenames and method names of
//   all frames, the exception class name, SHA-1; line numbers are left out on purpose.)
// - problemId: what Application Insights writes in the `exceptions` table and groups its Failures
//   view by: the exception type and the function at the top of its stack ("PaymentFailed at
//   logFailedAttempt"), or what the SDK sent in ExceptionData.problemId. Queries such as
//   `exceptions | summarize count() by problemId` read it.
//
// Pure: no I/O.
import { createHash } from 'node:crypto';

export interface StackFrame {
  /** The function, as the stack prints it (`logFailedAttempt`, `Layer.handle [as handle_request]`); '' when anonymous. */
  method: string;
  /** The file as printed, without line and column; '' when the frame names none (`<anonymous>`, `native`). */
  file: string;
  line: number | null;
  column: number | null;
}

// One V8 frame: "    at method (file:line:col)", "    at file:line:col", "    at async method (file:line:col)".
// The same shape the Application Insights Node SDK parses (Library/Exporters/Shared/ExceptionUtils.ts
// in microsoft/ApplicationInsights-node.js: method, then " (" or " ", then file:line:col).
const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;
const FRAME_WITHOUT_POSITION = /^\s*at (?:(.*?) \()?([^()]*)\)?$/;

/** The frames of a V8 stack text, top first. Lines that are not frames (the message, `...`) are skipped. */
export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    if (!/^\s*at /.test(line)) continue;
    const positioned = FRAME.exec(line);
    if (positioned) {
      frames.push({ method: (positioned[1] ?? '').trim(), file: positioned[2] ?? '', line: Number(positioned[3]), column: Number(positioned[4]) });
      continue;
    }
    // "at new Promise (<anonymous>)", "at Array.map (native)": a function, no file.
    const bare = FRAME_WITHOUT_POSITION.exec(line);
    if (bare) {
      const [method, place] = bare[1] === undefined ? [bare[2] ?? '', ''] : [bare[1], bare[2] ?? ''];
      frames.push({ method: method.trim(), file: place.startsWith('<') || place === 'native' ? '' : place, line: null, column: null });
    }
  }
  return frames;
}

/**
 * A file name as it is stable from one build and one machine to the next. The same code runs from
 * `/work/repo/app/orders/payment-job.ts` under tsx and from
 * `/home/site/wwwroot/dist/app/orders/payment-job.js` on App Service, so the directories above the
 * last two are dropped, and so is the extension; a package keeps its path from `node_modules/`.
 */
export function normaliseFile(file: string): string {
  const forward = file.replace(/^file:\/\//, '').replace(/\\/g, '/').replace(/[?#].*$/, '');
  if (forward.startsWith('node:') || forward === '') return forward;
  const inPackage = forward.lastIndexOf('node_modules/');
  const kept = inPackage >= 0 ? forward.slice(inPackage) : forward.split('/').filter(Boolean).slice(-2).join('/');
  return kept.replace(/\.(?:[cm]?[jt]s|jsx|tsx)$/, '');
}

/** A function name without what changes between equal calls: `async ` and the anonymous placeholder. */
export function normaliseMethod(method: string): string {
  return method.replace(/^async /, '').replace(/^Object\.<anonymous>$/, '<anonymous>');
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/** Numbers, hex ids and UUIDs become `#`, so "order 12 failed" and "order 13 failed" read as one title. */
export function normaliseMessage(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '#')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/gi, '#')
    .replace(/\b\d+(?:\.\d+)?\b/g, '#');
}

export interface ExceptionFacts {
  type: string;
  message: string;
  stack: string | undefined;
  /** customDimensions as sent: `fingerprint` there overrides the computed one. */
  customDimensions: Record<string, unknown> | undefined;
}

/** Rollbar's default fingerprint (see the top of this file), or the application's own. 40 hex characters either way. */
export function fingerprintOf(exception: ExceptionFacts): string {
  const own = exception.customDimensions?.fingerprint;
  if (typeof own === 'string' && own.trim() !== '') return sha1(`custom\n${own.trim()}`);
  const frames = parseStack(exception.stack ?? '');
  // Without a single frame there is nothing but the message to tell problems apart (Rollbar does the same).
  if (frames.length === 0) return sha1(`${exception.type}\n${normaliseMessage(exception.message)}`);
  return sha1([exception.type, ...frames.map((f) => `${normaliseFile(f.file)}|${normaliseMethod(f.method)}`)].join('\n'));
}

/**
 * Application Insights' problemId: the type, " at ", and the method of the top frame of the
 * outermost exception, as the SDK parses it (`<no_method>` when the frame names none); the type
 * alone when there is no stack. A problemId the SDK sends in ExceptionData wins, as it does in Azure.
 */
export function problemIdOf(exception: { typeName: string; sentProblemId?: string | undefined; parsedStack?: Array<{ method?: string | undefined }> | undefined; stack?: string | undefined }): string {
  if (exception.sentProblemId) return exception.sentProblemId;
  const sentMethod = exception.parsedStack?.[0]?.method;
  const top = parseStack(exception.stack ?? '')[0];
  const method = sentMethod ?? (top ? top.method || '<no_method>' : undefined);
  return method ? `${exception.typeName} at ${method}` : exception.typeName;
}

/** The title a problem is listed under: its type and its normalised message. */
export const titleOf = (type: string, message: string): string => `${type}: ${normaliseMessage(message)}`;
