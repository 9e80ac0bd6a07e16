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

/** What some facts roll up to: how many taggings, and how many of them per tag, item and ASIN. */
export interface RollUp {
  taggings: number;
  tags: Record<string, number>;
  items: Record<string, number>;
  asins: Record<string, number>;
}

/**
 * Hours: the facts rolled up per UTC hour, so a range's figures are small records instead of thousands of facts.
 * UTC hours fit every time zone's local days up to the zone's minutes; a range's unaligned ends are read from the
 * facts.
 */
export interface Hour extends RollUp {
  /** The hour's first millisecond. */
  hour: number;
}
export const HOURS_SCHEMA = 'hour';
export const HOUR_MS = 3_600_000;
export const hourOf = (time: number) => Math.floor(time / HOUR_MS) * HOUR_MS;

/**
 * Days: the same per UTC day, for long ranges: all time at 100,000 taggings over a year was 8,760 hour records and
 * took 1.1 s; a range's whole days come from ~365 day records, its partial days from hours.
 *
 * Only finished days are rolled up: the days store holds every UTC day before the `daysBefore` counter and nothing
 * from that day on, which is read from the hours. Applying a tag then never rewrites today's record, which on a busy
 * account holds thousands of items and tags (at 100k taggings it made every apply ~15 ms slower). The first write
 * of a new day rolls the days since up from their hours and moves the counter on (catchUpDays).
 */
export interface Day extends RollUp {
  /** The day's first millisecond (UTC). */
  day: number;
}
export const DAYS_SCHEMA = 'day';
export const DAY_MS = 86_400_000;
export const dayOf = (time: number) => Math.floor(time / DAY_MS) * DAY_MS;
/** The counter holding the first day not rolled up into the days store (absent: none are, as in a new database). */
export const DAYS_BEFORE = 'daysBefore';

/** Running totals kept with the facts: `taggings` is how many there are (a count over 100k records is slow). */
export interface Counter {
  name: string;
  value: number;
}
export const COUNTERS_SCHEMA = 'name';

const emptyRollUp = (): RollUp => ({ taggings: 0, tags: {}, items: {}, asins: {} });

/** What the facts of some taggings add to (sign 1) or take from (sign -1) the hours, days and tagging count. */
class Tally {
  readonly hours = new Map<number, Hour>();
  readonly days = new Map<number, Day>();
  taggings = 0;

  add(fact: Fact, sign: 1 | -1): void {
    const hour = hourOf(fact.createdAt);
    const day = dayOf(fact.createdAt);
    count(
      at(this.hours, hour, () => ({ hour, ...emptyRollUp() })),
      fact,
      sign,
    );
    count(
      at(this.days, day, () => ({ day, ...emptyRollUp() })),
      fact,
      sign,
    );
    this.taggings += sign;
  }
}

function count(rollUp: RollUp, fact: Fact, sign: 1 | -1): void {
  rollUp.taggings += sign;
  bump(rollUp.tags, fact.tagId, sign);
  bump(rollUp.items, fact.itemKey, sign);
  if (fact.asin) bump(rollUp.asins, fact.asin, sign);
}

function bump(counts: Record<string, number>, key: string, by: number): void {
  const next = (counts[key] ?? 0) + by;
  if (next === 0) delete counts[key];
  else counts[key] = next;
}

/** A stored roll-up (or none yet) with a delta added: a new record, the stored one untouched. */
function merged<T extends RollUp>(stored: T | undefined, delta: T): T {
  const next: T = stored
    ? { ...stored, tags: { ...stored.tags }, items: { ...stored.items }, asins: { ...stored.asins } }
    : { ...delta, ...emptyRollUp() };
  next.taggings += delta.taggings;
  for (const field of ['tags', 'items', 'asins'] as const) {
    for (const [key, by] of Object.entries(delta[field])) bump(next[field], key, by);
  }
  return next;
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

/** Schema upgrade to version 4: the days, rolled up from the hours (filled since version 2). */
export async function fillDays(transaction: Transaction): Promise<void> {
  const hours = await (transaction.table('hours') as Table<Hour, number>).toArray();
  await transaction.table('days').bulkPut(daysOfHours(hours));
}

/** Hours rolled up into their days. */
function daysOfHours(hours: readonly Hour[]): Day[] {
  const days = new Map<number, Day>();
  for (const { hour: start, ...rollUp } of hours) {
    const day = dayOf(start);
    days.set(day, merged(days.get(day), { day, ...rollUp }));
  }
  return [...days.values()];
}

/**
 * Schema upgrade to version 5: the days store keeps finished days only, so today's and any later day's records go,
 * and the counter says so.
 */
export async function keepFinishedDays(transaction: Transaction): Promise<void> {
  const today = dayOf(Date.now());
  await (transaction.table('days') as Table<Day, number>).where('day').aboveOrEqual(today).delete();
  await transaction.table('counters').put({ name: DAYS_BEFORE, value: today } satisfies Counter);
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
    // Likewise the lines (lib/db/lines.ts) while upgrading to version 2, and the days to version 2 or 3: versions 3
    // and 4 fill them.
    const has = (store: string) => down.schema.tables.some((table) => table.name === store);
    const hasLines = has('lines');
    const hasDays = has('days');
    return {
      ...down,
      transaction: takingDerived(down, 'taggings', [
        ...DERIVED,
        ...(hasLines ? ['lines'] : []),
        ...(hasDays ? ['days'] : []),
      ]),
      table(name) {
        const table = down.table(name);
        if (name !== 'taggings') return table;
        const derived: Derived = {
          facts: down.table('facts'),
          hours: down.table('hours'),
          days: hasDays ? down.table('days') : undefined,
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
  days: DBCoreTable | undefined;
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
    const tallies = everything ? undefined : (early ?? readTallies(derived, trans, [...tally.hours.keys()]));
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
    const [stored, entries] = await Promise.all([tallies, lines?.entries]);
    const writes: Promise<unknown>[] = [check(derived.facts.mutate(mirror), trans)];
    if (everything) {
      writes.push(check(derived.hours.mutate({ type: 'deleteRange', trans, range: request.range }), trans));
      if (derived.days)
        writes.push(check(derived.days.mutate({ type: 'deleteRange', trans, range: request.range }), trans));
      writes.push(
        check(derived.counters.mutate({ type: 'put', trans, values: [{ name: 'taggings', value: 0 }] }), trans),
      );
      if (derived.lines) writes.push(check(clearLines(derived.lines, trans), trans));
    } else if (stored) {
      for (const write of rollUpWrites(derived.hours, trans, stored.hours, tally.hours, (hour) => hour.hour))
        writes.push(check(write, trans));
      const counters: Counter[] = [{ name: 'taggings', value: (stored.counter?.value ?? 0) + tally.taggings }];
      if (derived.days) {
        const deltas = finishedDayDeltas(tally, stored);
        for (const write of rollUpWrites(derived.days, trans, stored.days, deltas, (day) => day.day))
          writes.push(check(write, trans));
        if (stored.daysMoved) counters.push({ name: DAYS_BEFORE, value: stored.daysBefore });
      }
      writes.push(check(derived.counters.mutate({ type: 'put', trans, values: counters }), trans));
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

/** The value of `key`, made and set first if there is none. */
export function at<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** Above this many hours (or days), a bulk write reads them as one range instead of one get each. */
const ROLL_UPS_BY_RANGE = 16;

interface StoredTallies {
  hours: Map<number, Hour>;
  /** The stored days of the given times, and the days this write rolls up (catchUpDays). */
  days: Map<number, Day>;
  counter: Counter | undefined;
  /** The first day not rolled up once this write is done: its days before go to the days store, later ones don't. */
  daysBefore: number;
  /** Whether this write moves daysBefore on (a new day since the last write), with the days that rolls up. */
  daysMoved: boolean;
  caughtUp: Day[];
}

/**
 * The stored hours and days of the given times, the tagging count and where the days stand. A bulk write (CSV
 * import, restore) can touch thousands of hours, and a get per hour is a round trip each: from ROLL_UPS_BY_RANGE on
 * they are read as the one range from the first to the last, a single request. Read before any of the write's own
 * roll-ups are written: the days it catches up come from the hours as they were.
 */
async function readTallies(
  derived: Derived,
  trans: DBCoreTransaction,
  times: readonly number[],
): Promise<StoredTallies> {
  const [hours, days, [counter, marker]] = await Promise.all([
    recordsByKey<Hour>(derived.hours, trans, new Set(times.map(hourOf)), (hour) => hour.hour, ROLL_UPS_BY_RANGE),
    derived.days
      ? recordsByKey<Day>(derived.days, trans, new Set(times.map(dayOf)), (day) => day.day, ROLL_UPS_BY_RANGE)
      : new Map<number, Day>(),
    derived.counters.getMany({ trans, keys: ['taggings', DAYS_BEFORE] }) as Promise<(Counter | undefined)[]>,
  ]);
  const stored = marker?.value ?? 0;
  const daysBefore = Math.max(stored, dayOf(Date.now()));
  const daysMoved = derived.days !== undefined && daysBefore > stored;
  const caughtUp = daysMoved ? await catchUpDays(derived.hours, trans, stored, daysBefore) : [];
  for (const day of caughtUp) days.set(day.day, day);
  return { hours, days, counter, daysBefore, daysMoved, caughtUp };
}

/** The days from `from` up to `to`, rolled up from their stored hours (days with no taggings have none). */
async function catchUpDays(hours: DBCoreTable, trans: DBCoreTransaction, from: number, to: number): Promise<Day[]> {
  const range = { type: 2 as const, lower: from, upper: to, lowerOpen: false, upperOpen: true }; // DBCoreRangeType.Range
  const { result } = await hours.query({ trans, query: { index: hours.schema.primaryKey, range }, values: true });
  return daysOfHours(result as Hour[]);
}

/** The days to write: the deltas of finished days only (later days are read from the hours), and those caught up. */
function finishedDayDeltas(tally: Tally, stored: StoredTallies): Map<number, Day> {
  const deltas = new Map<number, Day>();
  for (const [day, delta] of tally.days) if (day < stored.daysBefore) deltas.set(day, delta);
  for (const { day } of stored.caughtUp) if (!deltas.has(day)) deltas.set(day, { day, ...emptyRollUp() });
  return deltas;
}

/** The writes of a tally's deltas to stored roll-ups: emptied ones are deleted, the rest put. */
function rollUpWrites<T extends RollUp>(
  table: DBCoreTable,
  trans: DBCoreTransaction,
  stored: Map<number, T>,
  deltas: Map<number, T>,
  keyOf: (rollUp: T) => number,
): Promise<DBCoreMutateResponse>[] {
  const next = [...deltas].map(([key, delta]) => merged(stored.get(key), delta));
  const empty = next.filter((rollUp) => rollUp.taggings === 0).map(keyOf);
  const kept = next.filter((rollUp) => rollUp.taggings !== 0);
  const writes: Promise<DBCoreMutateResponse>[] = [];
  if (empty.length > 0) writes.push(table.mutate({ type: 'delete', trans, keys: empty }));
  if (kept.length > 0) writes.push(table.mutate({ type: 'put', trans, values: kept }));
  return writes;
}

/** Derived data must never disagree with taggings: a failed write fails the whole transaction. */
export async function check(pending: Promise<DBCoreMutateResponse>, trans: DBCoreTransaction): Promise<void> {
  const result = await pending;
  if (result.numFailures > 0) {
    trans.abort();
    throw Object.values(result.failures)[0];
  }
}
