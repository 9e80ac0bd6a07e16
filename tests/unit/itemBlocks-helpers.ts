/** Checks of the item blocks (lib/db/itemBlocks.ts) against the items, shared by the itemBlocks and migration tests. */
import { expect } from 'vitest';
import type { TagDatabase } from '@/lib/db/database';
import {
  bucketOf,
  ITEM_BUCKETS,
  ITEM_FIELD_COUNT,
  type ItemBlock,
  type ItemEntry,
  itemEntriesOf,
  itemEntryOf,
} from '@/lib/db/itemBlocks';
import { wholeItemText } from '@/lib/export/detail';
import type { Item } from '@/lib/model';

/** As IndexedDB orders string keys: by UTF-16 code units (not code points, not locale). */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The detail export's cells of an item, spelled out field by field, so that itemEntryOf drifting from what the
 * export writes (a field left out, moved or formatted otherwise) fails here too.
 */
function cellsOf(item: Item): string[] {
  return [
    item.key,
    item.asin ?? '',
    item.sku ?? '',
    item.orderId ?? '',
    item.reviewId ?? '',
    item.rating === undefined ? '' : String(item.rating),
    item.returnReason ?? '',
    wholeItemText(item),
  ];
}

/** The blocks as they must be: one per bucket that has items, buckets ascending, entries by key. */
export function expectedItemBlocks(items: Item[]): { bucket: number; entries: ItemEntry[] }[] {
  const buckets = new Map<number, Item[]>();
  for (const item of items) {
    const bucket = bucketOf(item.key);
    let list = buckets.get(bucket);
    if (!list) buckets.set(bucket, (list = []));
    list.push(item);
  }
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([bucket, list]) => ({
      bucket,
      entries: [...list].sort((a, b) => byCodeUnits(a.key, b.key)).map(itemEntryOf),
    }));
}

function entriesChecked(block: ItemBlock): ItemEntry[] {
  expect(Number.isInteger(block.bucket) && block.bucket >= 0 && block.bucket < ITEM_BUCKETS).toBe(true);
  expect(typeof block.text).toBe('string');
  expect(block.ends).toBeInstanceOf(Uint32Array);
  expect(block.ends.length % ITEM_FIELD_COUNT).toBe(0);
  // No empty blocks: a bucket whose last item went loses its record.
  expect(block.ends.length).toBeGreaterThan(0);
  expect(block.ends.at(-1)).toBe(block.text.length);
  const entries = itemEntriesOf(block);
  expect(block.ends.length).toBe(entries.length * ITEM_FIELD_COUNT);
  for (const entry of entries) expect(bucketOf(entry[0])).toBe(block.bucket);
  return entries;
}

/** The item blocks hold exactly the items' export fields, and each block's entries are in the items' key order. */
export async function expectItemBlocksInStep(db: TagDatabase): Promise<void> {
  const [items, blocks, keyOrder] = await Promise.all([
    db.items.toArray(),
    db.itemBlocks.toArray(),
    db.items.orderBy(':id').primaryKeys(),
  ]);
  for (const item of items) expect(itemEntryOf(item)).toEqual(cellsOf(item));
  const actual = blocks.map((block) => ({ bucket: block.bucket, entries: entriesChecked(block) }));
  expect(actual).toEqual(expectedItemBlocks(items));
  // The order IndexedDB itself keeps the keys in, per bucket: what an export reading blocks in key order relies on.
  const inIndexOrder = [...keyOrder].sort((a, b) => bucketOf(a) - bucketOf(b));
  expect(actual.flatMap((block) => block.entries.map((entry) => entry[0]))).toEqual(inIndexOrder);
}
