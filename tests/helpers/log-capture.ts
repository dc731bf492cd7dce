import { PassThrough } from 'node:stream';

/** A stream to hand a logger, keeping every line it writes for the test to read. */
export function captureLogs(): { stream: PassThrough; lines: string[]; text(): string } {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return { stream, lines, text: () => lines.join('') };
}
