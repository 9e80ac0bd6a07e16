import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { csvDocument, csvLines, parseCsv } from '@/lib/csv';
import type { TagDatabase } from '@/lib/db/database';
import { detailPage } from '@/lib/db/exportQueries';
import { applyTagging } from '@/lib/db/taggings';
import { DETAIL_HEADER } from '@/lib/export/detail';
import { commitCsvImport, planCsvImport } from '@/lib/import/detailCsv';
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
});
