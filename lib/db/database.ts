import Dexie, { type EntityTable } from 'dexie';
import type { Item, Tag, Tagging } from '../model';
import { FACTS_SCHEMA, type Fact, factsMiddleware, fillFacts } from './facts';

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

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      tags: 'id, parentId, nameKey',
      items: 'key, asin, source, marketplace, orderId, firstSeenAt',
      taggings: 'id, &[itemKey+tagId+snippetText], itemKey, tagId, createdAt, asin, [asin+createdAt]',
    });
    // 2: facts, a compact projection of the taggings for statistics (kept in step by factsMiddleware).
    this.version(2).stores({ facts: FACTS_SCHEMA }).upgrade(fillFacts);
    this.use(factsMiddleware);
  }
}

let shared: TagDatabase | undefined;

/** The background's database connection, opened on first use. */
export function database(): TagDatabase {
  shared ??= new TagDatabase();
  return shared;
}
