/**
 * Facts: one tiny record per tagging (its id, time, tag, item, ASIN and source), kept by the database itself so
 * the popup's statistics and the summary read ~100 bytes per tagging instead of the whole ~3 KB record.
 *
 * Facts are derived data: never exported, never written by app code. A DBCore middleware adds the facts store to
 * every read-write transaction that includes taggings and mirrors each taggings mutation (add, put, delete,
 * deleteRange) into it in the same transaction, so every write path — apply, remove, restore, change tag, merge,
 * delete with reassign, CSV import, backup restore, wipe — keeps them equal to the projection of the taggings,
 * and a rollback rolls both back together.
 */
import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  Middleware,
  Table,
  Transaction,
} from 'dexie';
import type { Source, Tagging } from '../model';

export interface Fact {
  id: string;
  createdAt: number;
  tagId: string;
  itemKey: string;
  asin: string;
  source: Source;
}

/** The facts store: by time, and by ASIN and time (the same ranges taggings are asked for). */
export const FACTS_SCHEMA = 'id, createdAt, [asin+createdAt]';

export function factOf(tagging: Tagging): Fact {
  return {
    id: tagging.id,
    createdAt: tagging.createdAt,
    tagId: tagging.tagId,
    itemKey: tagging.itemKey,
    asin: tagging.asin ?? '',
    source: tagging.source,
  };
}

/** Schema upgrade to version 2: one fact per existing tagging, read in pages (records are large). */
export async function fillFacts(transaction: Transaction): Promise<void> {
  const taggings = transaction.table('taggings') as Table<Tagging, string>;
  const facts = transaction.table('facts') as Table<Fact, string>;
  const PAGE = 2_000;
  let last: string | undefined;
  for (;;) {
    const page = await (last === undefined ? taggings.orderBy('id') : taggings.where('id').above(last))
      .limit(PAGE)
      .toArray();
    if (page.length === 0) return;
    await facts.bulkPut(page.map(factOf));
    last = page[page.length - 1].id;
  }
}

function succeeded<T>(list: readonly T[], response: DBCoreMutateResponse): T[] {
  return response.numFailures === 0 ? [...list] : list.filter((_, i) => !response.failures[i]);
}

/** The facts mutation that mirrors a taggings mutation (only its parts that succeeded), or undefined. */
function mirrorOf(request: DBCoreMutateRequest, response: DBCoreMutateResponse): DBCoreMutateRequest | undefined {
  const { trans } = request;
  switch (request.type) {
    case 'add':
    case 'put': {
      const values = succeeded(request.values as Tagging[], response).map(factOf);
      return values.length > 0 ? { type: 'put', trans, values } : undefined;
    }
    case 'delete': {
      const keys = succeeded(request.keys, response);
      return keys.length > 0 ? { type: 'delete', trans, keys } : undefined;
    }
    case 'deleteRange':
      return { type: 'deleteRange', trans, range: request.range };
  }
}

export const factsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'facts',
  create(down) {
    // Stacks are also built over an older schema while upgrading it (no facts store yet): nothing to keep then,
    // and the version 2 upgrade fills the facts from whatever taggings there are.
    if (!down.schema.tables.some((table) => table.name === 'facts')) return down;
    return {
      ...down,
      transaction(stores, mode, options) {
        const widen = mode === 'readwrite' && stores.includes('taggings') && !stores.includes('facts');
        return down.transaction(widen ? [...stores, 'facts'] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== 'taggings') return table;
        const facts = down.table('facts');
        return { ...table, mutate: (request) => mirrored(table, facts, request) };
      },
    };
  },
};

async function mirrored(
  taggings: DBCoreTable,
  facts: DBCoreTable,
  request: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const response = await taggings.mutate(request);
  const mirror = mirrorOf(request, response);
  if (mirror) {
    const result = await facts.mutate(mirror);
    if (result.numFailures > 0) {
      // Facts must never disagree with taggings: fail the whole transaction rather than commit a difference.
      request.trans.abort();
      throw Object.values(result.failures)[0];
    }
  }
  return response;
}
