/**
 * The popup's first request, sent by a tiny classic script in the popup's <head> (entrypoints/popup-early.ts) while
 * the page's modules still load: the background answers meanwhile, so the first render usually has the figures.
 * No extension API wrapper here (the script must stay small): the browser's own promise-based runtime API.
 */
import type { ResponseOf } from '@/lib/messages';
import { type DateRange, firstScreenWeeks } from '@/lib/period';

export type FirstScreen = ResponseOf<'stats.overview'>;

export interface EarlyOverview {
  /** The weeks it was asked for. */
  thisWeek: DateRange;
  promise: Promise<FirstScreen>;
  /** Set once the answer is in. */
  value?: FirstScreen;
}

const EARLY_KEY = '__sctEarlyOverview';
type Holder = { [EARLY_KEY]?: EarlyOverview };

export function askOverviewEarly(): void {
  const runtime = ((globalThis as { browser?: typeof chrome }).browser ?? chrome).runtime;
  const weeks = firstScreenWeeks(Date.now());
  const early: EarlyOverview = {
    thisWeek: weeks.thisWeek,
    promise: runtime.sendMessage({ type: 'stats.overview', payload: weeks }).then((reply) => {
      if (!reply?.ok) throw new Error(reply?.error?.message ?? 'No answer to stats.overview');
      early.value = reply.value as FirstScreen;
      return early.value;
    }),
  };
  // Failures surface where the popup uses the answer, never as an unhandled rejection meanwhile.
  early.promise.catch(() => undefined);
  (globalThis as Holder)[EARLY_KEY] = early;
}

/** The early request, if one was sent for the week of `thisWeek` (a popup opened at Monday midnight asks again). */
export function takeEarlyOverview(thisWeek: DateRange): EarlyOverview | undefined {
  const holder = globalThis as Holder;
  const early = holder[EARLY_KEY];
  delete holder[EARLY_KEY];
  return early && early.thisWeek.start === thisWeek.start && early.thisWeek.end === thisWeek.end ? early : undefined;
}
