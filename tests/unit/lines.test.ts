/**
 * Lines (lib/db/lines.ts) are kept by the database: after any sequence of taggings writes — single and bulk, new
 * and existing ids, failures on the unique index, deletes, ranges, clears, concurrent writes in one transaction,
 * rolled-back transactions and the app's own messages — the hour blocks hold exactly the taggings' export fields,
 * one block per UTC hour that has taggings, sorted as the createdAt index.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '@/lib/background/handlers';
import type { TagDatabase } from '@/lib/db/database';
import { LINE_BLOCK_MS } from '@/lib/db/lines';
import type { Tagging } from '@/lib/model';
import { freshDatabase, reviewItem } from './helpers';
import { expectedBlocks, expectLinesInStep } from './lines-helpers';

const HOSTILE = ['', ',', '"', '\r\n', '\u0000', '\uD800', '=1+1', ' x ', '😡', 'a\u001fb', '\uFFFF'];
const T0 = Date.UTC(2026, 10, 20, 23, 59, 58);

/** Few ids, items, tags and times (around midnight, some equal, some before 1970), so writes collide. */
const taggingArb = fc
  .record({
    id: fc.nat(9),
    item: fc.nat(3),
    tag: fc.nat(2),
    snippet: fc.option(fc.constantFrom(...HOSTILE.filter(Boolean)), { nil: undefined }),
    note: fc.constantFrom(...HOSTILE),
    url: fc.constantFrom(...HOSTILE),
    asin: fc.constantFrom('', 'B0AAAAAAAA', 'B0BBBBBBBB'),
    time: fc.oneof(
      fc.integer({ min: -3, max: 3 }).map((s) => T0 + s * 1000),
      fc.integer({ min: -3, max: 3 }).map((d) => T0 + d * LINE_BLOCK_MS),
      fc.constant(-1),
      fc.constant(0),
    ),
  })
  .map(
    (t): Tagging => ({
      id: `g-${t.id}`,
      itemKey: `review:US:review/R${t.item}`,
      tagId: `t-${t.tag}`,
      snippet: t.snippet === undefined ? undefined : { exact: t.snippet, prefix: '', suffix: '' },
      snippetText: t.snippet ?? '',
      note: t.note,
      pageUrl: t.url,
      asin: t.asin,
      source: 'review',
      marketplace: t.item % 2 ? 'US' : 'DE',
      createdAt: t.time,
      updatedAt: t.time,
    }),
  );

const operation = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), tagging: taggingArb }),
  fc.record({ kind: fc.constant('put' as const), tagging: taggingArb }),
  fc.record({ kind: fc.constant('bulkAdd' as const), taggings: fc.array(taggingArb, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('bulkPut' as const), taggings: fc.array(taggingArb, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('concurrentPuts' as const), taggings: fc.array(taggingArb, { maxLength: 5 }) }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.nat(9) }),
  fc.record({ kind: fc.constant('bulkDelete' as const), ids: fc.array(fc.nat(9), { maxLength: 5 }) }),
  fc.record({ kind: fc.constant('deleteIdRange' as const), from: fc.nat(9), to: fc.nat(9) }),
  fc.record({ kind: fc.constant('deleteBefore' as const), tagging: taggingArb }),
  fc.record({ kind: fc.constant('modifyNotes' as const), tag: fc.nat(2), note: fc.constantFrom(...HOSTILE) }),
  fc.record({ kind: fc.constant('updateEach' as const), tag: fc.nat(2), to: fc.nat(2) }),
  fc.record({
    kind: fc.constant('rolledBack' as const),
    taggings: fc.array(taggingArb, { maxLength: 4 }),
    id: fc.nat(9),
  }),
  fc.record({ kind: fc.constant('clear' as const) }),
  fc.record({ kind: fc.constant('apply' as const), item: fc.nat(3), path: fc.constantFrom('A', 'A > B', 'C') }),
  fc.record({ kind: fc.constant('remove' as const), n: fc.nat(20) }),
  fc.record({ kind: fc.constant('changeTag' as const), n: fc.nat(20), m: fc.nat(20) }),
  fc.record({ kind: fc.constant('merge' as const), n: fc.nat(20), m: fc.nat(20) }),
  fc.record({ kind: fc.constant('deleteTag' as const), n: fc.nat(20), m: fc.nat(20) }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

const ignore = () => undefined;

async function run(db: TagDatabase, op: Operation): Promise<void> {
  const send = (type: string, payload: unknown) => dispatch(db, { type, payload });
  const pick = <T>(list: T[], n: number): T | undefined => list[n % Math.max(list.length, 1)];
  switch (op.kind) {
    case 'add':
      await db.taggings.add(op.tagging).catch(ignore);
      return;
    case 'put':
      await db.taggings.put(op.tagging).catch(ignore);
      return;
    case 'bulkAdd':
      // Failures (existing ids, the unique index) fail one by one; the rest are written.
      await db.taggings.bulkAdd(op.taggings).catch(ignore);
      return;
    case 'bulkPut':
      await db.taggings.bulkPut(op.taggings).catch(ignore);
      return;
    case 'concurrentPuts':
      await db
        .transaction('rw', db.taggings, () => Promise.all(op.taggings.map((t) => db.taggings.put(t).catch(ignore))))
        .catch(ignore);
      return;
    case 'delete':
      await db.taggings.delete(`g-${op.id}`);
      return;
    case 'bulkDelete':
      await db.taggings.bulkDelete(op.ids.map((id) => `g-${id}`));
      return;
    case 'deleteIdRange':
      await db.taggings
        .where(':id')
        .between(`g-${Math.min(op.from, op.to)}`, `g-${Math.max(op.from, op.to)}`)
        .delete();
      return;
    case 'deleteBefore':
      await db.taggings.where('createdAt').below(op.tagging.createdAt).delete();
      return;
    case 'modifyNotes':
      await db.taggings.where('tagId').equals(`t-${op.tag}`).modify({ note: op.note });
      return;
    case 'updateEach':
      // As a tag merge moves taggings: one update per tagging in one transaction.
      await db
        .transaction('rw', db.taggings, async () => {
          for (const tagging of await db.taggings.where('tagId').equals(`t-${op.tag}`).toArray()) {
            await db.taggings.update(tagging.id, { tagId: `t-${op.to}`, createdAt: tagging.createdAt + LINE_BLOCK_MS });
          }
        })
        .catch(ignore);
      return;
    case 'rolledBack':
      await db
        .transaction('rw', db.taggings, async () => {
          await db.taggings.bulkPut(op.taggings).catch(ignore);
          await db.taggings.delete(`g-${op.id}`);
          throw new Error('rolled back');
        })
        .catch(ignore);
      return;
    case 'clear':
      await db.taggings.clear();
      return;
    case 'apply':
      await send('taggings.apply', { item: reviewItem(`R${op.item}`), tagPath: op.path });
      return;
    case 'remove': {
      const tagging = pick(await db.taggings.toArray(), op.n);
      if (tagging) await send('taggings.remove', { id: tagging.id });
      return;
    }
    case 'changeTag': {
      const tagging = pick(await db.taggings.toArray(), op.n);
      const tag = pick(await db.tags.toArray(), op.m);
      if (tagging && tag) await send('taggings.changeTag', { id: tagging.id, tagId: tag.id });
      return;
    }
    case 'merge': {
      const tags = await db.tags.toArray();
      const [source, target] = [pick(tags, op.n), pick(tags, op.m)];
      if (source && target) await send('tags.merge', { sourceId: source.id, targetId: target.id });
      return;
    }
    case 'deleteTag': {
      const tags = await db.tags.toArray();
      const [tag, target] = [pick(tags, op.n), pick(tags, op.m)];
      if (tag) await send('tags.delete', { id: tag.id, reassign: { to: 'tag', tagId: target?.id ?? 'missing' } });
      return;
    }
  }
}

describe('lines', () => {
  it('hold exactly the taggings, per UTC hour in index order, after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 14 }), async (operations) => {
        const db = freshDatabase();
        try {
          for (const op of operations) {
            await run(db, op);
            await expectLinesInStep(db);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('are written for a bulk add over many hours in one go, and emptied hours lose their block', async () => {
    const db = freshDatabase();
    const many: Tagging[] = Array.from({ length: 600 }, (_, i) => ({
      id: `g-${String(i).padStart(4, '0')}`,
      itemKey: `review:US:review/R${i % 7}`,
      tagId: 't-1',
      snippetText: `s${i}`,
      snippet: { exact: `s${i}`, prefix: '', suffix: '' },
      note: i % 3 ? '' : `note\u0000${i}`,
      pageUrl: '',
      asin: '',
      source: 'review',
      marketplace: 'US',
      // 40 hours and more (T0 is just before a full hour), several taggings at the same millisecond.
      createdAt: T0 + (i % 40) * LINE_BLOCK_MS + Math.floor(i / 80) * 1000,
      updatedAt: 0,
    }));
    await db.taggings.bulkAdd(many);
    expect(await db.lines.count()).toBe(expectedBlocks(many).length);
    await expectLinesInStep(db);
    const left = many.filter((_, i) => i % 40 >= 20);
    await db.taggings.bulkDelete(many.filter((_, i) => i % 40 < 20).map((t) => t.id));
    expect(await db.lines.count()).toBe(expectedBlocks(left).length);
    await expectLinesInStep(db);
    db.close();
  });
});
