/**
 * The item count, kept in the counters store (lib/db/facts.ts) next to the tagging count: counting 20,000 items
 * took ~80 ms of every popup opening. A DBCore middleware adds the counters store to every read-write transaction
 * that includes items and adjusts the count by each items mutation in that same transaction, so every write path
 * (apply, CSV import, backup restore, wipe) keeps it right and a rollback rolls both back.
 *
 * Databases written before the count existed have no `items` counter: the first items write counts the table once
 * and stores it, and until then `itemCount` counts (self-healing, no schema upgrade).
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, Middleware } from 'dexie';
import type { TagDatabase } from './database';
import { type Counter, takingDerived } from './facts';

export const ITEMS_COUNTER = 'items';

/** Keys in one put or delete from which the table is counted again instead of reading the items first. */
const RECOUNT_FROM = 500;

const ANY_RANGE = { type: 3 as const, lower: undefined, upper: undefined }; // DBCoreRangeType.Any

export const itemCountMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'itemCount',
  create(down) {
    // Built over the version 1 schema too while upgrading it (no counters store yet): nothing to keep then.
    if (!down.schema.tables.some((table) => table.name === 'counters')) return down;
    return {
      ...down,
      transaction: takingDerived(down, 'items', ['counters']),
      table(name) {
        const table = down.table(name);
        if (name !== 'items') return table;
        const counters = down.table('counters');
        return { ...table, mutate: (request) => counted(table, counters, request) };
      },
    };
  },
};

async function counted(
  items: DBCoreTable,
  counters: DBCoreTable,
  request: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const { trans } = request;
  const everything = request.type === 'deleteRange' && request.range.type === ANY_RANGE.type;
  // Which of the keys a put or delete touches exist already, read with the mutation.
  const keys =
    request.type === 'put'
      ? (request.keys ?? request.values.map((item: { key: string }) => item.key))
      : request.type === 'delete'
        ? request.keys
        : [];
  // A bulk write (import, restore) recounts the table afterwards: cheaper than reading every item it touches.
  const recount = keys.length >= RECOUNT_FROM;
  const before =
    keys.length > 0 && !recount
      ? items.getMany({ trans, keys }).then((found) => new Set(keys.filter((_, i) => found[i] !== undefined)))
      : Promise.resolve(new Set<unknown>());
  const inRange =
    request.type === 'deleteRange' && !everything
      ? items.count({ trans, query: { index: items.schema.primaryKey, range: request.range } })
      : Promise.resolve(0);
  const stored = counters.get({ trans, key: ITEMS_COUNTER }) as Promise<Counter | undefined>;
  const [response, existed, removedByRange, counter] = await Promise.all([
    items.mutate(request),
    before,
    inRange,
    stored,
  ]);
  let value: number;
  if (everything) value = 0;
  else if (!counter || recount) {
    // No count yet (a database from before it), or a bulk write: count the table as it is now.
    value = await items.count({ trans, query: { index: items.schema.primaryKey, range: ANY_RANGE } });
  } else {
    const ok = (i: number) => response.numFailures === 0 || !response.failures[i];
    const fresh = new Set<unknown>();
    let delta = 0;
    if (request.type === 'add') delta = request.values.length - response.numFailures;
    else if (request.type === 'put') {
      keys.forEach((key, i) => {
        if (ok(i) && !existed.has(key)) fresh.add(key);
      });
      delta = fresh.size;
    } else if (request.type === 'delete') {
      const gone = new Set(keys.filter((key, i) => ok(i) && existed.has(key)));
      delta = -gone.size;
    } else delta = -removedByRange;
    value = counter.value + delta;
  }
  const written = await counters.mutate({ type: 'put', trans, values: [{ name: ITEMS_COUNTER, value }] });
  if (written.numFailures > 0) {
    trans.abort();
    throw Object.values(written.failures)[0];
  }
  return response;
}

/** How many items there are: the kept count, or a count of the table while none is kept yet. */
export async function itemCount(db: TagDatabase): Promise<number> {
  const counter = await db.counters.get(ITEMS_COUNTER);
  return counter ? counter.value : db.items.count();
}
