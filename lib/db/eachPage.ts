import type { IndexableType, Table } from 'dexie';

/**
 * Every record of `table` in primary-key order, `pageSize` at a time: only one page of large records (taggings,
 * items) is in memory at once. `keyOf` gives a record's primary key, where the next page starts after.
 */
export async function eachPage<T, K extends IndexableType, I>(
  table: Table<T, K, I>,
  pageSize: number,
  keyOf: (record: T) => K,
  visit: (page: T[]) => void | Promise<void>,
): Promise<void> {
  let last: K | undefined;
  for (;;) {
    const page = await (last === undefined ? table.orderBy(':id') : table.where(':id').above(last))
      .limit(pageSize)
      .toArray();
    if (page.length > 0) await visit(page);
    if (page.length < pageSize) return;
    last = keyOf(page[page.length - 1]);
  }
}
