/**
 * Results of background reads kept until the next write. The background is the database's only writer and every
 * write comes through its dispatch (lib/background/handlers.ts), which calls `dataChanged` after each one, so a kept
 * result is always what the read would give now.
 *
 * Results are kept as promises: requests that arrive together share one computation. A computation that a write
 * overtakes is dropped with the rest (a caller already waiting on it gets what was read before the write); a failed
 * one is not kept.
 */
const caches = new Set<Map<string, Promise<unknown>>>();

/** A cache of at most `limit` results by key: `(key, compute) => the kept or a new result`. */
export function readCache<T>(limit: number): (key: string, compute: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, Promise<T>>();
  caches.add(entries as Map<string, Promise<unknown>>);
  return (key, compute) => {
    const kept = entries.get(key);
    if (kept) return kept;
    const result = compute();
    if (entries.size >= limit) entries.clear();
    entries.set(key, result);
    result.catch(() => {
      if (entries.get(key) === result) entries.delete(key);
    });
    return result;
  };
}

/** Called after every write (and every attempted one): no kept result can be trusted any more. */
export function dataChanged(): void {
  for (const entries of caches) entries.clear();
}
