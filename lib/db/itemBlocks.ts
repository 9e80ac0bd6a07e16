/**
 * Item blocks: the detail export's fields of every item (ASIN, SKU, order, review, rating, return reason and the
 * text a tagging of the whole item quotes), packed into ITEM_BUCKETS records by a hash of the item's key, kept by
 * the database itself: a DBCore middleware mirrors every items mutation into them in the same transaction.
 *
 * Why: the export of every tagging needs the cells of every item, and IndexedDB's cost is per record — reading
 * 20,000 items took 350–550 ms of a 100,000-row export (their keys alone ~120 ms); 512 blocks read in a few tens.
 * Why a hash and not time: an item is written again whenever it is tagged, and its bucket never moves, so a write
 * rewrites one block of (at 20,000 items) ~40 items. The hash and the bucket count are part of the stored data:
 * changing either needs a schema upgrade that refills the store.
 *
 * Fields are packed like the hour blocks (lib/db/lines.ts): concatenated, with `ends` saying where each ends.
 */
import {
  cmp,
  type DBCore,
  type DBCoreKeyRange,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type Middleware,
  type Table,
  type Transaction,
} from 'dexie';
import { itemColumns, wholeItemText } from '../export/detail';
import type { Item } from '../model';
import { type BlockCodec, claimBlocks } from './blockClaims';
import { eachPage } from './eachPage';
import { at, check, succeeded, takingDerived } from './facts';

export const ITEM_BLOCKS_SCHEMA = 'bucket';
export const ITEM_BUCKETS = 512;

/** An item's fields, in the order they are packed (all strings; '' when the item has none). */
export const ITEM_FIELDS = [
  'key',
  'asin',
  'sku',
  'orderId',
  'reviewId',
  'rating',
  'returnReason',
  'wholeItem',
] as const;
export const ITEM_FIELD_COUNT = ITEM_FIELDS.length;
export const ItemField = {
  Key: 0,
  Asin: 1,
  Sku: 2,
  OrderId: 3,
  ReviewId: 4,
  Rating: 5,
  ReturnReason: 6,
  WholeItem: 7,
} as const;

export interface ItemBlock {
  bucket: number;
  /** Every entry's fields, concatenated without separators; entries in key order. */
  text: string;
  /** Where each field ends in `text`: entry i's field j ends at ends[i * ITEM_FIELD_COUNT + j]. */
  ends: Uint32Array;
}

/** One item's fields, in ITEM_FIELDS order. */
export type ItemEntry = readonly string[];

/** The bucket of an item key: FNV-1a over its UTF-16 code units. Stored data depends on it: never change it. */
export function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % ITEM_BUCKETS;
}

export function itemEntryOf(item: Item): ItemEntry {
  return [item.key, item.asin ?? '', ...itemColumns(item), wholeItemText(item)].map(String);
}

export function itemEntriesOf(block: ItemBlock): ItemEntry[] {
  const { text, ends } = block;
  const count = ends.length / ITEM_FIELD_COUNT;
  const entries: ItemEntry[] = new Array(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const fields: string[] = new Array(ITEM_FIELD_COUNT);
    for (let j = 0; j < ITEM_FIELD_COUNT; j++) {
      const end = ends[i * ITEM_FIELD_COUNT + j];
      fields[j] = text.slice(start, end);
      start = end;
    }
    entries[i] = fields;
  }
  return entries;
}

/** A block of entries, packed in key order (as IndexedDB orders string keys: by UTF-16 code units). */
export function itemBlockOf(bucket: number, entries: readonly ItemEntry[]): ItemBlock {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ends = new Uint32Array(sorted.length * ITEM_FIELD_COUNT);
  let offset = 0;
  sorted.forEach((fields, i) => {
    for (let j = 0; j < ITEM_FIELD_COUNT; j++) ends[i * ITEM_FIELD_COUNT + j] = offset += fields[j].length;
  });
  return { bucket, text: sorted.map((fields) => fields.join('')).join(''), ends };
}

const ITEM_CODEC: BlockCodec<ItemEntry, ItemBlock> = {
  keyOf: (block) => block.bucket,
  entriesOf: itemEntriesOf,
  blockOf: itemBlockOf,
  // A bulk write touches most buckets: one range of them all is one request.
  byRangeFrom: 16,
};

/** Schema upgrade to version 4: the blocks of every existing item, read in pages (records are large). */
export async function fillItemBlocks(transaction: Transaction): Promise<void> {
  const items = transaction.table('items') as Table<Item, string>;
  const buckets = new Map<number, ItemEntry[]>();
  await eachPage(
    items,
    2_000,
    (item) => item.key,
    (page) => {
      for (const item of page) at(buckets, bucketOf(item.key), () => []).push(itemEntryOf(item));
    },
  );
  const blocks = [...buckets].map(([bucket, entries]) => itemBlockOf(bucket, entries));
  const table = transaction.table('itemBlocks') as Table<ItemBlock, number>;
  for (let i = 0; i < blocks.length; i += 64) await table.bulkPut(blocks.slice(i, i + 64));
}

const EVERY_BUCKET = Array.from({ length: ITEM_BUCKETS }, (_, bucket) => bucket);
const NO_ENTRIES = new Map<number, ItemEntry[]>(EVERY_BUCKET.map((bucket) => [bucket, []]));

export const itemBlocksMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'itemBlocks',
  create(down) {
    // Built over older schemas too while upgrading them: nothing to keep then, and version 4 fills the blocks.
    if (!down.schema.tables.some((table) => table.name === 'itemBlocks')) return down;
    return {
      ...down,
      transaction: takingDerived(down, 'items', ['itemBlocks']),
      table(name) {
        const table = down.table(name);
        if (name !== 'items') return table;
        const blocks = down.table('itemBlocks');
        return { ...table, mutate: (request) => mirrored(table, blocks, request) };
      },
    };
  },
};

async function mirrored(
  items: DBCoreTable,
  blocks: DBCoreTable,
  request: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const { trans } = request;
  if (request.type === 'deleteRange' && request.range.type === 3) {
    // clear() (DBCoreRangeType.Any). Every bucket is claimed like any change (unread: all of them go) and left
    // empty, so a write started before it in the same transaction lands before the clear, and one after it, after.
    const change = claimBlocks(blocks, trans, EVERY_BUCKET, ITEM_CODEC, false);
    try {
      const [response] = await Promise.all([items.mutate(request), change.entries]);
      await Promise.all(change.write(NO_ENTRIES).map((write) => check(write, trans)));
      return response;
    } finally {
      change.release();
    }
  }
  // The buckets are claimed before the items mutation is even made, so changes in one transaction keep its order.
  const keys =
    request.type === 'add' || request.type === 'put'
      ? (request.values as Item[]).map((item) => item.key)
      : request.type === 'delete'
        ? (request.keys as string[])
        : undefined; // a range: its keys could be in any bucket
  const change = claimBlocks(blocks, trans, keys ? keys.map(bucketOf) : EVERY_BUCKET, ITEM_CODEC);
  change.entries.catch(() => undefined);
  try {
    const [response, entries] = await Promise.all([items.mutate(request), change.entries]);
    const next = new Map<number, Map<string, ItemEntry>>();
    const bucket = (index: number) => {
      let byKey = next.get(index);
      if (!byKey) {
        byKey = new Map((entries.get(index) ?? []).map((entry) => [entry[0], entry]));
        next.set(index, byKey);
      }
      return byKey;
    };
    if (request.type === 'add' || request.type === 'put') {
      // In request order: a put of one key twice keeps the last.
      for (const item of succeeded(request.values as Item[], response))
        bucket(bucketOf(item.key)).set(item.key, itemEntryOf(item));
    } else if (request.type === 'delete') {
      for (const key of succeeded(request.keys as string[], response)) bucket(bucketOf(key)).delete(key);
    } else {
      for (const index of EVERY_BUCKET) {
        if (!entries.get(index)?.length) continue;
        const byKey = bucket(index);
        for (const key of [...byKey.keys()]) if (inRange(key, request.range)) byKey.delete(key);
      }
    }
    const written = new Map<number, ItemEntry[]>();
    for (const [index, byKey] of next) written.set(index, [...byKey.values()]);
    await Promise.all(change.write(written).map((write) => check(write, trans)));
    return response;
  } finally {
    change.release();
  }
}

function inRange(key: string, range: DBCoreKeyRange): boolean {
  if (range.type === 4) return false; // Never
  if (range.type === 1) return cmp(key, range.lower) === 0; // Equal
  if (range.lower !== undefined) {
    const low = cmp(key, range.lower);
    if (low < 0 || (low === 0 && range.lowerOpen)) return false;
  }
  if (range.upper !== undefined) {
    const high = cmp(key, range.upper);
    if (high > 0 || (high === 0 && range.upperOpen)) return false;
  }
  return true;
}
