/**
 * Property-based fuzzing of the background's message dispatcher: whatever arrives, dispatch never throws, always
 * answers `{ok:true, value}` or `{ok:false, error:{code, message}}` with a known code, and a message it refuses
 * changes nothing in the database and announces no change.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '@/lib/background/handlers';
import type { TagDatabase } from '@/lib/db/database';
import { applyTagging } from '@/lib/db/taggings';
import { createTagPath } from '@/lib/db/tags';
import type { ErrorCode } from '@/lib/errors';
import { type MessageType, requestSchemas } from '@/lib/messages';
import { freshDatabase, reviewItem } from '../helpers';

const ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid-message',
  'unknown-message',
  'forbidden-sender',
  'not-found',
  'duplicate-name',
  'cycle',
  'invalid-name',
  'has-taggings',
  'invalid-import',
  'quota-exceeded',
  'internal',
]);

const TYPES = Object.keys(requestSchemas) as MessageType[];

/** Every record of every table, in key order: equal strings mean nothing was written. */
async function contentsOf(db: TagDatabase): Promise<string> {
  const [tags, items, taggings] = await Promise.all([db.tags.toArray(), db.items.toArray(), db.taggings.toArray()]);
  return JSON.stringify({ tags, items, taggings });
}

function expectWellFormed(reply: unknown): asserts reply is { ok: boolean; error?: { code: string } } {
  expect(reply).toBeTypeOf('object');
  const r = reply as { ok: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) {
    expect(Object.keys(r).sort()).toEqual(['ok', 'value']);
    return;
  }
  expect(r.ok).toBe(false);
  expect(Object.keys(r).sort()).toEqual(['error', 'ok']);
  expect(ERROR_CODES.has(r.error?.code as ErrorCode), `unknown error code ${String(r.error?.code)}`).toBe(true);
  expect(r.error?.message).toBeTypeOf('string');
}

// Hundreds of database round trips per property: generous limits for a loaded machine.
describe('dispatch under fuzzing', { timeout: 120_000 }, () => {
  let db: TagDatabase;
  const ids = { tag: '', child: '', tagging: '', itemKey: '' };

  beforeAll(async () => {
    db = freshDatabase();
    const { tag } = await createTagPath(db, 'Lid > Leaks');
    const { tag: other } = await createTagPath(db, 'Battery');
    const applied = await applyTagging(db, { item: reviewItem('R1FUZZFUZZ0001'), tagId: tag.id, note: 'n' });
    ids.tag = other.id;
    ids.child = tag.id;
    ids.tagging = applied.tagging.id;
    ids.itemKey = applied.tagging.itemKey;
  });

  /** Runs one message; a refused message must leave the database untouched and announce nothing. */
  async function check(message: unknown): Promise<void> {
    const before = await contentsOf(db);
    let announced = 0;
    let reply: unknown;
    try {
      reply = await dispatch(db, message, () => announced++);
    } catch (error) {
      throw new Error(`dispatch threw for ${safeStringify(message)}: ${String(error)}`);
    }
    expectWellFormed(reply);
    if (!reply.ok) {
      expect(announced, `announced a change for a refused ${safeStringify(message)}`).toBe(0);
      expect(await contentsOf(db), `a refused message wrote: ${safeStringify(message)}`).toBe(before);
    }
  }

  it('survives arbitrary values as messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }),
        check,
      ),
      { numRuns: 300 },
    );
  });

  it('survives every known type with an arbitrary payload', async () => {
    const payload = fc.oneof(
      fc.anything({ withNullPrototype: true }),
      fc.dictionary(
        fc.constantFrom('id', 'tagId', 'path', 'name', 'item', 'keys', 'session', 'table', 'kind'),
        fc.anything(),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TYPES), payload, (type, body) => check({ type, payload: body })),
      { numRuns: 400 },
    );
  });

  it('survives valid messages with one field replaced by garbage', async () => {
    const garbage = fc.oneof(
      fc.anything(),
      fc.string({ maxLength: 300 }),
      fc.constantFrom('', ' ', '>', '__proto__', 'constructor', ids.tag, ids.tagging, 'x'.repeat(300_000)),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.constant(undefined),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TYPES), fc.nat(), garbage, async (type, pick, value) => {
        const payload = validPayloadOf(type, ids) as Record<string, unknown>;
        const keys = Object.keys(payload);
        if (keys.length > 0) payload[keys[pick % keys.length]] = value;
        await check({ type, payload });
      }),
      { numRuns: 400 },
    );
  });

  it('refuses unknown types, prototype keys and malformed envelopes with typed errors and no write', async () => {
    for (const message of [
      null,
      undefined,
      42,
      'tags.list',
      [],
      {},
      { type: 'toString', payload: {} },
      { type: '__proto__', payload: {} },
      { type: 'constructor', payload: {} },
      { type: 'hasOwnProperty', payload: {} },
      { type: 'x'.repeat(10_000), payload: {} },
      { type: 'data.wipe', payload: { confirm: 'yes' } },
      { type: 'taggings.apply', payload: { item: {}, tagPath: '<script>' } },
      { type: 'tags.create', payload: { path: '>>>' } },
      { type: 'tags.create', payload: { path: 'x', parentId: 'missing' } },
      { type: 'tags.delete', payload: { id: ids.child } },
      { type: 'taggings.restore', payload: { tagging: { id: 'x' } } },
    ]) {
      await check(message);
      const reply = await dispatch(db, message);
      expect(reply.ok, safeStringify(message)).toBe(false);
    }
  });
});

/** A payload each message type accepts, pointing at the seeded records. */
function validPayloadOf(type: MessageType, ids: { tag: string; child: string; tagging: string; itemKey: string }) {
  const item = reviewItem('R2FUZZFUZZ0002');
  const tagging = {
    id: 'fuzz-tagging',
    itemKey: ids.itemKey,
    tagId: ids.tag,
    snippetText: '',
    note: '',
    pageUrl: item.pageUrl,
    asin: 'B0TESTASIN',
    source: 'review',
    marketplace: 'US',
    createdAt: 1,
    updatedAt: 1,
  };
  const payloads: Record<MessageType, unknown> = {
    ping: {},
    'tags.list': {},
    'tags.create': { path: 'Fuzz > Made', color: '#112233', note: 'n' },
    'tags.rename': { id: ids.tag, name: 'Battery renamed' },
    'tags.update': { id: ids.tag, color: '#445566', note: 'x' },
    'tags.move': { id: ids.tag, parentId: null, position: 0 },
    'tags.reorder': { id: ids.tag, position: 0 },
    'tags.merge': { sourceId: ids.tag, targetId: ids.child },
    'tags.archive': { id: ids.tag, archived: false },
    'tags.delete': { id: ids.tag, reassign: { to: 'parent' } },
    'taggings.apply': { item, tagPath: 'Fuzz > Applied', note: 'n' },
    'taggings.remove': { id: ids.tagging },
    'taggings.restore': { tagging },
    'taggings.forItems': { keys: [ids.itemKey] },
    'taggings.updateNote': { id: ids.tagging, note: 'updated' },
    'taggings.changeTag': { id: ids.tagging, tagId: ids.child },
    'stats.totals': {},
    'stats.period': { start: 0, end: Date.now() + 1 },
    'stats.overview': { thisWeek: { start: 0, end: Date.now() + 1 }, lastWeek: { start: 0, end: 1 } },
    'asins.suggest': { prefix: 'B0', limit: 5 },
    'export.detailPage': { start: 0, end: Date.now() + 1, offset: 0, limit: 10 },
    'export.detailCsv': { start: 0, end: Date.now() + 1, channel: 'sct-export:fuzz' },
    'export.summary': { start: 0, end: Date.now() + 1 },
    'taggings.query': { filter: {}, offset: 0, limit: 10 },
    'taggings.marketplaces': {},
    'tags.mergePreview': { sourceId: ids.tag, targetId: ids.child },
    'tags.snapshot': { id: ids.tag },
    'tags.restoreSnapshot': { tags: [], taggings: [] },
    'backup.read': { table: 'tags', offset: 0, limit: 10 },
    'import.stage': { kind: 'csv', session: 'fuzz-session', rows: [] },
    'import.preview': { session: 'fuzz-session' },
    'import.commit': { session: 'fuzz-session' },
    'import.discard': { session: 'fuzz-session' },
    // Never the real confirmation: the fuzzer must not wipe the seeded records it compares against.
    'data.wipe': { confirm: 'delete-everything?' },
  };
  return structuredClone(payloads[type]);
}

function safeStringify(value: unknown): string {
  try {
    return (JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)).slice(0, 300);
  } catch {
    return String(value).slice(0, 300);
  }
}
