/**
 * Changing packed blocks inside a transaction: the hour blocks of the taggings (lib/db/lines.ts) and the item
 * blocks (lib/db/itemBlocks.ts). Each is a derived store whose records pack many entries, so a change reads its
 * blocks, edits their entries and writes them back, in the transaction of the write it mirrors.
 *
 * Each transaction's claims, per store and block key: the promise of the block's entries after the last change
 * claimed. A change claims its blocks before reading them, so changes in one transaction (a tag merge updates
 * taggings one by one, maybe concurrently) take their turns per block and read it only once.
 */
import type { DBCoreMutateResponse, DBCoreTable, DBCoreTransaction } from 'dexie';
import { recordsByKey } from './recordsByKey';

/** How a store's blocks are keyed, unpacked and packed. */
export interface BlockCodec<Entry, Block> {
  keyOf(block: Block): number;
  entriesOf(block: Block): Entry[];
  blockOf(key: number, entries: readonly Entry[]): Block;
  /** From this many unclaimed blocks on, they are read as one range instead of one get per key. */
  byRangeFrom: number;
}

export interface BlocksChange<Entry> {
  /** The blocks' entries as they are now, by key. */
  entries: Promise<Map<number, Entry[]>>;
  /** Writes the blocks' new entries (keys not given are left as they were) and lets the next change have them. */
  write(next: Map<number, Entry[]>): Promise<DBCoreMutateResponse>[];
  /** Lets the next change have the blocks as they were (the change wrote nothing). */
  release(): void;
}

const claimed = new WeakMap<DBCoreTransaction, Map<string, Map<number, Promise<unknown[]>>>>();

/**
 * Claims the blocks of `keys` of `table` in the transaction: their entries now, and the way to write them. With
 * `read` false, blocks no earlier change claimed are taken as empty without reading them (a clear).
 */
export function claimBlocks<Entry, Block>(
  table: DBCoreTable,
  trans: DBCoreTransaction,
  keys: Iterable<number>,
  codec: BlockCodec<Entry, Block>,
  read = true,
): BlocksChange<Entry> {
  let stores = claimed.get(trans);
  if (!stores) claimed.set(trans, (stores = new Map()));
  let state = stores.get(table.name) as Map<number, Promise<Entry[]>> | undefined;
  if (!state) stores.set(table.name, (state = new Map()));
  const wanted = [...new Set(keys)];
  const previous = new Map<number, Promise<Entry[]>>();
  const unread: number[] = [];
  for (const key of wanted) {
    const earlier = state.get(key);
    if (earlier) previous.set(key, earlier);
    else unread.push(key);
  }
  const settle = new Map<number, (entries: Entry[]) => void>();
  for (const key of wanted) state.set(key, new Promise((resolve) => settle.set(key, resolve)));
  const entries = (async () => {
    const [stored, ...earlier] = await Promise.all([
      read ? readBlocks(table, trans, unread, codec) : new Map<number, Entry[]>(),
      ...[...previous].map(async ([key, pending]) => [key, await pending] as const),
    ]);
    return new Map([...stored, ...earlier]);
  })();
  let done = false;
  const release = (next: Map<number, Entry[]>) => {
    if (done) return;
    done = true;
    // A failed read leaves the blocks as stored (the transaction fails with it).
    entries.then(
      (now) => {
        for (const key of wanted) settle.get(key)?.(next.get(key) ?? now.get(key) ?? []);
      },
      () => {
        for (const key of wanted) settle.get(key)?.([]);
      },
    );
  };
  return {
    entries,
    release: () => release(new Map()),
    write(next) {
      const empty: number[] = [];
      const kept: Block[] = [];
      for (const [key, list] of next) {
        if (list.length === 0) empty.push(key);
        else kept.push(codec.blockOf(key, list));
      }
      const writes: Promise<DBCoreMutateResponse>[] = [];
      if (empty.length > 0) writes.push(table.mutate({ type: 'delete', trans, keys: empty }));
      if (kept.length > 0) writes.push(table.mutate({ type: 'put', trans, values: kept }));
      // After the writes are requested: the next change's own writes queue behind these.
      release(next);
      return writes;
    },
  };
}

/** A whole-table delete: every block goes, and the transaction's claims start again from the (empty) store. */
export function clearBlocks(table: DBCoreTable, trans: DBCoreTransaction): Promise<DBCoreMutateResponse> {
  claimed.get(trans)?.delete(table.name);
  return table.mutate({ type: 'deleteRange', trans, range: { type: 3, lower: undefined, upper: undefined } });
}

async function readBlocks<Entry, Block>(
  table: DBCoreTable,
  trans: DBCoreTransaction,
  keys: readonly number[],
  codec: BlockCodec<Entry, Block>,
): Promise<Map<number, Entry[]>> {
  const blocks = await recordsByKey<Block>(table, trans, new Set(keys), codec.keyOf, codec.byRangeFrom);
  const found = new Map<number, Entry[]>();
  for (const key of keys) {
    const block = blocks.get(key);
    found.set(key, block ? codec.entriesOf(block) : []);
  }
  return found;
}
