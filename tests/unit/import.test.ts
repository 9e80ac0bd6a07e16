import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { csvDocument, csvLines, parseCsv } from '@/lib/csv';
import type { TagDatabase } from '@/lib/db/database';
import { detailPage } from '@/lib/db/exportQueries';
import { applyTagging } from '@/lib/db/taggings';
import { createTagPath, createTagPaths, setArchived } from '@/lib/db/tags';
import { DETAIL_HEADER, type DetailColumn } from '@/lib/export/detail';
import {
  commitCsvImport,
  MAX_LENGTH,
  PathMemo,
  planCsvImport,
  quickCheckRow,
  type RowRecord,
  rowSchema,
} from '@/lib/import/detailCsv';
import { commit, preview, stage } from '@/lib/import/session';
import { SOURCES } from '@/lib/model';
import { ALL_TIME } from '@/lib/period';
import { detailCsvRow, exportDetailCsv, freshDatabase, reviewItem } from './helpers';

let db: TagDatabase;
beforeEach(() => {
  db = freshDatabase();
  let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
  vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('detail CSV import', () => {
  it('merges a teammate export: new rows in, duplicates skipped, formulas restored, tags created', async () => {
    const teammate = freshDatabase();
    await applyTagging(teammate, { item: reviewItem('R1'), tagPath: 'Battery > Dead' });
    await applyTagging(teammate, {
      item: reviewItem('R9', { rating: 1, sku: '-SKU' }),
      tagPath: 'Screen > Cracked',
      snippet: { exact: '=cmd|calc', prefix: '', suffix: '' },
      note: '+note',
    });
    await applyTagging(db, { item: reviewItem('R1'), tagPath: 'Battery > Dead' });
    const parsed = parseCsv(await exportDetailCsv(teammate));

    const plan = await planCsvImport(db, parsed.header, parsed.rows);
    expect(plan).toMatchObject({ rowsInFile: 2, duplicates: 1, rejected: [] });
    expect(plan.toImport).toHaveLength(1);
    expect(plan.newTags).toEqual(['Screen > Cracked']);
    expect(await db.taggings.count()).toBe(1);

    await commitCsvImport(db, parsed.header, parsed.rows);
    const mine = await detailPage(db, ALL_TIME, undefined, 0, 100);
    const theirs = await detailPage(teammate, ALL_TIME, undefined, 0, 100);
    const byCmd = (rows: string[][]) => rows.find((cells) => cells[12] === '=cmd|calc');
    expect(byCmd(mine.rows)).toEqual(byCmd(theirs.rows));
    expect(mine.total).toBe(2);
    const imported = (await db.taggings.toArray()).find((t) => t.snippetText === '=cmd|calc');
    expect(imported).toMatchObject({ note: '+note', asin: 'B0TESTASIN', source: 'review' });
    expect((await db.items.get(imported!.itemKey))?.sku).toBe('-SKU');

    // Importing the same file again adds nothing.
    const again = await planCsvImport(db, parsed.header, parsed.rows);
    expect(again).toMatchObject({ duplicates: 2, toImport: [] });
  });

  it('rejects bad rows with their numbers and reasons, and writes nothing', async () => {
    const text =
      csvDocument(DETAIL_HEADER, [
        detailCsvRow({}),
        detailCsvRow({ source: 'tweet' }),
        detailCsvRow({ tagged_at: 'yesterday' }),
        detailCsvRow({ rating: '7' }),
        detailCsvRow({ tag_path: '' }),
        detailCsvRow({ page_url: 'javascript:alert(1)' }),
      ]) + csvLines([['too', 'short']]);
    const parsed = parseCsv(text);
    const plan = await planCsvImport(db, parsed.header, parsed.rows);
    expect(plan.rejected.map((r) => r.row)).toEqual(['3', '4', '5', '6', '7', '8']);
    expect(plan.rejected[0].reason).toContain('source');
    expect(plan.rejected[1].reason).toContain('tagged_at');
    await expect(commitCsvImport(db, parsed.header, parsed.rows)).rejects.toMatchObject({ code: 'invalid-import' });
    expect(await db.taggings.count()).toBe(0);
    expect(await db.tags.count()).toBe(0);
  });

  it('rejects a file without our header', async () => {
    const parsed = parseCsv('a,b\r\n1,2\r\n');
    const plan = await planCsvImport(db, parsed.header, parsed.rows);
    expect(plan.rejected[0]).toMatchObject({ row: '1' });
    expect(plan.rejected[0].reason).toContain('Missing columns');
  });

  it('collapses the same row twice in one file', async () => {
    const parsed = parseCsv(csvDocument(DETAIL_HEADER, [detailCsvRow({}), detailCsvRow({})]));
    const plan = await commitCsvImport(db, parsed.header, parsed.rows);
    expect(plan.duplicates).toBe(1);
    expect(await db.taggings.count()).toBe(1);
    const tagging = (await db.taggings.toArray())[0];
    expect(tagging.createdAt).toBe(Date.parse('2026-11-20T10:00:00+08:00'));
  });

  it('finds duplicates of items without an Amazon ID by tag, snippet, source, ASIN and second', async () => {
    // Such items are keyed by page and time, so another page URL is another item: the second decides.
    const row = (overrides: Partial<Record<DetailColumn, string>> = {}) =>
      detailCsvRow({ source: 'other', review_id: '', snippet: 'loose screws', ...overrides });
    const first = parseCsv(csvDocument(DETAIL_HEADER, [row()]));
    await commitCsvImport(db, first.header, first.rows);
    const later = parseCsv(
      csvDocument(DETAIL_HEADER, [
        row(),
        row({ page_url: 'https://sellercentral.amazon.com/other/' }),
        row({ page_url: 'https://sellercentral.amazon.com/other/', snippet: 'stripped thread' }),
        row({ page_url: 'https://sellercentral.amazon.com/other/', asin: 'B0DDDDDDDD' }),
        row({ page_url: 'https://sellercentral.amazon.com/other/', tagged_at: '2026-11-20T10:00:01+08:00' }),
        row({ page_url: 'https://sellercentral.amazon.com/other/', tag: 'Rust', tag_path: 'Screws > Rust' }),
      ]),
    );
    const plan = await planCsvImport(db, later.header, later.rows);
    expect(plan.duplicates).toBe(2);
    expect(plan.toImport.map((planned) => planned.rowNumber)).toEqual([4, 5, 6, 7]);
    await commitCsvImport(db, later.header, later.rows);
    expect(await db.taggings.count()).toBe(5);
  });

  it('creates every new tag path of a file in one go and brings back archived levels it names', async () => {
    const { tag: kept } = await createTagPath(db, 'Screws > Rust');
    await setArchived(db, kept.parentId as string, true);
    await setArchived(db, kept.id, true);
    const paths = ['Screws > Loose', 'Screws > Rust', 'Battery > Dead', 'battery > ＤＥＡＤ', 'Battery > Swollen'];
    const parsed = parseCsv(
      csvDocument(
        DETAIL_HEADER,
        paths.map((path, i) => {
          const levels = path.split(' > ');
          return detailCsvRow({ review_id: `R${i}`, tag_path: path, tag: levels[1], top_tag: levels[0] });
        }),
      ),
    );
    const plan = await commitCsvImport(db, parsed.header, parsed.rows);
    expect(plan.newTags).toEqual(['Screws > Loose', 'Battery > Dead', 'Battery > Swollen']);
    const tags = await db.tags.toArray();
    expect(tags).toHaveLength(6);
    expect(tags.filter((tag) => tag.archived)).toEqual([]);
    const named = (name: string) => tags.find((tag) => tag.name === name);
    expect(named('Loose')).toMatchObject({ parentId: named('Screws')?.id, order: 1 });
    expect(named('Battery')).toMatchObject({ parentId: null, order: 1 });
    expect(named('Swollen')).toMatchObject({ parentId: named('Battery')?.id, order: 1 });
    const taggings = await db.taggings.toArray();
    expect(taggings.filter((t) => t.tagId === named('Dead')?.id)).toHaveLength(2);
  });

  it('creates many paths with createTagPaths as createTagPath would, one by one', async () => {
    const paths = ['A > B > C', 'A > B', 'a > b > d', 'E', 'A > Ｂ > C'];
    const other = freshDatabase();
    const one = [];
    for (const path of paths) one.push((await createTagPath(other, path)).tag);
    const many = await createTagPaths(db, paths);
    const shape = (tags: { id: string; parentId: string | null; name: string; order: number }[], all: typeof tags) =>
      tags.map((tag) => ({
        name: tag.name,
        order: tag.order,
        parent: all.find((parent) => parent.id === tag.parentId)?.name ?? null,
      }));
    expect(shape(many, await db.tags.toArray())).toEqual(shape(one, await other.tags.toArray()));
    expect(new Set(many.map((tag) => tag.id)).size).toBe(4);
    expect(await db.tags.count()).toBe(await other.tags.count());
  });

  it('validates a staged file once, and again when rows come after its preview; the commit checks the database again', async () => {
    const session = 'validated-once';
    const rows = [detailCsvRow({ review_id: 'RA' }), detailCsvRow({ review_id: 'RB' })].map((cells, i) => ({
      rowNumber: i + 2,
      cells,
    }));
    stage({ kind: 'csv', session, header: [...DETAIL_HEADER], rows: rows.slice(0, 1) });
    expect(await preview(db, session)).toMatchObject({ toImport: 1, ok: true });
    stage({ kind: 'csv', session, rows: rows.slice(1) });
    expect(await preview(db, session)).toMatchObject({ toImport: 2, ok: true });
    // Tagged by hand between the preview and the commit: the commit finds it a duplicate.
    await applyTagging(db, { item: reviewItem('RA', { asin: 'B0CCCCCCCC' }), tagPath: 'Screws > Loose' });
    expect(await commit(db, session)).toMatchObject({ toImport: 1, duplicates: 1 });
    expect(await db.taggings.count()).toBe(2);
  });
});

/** Cell values near every rule of rowSchema, and random text. */
const cells = {
  tagged_at: [
    '2026-11-20T10:00:00+08:00',
    '2026-11-20T10:00:00Z',
    '2026-11-20T10:00:00.12-0530',
    '2026-11-20 10:00:00Z',
  ],
  source: [...SOURCES, 'tweet', 'Review'],
  marketplace: ['US', 'UK', 'DEU', 'us', 'U', 'USAA'],
  asin: ['B0CCCCCCCC', 'b0cccccccc', 'B0CCCCCCC', 'B0CCCCCCCCC', 'B0CCCCCC-C'],
  rating: ['1', '5', '0', '6', '12', ' 1'],
  page_url: ['https://sellercentral.amazon.com/x', 'http://a', 'javascript:alert(1)', 'https://a b', 'ftp://a'],
} satisfies Partial<Record<DetailColumn, string[]>>;
const LIMITS: Partial<Record<DetailColumn, number>> = MAX_LENGTH;
const LEVELS = ['Screws', '螺丝', 'Ｌｏｏｓｅ', 'loose', ' Loose ', 'a'.repeat(100), 'b'.repeat(101), '', ' '];

const cellArbitrary = Object.fromEntries(
  DETAIL_HEADER.map((column) => {
    const near = (cells as Partial<Record<DetailColumn, string[]>>)[column] ?? [];
    const limit = LIMITS[column];
    const long = limit
      ? [limit, limit + 1].map((n) => (column === 'page_url' ? `https://${'a'.repeat(n - 8)}` : 'x'.repeat(n)))
      : [];
    return [column, fc.oneof(fc.constantFrom('', ...near, ...long), fc.string({ maxLength: 12 }))];
  }),
) as Record<DetailColumn, fc.Arbitrary<string>>;

/** A sound row with a few cells changed, and a tag path with its tag and top tag agreeing or not. */
const recordArbitrary: fc.Arbitrary<RowRecord> = fc
  .record({
    changes: fc.array(
      fc
        .constantFrom(...DETAIL_HEADER)
        .chain((column) => cellArbitrary[column].map((value) => [column, value] as const)),
      { maxLength: 3 },
    ),
    levels: fc.array(fc.oneof(fc.constantFrom(...LEVELS), fc.string({ maxLength: 4 })), { maxLength: 4 }),
    tag: fc.constantFrom('last', 'first', 'random', 'empty', 'LAST'),
    top: fc.constantFrom('first', 'last', 'random', 'empty'),
  })
  .map(({ changes, levels, tag, top }) => {
    const sound = detailCsvRow();
    const record = Object.fromEntries(DETAIL_HEADER.map((column, i) => [column, sound[i]])) as RowRecord;
    const pick = (choice: string, random: string) =>
      choice === 'last'
        ? (levels.at(-1) ?? '')
        : choice === 'LAST'
          ? (levels.at(-1) ?? '').toUpperCase()
          : choice === 'first'
            ? (levels[0] ?? '')
            : choice === 'empty'
              ? ''
              : random;
    if (levels.length > 0) {
      record.tag_path = levels.join(' > ');
      record.tag = pick(tag, 'Loose');
      record.top_tag = pick(top, 'Screws');
    }
    for (const [column, value] of changes) record[column] = value;
    return record;
  });

describe('the quick row check', () => {
  it('accepts exactly the rows rowSchema accepts, with the same result', () => {
    let accepted = 0;
    fc.assert(
      fc.property(recordArbitrary, (record) => {
        const quick = quickCheckRow(record, new PathMemo());
        const parsed = rowSchema.safeParse(record);
        expect(quick !== undefined).toBe(parsed.success);
        if (quick) {
          accepted++;
          expect(quick).toEqual(parsed.data);
        }
      }),
      { numRuns: 3_000 },
    );
    expect(accepted).toBeGreaterThan(300);
  });
});
