/**
 * Reporting periods. Weeks run Monday to Sunday (the usual weekly quality report), in the browser's local time.
 * A resolved range is half-open: start <= createdAt < end (ms since the epoch).
 */
export const PERIOD_KINDS = ['thisWeek', 'lastWeek', 'last7', 'last30', 'last90', 'all', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** Custom periods: first and last day, inclusive (YYYY-MM-DD, local time). */
  from?: string;
  to?: string;
}

export interface DateRange {
  /** Inclusive, ms. */
  start: number;
  /** Exclusive, ms. */
  end: number;
}

export const ALL_TIME: DateRange = { start: 0, end: 8.64e15 };

const DAY = 86_400_000;

export function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Local midnight `days` days after the day holding `ms` (DST-safe: built from the calendar, not by adding ms). */
export function addDays(ms: number, days: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
}

/** Monday 00:00 of the week holding `ms`. */
export function startOfWeek(ms: number): number {
  const day = new Date(ms).getDay(); // 0 = Sunday
  return addDays(ms, -((day + 6) % 7));
}

export function parseLocalDate(text: string): number {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

export function formatLocalDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Resolves a period against `now`. "last 7 days" is today and the six days before it. */
export function resolvePeriod(period: Period, now = Date.now()): DateRange {
  const today = startOfDay(now);
  const tomorrow = addDays(today, 1);
  switch (period.kind) {
    case 'thisWeek': {
      const start = startOfWeek(now);
      return { start, end: addDays(start, 7) };
    }
    case 'lastWeek': {
      const end = startOfWeek(now);
      return { start: addDays(end, -7), end };
    }
    case 'last7':
      return { start: addDays(today, -6), end: tomorrow };
    case 'last30':
      return { start: addDays(today, -29), end: tomorrow };
    case 'last90':
      return { start: addDays(today, -89), end: tomorrow };
    case 'all':
      return ALL_TIME;
    case 'custom': {
      const from = period.from ? parseLocalDate(period.from) : today;
      const to = period.to ? parseLocalDate(period.to) : today;
      const [first, last] = from <= to ? [from, to] : [to, from];
      return { start: first, end: addDays(last, 1) };
    }
  }
}

/** This week and last week as of `now`: what the popup's first screen shows. */
export function firstScreenWeeks(now: number): { thisWeek: DateRange; lastWeek: DateRange } {
  return { thisWeek: resolvePeriod({ kind: 'thisWeek' }, now), lastWeek: resolvePeriod({ kind: 'lastWeek' }, now) };
}

export function isAllTime(range: DateRange): boolean {
  return range.start <= 0 && range.end >= ALL_TIME.end;
}

/** "2026-11-16_2026-11-22" (first and last day), or "all" for all time. */
export function rangeLabel(range: DateRange): string {
  if (isAllTime(range)) return 'all';
  return `${formatLocalDate(range.start)}_${formatLocalDate(range.end - 1)}`;
}

/** ISO 8601 with seconds and the local zone offset: 2026-11-22T14:03:05+08:00. */
export function isoWithOffset(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    zoneText(-d.getTimezoneOffset())
  );
}

/** A zone offset in minutes east of UTC as ISO 8601 writes it: +08:00, -03:30. */
export function zoneText(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Strict ISO 8601 date-time with seconds and a zone (Z or ±hh:mm). Returns NaN when the text is not one. */
export function parseIsoDateTime(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return Number.NaN;
  return Date.parse(text);
}

export { DAY };
