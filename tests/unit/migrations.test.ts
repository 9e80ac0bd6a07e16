/**
 * Schema upgrades keep data. The first shipped schema is frozen below exactly as released; a database created
 * with it, filled with realistic records, must open with the current TagDatabase with every record unchanged.
 * When a version(n) is added to lib/db/database.ts, add its frozen stores here and a test per upgrade step.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { dispatch } from '@/lib/background/handlers';
import { TagDatabase } from '@/lib/db/database';
import { DAY_MS, dayOf, factOf, fillDays, fillFacts, HOUR_MS } from '@/lib/db/facts';
import { fillItemBlocks } from '@/lib/db/itemBlocks';
import { fillLines } from '@/lib/db/lines';
import { periodStats } from '@/lib/db/queries';
import type { Item, Tag, Tagging } from '@/lib/model';
import { daysBeforeOf, daysOf, hoursOf } from './helpers';
import { expectedItemBlocks, expectItemBlocksInStep } from './itemBlocks-helpers';
import { expectedBlocks, expectLinesInStep } from './lines-helpers';

/** Schema version 1, as shipped in 0.1.0 (commit 16e5188). Never edit: it is what users' browsers hold. */
const SCHEMA_V1 = Object.freeze({
  tags: 'id, parentId, nameKey',
  items: 'key, asin, source, marketplace, orderId, firstSeenAt',
  taggings: 'id, &[itemKey+tagId+snippetText], itemKey, tagId, createdAt, asin, [asin+createdAt]',
});

/** What schema version 2 adds: facts, a projection of the taggings kept by the database. Never edit. */
const SCHEMA_V2_ADDS = Object.freeze({
  facts: 'id, createdAt, [asin+createdAt]',
  hours: 'hour',
  counters: 'name',
});

/** What schema version 3 adds: lines, the taggings' export fields packed per UTC hour. Never edit. */
const SCHEMA_V3_ADDS = Object.freeze({ lines: 'hour' });

/**
 * What schema version 4 adds: item blocks, the items' export fields packed in 512 buckets of the key, and days, the
 * taggings rolled up per UTC day. Never edit.
 */
const SCHEMA_V4_ADDS = Object.freeze({ itemBlocks: 'bucket', days: 'day' });

/** The schema version lib/db/database.ts declares last: what every upgrade test ends at. */
const CURRENT_VERSION = 5;

const T0 = Date.UTC(2026, 2, 4, 9, 30);

const V1_TAGS: Tag[] = [
  tag('t-quality', null, '质量问题', 'zlwt', 0),
  tag('t-lid', 't-quality', 'Leaks', '', 0, { color: '#d64545', note: 'Seal ring supplier B' }),
  tag('t-parts', 't-quality', '配件缺失', 'pjqs', 1),
  tag('t-old', null, 'Old wording', '', 1, { archived: true }),
];

const V1_ITEMS: Item[] = [
  {
    key: 'review:US:review/R3PXA2ZA1TUMCE',
    source: 'review',
    marketplace: 'US',
    reviewId: 'R3PXA2ZA1TUMCE',
    asin: 'B0C5X7Y8Z1',
    rating: 2,
    title: 'Lid leaks after a week',
    text: 'The lid started leaking after a week. <img src=x onerror=alert(1)>',
    buyer: 'Jordan P.',
    itemDate: 'March 4, 2026',
    pageUrl: 'https://sellercentral.amazon.com/brand-customer-reviews/',
    firstSeenAt: T0,
    updatedAt: T0 + 1000,
  },
  {
    key: 'return:DE:rma/DmK8d2Wq3',
    source: 'return',
    marketplace: 'DE',
    orderId: '302-1234567-7654321',
    returnRequestId: 'DmK8d2Wq3',
    sku: 'WB-750-BLK',
    asin: 'B0DEKETTLE',
    returnReason: 'Defective',
    returnReasonCode: 'DEFECTIVE',
    buyerComment: '没有吸管 — fehlt 😡',
    pageUrl: 'https://sellercentral-europe.amazon.com/gp/returns/list/v2',
    firstSeenAt: T0 + 2000,
    updatedAt: T0 + 2000,
  },
  {
    key: 'other:JP:h1a2b3c4d',
    source: 'other',
    marketplace: 'JP',
    text: '蓋から水漏れ',
    pageUrl: 'https://sellercentral-japan.amazon.com/home',
    firstSeenAt: T0 + 3000,
    updatedAt: T0 + 3000,
  },
];

const V1_TAGGINGS: Tagging[] = [
  tagging('g-1', V1_ITEMS[0], 't-lid', { note: 'Third this week' }),
  tagging('g-2', V1_ITEMS[0], 't-lid', {
    snippet: { exact: 'started leaking', prefix: 'The lid ', suffix: ' after a week.' },
    snippetText: 'started leaking',
  }),
  tagging('g-3', V1_ITEMS[1], 't-parts', {}),
  tagging('g-4', V1_ITEMS[2], 't-old', { note: '<script>alert(1)</script>' }),
];

function tag(
  id: string,
  parentId: string | null,
  name: string,
  initials: string,
  order: number,
  extra: Partial<Tag> = {},
): Tag {
  return {
    id,
    parentId,
    name,
    nameKey: name.toLowerCase(),
    initials,
    color: '#5b8def',
    note: '',
    order,
    archived: false,
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  };
}

function tagging(id: string, item: Item, tagId: string, extra: Partial<Tagging>): Tagging {
  return {
    id,
    itemKey: item.key,
    tagId,
    snippetText: '',
    note: '',
    pageUrl: item.pageUrl,
    asin: item.asin ?? '',
    source: item.source,
    marketplace: item.marketplace,
    createdAt: T0 + 5000,
    updatedAt: T0 + 5000,
    ...extra,
  };
}

let serial = 0;
const uniqueName = () => `migration-${Date.now()}-${++serial}`;

/**
 * A database as release `version` left it: the frozen schemas up to it, each with the upgrade it shipped with.
 * Opening it upgrades an older one that far.
 */
function releasedDatabase(name: string, version: 1 | 2 | 3 | 4): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(SCHEMA_V1);
  if (version >= 2) db.version(2).stores(SCHEMA_V2_ADDS).upgrade(fillFacts);
  if (version >= 3) db.version(3).stores(SCHEMA_V3_ADDS).upgrade(fillLines);
  if (version >= 4) {
    db.version(4)
      .stores(SCHEMA_V4_ADDS)
      .upgrade(async (transaction) => {
        await fillItemBlocks(transaction);
        await fillDays(transaction);
      });
  }
  return db;
}

/** A version 1 database holding the given records. */
async function createV1Database(
  name: string,
  {
    tags = V1_TAGS,
    items = V1_ITEMS,
    taggings = V1_TAGGINGS,
  }: { tags?: Tag[]; items?: Item[]; taggings?: Tagging[] } = {},
): Promise<void> {
  const v1 = releasedDatabase(name, 1);
  await v1.open();
  await v1.transaction('rw', ['tags', 'items', 'taggings'], async () => {
    await v1.table('tags').bulkAdd(tags);
    await v1.table('items').bulkAdd(items);
    await v1.table('taggings').bulkAdd(taggings);
  });
  v1.close();
}

const byKey = <T>(records: T[], key: keyof T) =>
  [...records].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

describe('schema upgrades keep data', () => {
  it('a database created with the first shipped schema opens with the current one, every record unchanged', async () => {
    const name = uniqueName();
    await createV1Database(name);
    const db = new TagDatabase(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(1);
    expect(byKey(await db.tags.toArray(), 'id')).toEqual(byKey(V1_TAGS, 'id'));
    expect(byKey(await db.items.toArray(), 'key')).toEqual(byKey(V1_ITEMS, 'key'));
    expect(byKey(await db.taggings.toArray(), 'id')).toEqual(byKey(V1_TAGGINGS, 'id'));

    // The indexes the app queries by still answer on the upgraded data.
    expect(await db.taggings.where('tagId').equals('t-lid').count()).toBe(2);
    expect(
      await db.taggings.where('[asin+createdAt]').between(['B0C5X7Y8Z1', 0], ['B0C5X7Y8Z1', Infinity]).count(),
    ).toBe(2);
    expect(await db.items.where('marketplace').equals('DE').count()).toBe(1);
    db.close();
  });

  it('version 2 fills the facts from the taggings a version 1 database holds, and keeps them in step', async () => {
    const name = uniqueName();
    await createV1Database(name);
    const db = new TagDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    for (const [store, spec] of Object.entries(SCHEMA_V2_ADDS)) {
      const table = db.tables.find((candidate) => candidate.name === store);
      expect([table?.schema.primKey.src, ...(table?.schema.indexes.map((index) => index.src) ?? [])].join(', ')).toBe(
        spec,
      );
    }
    expect(await db.counters.get('taggings')).toEqual({ name: 'taggings', value: V1_TAGGINGS.length });
    expect(byKey(await db.facts.toArray(), 'id')).toEqual(byKey(V1_TAGGINGS.map(factOf), 'id'));
    expect(await db.facts.where('[asin+createdAt]').between(['B0C5X7Y8Z1', 0], ['B0C5X7Y8Z1', Infinity]).count()).toBe(
      2,
    );
    // The taggings themselves are untouched by the upgrade.
    expect(byKey(await db.taggings.toArray(), 'id')).toEqual(byKey(V1_TAGGINGS, 'id'));

    const reply = await dispatch(db, { type: 'taggings.remove', payload: { id: 'g-3' } });
    expect(reply.ok).toBe(true);
    expect(byKey(await db.facts.toArray(), 'id')).toEqual(
      byKey(V1_TAGGINGS.filter((t) => t.id !== 'g-3').map(factOf), 'id'),
    );
    db.close();
  });

  it('version 2 fills facts for more taggings than one upgrade page holds', async () => {
    const name = uniqueName();
    const many = Array.from({ length: 2_345 }, (_, i) =>
      tagging(`g-${String(i).padStart(5, '0')}`, V1_ITEMS[i % V1_ITEMS.length], 't-lid', {
        snippetText: `s${i}`,
        createdAt: T0 + i,
      }),
    );
    await createV1Database(name, { tags: [], items: [], taggings: many });
    const db = new TagDatabase(name);
    expect(byKey(await db.facts.toArray(), 'id')).toEqual(byKey(many.map(factOf), 'id'));
    const hours = await db.hours.toArray();
    expect(hours.reduce((sum, hour) => sum + hour.taggings, 0)).toBe(many.length);
    expect(await db.counters.get('taggings')).toEqual({ name: 'taggings', value: many.length });
    db.close();
  }, 30_000);

  it('version 3 fills the hour blocks from the taggings a version 2 database holds, and keeps them in step', async () => {
    const name = uniqueName();
    // A version 2 database as that release left it: facts filled by its upgrade, taggings over many days.
    const many = Array.from({ length: 2_345 }, (_, i) =>
      tagging(`g-${String(i).padStart(5, '0')}`, V1_ITEMS[i % V1_ITEMS.length], 't-lid', {
        snippetText: `s${i}`,
        snippet: i % 4 ? undefined : { exact: `"s", ${i}\r\n`, prefix: '', suffix: '' },
        note: i % 5 ? '' : '=1+1, 😡',
        // 3 days apart at most, in bursts of equal times, out of id order.
        createdAt: T0 + ((i * 7919) % 2_345) * 110_000 - (i % 3) * 1000 * (i % 2),
      }),
    );
    await createV1Database(name, { items: [], taggings: many });
    const v2 = releasedDatabase(name, 2);
    await v2.open();
    expect(await v2.table('facts').count()).toBe(many.length);
    v2.close();
    const db = new TagDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    const lines = db.tables.find((candidate) => candidate.name === 'lines');
    expect(lines?.schema.primKey.src).toBe(SCHEMA_V3_ADDS.lines);
    expect(await db.lines.count()).toBe(expectedBlocks(many).length);
    expect(await db.lines.count()).toBeGreaterThan(1);
    await expectLinesInStep(db);
    // Nothing else changed.
    expect(byKey(await db.taggings.toArray(), 'id')).toEqual(byKey(many, 'id'));
    expect(byKey(await db.facts.toArray(), 'id')).toEqual(byKey(many.map(factOf), 'id'));
    expect(await db.counters.get('taggings')).toEqual({ name: 'taggings', value: many.length });

    expect((await dispatch(db, { type: 'taggings.remove', payload: { id: 'g-00003' } })).ok).toBe(true);
    expect((await dispatch(db, { type: 'taggings.updateNote', payload: { id: 'g-00004', note: 'x' } })).ok).toBe(true);
    await expectLinesInStep(db);
    db.close();
  }, 30_000);

  it('version 4 fills the item blocks from the items a version 3 database holds, and keeps them in step', async () => {
    const name = uniqueName();
    // A version 3 database as that release left it: facts and hour blocks filled by their upgrades, and more items
    // than two upgrade pages (2,000) hold, with text a CSV or a packed block could trip on.
    const many = manyItems(4_500);
    const taggings = many
      .filter((_, i) => i % 9 === 0)
      // Over a week, so the days the upgrade rolls up are several.
      .map((item, i) => tagging(`g-${String(i).padStart(5, '0')}`, item, 't-lid', { createdAt: T0 + i * 1_234_567 }));
    await createV1Database(name, { items: many, taggings });
    const v3 = releasedDatabase(name, 3);
    await v3.open();
    expect(v3.verno).toBe(3);
    expect(await v3.table('facts').count()).toBe(taggings.length);
    expect(await v3.table('lines').count()).toBe(expectedBlocks(taggings).length);
    v3.close();

    const db = new TagDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    const itemBlocks = db.tables.find((candidate) => candidate.name === 'itemBlocks');
    expect(itemBlocks?.schema.primKey.src).toBe(SCHEMA_V4_ADDS.itemBlocks);
    expect(itemBlocks?.schema.indexes).toEqual([]);
    expect(await db.itemBlocks.count()).toBe(expectedItemBlocks(many).length);
    expect(await db.itemBlocks.count()).toBeGreaterThan(500);
    await expectItemBlocksInStep(db);
    const days = db.tables.find((candidate) => candidate.name === 'days');
    expect(days?.schema.primKey.src).toBe(SCHEMA_V4_ADDS.days);
    // All in the past: every day is finished, so all are rolled up (version 5 keeps them).
    expect(await db.days.orderBy('day').toArray()).toEqual(daysOf(taggings, dayOf(Date.now())));
    expect(await db.days.count()).toBeGreaterThan(5);
    expect(await db.days.count()).toBe(new Set(taggings.map((t) => dayOf(t.createdAt))).size);
    expect(await db.hours.orderBy('hour').toArray()).toEqual(hoursOf(taggings));
    // Nothing else changed.
    expect(byKey(await db.items.toArray(), 'key')).toEqual(byKey(many, 'key'));
    expect(byKey(await db.taggings.toArray(), 'id')).toEqual(byKey(taggings, 'id'));
    expect(byKey(await db.facts.toArray(), 'id')).toEqual(byKey(taggings.map(factOf), 'id'));
    await expectLinesInStep(db);

    // Later writes keep them in step: the app's apply (a new item and a changed one), a delete, a bulk put.
    const applied = await dispatch(db, {
      type: 'taggings.apply',
      payload: {
        item: { source: 'review', marketplace: 'US', reviewId: 'RNEW1', text: '"new", 😡\r\n', pageUrl: '' },
        tagId: 't-lid',
      },
    });
    expect(applied.ok).toBe(true);
    const changed = await dispatch(db, {
      type: 'taggings.apply',
      payload: { item: { ...stripItem(many[1]), sku: '=1+1', rating: 5 }, tagId: 't-parts' },
    });
    expect(changed.ok).toBe(true);
    expect(await db.items.get(many[1].key)).toMatchObject({ sku: '=1+1', rating: 5 });
    await db.items.delete(many[2].key);
    await db.items.bulkPut(many.slice(3, 40).map((item) => ({ ...item, returnReason: '\u0000,"' })));
    await expectItemBlocksInStep(db);
    expect(await db.items.count()).toBe(many.length);
    expect(await db.days.orderBy('day').toArray()).toEqual(daysOf(await db.taggings.toArray(), await daysBeforeOf(db)));
    expect(await daysBeforeOf(db)).toBe(dayOf(Date.now()));
    db.close();
  }, 60_000);

  it('version 5 keeps finished days only: today and later days go to the hours, and figures stay right', async () => {
    const name = uniqueName();
    // A version 4 database as that release left it, its days rolled up to the last, today's and tomorrow's too (a
    // teammate's import can hold later times).
    const today = dayOf(Date.now());
    const items = manyItems(60);
    const times = [-3 * DAY_MS, -DAY_MS, -HOUR_MS, 0, HOUR_MS, DAY_MS + HOUR_MS].map((offset) => today + offset);
    const taggings = items.map((item, i) =>
      tagging(`g-${String(i).padStart(5, '0')}`, item, i % 2 ? 't-lid' : 't-parts', {
        createdAt: times[i % times.length] + i * 1000,
      }),
    );
    await createV1Database(name, { items, taggings });
    const v4 = releasedDatabase(name, 4);
    await v4.open();
    expect(await v4.table('days').count()).toBe(4);
    v4.close();

    const db = new TagDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await daysBeforeOf(db)).toBe(today);
    expect(await db.days.orderBy('day').toArray()).toEqual(daysOf(taggings, today));
    expect(await db.days.count()).toBe(2);
    expect(await db.hours.orderBy('hour').toArray()).toEqual(hoursOf(taggings));
    // Nothing else changed.
    expect(byKey(await db.taggings.toArray(), 'id')).toEqual(byKey(taggings, 'id'));
    expect(byKey(await db.items.toArray(), 'key')).toEqual(byKey(items, 'key'));
    // All time and the last days count every tagging, today's and tomorrow's from the hours.
    for (const range of [
      { start: 0, end: today + 30 * DAY_MS },
      { start: today - 2 * DAY_MS, end: today + 2 * DAY_MS },
      { start: today, end: today + DAY_MS },
    ]) {
      const inRange = taggings.filter((t) => t.createdAt >= range.start && t.createdAt < range.end);
      expect((await periodStats(db, range)).taggings).toBe(inRange.length);
    }
    db.close();
  });

  it('a version 1 database upgrades through 2, 3, 4 and 5: facts, hours, days, hour blocks and item blocks filled', async () => {
    const name = uniqueName();
    await createV1Database(name);
    const db = new TagDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(byKey(await db.facts.toArray(), 'id')).toEqual(byKey(V1_TAGGINGS.map(factOf), 'id'));
    await expectLinesInStep(db);
    expect(await db.lines.count()).toBe(1);
    await expectItemBlocksInStep(db);
    expect(await db.itemBlocks.count()).toBe(expectedItemBlocks(V1_ITEMS).length);
    expect(await db.itemBlocks.count()).toBeGreaterThan(0);
    expect(await db.hours.orderBy('hour').toArray()).toEqual(hoursOf(V1_TAGGINGS));
    expect(await db.days.orderBy('day').toArray()).toEqual(daysOf(V1_TAGGINGS, dayOf(Date.now())));
    expect(await db.days.count()).toBeGreaterThan(0);
    expect(await daysBeforeOf(db)).toBe(dayOf(Date.now()));
    db.close();
  });

  it('the uniqueness rule of v1 still holds after the upgrade: the same tag on the same item and snippet once', async () => {
    const name = uniqueName();
    await createV1Database(name);
    const db = new TagDatabase(name);
    const reply = await dispatch(db, {
      type: 'taggings.apply',
      payload: { item: stripItem(V1_ITEMS[0]), tagId: 't-lid' },
    });
    expect(reply).toMatchObject({ ok: true, value: { created: false, tagging: { id: 'g-1' } } });
    expect(await db.taggings.count()).toBe(V1_TAGGINGS.length);
    db.close();
  });

  it('a backup file written by the first release still restores, all records intact', async () => {
    // Format 1 as written by the options page's "Download backup" in 0.1.0.
    const file = JSON.parse(
      JSON.stringify({
        format: 'after-sales-tags-backup',
        version: 1,
        exportedAt: '2026-03-04T09:30:00.000Z',
        tags: V1_TAGS,
        items: V1_ITEMS,
        taggings: V1_TAGGINGS,
      }),
    );
    const db = new TagDatabase(uniqueName());
    await dispatch(db, { type: 'taggings.apply', payload: { item: stripItem(V1_ITEMS[2]), tagPath: 'Replaced' } });
    const session = 'restore-v1-backup';
    const meta = { format: file.format, version: file.version };
    expect(
      await dispatch(db, {
        type: 'import.stage',
        payload: { kind: 'backup', session, meta, table: 'tags', records: [] },
      }),
    ).toMatchObject({ ok: true });
    for (const table of ['tags', 'items', 'taggings'] as const) {
      const staged = await dispatch(db, {
        type: 'import.stage',
        payload: { kind: 'backup', session, table, records: file[table] },
      });
      expect(staged).toMatchObject({ ok: true });
    }
    const preview = await dispatch(db, { type: 'import.preview', payload: { session } });
    expect(preview).toMatchObject({ ok: true, value: { ok: true } });
    const commit = await dispatch(db, { type: 'import.commit', payload: { session } });
    expect(commit).toMatchObject({ ok: true });
    expect(byKey(await db.tags.toArray(), 'id')).toEqual(byKey(V1_TAGS, 'id'));
    expect(byKey(await db.items.toArray(), 'key')).toEqual(byKey(V1_ITEMS, 'key'));
    expect(byKey(await db.taggings.toArray(), 'id')).toEqual(byKey(V1_TAGGINGS, 'id'));
    db.close();
  });
});

const HOSTILE = ['', ',', '"', '\r\n', '\u0000', '\uD800', '=1+1', ' x ', '😡', 'a\u001fb', '\uFFFF'];

/** `count` items of every source, as the app stores them, with hostile text and one text longer than a cell. */
function manyItems(count: number): Item[] {
  return Array.from({ length: count }, (_, i): Item => {
    const odd = HOSTILE[i % HOSTILE.length];
    const id = String(i).padStart(6, '0');
    const at = T0 + i * 1000;
    const base = { pageUrl: 'https://sellercentral.amazon.com/', firstSeenAt: at, updatedAt: at };
    switch (i % 4) {
      case 0:
        return {
          ...base,
          key: `review:US:review/R${id}`,
          source: 'review',
          marketplace: 'US',
          reviewId: `R${id}`,
          asin: 'B0C5X7Y8Z1',
          rating: (i % 5) + 1,
          text: i === 2_000 ? `${'漏'.repeat(40_000)}${odd}` : `${odd}Leaks, "badly"\r\n${odd}`,
        };
      case 1:
        return {
          ...base,
          key: `return:DE:rma/D${id}`,
          source: 'return',
          marketplace: 'DE',
          orderId: `302-${id}-7654321`,
          returnRequestId: `D${id}`,
          sku: `WB-${odd}`,
          returnReason: odd,
          buyerComment: `没有吸管 — fehlt ${odd}`,
        };
      case 2:
        return { ...base, key: `other:JP:h${odd}${id}`, source: 'other', marketplace: 'JP', text: odd };
      default:
        return {
          ...base,
          key: `feedback:UK:order/202-${id}-1234567`,
          source: 'feedback',
          marketplace: 'UK',
          orderId: `202-${id}-1234567`,
          rating: i % 3 ? undefined : 1,
          text: odd,
        };
    }
  });
}

/** The captured context of a stored item (what a page adapter would send again). */
function stripItem(item: Item) {
  const { key: _key, firstSeenAt: _first, updatedAt: _updated, ...context } = item;
  return context;
}
