/** What the popup's first screen shows: all-time totals, this and last week, and the chosen period. */
import type { PeriodStats, Totals } from '@/lib/db/queries';
import { send } from '@/lib/messaging';
import { type DateRange, firstScreenWeeks, type Period } from '@/lib/period';
import type { FirstScreen } from './early';

export interface Overview {
  totals: Totals;
  current: PeriodStats;
  previous: PeriodStats;
  /** The chosen period's figures. */
  stats: PeriodStats;
}

export const DEFAULT_PERIOD: Period = { kind: 'thisWeek' };

const sameRange = (a: DateRange, b: DateRange) => a.start === b.start && a.end === b.end;

/** The first screen for this week, from the weeks' figures. */
export const defaultOverview = (weeks: FirstScreen): Overview => ({ ...weeks, stats: weeks.current });

/**
 * Asks for everything at once: totals and both weeks in one request (or `weeks`, the early request's answer), and
 * the chosen period's figures only when it is neither week.
 */
export async function loadOverview(
  range: DateRange,
  asin: string,
  now = Date.now(),
  weeks?: Promise<FirstScreen>,
): Promise<Overview> {
  const filter = asin || undefined;
  const { thisWeek, lastWeek } = firstScreenWeeks(now);
  const first = weeks ?? send('stats.overview', { thisWeek, lastWeek, asin: filter });
  const stats = sameRange(range, thisWeek)
    ? first.then((answer) => answer.current)
    : sameRange(range, lastWeek)
      ? first.then((answer) => answer.previous)
      : send('stats.period', { ...range, asin: filter });
  const [answer, chosen] = await Promise.all([first, stats]);
  return { ...answer, stats: chosen };
}
