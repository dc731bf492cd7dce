// Offsets in a query's text as the line and column an editor shows (both from 1).
import type { Position } from './ast';

export function positionOf(text: string, offset: number, length: number): Position {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { offset, length, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
