import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TagDatabase } from '@/lib/db/database';
import { queryTaggings } from '@/lib/db/issueQueries';
import { suggestAsins } from '@/lib/db/queries';
import { dataChanged } from '@/lib/db/readCache';
import { applyTagging, updateTaggingNote } from '@/lib/db/taggings';
import { createTagPath } from '@/lib/db/tags';
import { taggingFilterSchema } from '@/lib/messages';
import { freshDatabase, reviewItem } from './helpers';

let db: TagDatabase;
beforeEach(async () => {
  db = freshDatabase();
  let clock = new Date(2026, 10, 20, 9, 0, 0).getTime();
  vi.spyOn(Date, 'now').mockImplementation(() => (clock += 60_000));
  await applyTagging(db, { item: reviewItem('R1', { asin: 'B0AAAAAAAA' }), tagPath: 'Battery > Dead', note: 'Zapped' });
  await applyTagging(db, {
    item: reviewItem('R2', { asin: 'B0AAAAAAAB', marketplace: 'UK' }),
    tagPath: 'Battery',
    snippet: { exact: 'it died after a day', prefix: '', suffix: '' },
  });
  await applyTagging(db, {
    item: { source: 'message', marketplace: 'US', caseId: 'C1', asin: 'B0BBBBBBBB', pageUrl: 'https://x' },
    tagPath: 'Packaging',
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const filter = (input: Record<string, unknown> = {}) => taggingFilterSchema.parse(input);

describe('tagged-issues query', () => {
  it('filters by tag with descendants, ASIN, source, marketplace, text and dates', async () => {
    const battery = (await createTagPath(db, 'Battery')).tag.id;
    const ids = async (input: Record<string, unknown>) =>
      (await queryTaggings(db, filter(input), 0, 50)).rows.map((row) => row.snippet || row.note || row.source);
    expect(await ids({ tagId: battery })).toEqual(['it died after a day', 'Zapped']);
    expect(await ids({ asin: 'b0aaaaaaaa' })).toEqual(['Zapped']);
    expect(await ids({ source: 'message' })).toEqual(['message']);
    expect(await ids({ marketplace: 'UK' })).toEqual(['it died after a day']);
    expect(await ids({ text: 'DIED' })).toEqual(['it died after a day']);
    expect(await ids({ text: 'zap' })).toEqual(['Zapped']);
    const second = (await db.taggings.toArray()).find((t) => t.snippetText)!.createdAt;
    expect(await ids({ start: second, end: second + 1 })).toEqual(['it died after a day']);
  });

  it('sorts, pages and sees writes after invalidation', async () => {
    const all = await queryTaggings(db, filter({ sort: 'tag', direction: 'asc' }), 0, 2);
    expect(all.total).toBe(3);
    expect(all.rows.map((row) => row.tagPath)).toEqual(['Battery', 'Battery > Dead']);
    const next = await queryTaggings(db, filter({ sort: 'tag', direction: 'asc' }), 2, 2);
    expect(next.rows.map((row) => row.tagPath)).toEqual(['Packaging']);
    await updateTaggingNote(db, next.rows[0].id, 'boxed');
    dataChanged();
    expect((await queryTaggings(db, filter({ text: 'boxed' }), 0, 5)).total).toBe(1);
  });

  it('computes the result list once for pages requested together, and again after a write', async () => {
    dataChanged();
    const reads = vi.spyOn(db.taggings, 'toCollection');
    const query = filter({ sort: 'asin', direction: 'asc' });
    const pages = await Promise.all([0, 1, 2].map((offset) => queryTaggings(db, query, offset, 1)));
    expect(pages.map((page) => page.rows[0].asin)).toEqual(['B0AAAAAAAA', 'B0AAAAAAAB', 'B0BBBBBBBB']);
    expect(reads).toHaveBeenCalledTimes(1);
    await updateTaggingNote(db, pages[0].rows[0].id, 'again');
    dataChanged();
    expect((await queryTaggings(db, query, 0, 1)).rows[0].note).toBe('again');
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('suggests ASINs by prefix with counts', async () => {
    expect(await suggestAsins(db, 'b0a')).toEqual([
      { asin: 'B0AAAAAAAA', count: 1 },
      { asin: 'B0AAAAAAAB', count: 1 },
    ]);
    expect((await suggestAsins(db, '')).map((s) => s.asin)).toEqual(['B0AAAAAAAA', 'B0AAAAAAAB', 'B0BBBBBBBB']);
  });
});
