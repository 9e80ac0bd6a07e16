import type { DBCoreTable, DBCoreTransaction } from 'dexie';

/**
 * The stored records of some numeric keys (hours), by key, in one request: a get of each key, or from `byRangeFrom`
 * keys on, the one range from the lowest to the highest (a bulk write can touch thousands of hours, and a get per
 * key is a round trip each). Records in that range that were not asked for are left out.
 */
export async function recordsByKey<T>(
  table: DBCoreTable,
  trans: DBCoreTransaction,
  keys: ReadonlySet<number>,
  keyOf: (record: T) => number,
  byRangeFrom: number,
): Promise<Map<number, T>> {
  let records: (T | undefined)[];
  if (keys.size >= byRangeFrom) {
    let lower = Number.POSITIVE_INFINITY;
    let upper = Number.NEGATIVE_INFINITY;
    for (const key of keys) {
      lower = Math.min(lower, key);
      upper = Math.max(upper, key);
    }
    const range = { type: 2 as const, lower, upper, lowerOpen: false, upperOpen: false }; // DBCoreRangeType.Range
    records = (await table.query({ trans, query: { index: table.schema.primaryKey, range }, values: true })).result;
  } else {
    records = keys.size === 0 ? [] : await table.getMany({ trans, keys: [...keys] });
  }
  const found = new Map<number, T>();
  for (const record of records) if (record && keys.has(keyOf(record))) found.set(keyOf(record), record);
  return found;
}
