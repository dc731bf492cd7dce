// datetime and timespan literals, read from their text. (The parser's own values are .NET objects,
// and it reads some forms, e.g. timespan(1.02:00:00), as zero.) Both become milliseconds.
import { KqlError } from './ast';

const UNIT_MS: Record<string, number> = {
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  microsecond: 0.001, microseconds: 0.001, tick: 0.0001, ticks: 0.0001,
};

/** `5m`, `1.5h`, `timespan(2d)`, `time(1.02:03:04.5)`, `timespan(00:05:00)` → milliseconds. */
export function parseTimespanLiteral(text: string, at: number): number {
  const ms = parseTimespanText(text);
  if (ms === null) throw new KqlError(`cannot read the timespan ${text}`, at);
  return ms;
}

/** The same forms as text (totimespan("0.00:03:00"), a timespan kept in a dynamic value); null if unreadable. */
export function parseTimespanText(text: string): number | null {
  const inner = /^(?:timespan|time)\((.*)\)$/.exec(text.trim())?.[1]?.trim() ?? text.trim();
  const withUnit = /^(-?\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(inner);
  if (withUnit) {
    const unit = UNIT_MS[withUnit[2]?.toLowerCase() ?? ''];
    if (unit !== undefined) return Number(withUnit[1]) * unit;
  }
  const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(inner);
  if (clock) {
    const [, minus, days, h, m, s, fraction] = clock;
    const ms = ((Number(days ?? 0) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + (Number(s ?? 0) + Number(`0${fraction ?? ''}`)) * 1000;
    return minus ? -ms : ms;
  }
  if (/^-?\d+(?:\.\d+)?$/.test(inner)) return Number(inner) * UNIT_MS.d!; // a bare number is days
  return null;
}

/** `datetime(2024-01-01)`, `datetime(2024-01-01 10:00:01.5)`, `datetime(2024-01-01T10:00Z)`: UTC unless a zone is given. */
export function parseDatetimeLiteral(text: string, at: number): number {
  const inner = /^(?:datetime|date)\((.*)\)$/.exec(text.trim())?.[1]?.trim() ?? text.trim();
  const ms = parseDatetimeText(inner);
  if (ms === null) throw new KqlError(`cannot read the datetime ${text}`, at);
  return ms;
}

/** ISO 8601 text (or Kusto's `yyyy-MM-dd HH:mm:ss`) → milliseconds, UTC when no zone is given; null if unreadable. */
export function parseDatetimeText(text: string): number | null {
  let iso = text.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  // V8 would also read `2024-05-01Z`, but that is not ECMAScript's date format: do not rely on it.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) iso += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  // Date reads seven fraction digits (Kusto's ticks) but keeps milliseconds: add the rest back as a fraction.
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const belowMs = /\.\d{3}(\d+)/.exec(iso)?.[1];
  return belowMs ? ms + Number(`0.${belowMs}`) : ms;
}
