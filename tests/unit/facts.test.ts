/**
 * Facts (lib/db/facts.ts) are kept by the database itself: after any sequence of the app's write operations —
 * through the same messages the UI sends — they equal the projection of the taggings, also when an operation
 * fails and its transaction rolls back.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '@/lib/background/handlers';
import type { TagDatabase } from '@/lib/db/database';
import { DAY_MS, factOf, HOUR_MS } from '@/lib/db/facts';
import { periodStats, totals } from '@/lib/db/queries';
import { createTagPath } from '@/lib/db/tags';
import { DETAIL_HEADER } from '@/lib/export/detail';
import type { Tagging } from '@/lib/model';
import { daysBeforeOf, daysOf, freshDatabase, hoursOf, reviewItem } from './helpers';

const byId = <T extends { id: string }>(records: T[]) => [...records].sort((a, b) => a.id.localeCompare(b.id));

async function expectFactsInStep(db: TagDatabase): Promise<void> {
  const taggings = await db.taggings.toArray();
  expect(byId(await db.facts.toArray())).toEqual(byId(taggings.map(factOf)));
  expect(await db.hours.orderBy('hour').toArray()).toEqual(hoursOf(taggings));
  // The days store holds the finished days only: those before its counter.
  expect(await db.days.orderBy('day').toArray()).toEqual(daysOf(taggings, await daysBeforeOf(db)));
  expect((await totals(db)).taggings).toBe(taggings.length);
}

const PATHS = ['Quality > Leaks', 'Quality > Parts', 'Quality', 'Shipping > Late', 'Shipping', 'Leaks'];

/** One write operation, its choices drawn as small numbers and resolved against the data at the time. */
const operation = fc.record({
  kind: fc.constantFrom(
    'apply',
    'applyPath',
    'remove',
    'restore',
    'changeTag',
    'note',
    'merge',
    'deleteTag',
    'undoDelete',
    'importCsv',
    'restoreBackup',
    'wipe',
  ),
  a: fc.nat(20),
  b: fc.nat(20),
  c: fc.nat(3),
});
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

async function run(db: TagDatabase, op: Operation, removed: Tagging[]): Promise<void> {
  const tags = await db.tags.toArray();
  const taggings = await db.taggings.toArray();
  const pick = <T>(list: T[], n: number): T | undefined => list[n % Math.max(list.length, 1)];
  const send = (type: string, payload: unknown) => dispatch(db, { type, payload });
  const item = reviewItem(`R${op.a % 6}`, { asin: op.c === 0 ? '' : `B0ASIN000${op.c}` });
  switch (op.kind) {
    case 'apply': {
      const tag = pick(tags, op.b);
      const snippet = op.c === 1 ? { exact: 'leaks', prefix: '', suffix: '' } : undefined;
      if (tag) await send('taggings.apply', { item, tagId: tag.id, snippet });
      return;
    }
    case 'applyPath':
      await send('taggings.apply', { item, tagPath: pick(PATHS, op.b) });
      return;
    case 'remove': {
      const tagging = pick(taggings, op.a);
      if (!tagging) return;
      const reply = await send('taggings.remove', { id: tagging.id });
      if (reply.ok) removed.push(reply.value as Tagging);
      return;
    }
    case 'restore': {
      const tagging = pick(removed, op.a);
      if (tagging) await send('taggings.restore', { tagging });
      return;
    }
    case 'changeTag': {
      const tagging = pick(taggings, op.a);
      const tag = pick(tags, op.b);
      if (tagging && tag) await send('taggings.changeTag', { id: tagging.id, tagId: tag.id });
      return;
    }
    case 'note': {
      const tagging = pick(taggings, op.a);
      if (tagging) await send('taggings.updateNote', { id: tagging.id, note: `note ${op.b}` });
      return;
    }
    case 'merge': {
      const source = pick(tags, op.a);
      const target = pick(tags, op.b);
      if (source && target) await send('tags.merge', { sourceId: source.id, targetId: target.id });
      return;
    }
    case 'deleteTag': {
      const tag = pick(tags, op.a);
      const target = pick(tags, op.b);
      const reassign = [{ to: 'parent' }, { to: 'nowhere' }, { to: 'tag', tagId: target?.id ?? 'missing' }, undefined][
        op.c
      ];
      if (tag) await send('tags.delete', { id: tag.id, reassign });
      return;
    }
    case 'undoDelete': {
      const tag = pick(tags, op.a);
      if (!tag) return;
      const snapshot = await send('tags.snapshot', { id: tag.id });
      await send('tags.delete', { id: tag.id, reassign: { to: 'nowhere' } });
      if (snapshot.ok) await send('tags.restoreSnapshot', snapshot.value);
      return;
    }
    case 'importCsv': {
      // 1 to 25 rows, up to 25 hours apart: bulk writes over more hours than are read one by one.
      const session = `csv-${op.a}-${op.b}-${Math.random()}`;
      const path = pick(PATHS, op.b) ?? 'Quality';
      const rows = Array.from({ length: 1 + op.c * 8 }, (_, i) => {
        const at = Date.UTC(2026, 10, 20, 10) + ((op.b + i * 5) % 72) * 3_600_000 + i * 1000;
        const cells: Record<string, string> = {
          tagged_at: new Date(at).toISOString(),
          source: 'review',
          marketplace: 'US',
          asin: item.asin ?? '',
          review_id: `RCSV${op.a}-${i % (1 + op.b)}`,
          tag: path.split(' > ').at(-1) ?? path,
          tag_path: path,
          top_tag: path.split(' > ')[0],
        };
        return { rowNumber: i + 2, cells: DETAIL_HEADER.map((column) => cells[column] ?? '') };
      });
      await send('import.stage', { kind: 'csv', session, header: [...DETAIL_HEADER], rows });
      await send('import.commit', { session });
      return;
    }
    case 'restoreBackup': {
      const session = `backup-${op.a}-${Math.random()}`;
      const meta = { format: 'after-sales-tags-backup', version: 1 };
      // The current data minus a few taggings: the restore replaces everything.
      const kept = taggings.filter((_, i) => i % 3 !== op.c);
      await send('import.stage', { kind: 'backup', session, meta, table: 'tags', records: tags });
      await send('import.stage', { kind: 'backup', session, table: 'items', records: await db.items.toArray() });
      await send('import.stage', { kind: 'backup', session, table: 'taggings', records: kept });
      await send('import.commit', { session });
      return;
    }
    case 'wipe':
      await send('data.wipe', { confirm: 'delete-everything' });
      return;
  }
}

/** A review tagging of `tagId` at `time` on item R`item` (odd items have an ASIN). */
function taggingAt(tagId: string, id: string, time: number, item: number): Tagging {
  return {
    id,
    itemKey: `review:US:review/R${item}`,
    tagId,
    snippetText: id,
    note: '',
    pageUrl: '',
    asin: item % 2 ? 'B0AAAAAAA1' : '',
    source: 'review',
    marketplace: 'US',
    createdAt: time,
    updatedAt: time,
  };
}

describe('facts', () => {
  it('equal the projection of the taggings after any sequence of write operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const db = freshDatabase();
        const removed: Tagging[] = [];
        try {
          for (const op of operations) {
            await run(db, op, removed);
            await expectFactsInStep(db);
            // Every taggings write moves the days on to the day it ran on (so today is never in the days store).
            const daysBefore = await daysBeforeOf(db);
            if (daysBefore > 0) expect(daysBefore).toBeGreaterThan(Date.now() - 2 * DAY_MS);
            expect(daysBefore).toBeLessThanOrEqual(Date.now());
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('give the same period figures as counting the taggings, for ranges on and off hour and day boundaries', async () => {
    const db = freshDatabase();
    const base = Date.UTC(2026, 10, 16, 0, 0);
    const minute = 60_000;
    const { tag } = await createTagPath(db, 'Quality > Leaks');
    // Taggings every 19 minutes over five days, on 9 items and 3 ASINs (one without).
    const taggings: Tagging[] = Array.from({ length: 400 }, (_, i) => ({
      id: `g-${i}`,
      itemKey: `review:US:review/R${i % 9}`,
      tagId: tag.id,
      snippetText: `s${i}`,
      note: '',
      pageUrl: '',
      asin: ['', 'B0AAAAAAA1', 'B0AAAAAAA2'][i % 3],
      source: 'review',
      marketplace: 'US',
      createdAt: base + i * 19 * minute,
      updatedAt: base,
    }));
    await db.taggings.bulkAdd(taggings);
    await expectFactsInStep(db);
    await fc.assert(
      // Up to 5.5 days: ranges within an hour, within a day, and over several whole days with partial ends.
      fc.asyncProperty(fc.nat(8_000), fc.nat(8_000), fc.boolean(), async (a, b, oneAsin) => {
        const range = { start: base + Math.min(a, b) * minute, end: base + Math.max(a, b) * minute + 1 };
        const asin = oneAsin ? 'B0AAAAAAA1' : undefined;
        const inRange = taggings.filter(
          (t) => t.createdAt >= range.start && t.createdAt < range.end && (!asin || t.asin === asin),
        );
        const stats = await periodStats(db, range, { asin });
        expect(stats.taggings).toBe(inRange.length);
        expect(stats.items).toBe(new Set(inRange.map((t) => t.itemKey)).size);
        expect(stats.asins).toBe(new Set(inRange.map((t) => t.asin).filter(Boolean)).size);
        expect(stats.top[0]?.total ?? 0).toBe(inRange.length);
      }),
      { numRuns: 80 },
    );
    db.close();
  }, 60_000);

  it('stay in step when bulk writes over many hours land between and on hours already stored', async () => {
    const db = freshDatabase();
    const { tag } = await createTagPath(db, 'Quality > Leaks');
    const base = Date.UTC(2026, 10, 16, 0, 0);
    const tagging = (id: string, hour: number, item: number): Tagging => ({
      ...taggingAt(tag.id, id, base + hour * HOUR_MS + item * 1000, item),
      updatedAt: base,
    });
    // Every third hour first, then every second hour (half of them on stored hours), then a few single ones.
    await db.taggings.bulkAdd(Array.from({ length: 40 }, (_, i) => tagging(`a-${i}`, i * 3, i % 5)));
    await db.taggings.bulkAdd(Array.from({ length: 60 }, (_, i) => tagging(`b-${i}`, i * 2, i % 7)));
    await db.taggings.bulkPut(
      Array.from({ length: 30 }, (_, i) => ({ ...tagging(`a-${i}`, i * 3 + 1, 3), note: 'x' })),
    );
    await expectFactsInStep(db);
    await db.taggings.bulkDelete(Array.from({ length: 50 }, (_, i) => `b-${i}`));
    await db.taggings
      .where('createdAt')
      .between(base, base + 20 * HOUR_MS)
      .delete();
    await expectFactsInStep(db);
    db.close();
  });

  it('roll up only finished days: the first write of a new day rolls up the days since, and figures stay right', async () => {
    const db = freshDatabase();
    const { tag } = await createTagPath(db, 'Quality > Leaks');
    const day = (n: number) => Date.UTC(2026, 10, 10 + n);
    const tagging = (id: string, time: number, item = 0) => taggingAt(tag.id, id, time, item);
    const now = vi.spyOn(Date, 'now');
    // Every figure, from the roll-ups, equals counting the taggings: all time, each day, and ranges across days.
    const expectFigures = async () => {
      const taggings = await db.taggings.toArray();
      const ranges = [
        { start: 0, end: day(30) },
        ...Array.from({ length: 10 }, (_, n) => ({ start: day(n), end: day(n + 1) })),
        { start: day(1) + 5 * HOUR_MS, end: day(8) + 90_000 },
        { start: day(3), end: day(7) },
      ];
      for (const range of ranges) {
        const inRange = taggings.filter((t) => t.createdAt >= range.start && t.createdAt < range.end);
        const stats = await periodStats(db, range);
        expect(stats.taggings).toBe(inRange.length);
        expect(stats.items).toBe(new Set(inRange.map((t) => t.itemKey)).size);
      }
    };
    try {
      // Day 4 at 10:00: taggings from day 1 to day 7 (an import can hold later times: a teammate's clock).
      now.mockReturnValue(day(4) + 10 * HOUR_MS);
      await db.taggings.bulkAdd(
        Array.from({ length: 70 }, (_, i) => tagging(`a-${i}`, day(1) + i * 2.3 * HOUR_MS + 1_000, i % 5)),
      );
      expect(await daysBeforeOf(db)).toBe(day(4));
      expect((await db.days.toArray()).map((record) => record.day)).toEqual([day(1), day(2), day(3)]);
      await expectFactsInStep(db);
      await expectFigures();

      // Applying a tag today leaves the days store alone.
      const daysStored = await db.days.toArray();
      const apply = async (reviewId: string) => {
        const reply = await dispatch(db, {
          type: 'taggings.apply',
          payload: { item: reviewItem(reviewId), tagId: tag.id },
        });
        expect(reply.ok).toBe(true);
      };
      await apply('R-today');
      expect(await db.days.toArray()).toEqual(daysStored);
      await expectFigures();

      // Two days on, nothing written yet: the days since are read from the hours.
      now.mockReturnValue(day(6) + 1);
      await expectFigures();
      expect(await daysBeforeOf(db)).toBe(day(4));

      // The first write rolls days 4 and 5 up, with the later-dated taggings already there.
      await apply('R-later');
      expect(await daysBeforeOf(db)).toBe(day(6));
      await expectFactsInStep(db);
      await expectFigures();

      // Writes on finished days change them: a delete, a put moving a tagging from day 2 into day 6 (not rolled up).
      await db.taggings.delete('a-3');
      await db.taggings.put(tagging('a-20', day(6) + HOUR_MS, 2));
      await expectFactsInStep(db);
      await expectFigures();

      // A clock set back never moves the days back: day 5 stays rolled up and a tagging on it is added to it.
      now.mockReturnValue(day(5) + 2 * HOUR_MS);
      await apply('R-back');
      expect(await daysBeforeOf(db)).toBe(day(6));
      await expectFactsInStep(db);
      await expectFigures();

      // A failed write rolls the move back with it.
      now.mockReturnValue(day(9) + 1);
      await expect(
        db.transaction('rw', db.taggings, async () => {
          await db.taggings.add(tagging('b-1', day(8)));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await daysBeforeOf(db)).toBe(day(6));
      await expectFactsInStep(db);
      await expectFigures();

      // A wipe leaves nothing to roll up; the next write starts again from its own day.
      await db.taggings.clear();
      expect(await db.days.count()).toBe(0);
      await apply('R-after-wipe');
      expect(await daysBeforeOf(db)).toBe(day(9));
      await expectFactsInStep(db);
      await expectFigures();
    } finally {
      now.mockRestore();
      db.close();
    }
  });

  it('roll back with the taggings when a transaction fails', async () => {
    const db = freshDatabase();
    const applied = await dispatch(db, { type: 'taggings.apply', payload: { item: reviewItem('R1'), tagPath: 'A' } });
    expect(applied.ok).toBe(true);
    await expect(
      db.transaction('rw', db.taggings, async () => {
        await db.taggings.clear();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.facts.count()).toBe(1);
    await expectFactsInStep(db);
    db.close();
  });

  it('are never exported: a backup holds tags, items and taggings only', async () => {
    const db = freshDatabase();
    await dispatch(db, { type: 'taggings.apply', payload: { item: reviewItem('R1'), tagPath: 'A' } });
    for (const table of ['tags', 'items', 'taggings']) {
      expect(await dispatch(db, { type: 'backup.read', payload: { table, offset: 0, limit: 10 } })).toMatchObject({
        ok: true,
      });
    }
    expect(
      await dispatch(db, { type: 'backup.read', payload: { table: 'facts', offset: 0, limit: 10 } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    db.close();
  });
});
