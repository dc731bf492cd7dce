// Each reliability test records its figures here; report.ts prints them as one table at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FIGURES_FILE = process.env.RELIABILITY_FIGURES ?? path.join(os.tmpdir(), 'order-processing-reliability.jsonl');

/** The long form (RELIABILITY=long) runs bigger numbers for longer; the short form runs in CI. */
export const LONG = process.env.RELIABILITY === 'long';

export function recordFigure(check: string, figure: string, value: number | string): void {
  fs.appendFileSync(FIGURES_FILE, `${JSON.stringify({ check, figure, value })}\n`);
}
