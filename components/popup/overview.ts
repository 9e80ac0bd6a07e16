/** What the popup's first screen shows: all-time totals, this and last week, and the chosen period. */
import type { PeriodStats, Totals } from '@/lib/db/queries';
import { send } from '@/lib/messaging';
import { type DateRange, type Period, resolvePeriod } from '@/lib/period';

export interface Overview {
  totals: Totals;
  current: PeriodStats;
  previous: PeriodStats;
  /** The chosen period's figures. */
  stats: PeriodStats;
}

export const DEFAULT_PERIOD: Period = { kind: 'thisWeek' };

const sameRange = (a: DateRange, b: DateRange) => a.start === b.start && a.end === b.end;

/**
 * Asks for everything at once. The chosen period is this week by default: then (and for last week) its figures are
 * the week's, not asked for a second time.
 */
export async function loadOverview(range: DateRange, asin: string, now = Date.now()): Promise<Overview> {
  const filter = asin || undefined;
  const thisWeek = resolvePeriod({ kind: 'thisWeek' }, now);
  const lastWeek = resolvePeriod({ kind: 'lastWeek' }, now);
  const current = send('stats.period', { ...thisWeek, asin: filter });
  const previous = send('stats.period', { ...lastWeek, asin: filter });
  const stats = sameRange(range, thisWeek)
    ? current
    : sameRange(range, lastWeek)
      ? previous
      : send('stats.period', { ...range, asin: filter });
  const [totals, ...periods] = await Promise.all([send('stats.totals', {}), current, previous, stats]);
  return { totals, current: periods[0], previous: periods[1], stats: periods[2] };
}
