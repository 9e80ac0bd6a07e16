/**
 * The item count (lib/db/itemCount.ts) is kept by the database: after any sequence of item writes — single and
 * bulk, new and existing keys, deletes, ranges, clears, failed transactions, and the app's own messages — it
 * equals a count of the items table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '@/lib/background/handlers';
import type { TagDatabase } from '@/lib/db/database';
import { ITEMS_COUNTER, itemCount } from '@/lib/db/itemCount';
import { totals } from '@/lib/db/queries';
import type { Item } from '@/lib/model';
import { freshDatabase, reviewItem } from './helpers';

const item = (n: number): Item =>
  ({
    key: `review:US:review/R${n}`,
    source: 'review',
    marketplace: 'US',
    reviewId: `R${n}`,
    pageUrl: '',
    firstSeenAt: n,
    updatedAt: n,
  }) as Item;

async function expectCounted(db: TagDatabase): Promise<void> {
  const counted = await db.items.count();
  expect(await itemCount(db)).toBe(counted);
  expect((await totals(db)).items).toBe(counted);
}

const keyNumber = fc.nat(12);
const operation = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), n: keyNumber }),
  fc.record({ kind: fc.constant('put' as const), n: keyNumber }),
  fc.record({ kind: fc.constant('bulkPut' as const), ns: fc.array(keyNumber, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('bulkAdd' as const), ns: fc.array(keyNumber, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('bulkDelete' as const), ns: fc.array(keyNumber, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('deleteBelow' as const), n: keyNumber }),
  fc.record({ kind: fc.constant('failedPut' as const), ns: fc.array(keyNumber, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('clear' as const) }),
  fc.record({ kind: fc.constant('apply' as const), n: keyNumber }),
);

describe('the kept item count', () => {
  it('equals a count of the items after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 12 }), async (operations) => {
        const db = freshDatabase();
        for (const op of operations) {
          switch (op.kind) {
            case 'add':
              await db.items.add(item(op.n)).catch(() => undefined);
              break;
            case 'put':
              await db.items.put(item(op.n));
              break;
            case 'bulkPut':
              await db.items.bulkPut(op.ns.map(item));
              break;
            case 'bulkAdd':
              // Existing keys fail one by one; the rest are added.
              await db.items.bulkAdd(op.ns.map(item)).catch(() => undefined);
              break;
            case 'bulkDelete':
              await db.items.bulkDelete(op.ns.map((n) => item(n).key));
              break;
            case 'deleteBelow':
              await db.items.where('key').below(item(op.n).key).delete();
              break;
            case 'failedPut':
              await db
                .transaction('rw', db.items, async () => {
                  await db.items.bulkPut(op.ns.map(item));
                  throw new Error('rolled back');
                })
                .catch(() => undefined);
              break;
            case 'clear':
              await db.items.clear();
              break;
            case 'apply':
              await dispatch(db, { type: 'taggings.apply', payload: { item: reviewItem(`R${op.n}`), tagPath: 'A' } });
              break;
          }
          await expectCounted(db);
        }
        db.close();
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('is counted once on the first write of a database from before it', async () => {
    const db = freshDatabase();
    await db.items.bulkAdd([item(1), item(2), item(3)]);
    // As a database written before the count existed: no counter.
    await db.counters.delete(ITEMS_COUNTER);
    expect(await itemCount(db)).toBe(3);
    await db.items.put(item(4));
    expect((await db.counters.get(ITEMS_COUNTER))?.value).toBe(4);
    await expectCounted(db);
    db.close();
  });

  it('is recounted after bulk writes (import, restore), new and existing keys mixed', async () => {
    const db = freshDatabase();
    await db.items.bulkPut(Array.from({ length: 300 }, (_, n) => item(n)));
    await expectCounted(db);
    await db.items.bulkPut(Array.from({ length: 700 }, (_, n) => item(n + 100)));
    expect(await itemCount(db)).toBe(800);
    await db.items.bulkDelete(Array.from({ length: 600 }, (_, n) => item(n * 2).key));
    await expectCounted(db);
    db.close();
  });
});
