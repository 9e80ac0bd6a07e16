import Dexie, { type EntityTable } from 'dexie';
import type { Item, Tag, Tagging } from '../model';
import {
  COUNTERS_SCHEMA,
  type Counter,
  DAYS_SCHEMA,
  type Day,
  FACTS_SCHEMA,
  type Fact,
  factsMiddleware,
  fillDays,
  fillFacts,
  HOURS_SCHEMA,
  type Hour,
  keepFinishedDays,
} from './facts';
import { fillItemBlocks, ITEM_BLOCKS_SCHEMA, type ItemBlock, itemBlocksMiddleware } from './itemBlocks';
import { itemCountMiddleware } from './itemCount';
import { fillLines, LINES_SCHEMA, type LineBlock } from './lines';

export const DATABASE_NAME = 'after-sales-tags';

/**
 * The tag database. The background service worker is its only owner; every other context asks it through
 * messages (lib/messages.ts). Schema versions are never edited once shipped: add a version with a named upgrade.
 */
export class TagDatabase extends Dexie {
  tags!: EntityTable<Tag, 'id'>;
  items!: EntityTable<Item, 'key'>;
  taggings!: EntityTable<Tagging, 'id'>;
  /** Derived from taggings by the database itself (lib/db/facts.ts): read them, never write them. */
  facts!: EntityTable<Fact, 'id'>;
  hours!: EntityTable<Hour, 'hour'>;
  days!: EntityTable<Day, 'day'>;
  counters!: EntityTable<Counter, 'name'>;
  /** The detail export's fields per UTC hour, also derived (lib/db/lines.ts). */
  lines!: EntityTable<LineBlock, 'hour'>;
  /** The detail export's fields of every item, in blocks by a hash of the key, also derived (lib/db/itemBlocks.ts). */
  itemBlocks!: EntityTable<ItemBlock, 'bucket'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      tags: 'id, parentId, nameKey',
      items: 'key, asin, source, marketplace, orderId, firstSeenAt',
      taggings: 'id, &[itemKey+tagId+snippetText], itemKey, tagId, createdAt, asin, [asin+createdAt]',
    });
    // 2: facts, a compact projection of the taggings, their per-hour roll-up and the tagging count, for the
    // statistics (all kept in step by factsMiddleware).
    this.version(2).stores({ facts: FACTS_SCHEMA, hours: HOURS_SCHEMA, counters: COUNTERS_SCHEMA }).upgrade(fillFacts);
    // 3: lines, the taggings' export fields packed one record per UTC hour: the detail export reads at most 8,760
    // records a year instead of one per tagging (kept in step by factsMiddleware too).
    this.version(3).stores({ lines: LINES_SCHEMA }).upgrade(fillLines);
    // 4: item blocks, the items' export fields packed in 512 records: the export reads 512 records instead of one
    // per item (kept in step by itemBlocksMiddleware); and days, the hours rolled up per UTC day for long ranges.
    this.version(4)
      .stores({ itemBlocks: ITEM_BLOCKS_SCHEMA, days: DAYS_SCHEMA })
      .upgrade(async (transaction) => {
        await fillItemBlocks(transaction);
        await fillDays(transaction);
      });
    // 5: the days store keeps finished days only, today's are read from the hours: applying a tag no longer rewrites
    // today's day record, which on a busy account is large.
    this.version(5).upgrade(keepFinishedDays);
    this.use(factsMiddleware);
    // The item count, kept in counters too (lib/db/itemCount.ts).
    this.use(itemCountMiddleware);
    this.use(itemBlocksMiddleware);
  }
}

let shared: TagDatabase | undefined;

/** The background's database connection, opened on first use. */
export function database(): TagDatabase {
  shared ??= new TagDatabase();
  return shared;
}
