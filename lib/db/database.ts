import Dexie, { type EntityTable } from 'dexie';
import type { Item, Tag, Tagging } from '../model';

export const DATABASE_NAME = 'after-sales-tags';

/**
 * The tag database. The background service worker is its only owner; every other context asks it through
 * messages (lib/messages.ts). Schema versions are never edited once shipped: add a version with a named upgrade.
 */
export class TagDatabase extends Dexie {
  tags!: EntityTable<Tag, 'id'>;
  items!: EntityTable<Item, 'key'>;
  taggings!: EntityTable<Tagging, 'id'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      tags: 'id, parentId, nameKey',
      items: 'key, asin, source, marketplace, orderId, firstSeenAt',
      taggings: 'id, &[itemKey+tagId+snippetText], itemKey, tagId, createdAt, asin, [asin+createdAt]',
    });
  }
}

let shared: TagDatabase | undefined;

/** The background's database connection, opened on first use. */
export function database(): TagDatabase {
  shared ??= new TagDatabase();
  return shared;
}
