import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TagDatabase } from '@/lib/db/database';
import { ITEMS_COUNTER } from '@/lib/db/itemCount';
import { applyTagging } from '@/lib/db/taggings';
import { DETAIL_HEADER } from '@/lib/export/detail';
import { commitCsvImport, mergeImportedItems, type PlannedTagging } from '@/lib/import/detailCsv';
import type { Item, ItemContext } from '@/lib/model';
import { detailCsvRow, freshDatabase, reviewItem } from './helpers';

/** The items the import wrote before new and changed ones were told apart: every item its rows name. */
function everyItemNamed(rows: readonly PlannedTagging[], known: ReadonlyMap<string, Item>, now: number) {
  const items = new Map<string, Item>();
  for (const planned of rows) {
    const existing = items.get(planned.itemKey) ?? known.get(planned.itemKey);
    const fresh = Object.fromEntries(
      Object.entries(planned.context).filter(([, value]) => value !== undefined && value !== ''),
    ) as ItemContext;
    items.set(planned.itemKey, {
      ...fresh,
      ...existing,
      key: planned.itemKey,
      firstSeenAt: Math.min(existing?.firstSeenAt ?? planned.createdAt, planned.createdAt),
      updatedAt: existing?.updatedAt ?? now,
    } as Item);
  }
  return items;
}

const KEYS = ['a', 'b', 'c', 'd'];
/** A field absent, explicitly undefined, empty, or one of two values. */
const field = <T>(values: T[]) =>
  fc.option(fc.constantFrom<T | undefined | ''>(undefined, '', ...values), { nil: null });
const withFields = <T extends object>(base: T, fields: Record<string, unknown>) => {
  const record = { ...base } as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) if (value !== null) record[name] = value;
  return record as T;
};
const contextArbitrary = fc
  .record({ asin: field(['B0AAAAAAAA', 'B0BBBBBBBB']), sku: field(['S1', 'S2']), rating: field([1, 5]) })
  .map((fields) => withFields({ source: 'review', marketplace: 'US', pageUrl: 'https://x' } as ItemContext, fields));
const rowArbitrary = fc.record({
  itemKey: fc.constantFrom(...KEYS),
  context: contextArbitrary,
  createdAt: fc.integer({ min: 0, max: 10 }),
});
const knownArbitrary = fc.dictionary(
  fc.constantFrom(...KEYS),
  fc
    .record({
      context: fc.record({ asin: field(['B0AAAAAAAA']), sku: field(['S1', 'S3']), text: field(['t']) }),
      firstSeenAt: fc.integer({ min: 0, max: 10 }),
      updatedAt: fc.integer({ min: 0, max: 10 }),
    })
    .map(({ context, firstSeenAt, updatedAt }) =>
      withFields(
        { source: 'review', marketplace: 'US', pageUrl: 'https://x', firstSeenAt, updatedAt } as Item,
        context,
      ),
    ),
);

describe('the items an import writes', () => {
  it('are the items it wrote before, less the stored ones it leaves as they were, new ones apart', () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 12 }), knownArbitrary, (rowShapes, knownShapes) => {
        const known = new Map(Object.entries(knownShapes).map(([key, item]) => [key, { ...item, key }]));
        const rows = rowShapes.map((row, i) => ({ ...row, rowNumber: i + 2 }) as unknown as PlannedTagging);
        const expected = everyItemNamed(rows, known, 99);
        const { added, changed } = mergeImportedItems(rows, known, 99);
        expect(added).toStrictEqual([...expected.values()].filter((item) => !known.has(item.key)));
        const differing = [...expected.values()].filter((item) => {
          const stored = known.get(item.key);
          if (!stored) return false;
          try {
            expect(item).toStrictEqual(stored);
            return false;
          } catch {
            return true;
          }
        });
        expect(changed).toStrictEqual(differing);
      }),
      { numRuns: 500 },
    );
  });
});

describe('writing the items of an import', () => {
  let db: TagDatabase;
  beforeEach(() => {
    db = freshDatabase();
    let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000));
  });
  afterEach(() => vi.restoreAllMocks());

  const rows = (...cells: string[][]) => cells.map((row, i) => ({ rowNumber: i + 2, cells: row }));

  it('adds new items, fills gaps in stored ones and keeps the item count right', async () => {
    await applyTagging(db, { item: reviewItem('RTEAM1', { asin: 'B0CCCCCCCC', sku: undefined }), tagPath: 'A' });
    const before = await db.items.get((await db.items.toCollection().first())?.key ?? '');
    await commitCsvImport(
      db,
      [...DETAIL_HEADER],
      rows(detailCsvRow({ review_id: 'RTEAM1', sku: 'SKU-9' }), detailCsvRow({ review_id: 'RNEW', sku: 'SKU-2' })),
    );
    const items = await db.items.toArray();
    expect(items).toHaveLength(2);
    expect((await db.counters.get(ITEMS_COUNTER))?.value).toBe(2);
    const stored = items.find((item) => item.reviewId === 'RTEAM1');
    // The local text and time of update stay; the import only filled the missing SKU and dated it back.
    expect(stored).toMatchObject({ text: before?.text, updatedAt: before?.updatedAt, sku: 'SKU-9' });
    expect(stored?.firstSeenAt).toBe(Date.parse('2026-11-20T10:00:00+08:00'));
    expect(items.find((item) => item.reviewId === 'RNEW')).toMatchObject({ sku: 'SKU-2', asin: 'B0CCCCCCCC' });
  });

  it('fails whole, overwriting nothing, when an item it took for new is stored after all (a wrong count)', async () => {
    await applyTagging(db, { item: reviewItem('RTEAM1', { asin: 'B0CCCCCCCC' }), tagPath: 'A' });
    const before = await db.items.toArray();
    await db.counters.put({ name: ITEMS_COUNTER, value: 0 });
    await expect(commitCsvImport(db, [...DETAIL_HEADER], rows(detailCsvRow()))).rejects.toThrow();
    expect(await db.items.toArray()).toEqual(before);
    expect(await db.taggings.count()).toBe(1);
    expect(await db.tags.count()).toBe(1);
  });
});
