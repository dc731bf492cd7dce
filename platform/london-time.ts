// Dates as the finance package wants them, and as the dashboard shows them.
//
// The finance package only accepts a payment `date` written in Europe/London local time with
// London's offset at that instant: +00:00 in winter (GMT), +01:00 in summer (BST). Orders arrive
// in any offset (the supplier's own generated orders use +10:00), so every date is converted here.
// Pure functions, no I/O, so the clock changes can be tested without waiting for them.

const LONDON = 'Europe/London';

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockInLondon(instant: Date): WallClock {
  const parts = londonParts.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => {
    const found = parts.find((p) => p.type === type);
    if (!found) throw new Error(`Intl gave no ${type} for ${instant.toISOString()}`);
    return Number(found.value);
  };
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** London's offset from UTC, in minutes, at the given instant (0 in GMT, 60 in BST). */
export function londonOffsetMinutes(instant: Date): number {
  const wall = wallClockInLondon(instant);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const instantToSecond = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallAsUtc - instantToSecond) / 60_000);
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** `+10:00`, `-03:30`, `+00:00` */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The instant written as local time in the given offset, ISO 8601:
 * `2024-03-31T12:00:00+10:00`. Milliseconds appear only when there are some.
 */
export function toIsoWithOffset(instant: Date, offsetMinutes: number): string {
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000);
  const date = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  const time = `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  const ms = shifted.getUTCMilliseconds();
  return `${date}T${time}${ms === 0 ? '' : `.${pad(ms, 3)}`}${formatOffset(offsetMinutes)}`;
}

/** The instant in Europe/London local time with London's offset: what the finance package wants. */
export function toLondonIso(instant: Date): string {
  return toIsoWithOffset(instant, londonOffsetMinutes(instant));
}

/** `dd/mm/yyyy HH:MM:SS` in London time, as the dashboard shows it. */
export function formatLondonForDisplay(instant: Date): string {
  const w = wallClockInLondon(instant);
  return `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

export interface ParsedDate {
  instant: Date;
  offsetMinutes: number;
}

/**
 * Parses ISO 8601 with an explicit offset (`Z` or `±HH:MM`). Returns a reason instead of throwing,
 * because a bad date is ordinary bad input. Impossible dates (`2024-02-30`) are refused, not rolled over.
 */
export function parseIsoWithOffset(text: string): ParsedDate | { error: string } {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return { error: 'must be ISO 8601 with an offset, e.g. 2024-03-31T12:00:00+10:00' };
  // Groups that did not take part (no seconds, no fraction, `Z` rather than ±HH:MM) are undefined: zero.
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const parts = [y, mo, d, h, mi].map(Number);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = parts;
  const second = Number(s ?? 0);
  const millis = Math.floor(Number(`0.${frac ?? 0}`) * 1000);
  // Minutes and seconds out of range would roll over within the same day, unseen by the check below.
  if (year < 1 || minute > 59 || second > 59) return { error: 'is not a real date and time' };
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh ?? 0) * 60 + Number(om ?? 0)); // Z: 0
  if (Math.abs(offsetMinutes) > 14 * 60 || Number(om ?? 0) > 59) return { error: 'has an offset beyond ±14:00' };
  const wallAsUtc = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  wallAsUtc.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  // A month, day or hour out of range (13, 00, 30 February, 24:00) rolls over to another day or month.
  if (wallAsUtc.getUTCDate() !== day || wallAsUtc.getUTCMonth() !== month - 1) {
    return { error: 'is not a real date and time' };
  }
  return { instant: new Date(wallAsUtc.getTime() - offsetMinutes * 60_000), offsetMinutes };
}
