/**
 * The detail export without an ASIN reads the hour blocks (lib/db/lines.ts); it must give the same bytes as the rows
 * of the taggings read through the createdAt index and written one by one with csvLine(detailRow(...)), for any data:
 * equal times, periods that cut days, time zones, empty snippets and notes, missing items, hostile text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from '@/lib/csv';
import type { TagDatabase } from '@/lib/db/database';
import { writeDetailCsv } from '@/lib/db/exportQueries';
import { LINE_BLOCK_MS } from '@/lib/db/lines';
import { taggingsIn, tagIndex } from '@/lib/db/queries';
import { detailRow } from '@/lib/export/detail';
import type { Item, Tag, Tagging } from '@/lib/model';
import { ALL_TIME, type DateRange } from '@/lib/period';
import { freshDatabase } from './helpers';

const HOSTILE = [
  '',
  ' ',
  ',',
  '"q"',
  '\r\n',
  '\u0000',
  '\uD800',
  '=1+1',
  "'=x",
  '-2',
  ' lead',
  '😡',
  '\uFEFF',
  'a\u001fb',
];
const T0 = Date.UTC(2026, 2, 29, 0, 30); // Around a daylight saving change in Europe.

const text = fc.constantFrom(...HOSTILE);
const taggingArb = fc.record({
  item: fc.nat(5),
  tag: fc.nat(3),
  snippet: fc.option(text, { nil: undefined }),
  note: text,
  url: text,
  asin: fc.constantFrom('', 'B0AAAAAAAA', '=B0'),
  source: fc.constantFrom('review', 'return', 'message') as fc.Arbitrary<Tagging['source']>,
  marketplace: fc.constantFrom('US', 'DE', ''),
  // Hours apart over a few days, a third at one shared time.
  time: fc.oneof(
    fc.integer({ min: -60, max: 120 }).map((h) => T0 + h * 3_599_999),
    fc.constant(T0),
  ),
});

async function seed(db: TagDatabase, raw: Raw[]): Promise<void> {
  const tags: Tag[] = ['Quality', '=Evil, "tag"', ' 包装 ', 'Late'].map((name, i) => ({
    id: `t-${i}`,
    parentId: i === 1 ? 't-0' : null,
    name,
    nameKey: name,
    initials: '',
    color: '',
    note: '',
    order: i,
    archived: false,
    createdAt: 0,
    updatedAt: 0,
  }));
  // Items 0..3 exist (item 4 and 5 are gone): with and without text, ASIN and rating.
  const items: Item[] = [0, 1, 2, 3].map((n) => ({
    key: `review:US:review/R${n}`,
    source: 'review',
    marketplace: 'US',
    reviewId: `R${n}`,
    asin: n % 2 ? `B0ITEM000${n}` : undefined,
    rating: n === 2 ? undefined : n + 1,
    text: n === 3 ? '' : HOSTILE[(n * 5) % HOSTILE.length] || `text ${n}`,
    buyerComment: n === 3 ? '-comment, "x"' : undefined,
    sku: n === 1 ? '+SKU' : undefined,
    pageUrl: '',
    firstSeenAt: 0,
    updatedAt: 0,
  }));
  const taggings: Tagging[] = raw.map((t, i) => ({
    id: `g-${String(i).padStart(3, '0')}-${i % 7}`,
    itemKey: `review:US:review/R${t.item}`,
    tagId: `t-${t.tag}`,
    snippet: t.snippet === undefined ? undefined : { exact: t.snippet, prefix: '', suffix: '' },
    snippetText: `${t.snippet ?? ''}${i}`,
    note: t.note,
    pageUrl: t.url,
    asin: t.asin,
    source: t.source,
    marketplace: t.marketplace,
    createdAt: t.time,
    updatedAt: t.time,
  }));
  await db.tags.bulkAdd(tags);
  await db.items.bulkAdd(items);
  // Half in one bulk write, the rest one by one (both keep the blocks).
  const half = Math.floor(taggings.length / 2);
  await db.taggings.bulkAdd(taggings.slice(0, half));
  for (const tagging of taggings.slice(half)) await db.taggings.add(tagging);
}
type Raw = typeof taggingArb extends fc.Arbitrary<infer T> ? T : never;

/** The export as it was: the range's taggings through the time index, each row written by the CSV writer. */
async function rowByRow(db: TagDatabase, range: DateRange): Promise<string> {
  const [taggings, index] = await Promise.all([taggingsIn(db, range).toArray(), tagIndex(db)]);
  const items = new Map((await db.items.toArray()).map((item) => [item.key, item]));
  return taggings.map((tagging) => csvLine(detailRow(tagging, items.get(tagging.itemKey), index))).join('');
}

async function throughBlocks(db: TagDatabase, range: DateRange, chunk: number, blocksPerRead: number) {
  let text = '';
  let rows = 0;
  const done = await writeDetailCsv(
    db,
    range,
    undefined,
    (part, count) => {
      text += part;
      rows += count;
    },
    { chunk, blocksPerRead },
  );
  expect(done).toBe(rows);
  return text;
}

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham'];

describe('the detail export through hour blocks', () => {
  it('gives the same bytes as writing the indexed rows one by one', async () => {
    const zone = process.env.TZ;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(taggingArb, { maxLength: 40 }),
          fc.constantFrom(...ZONES),
          fc.option(fc.tuple(fc.integer({ min: -3 * 24, max: 6 * 24 }), fc.integer({ min: 0, max: 5 * 24 })), {
            nil: undefined,
          }),
          fc.integer({ min: 1, max: 7 }),
          fc.integer({ min: 1, max: 4 }),
          async (raw, tz, period, chunk, blocksPerRead) => {
            process.env.TZ = tz;
            const db = freshDatabase();
            try {
              await seed(db, raw);
              // A period starting and ending anywhere (also mid-day, also on a tagging's exact time), or all time.
              const range = period
                ? { start: T0 + period[0] * 3_600_000 - (period[0] % 3), end: T0 + (period[0] + period[1]) * 3_600_000 }
                : ALL_TIME;
              expect(await throughBlocks(db, range, chunk, blocksPerRead)).toBe(await rowByRow(db, range));
              const exact = { start: T0, end: T0 + LINE_BLOCK_MS };
              expect(await throughBlocks(db, exact, chunk, blocksPerRead)).toBe(await rowByRow(db, exact));
            } finally {
              db.close();
            }
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      process.env.TZ = zone;
    }
  }, 120_000);
});
