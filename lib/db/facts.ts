/**
 * Facts: one tiny record per tagging (its id, time, tag, item, ASIN and source), kept by the database itself so
 * the popup's statistics and the summary read ~100 bytes per tagging instead of the whole ~3 KB record.
 *
 * Facts are derived data: never exported, never written by app code. A DBCore middleware adds the facts store to
 * every read-write transaction that includes taggings and mirrors each taggings mutation (add, put, delete,
 * deleteRange) into it in the same transaction, so every write path — apply, remove, restore, change tag, merge,
 * delete with reassign, CSV import, backup restore, wipe — keeps them equal to the projection of the taggings,
 * and a rollback rolls both back together. The same flow keeps the hours, the tagging count and the hour blocks of
 * the detail export (lib/db/lines.ts), since it alone knows each mutation's old and new taggings.
 */
import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
  Table,
  Transaction,
} from 'dexie';
import Dexie from 'dexie';
import type { Source, Tagging } from '../model';
import { eachPage } from './eachPage';
import {
  blockHourOf,
  changed,
  claimHours,
  clearLines,
  entryOf,
  hasLine,
  type LineEntry,
  type LinesChange,
} from './lines';
import { recordsByKey } from './recordsByKey';

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

/**
 * Hours: the facts rolled up per UTC hour (taggings, and how many of them per tag, item and ASIN), so a week's
 * figures are ~170 small records instead of thousands of facts. UTC hours fit every time zone's local days up to
 * the zone's minutes; a range's unaligned ends are read from the facts.
 */
export interface Hour {
  hour: number;
  taggings: number;
  tags: Record<string, number>;
  items: Record<string, number>;
  asins: Record<string, number>;
}
export const HOURS_SCHEMA = 'hour';
export const HOUR_MS = 3_600_000;
export const hourOf = (time: number) => Math.floor(time / HOUR_MS) * HOUR_MS;

/** Running totals kept with the facts: `taggings` is how many there are (a count over 100k records is slow). */
export interface Counter {
  name: string;
  value: number;
}
export const COUNTERS_SCHEMA = 'name';

/** What the facts of some taggings add to (sign 1) or take from (sign -1) the hours and the tagging count. */
class Tally {
  readonly hours = new Map<number, Hour>();
  taggings = 0;

  add(fact: Fact, sign: 1 | -1): void {
    const at = hourOf(fact.createdAt);
    let hour = this.hours.get(at);
    if (!hour) {
      hour = { hour: at, taggings: 0, tags: {}, items: {}, asins: {} };
      this.hours.set(at, hour);
    }
    hour.taggings += sign;
    this.taggings += sign;
    bump(hour.tags, fact.tagId, sign);
    bump(hour.items, fact.itemKey, sign);
    if (fact.asin) bump(hour.asins, fact.asin, sign);
  }
}

function bump(counts: Record<string, number>, key: string, by: number): void {
  const next = (counts[key] ?? 0) + by;
  if (next === 0) delete counts[key];
  else counts[key] = next;
}

function merged(stored: Hour | undefined, delta: Hour): Hour {
  const hour: Hour = stored
    ? { ...stored, tags: { ...stored.tags }, items: { ...stored.items }, asins: { ...stored.asins } }
    : { hour: delta.hour, taggings: 0, tags: {}, items: {}, asins: {} };
  hour.taggings += delta.taggings;
  for (const field of ['tags', 'items', 'asins'] as const) {
    for (const [key, by] of Object.entries(delta[field])) bump(hour[field], key, by);
  }
  return hour;
}

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
  const tally = new Tally();
  await eachPage(
    taggings,
    2_000,
    (tagging) => tagging.id,
    async (page) => {
      const projected = page.map(factOf);
      for (const fact of projected) tally.add(fact, 1);
      await facts.bulkPut(projected);
    },
  );
  await transaction.table('hours').bulkPut([...tally.hours.values()]);
  await transaction.table('counters').put({ name: 'taggings', value: tally.taggings } satisfies Counter);
}

/** The parts of a bulk request that succeeded, in request order. */
export function succeeded<T>(list: readonly T[], response: DBCoreMutateResponse): T[] {
  return response.numFailures === 0 ? [...list] : list.filter((_, i) => !response.failures[i]);
}

/** A put of the same id twice keeps the last value: so do the derived stores. */
function lastOfEach(taggings: Tagging[]): Tagging[] {
  const byId = new Map<string, Tagging>();
  for (const tagging of taggings) {
    byId.delete(tagging.id);
    byId.set(tagging.id, tagging);
  }
  return byId.size === taggings.length ? taggings : [...byId.values()];
}

/** The facts mutation that mirrors a taggings mutation (only its parts that succeeded), or undefined. */
function mirrorOf(request: DBCoreMutateRequest, response: DBCoreMutateResponse): DBCoreMutateRequest | undefined {
  const { trans } = request;
  switch (request.type) {
    case 'add':
    case 'put': {
      const values = lastOfEach(succeeded(request.values as Tagging[], response)).map(factOf);
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

const DERIVED = ['facts', 'hours', 'counters'];

/**
 * The transactions of a middleware that keeps `derived` stores in step with `source`: a read-write transaction over
 * `source` also takes whichever of them it lacks, so the mirrored writes land in the same transaction.
 */
export function takingDerived(down: DBCore, source: string, derived: readonly string[]): DBCore['transaction'] {
  return (stores, mode, options) => {
    const missing = mode === 'readwrite' && stores.includes(source) ? derived.filter((s) => !stores.includes(s)) : [];
    return down.transaction(missing.length > 0 ? [...stores, ...missing] : stores, mode, options);
  };
}

export const factsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'facts',
  create(down) {
    // Stacks are also built over an older schema while upgrading it (no facts store yet): nothing to keep then,
    // and the version 2 upgrade fills the facts from whatever taggings there are.
    if (!down.schema.tables.some((table) => table.name === 'facts')) return down;
    // Likewise the lines (lib/db/lines.ts) while upgrading to version 2: version 3 fills them.
    const hasLines = down.schema.tables.some((table) => table.name === 'lines');
    return {
      ...down,
      transaction: takingDerived(down, 'taggings', hasLines ? [...DERIVED, 'lines'] : DERIVED),
      table(name) {
        const table = down.table(name);
        if (name !== 'taggings') return table;
        const derived: Derived = {
          facts: down.table('facts'),
          hours: down.table('hours'),
          counters: down.table('counters'),
          lines: hasLines ? down.table('lines') : undefined,
        };
        return { ...table, mutate: (request) => inTurn(request.trans, () => mirrored(table, derived, request)) };
      },
    };
  },
};

/**
 * Each transaction's taggings mutations, mirrored one after the other: a mutation learns what it replaces by reading
 * the derived stores, so two at once (Promise.all of puts of one id) would each miss the other's change.
 */
const turns = new WeakMap<DBCoreTransaction, { last: Promise<unknown>; running: number }>();

function inTurn<T>(trans: DBCoreTransaction, run: () => Promise<T>): Promise<T> {
  const queue = turns.get(trans) ?? { last: Promise.resolve(), running: 0 };
  // Usually nothing else is running in the transaction: start at once. Otherwise after the one before, through
  // Dexie's promise, which runs the continuation in this call's transaction zone (the layers below read it).
  const next = queue.running === 0 ? run() : Dexie.Promise.resolve(queue.last).then(run);
  queue.running++;
  turns.set(trans, queue);
  const finished = () => {
    if (--queue.running === 0) turns.delete(trans);
  };
  queue.last = next.then(finished, finished);
  return next;
}

interface Derived {
  facts: DBCoreTable;
  hours: DBCoreTable;
  counters: DBCoreTable;
  lines: DBCoreTable | undefined;
}

async function mirrored(
  taggings: DBCoreTable,
  derived: Derived,
  request: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  const { trans } = request;
  const everything = request.type === 'deleteRange' && request.range.type === 3; // DBCoreRangeType.Any: clear()
  // Read together with the taggings mutation: the facts it replaces or deletes (an added tagging has none) and,
  // for an add (applying a tag), already the hours it adds to and the count, so it costs one round trip more.
  let before: Promise<Fact[]> = Promise.resolve([]);
  if (request.type === 'put' || request.type === 'delete') {
    const ids = request.type === 'put' ? (request.values as Tagging[]).map((tagging) => tagging.id) : request.keys;
    before = derived.facts
      .getMany({ trans, keys: [...new Set(ids)] })
      .then((facts: (Fact | undefined)[]) => facts.filter((fact): fact is Fact => fact !== undefined));
  } else if (request.type === 'deleteRange' && !everything) {
    const query = { index: derived.facts.schema.primaryKey, range: request.range };
    before = derived.facts.query({ trans, query, values: true }).then((found) => found.result);
  }
  const early =
    request.type === 'add'
      ? readTallies(
          derived,
          trans,
          (request.values as Tagging[]).map((tagging) => hourOf(tagging.createdAt)),
        )
      : undefined;
  early?.catch(() => undefined);
  // An add's hour blocks are read with the mutation too; other writes learn their old hours from the facts first.
  let lines: LinesChange | undefined =
    derived.lines && request.type === 'add'
      ? claimHours(derived.lines, trans, (request.values as Tagging[]).flatMap(lineHour))
      : undefined;
  lines?.entries.catch(() => undefined);
  try {
    const [response, replaced] = await Promise.all([taggings.mutate(request), before]);
    const mirror = mirrorOf(request, response);
    if (!mirror) return response;
    const tally = new Tally();
    const gone = new Set<string>();
    if (!everything) {
      // Only puts and deletes replace facts (an add has none to replace, and a bulk add is 100,000 of them).
      if (replaced.length > 0) {
        for (const id of mirror.type === 'delete'
          ? mirror.keys
          : mirror.type === 'put'
            ? mirror.values.map((f) => f.id)
            : []) {
          gone.add(id);
        }
        for (const fact of replaced) if (mirror.type === 'deleteRange' || gone.has(fact.id)) tally.add(fact, -1);
      }
      if (mirror.type === 'put') for (const fact of mirror.values as Fact[]) tally.add(fact, 1);
    }
    const keys = [...tally.hours.keys()];
    const tallies = everything
      ? Promise.resolve({ stored: new Map<number, Hour>(), counter: undefined })
      : (early ?? readTallies(derived, trans, keys));
    // The lines to change, by hour: the replaced and deleted taggings' entries go, the written ones come.
    const leaving = new Map<number, Set<string>>();
    const arriving = new Map<number, LineEntry[]>();
    if (derived.lines && !everything) {
      for (const fact of replaced) {
        if (mirror.type === 'deleteRange' || gone.has(fact.id))
          at(leaving, blockHourOf(fact.createdAt), () => new Set()).add(fact.id);
      }
      const written =
        request.type === 'add' || request.type === 'put'
          ? lastOfEach(succeeded(request.values as Tagging[], response))
          : [];
      for (const tagging of written) {
        const entry = entryOf(tagging);
        if (!entry) continue;
        const hour = blockHourOf(entry.time);
        // Also any stale entry of the same id in its new hour, so an entry can never be there twice.
        at(leaving, hour, () => new Set()).add(entry.id);
        at(arriving, hour, () => []).push(entry);
      }
      lines ??= claimHours(derived.lines, trans, [...leaving.keys(), ...arriving.keys()]);
    }
    const [{ stored, counter }, entries] = await Promise.all([tallies, lines?.entries]);
    const writes: Promise<unknown>[] = [check(derived.facts.mutate(mirror), trans)];
    if (everything) {
      writes.push(check(derived.hours.mutate({ type: 'deleteRange', trans, range: request.range }), trans));
      writes.push(
        check(derived.counters.mutate({ type: 'put', trans, values: [{ name: 'taggings', value: 0 }] }), trans),
      );
      if (derived.lines) writes.push(check(clearLines(derived.lines, trans), trans));
    } else {
      const next = keys.map((key) => merged(stored.get(key), tally.hours.get(key) as Hour));
      const empty = next.filter((hour) => hour.taggings === 0).map((hour) => hour.hour);
      const kept = next.filter((hour) => hour.taggings !== 0);
      if (empty.length > 0) writes.push(check(derived.hours.mutate({ type: 'delete', trans, keys: empty }), trans));
      if (kept.length > 0) writes.push(check(derived.hours.mutate({ type: 'put', trans, values: kept }), trans));
      const value = (counter?.value ?? 0) + tally.taggings;
      writes.push(check(derived.counters.mutate({ type: 'put', trans, values: [{ name: 'taggings', value }] }), trans));
      if (lines && entries) {
        const blocks = new Map<number, LineEntry[]>();
        for (const hour of new Set([...leaving.keys(), ...arriving.keys()])) {
          blocks.set(hour, changed(entries.get(hour) ?? [], leaving.get(hour) ?? NONE, arriving.get(hour) ?? []));
        }
        for (const write of lines.write(blocks)) writes.push(check(write, trans));
      }
    }
    await Promise.all(writes);
    return response;
  } finally {
    // Whatever happened, the next change in this transaction may have the hours (a no-op once written).
    lines?.release();
  }
}

const NONE: ReadonlySet<string> = new Set();

/** The hour of a tagging's line, if it has one. */
const lineHour = (tagging: Tagging) => (hasLine(tagging) ? [blockHourOf(tagging.createdAt)] : []);

function at<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** Above this many hours, a bulk write reads its hours as one range instead of one get per hour. */
const HOURS_BY_RANGE = 16;

/**
 * The stored records of the given hours, by hour, and the tagging count. A bulk write (CSV import, restore) can
 * touch thousands of hours, and a get per hour is a round trip each: from HOURS_BY_RANGE on they are read as the
 * one range from the first to the last, a single request.
 */
async function readTallies(
  derived: Derived,
  trans: DBCoreTransaction,
  hours: readonly number[],
): Promise<{ stored: Map<number, Hour>; counter: Counter | undefined }> {
  const [stored, counter] = await Promise.all([
    recordsByKey<Hour>(derived.hours, trans, new Set(hours), (hour) => hour.hour, HOURS_BY_RANGE),
    derived.counters.get({ trans, key: 'taggings' }),
  ]);
  return { stored, counter };
}

/** Derived data must never disagree with taggings: a failed write fails the whole transaction. */
export async function check(pending: Promise<DBCoreMutateResponse>, trans: DBCoreTransaction): Promise<void> {
  const result = await pending;
  if (result.numFailures > 0) {
    trans.abort();
    throw Object.values(result.failures)[0];
  }
}
