import { afterEach, describe, expect, it, vi } from 'vitest';
import { askOverviewEarly, takeEarlyOverview } from '@/components/popup/early';
import { loadOverview } from '@/components/popup/overview';
import { dispatch } from '@/lib/background/handlers';
import type { TagDatabase } from '@/lib/db/database';
import { overviewStats, periodStats, totals } from '@/lib/db/queries';
import { createTagPath } from '@/lib/db/tags';
import type { Tagging } from '@/lib/model';
import { firstScreenWeeks } from '@/lib/period';
import { freshDatabase, reviewItem } from './helpers';

const HOUR = 3_600_000;

/** Messages from the popup code, answered by the background's dispatcher on `background`. */
const sent: string[] = [];
let background: TagDatabase;
async function answer(message: { type: string; payload: unknown }) {
  sent.push(message.type);
  return dispatch(background, message);
}
vi.mock('@/lib/messaging', () => ({
  send: async (type: string, payload: unknown) => {
    const reply = await answer({ type, payload });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value;
  },
}));

describe("the popup's first screen (stats.overview)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('equals totals and both weeks asked for one by one, with and without an ASIN', async () => {
    const db = freshDatabase();
    const { tag: leaks } = await createTagPath(db, 'Quality > Leaks');
    const { tag: dead } = await createTagPath(db, 'Battery > Dead');
    const now = new Date(2026, 10, 19, 15, 30).getTime(); // a Thursday afternoon, local time
    // Every 5 h 13 min over three weeks back from now: unaligned with hours, days and weeks.
    const taggings: Tagging[] = Array.from({ length: 100 }, (_, i) => ({
      id: `g-${i}`,
      itemKey: `review:US:review/R${i % 7}`,
      tagId: i % 3 === 0 ? dead.id : leaks.id,
      snippetText: `s${i}`,
      note: '',
      pageUrl: '',
      asin: ['', 'B0AAAAAAA1', 'B0AAAAAAA2'][i % 3],
      source: 'review',
      marketplace: 'US',
      createdAt: now - i * (5 * HOUR + 13 * 60_000),
      updatedAt: now,
    }));
    await db.taggings.bulkAdd(taggings);
    const { thisWeek, lastWeek } = firstScreenWeeks(now);
    for (const asin of [undefined, 'B0AAAAAAA1']) {
      const overview = await overviewStats(db, thisWeek, lastWeek, asin);
      expect(overview).toEqual({
        totals: await totals(db),
        current: await periodStats(db, thisWeek, { asin }),
        previous: await periodStats(db, lastWeek, { asin }),
      });
      const inWeek = taggings.filter(
        (t) => t.createdAt >= thisWeek.start && t.createdAt < thisWeek.end && (!asin || t.asin === asin),
      );
      expect(overview.current.taggings).toBe(inWeek.length);
      expect(overview.current.taggings).toBeGreaterThan(0);
      expect(overview.previous.taggings).toBeGreaterThan(0);
    }
    db.close();
  });

  it('is asked once for both weeks, early or by the popup itself', async () => {
    background = freshDatabase();
    await createTagPath(background, 'Quality > Leaks');
    const now = Date.now();
    const { thisWeek } = firstScreenWeeks(now);
    sent.length = 0;
    const overview = await loadOverview(thisWeek, '', now);
    expect(sent).toEqual(['stats.overview']);
    expect(overview.stats).toEqual(overview.current);
    expect(overview.totals).toEqual({ tags: 2, items: 0, taggings: 0 });
    // Another period: its own figures, asked beside the weeks.
    await loadOverview({ start: 0, end: now + 1 }, '', now);
    expect(sent).toEqual(['stats.overview', 'stats.overview', 'stats.period']);

    // The early script's request, taken by the popup for the same week (and only once).
    vi.stubGlobal('browser', { runtime: { sendMessage: answer } });
    sent.length = 0;
    askOverviewEarly();
    const early = takeEarlyOverview(thisWeek);
    expect(takeEarlyOverview(thisWeek)).toBeUndefined();
    expect(await early?.promise).toEqual({
      totals: overview.totals,
      current: overview.current,
      previous: overview.previous,
    });
    expect(early?.value).toEqual(await early?.promise);
    const fromEarly = await loadOverview(thisWeek, '', now, early?.promise);
    expect(fromEarly).toEqual(overview);
    expect(sent).toEqual(['stats.overview']);
    // Asked in another week (the popup opened at Monday midnight): not used.
    askOverviewEarly();
    expect(takeEarlyOverview(firstScreenWeeks(thisWeek.end).thisWeek)).toBeUndefined();
    background.close();
  });

  it('is kept until the next write, by every write message, also a failed one', async () => {
    background = freshDatabase();
    const { tag } = await createTagPath(background, 'Quality > Leaks');
    const weeks = firstScreenWeeks(Date.now());
    const ask = async () => {
      const reply = await dispatch(background, { type: 'stats.overview', payload: weeks });
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as Awaited<ReturnType<typeof overviewStats>>;
    };
    // The weeks' roll-ups are read as days and, at ends off a UTC day (a time zone's), hours.
    const spies = [vi.spyOn(background.days, 'where'), vi.spyOn(background.hours, 'where')];
    const reads = () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    const [first, same] = await Promise.all([ask(), ask()]);
    expect(same).toBe(first); // asked together: one computation
    const once = reads();
    expect(once).toBeGreaterThanOrEqual(2); // this week's and last week's days
    expect(await ask()).toBe(first); // no write since: kept
    expect(reads()).toBe(once);

    const applied = await dispatch(background, {
      type: 'taggings.apply',
      payload: { item: reviewItem('R1'), tagId: tag.id },
    });
    expect(applied.ok).toBe(true);
    const afterApply = await ask();
    expect(afterApply.current.taggings).toBe(1);
    expect(afterApply.totals.taggings).toBe(1);
    expect(afterApply).toEqual({
      totals: await totals(background),
      current: await periodStats(background, weeks.thisWeek),
      previous: await periodStats(background, weeks.lastWeek),
    });

    // A write that fails still drops what was kept (a handler of several transactions may have written some).
    const kept = await ask();
    const failed = await dispatch(background, { type: 'tags.rename', payload: { id: 'no-such-tag', name: 'x' } });
    expect(failed.ok).toBe(false);
    expect(await ask()).not.toBe(kept);
    // A read-only message does not.
    const again = await ask();
    await dispatch(background, { type: 'stats.totals', payload: {} });
    expect(await ask()).toBe(again);
    background.close();
  });
});
