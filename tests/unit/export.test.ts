import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TagDatabase } from '@/lib/db/database';
import { detailPage } from '@/lib/db/exportQueries';
import { periodStats, summaryRows } from '@/lib/db/queries';
import { applyTagging } from '@/lib/db/taggings';
import { createTagPath, tagsWithCounts } from '@/lib/db/tags';
import { DETAIL_HEADER, exportFileName } from '@/lib/export/detail';
import { SUMMARY_HEADER } from '@/lib/export/summary';
import { ALL_TIME } from '@/lib/period';
import { freshDatabase, reviewItem } from './helpers';

let db: TagDatabase;
beforeEach(() => {
  db = freshDatabase();
  // Distinct, increasing tagging times so the detail order is deterministic.
  let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
  vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000));
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function seed() {
  await applyTagging(db, { item: reviewItem('R1', { asin: 'B0AAAAAAAA', rating: 1 }), tagPath: 'Battery > Dead' });
  await applyTagging(db, { item: reviewItem('R2', { asin: 'B0AAAAAAAA' }), tagPath: 'Battery > Swollen' });
  await applyTagging(db, {
    item: reviewItem('R2', { asin: 'B0AAAAAAAA' }),
    tagPath: 'Battery',
    snippet: { exact: '=HYPERLINK("x")', prefix: '', suffix: '' },
    note: 'check',
  });
  await applyTagging(db, {
    item: {
      source: 'return',
      marketplace: 'DE',
      orderId: '302-1',
      asin: 'B0BBBBBBBB',
      returnReason: 'Defective',
      pageUrl: 'https://sellercentral-europe.amazon.com/returns',
    },
    tagPath: 'Battery > Dead',
  });
  await applyTagging(db, { item: reviewItem('R3', { asin: 'B0BBBBBBBB' }), tagPath: 'Packaging' });
}

describe('detail rows', () => {
  it('has one row per tagging with the item fields, paths and top tags', async () => {
    await seed();
    const page = await detailPage(db, ALL_TIME, undefined, 0, 100);
    expect(page.total).toBe(5);
    const rows = page.rows.map((cells) => Object.fromEntries(DETAIL_HEADER.map((column, i) => [column, cells[i]])));
    expect(rows[0]).toMatchObject({
      source: 'review',
      marketplace: 'US',
      asin: 'B0AAAAAAAA',
      review_id: 'R1',
      rating: '1',
      tag: 'Dead',
      tag_path: 'Battery > Dead',
      top_tag: 'Battery',
      // Nothing selected: the snippet column quotes the item's whole text.
      snippet: 'Review R1',
    });
    expect(rows[0].tagged_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(rows[2]).toMatchObject({
      tag: 'Battery',
      tag_path: 'Battery',
      top_tag: 'Battery',
      snippet: '=HYPERLINK("x")',
      note: 'check',
    });
    expect(rows[3]).toMatchObject({
      source: 'return',
      marketplace: 'DE',
      order_id: '302-1',
      return_reason: 'Defective',
    });
    const second = await detailPage(db, ALL_TIME, undefined, 2, 2);
    expect(second.rows).toEqual(page.rows.slice(2, 4));
    expect((await detailPage(db, ALL_TIME, 'B0BBBBBBBB', 0, 10)).total).toBe(2);
  });

  it('names files after the product, the kind, the ASIN and the period', () => {
    expect(exportFileName('detail', '2026-11-16_2026-11-22')).toBe('after-sales-tags-detail-2026-11-16_2026-11-22.csv');
    expect(exportFileName('summary', 'all', 'B0AAAAAAAA')).toBe('after-sales-tags-summary-B0AAAAAAAA-all.csv');
  });
});

describe('summary rows', () => {
  it('rolls counts up per ASIN, with an ALL block first, and agrees with the tree counts', async () => {
    await seed();
    const rows = (await summaryRows(db, ALL_TIME)).map((cells) =>
      Object.fromEntries(SUMMARY_HEADER.map((column, i) => [column, cells[i]])),
    );
    const brief = rows.map((row) => [row.asin, row.tag_path, row.level, row.own_count, row.total_count]);
    expect(brief).toEqual([
      ['ALL', 'Battery', '1', '1', '4'],
      ['ALL', 'Battery > Dead', '2', '2', '2'],
      ['ALL', 'Battery > Swollen', '2', '1', '1'],
      ['ALL', 'Packaging', '1', '1', '1'],
      ['B0AAAAAAAA', 'Battery', '1', '1', '3'],
      ['B0AAAAAAAA', 'Battery > Dead', '2', '1', '1'],
      ['B0AAAAAAAA', 'Battery > Swollen', '2', '1', '1'],
      ['B0BBBBBBBB', 'Battery', '1', '0', '1'],
      ['B0BBBBBBBB', 'Battery > Dead', '2', '1', '1'],
      ['B0BBBBBBBB', 'Packaging', '1', '1', '1'],
    ]);
    expect(rows[0]).toMatchObject({ top_tag: 'Battery', review: '3', return: '1', feedback: '0' });
    const tree = await tagsWithCounts(db);
    for (const tag of tree) {
      const row = rows.find((r) => r.asin === 'ALL' && r.tag_path === tag.path);
      expect(Number(row?.total_count ?? 0)).toBe(tag.total);
      expect(Number(row?.own_count ?? 0)).toBe(tag.own);
    }
    const stats = await periodStats(db, ALL_TIME);
    expect(stats).toMatchObject({ taggings: 5, items: 4, asins: 2 });
    expect(stats.top.map((problem) => [problem.name, problem.total])).toEqual([
      ['Battery', 4],
      ['Packaging', 1],
    ]);
    expect(stats.top[0].children.map((child) => [child.name, child.total])).toEqual([
      ['Dead', 2],
      ['Swollen', 1],
    ]);
  });

  it('leaves out tags without taggings and respects the period', async () => {
    await createTagPath(db, 'Unused > Child');
    await seed();
    const rows = await summaryRows(db, { start: 0, end: 1 });
    expect(rows).toEqual([]);
    expect((await summaryRows(db, ALL_TIME)).some((row) => row[2].startsWith('Unused'))).toBe(false);
  });
});

describe('detail pages by cursor', () => {
  it('give every tagging exactly once, in order, also where many share the same time', async () => {
    vi.restoreAllMocks();
    let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
    // Bursts of taggings within the same millisecond, as a bulk import writes them.
    vi.spyOn(Date, 'now').mockImplementation(() => Math.floor((clock += 250) / 1000) * 1000);
    for (let i = 0; i < 23; i++) {
      await applyTagging(db, {
        item: reviewItem(`R${i}`, { asin: i % 2 ? 'B0AAAAAAAA' : 'B0BBBBBBBB' }),
        tagPath: 'A',
      });
    }
    for (const [asin, size] of [
      [undefined, 3],
      [undefined, 1],
      ['B0AAAAAAAA', 1],
    ] as const) {
      const whole = await detailPage(db, ALL_TIME, asin, 0, 1000);
      const paged: string[][] = [];
      let after: { createdAt: number; skip: number } | undefined;
      for (let guard = 0; guard < 50; guard++) {
        const page = await detailPage(db, ALL_TIME, asin, paged.length, size, after);
        if (page.rows.length === 0) break;
        paged.push(...page.rows);
        after = page.last;
      }
      expect(paged).toEqual(whole.rows);
      expect(paged).toHaveLength(asin ? 11 : 23);
    }
  });
});
