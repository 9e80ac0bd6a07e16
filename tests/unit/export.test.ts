import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { csvLines, parseCsv } from '@/lib/csv';
import type { TagDatabase } from '@/lib/db/database';
import { type DetailCsvMessage, detailPage, streamDetailCsv, writeDetailCsv } from '@/lib/db/exportQueries';
import { periodStats, summaryRows } from '@/lib/db/queries';
import { applyTagging } from '@/lib/db/taggings';
import { createTagPath, tagsWithCounts } from '@/lib/db/tags';
import { DETAIL_HEADER, exportFileName, LocalTimeWriter } from '@/lib/export/detail';
import { SUMMARY_HEADER } from '@/lib/export/summary';
import { ALL_TIME, isoWithOffset } from '@/lib/period';
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

/** 23 taggings in bursts within the same second, as a bulk import writes them; returns the clock after them. */
async function seedBursts(): Promise<number> {
  vi.restoreAllMocks();
  let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
  vi.spyOn(Date, 'now').mockImplementation(() => Math.floor((clock += 250) / 1000) * 1000);
  for (let i = 0; i < 23; i++) {
    await applyTagging(db, {
      item: reviewItem(`R${i}`, { asin: i % 2 ? 'B0AAAAAAAA' : 'B0BBBBBBBB' }),
      tagPath: 'A',
    });
  }
  return clock;
}

describe('detail pages by cursor', () => {
  it('give every tagging exactly once, in order, also where many share the same time', async () => {
    await seedBursts();
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

describe('detail CSV text', () => {
  /**
   * The whole export as writeDetailCsv gives it, with `chunk` rows per chunk written and taggings per read of one
   * ASIN, and `chunk` hour blocks per read without an ASIN.
   */
  async function written(asin: string | undefined, chunk: number, range = ALL_TIME, fewAtOneTime = 1) {
    let text = '';
    const progress: [number, number][] = [];
    const reads: [number, number][] = [];
    const rows = await writeDetailCsv(
      db,
      range,
      asin,
      (part, count, done, total) => {
        expect(parseCsv(`h\r\n${part}`).rows).toHaveLength(count);
        text += part;
        progress.push([done, total]);
      },
      { chunk, blocksPerRead: chunk, fewAtOneTime, onProgress: (done, total) => reads.push([done, total]) },
    );
    // Progress as the taggings are read, up to every row.
    expect(reads.at(-1)).toEqual(rows > 0 ? [rows, rows] : undefined);
    for (let i = 1; i < reads.length; i++) expect(reads[i][0]).toBeGreaterThan(reads[i - 1][0]);
    return { text, rows, progress };
  }

  async function seedTricky() {
    await seed();
    await applyTagging(db, {
      item: reviewItem('R4', { asin: undefined, text: '-5 stars, "awful"\r\nreally', rating: undefined }),
      tagPath: '=Evil, "tag" > +child ',
      note: '@note\nwith, comma',
    });
    await applyTagging(db, {
      item: reviewItem('R5', { asin: 'B0CCCCCCCC', text: ' 尺寸偏小，建议买大一号。' }),
      tagPath: '包装破损',
      snippet: { exact: '\t中文 "quote"', prefix: '', suffix: '' },
    });
    await applyTagging(db, { item: reviewItem('R6', { text: '' }), tagPath: 'Packaging', note: "'=already" });
  }

  it('is the same bytes as the rows written with the CSV writer, for any chunk size', async () => {
    await seedTricky();
    // An item gone from the database: its row keeps the tagging's own cells.
    await db.items.delete((await db.taggings.orderBy('createdAt').first())?.itemKey ?? '');
    const whole = await detailPage(db, ALL_TIME, undefined, 0, 1000);
    expect(whole.rows).toHaveLength(8);
    for (const chunk of [1, 2, 3, 8, 1000]) {
      const { text, rows, progress } = await written(undefined, chunk);
      expect(text, `chunk ${chunk}`).toBe(csvLines(whole.rows));
      expect(rows).toBe(8);
      expect(progress.at(-1)).toEqual([8, 8]);
    }
    for (const asin of ['B0AAAAAAAA', 'B0CCCCCCCC', 'B0NONE']) {
      const expected = csvLines((await detailPage(db, ALL_TIME, asin, 0, 1000)).rows);
      expect((await written(asin, 2)).text, asin).toBe(expected);
    }
    const range = { start: (await db.taggings.orderBy('createdAt').first())?.createdAt ?? 0, end: Date.now() };
    expect((await written(undefined, 3, range)).text).toBe(
      csvLines((await detailPage(db, range, undefined, 0, 1000)).rows),
    );
    expect(await written(undefined, 10, { start: 0, end: 1 })).toEqual({ text: '', rows: 0, progress: [] });
  });

  it('gives every tagging once across chunks where many share a time', async () => {
    const clock = await seedBursts();
    // And one burst longer than a chunk.
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    for (let i = 0; i < 9; i++) await applyTagging(db, { item: reviewItem(`S${i}`), tagPath: 'B' });
    const expected = csvLines((await detailPage(db, ALL_TIME, undefined, 0, 1000)).rows);
    // Not quite all time: read through the time index, chunk by chunk.
    const nearlyAll = { start: ALL_TIME.start + 1, end: ALL_TIME.end };
    for (const chunk of [1, 2, 3, 4, 5, 31, 32, 33]) {
      for (const fewAtOneTime of [0, 1, 2, 100]) {
        const { text, rows } = await written(undefined, chunk, nearlyAll, fewAtOneTime);
        expect(text, `chunk ${chunk}, ${fewAtOneTime}`).toBe(expected);
        expect(rows).toBe(32);
      }
      // All time: the table in key order, put in time order (equal times in id order, as the time index has them).
      expect(await written(undefined, chunk), `all time, chunk ${chunk}`).toMatchObject({ text: expected, rows: 32 });
    }
    const oneAsin = csvLines((await detailPage(db, ALL_TIME, 'B0AAAAAAAA', 0, 1000)).rows);
    for (const chunk of [1, 2, 3]) expect((await written('B0AAAAAAAA', chunk)).text).toBe(oneAsin);
  });

  it('streams to the popup over a BroadcastChannel: chunks, then the end', async () => {
    await seedTricky();
    const name = `sct-export:test-${Date.now()}`;
    const listener = new BroadcastChannel(name);
    const messages: DetailCsvMessage[] = [];
    const ended = new Promise<void>((resolve) => {
      listener.onmessage = (event: MessageEvent<DetailCsvMessage>) => {
        messages.push(event.data);
        if (event.data.kind === 'end') resolve();
      };
    });
    expect(await streamDetailCsv(db, ALL_TIME, undefined, name)).toEqual({ rows: 8 });
    await ended;
    listener.close();
    // The rows come as CSV text, in order (the popup makes each chunk a Blob as it arrives).
    const parts = messages.map((message) => (message.kind === 'rows' ? message.text : ''));
    expect(parts.join('')).toBe(csvLines((await detailPage(db, ALL_TIME, undefined, 0, 1000)).rows));
    expect(messages.filter((message) => message.kind === 'progress').at(-1)).toEqual({
      kind: 'progress',
      done: 8,
      total: 8,
    });
    expect(messages.at(-1)).toEqual({ kind: 'end', rows: 8 });
  });
});

describe('local times for the detail CSV', () => {
  it('writes what isoWithOffset writes, across zones, daylight saving changes and days', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of [
        'UTC',
        'America/New_York',
        'Europe/Berlin',
        'Asia/Kathmandu',
        'Australia/Lord_Howe',
        'Asia/Shanghai',
      ]) {
        process.env.TZ = tz;
        expect(isoWithOffset(Date.UTC(2026, 6, 1)).endsWith(tz === 'America/New_York' ? '-04:00' : '')).toBe(true);
        const writer = new LocalTimeWriter();
        const times = [0, -1, 1, 86_399_999, Date.UTC(2026, 2, 8, 6, 59, 59), Date.UTC(2026, 9, 25, 0, 30)];
        for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 25_199_917) times.push(t);
        for (const time of times) expect(writer.iso(time), `${tz} ${time}`).toBe(isoWithOffset(time));
        // Out of order too (an export of the whole table writes in key order), with a fresh writer.
        const shuffled = new LocalTimeWriter();
        for (const time of [...times].reverse()) expect(shuffled.iso(time), `${tz} ${time}`).toBe(isoWithOffset(time));
      }
    } finally {
      process.env.TZ = zone;
    }
  });
});
