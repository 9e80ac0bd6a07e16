import { beforeEach, describe, expect, it } from 'vitest';
import type { TagDatabase } from '@/lib/db/database';
import { applyTagging, removeTagging, restoreTagging, taggingsForItems } from '@/lib/db/taggings';
import { itemKeyOf } from '@/lib/itemKey';
import { freshDatabase, reviewItem } from './helpers';

let db: TagDatabase;
beforeEach(() => {
  db = freshDatabase();
});

describe('applyTagging', () => {
  it('creates the tag path, the item and the tagging in one go', async () => {
    const result = await applyTagging(db, { item: reviewItem('R1ABCDEFGHIJK'), tagPath: 'Battery > Dead on arrival' });
    expect(result.created).toBe(true);
    expect(result.createdTags).toHaveLength(2);
    const item = await db.items.get(result.tagging.itemKey);
    expect(item).toMatchObject({ source: 'review', reviewId: 'R1ABCDEFGHIJK', asin: 'B0TESTASIN', rating: 2 });
    expect(result.tagging).toMatchObject({ asin: 'B0TESTASIN', source: 'review', marketplace: 'US' });
  });

  it('is idempotent for the same tag, item and snippet, but not for another snippet', async () => {
    const item = reviewItem('R1');
    const first = await applyTagging(db, { item, tagPath: 'Broken' });
    const again = await applyTagging(db, { item, tagPath: 'broken' });
    expect(again.created).toBe(false);
    expect(again.tagging.id).toBe(first.tagging.id);
    const snippet = await applyTagging(db, {
      item,
      tagId: first.tag.id,
      snippet: { exact: 'cracked lid', prefix: '', suffix: '' },
    });
    expect(snippet.created).toBe(true);
    expect(await db.taggings.count()).toBe(2);
  });

  it('writes the item only when a captured value is new or changed', async () => {
    const first = await applyTagging(db, { item: reviewItem('R7'), tagPath: 'A' });
    const stored = await db.items.get(first.tagging.itemKey);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await applyTagging(db, { item: reviewItem('R7'), tagPath: 'B' });
    expect(await db.items.get(first.tagging.itemKey)).toEqual(stored);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await applyTagging(db, { item: reviewItem('R7', { rating: 1 }), tagPath: 'C' });
    const changed = await db.items.get(first.tagging.itemKey);
    expect(changed).toMatchObject({ rating: 1, firstSeenAt: stored?.firstSeenAt });
    expect(changed?.updatedAt).toBeGreaterThan(stored?.updatedAt ?? 0);
  });

  it('keeps the item key stable across captures and merges newer context', async () => {
    await applyTagging(db, { item: reviewItem('R9', { sku: undefined }), tagPath: 'A' });
    await applyTagging(db, { item: reviewItem('R9', { sku: 'SKU-9' }), tagPath: 'B' });
    expect(await db.items.count()).toBe(1);
    expect((await db.items.get(itemKeyOf(reviewItem('R9'))))?.sku).toBe('SKU-9');
  });

  it('fails on an unknown tag id and writes nothing', async () => {
    await expect(applyTagging(db, { item: reviewItem('R1'), tagId: 'missing' })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(await db.items.count()).toBe(0);
  });
});

describe('remove and restore', () => {
  it('undoes a removal exactly', async () => {
    const { tagging } = await applyTagging(db, { item: reviewItem('R1'), tagPath: 'A' });
    const removed = await removeTagging(db, tagging.id);
    expect(await db.taggings.count()).toBe(0);
    await restoreTagging(db, removed);
    expect(await taggingsForItems(db, [tagging.itemKey])).toEqual([tagging]);
  });
});
