/** Applying and removing tags on items: each call a single transaction. */
import { AppError } from '../errors';
import { itemKeyOf } from '../itemKey';
import type { Item, ItemContext, Snippet, Tag, Tagging } from '../model';
import type { TagDatabase } from './database';
import { createTagPath, newId } from './tags';

export interface ApplyRequest {
  item: ItemContext;
  /** An existing tag… */
  tagId?: string;
  /** …or a path "Parent > Child" found or created. */
  tagPath?: string;
  snippet?: Snippet;
  note?: string;
}

export interface ApplyResult {
  tagging: Tagging;
  tag: Tag;
  /** false when the same tag was already on the item with the same snippet: nothing changed. */
  created: boolean;
  createdTags: Tag[];
}

/**
 * Newer non-empty captured values win; the first capture's time stays. Undefined when the item is stored already
 * with every captured value: nothing to write (and its updatedAt stays the time its content last changed).
 */
function mergeItem(existing: Item | undefined, context: ItemContext, key: string, now: number): Item | undefined {
  const fresh = Object.fromEntries(
    Object.entries(context).filter(([, value]) => value !== undefined && value !== ''),
  ) as ItemContext;
  if (existing && Object.entries(fresh).every(([field, value]) => existing[field as keyof Item] === value)) {
    return undefined;
  }
  return { ...existing, ...fresh, key, firstSeenAt: existing?.firstSeenAt ?? now, updatedAt: now };
}

/**
 * One read-write transaction with as few IndexedDB round trips as it takes: the tag, the item and the tagging the
 * uniqueness rule may already hold are read together; the item (only when a captured value changed) and the new
 * tagging are written together.
 */
export async function applyTagging(db: TagDatabase, request: ApplyRequest): Promise<ApplyResult> {
  if (!request.tagId && !request.tagPath) throw new AppError('invalid-message', 'A tag id or a tag path is needed');
  return db.transaction('rw', db.tags, db.items, db.taggings, async () => {
    const key = itemKeyOf(request.item);
    const snippetText = request.snippet?.exact ?? '';
    let createdTags: Tag[] = [];
    let tagId = request.tagId;
    if (!tagId) {
      const result = await createTagPath(db, request.tagPath ?? '');
      tagId = result.tag.id;
      createdTags = result.created;
    }
    const [found, stored, existing] = await Promise.all([
      db.tags.get(tagId),
      db.items.get(key),
      db.taggings.where('[itemKey+tagId+snippetText]').equals([key, tagId, snippetText]).first(),
    ]);
    if (!found) throw new AppError('not-found', `No tag ${tagId}`);
    const now = Date.now();
    const writes: Promise<unknown>[] = [];
    let tag = found;
    if (tag.archived) {
      tag = { ...tag, archived: false, updatedAt: now };
      writes.push(db.tags.put(tag));
    }
    const item = mergeItem(stored, request.item, key, now);
    if (item) writes.push(db.items.put(item));
    if (existing) {
      await Promise.all(writes);
      return { tagging: existing, tag, created: false, createdTags };
    }
    const captured = item ?? (stored as Item);
    const tagging: Tagging = {
      id: newId(),
      itemKey: key,
      tagId: tag.id,
      snippet: request.snippet,
      snippetText,
      note: request.note ?? '',
      pageUrl: request.item.pageUrl,
      asin: captured.asin ?? '',
      source: captured.source,
      marketplace: captured.marketplace,
      createdAt: now,
      updatedAt: now,
    };
    writes.push(db.taggings.add(tagging));
    await Promise.all(writes);
    return { tagging, tag, created: true, createdTags };
  });
}

/** Removes a tagging and returns it, so the UI can offer undo. */
export async function removeTagging(db: TagDatabase, id: string): Promise<Tagging> {
  return db.transaction('rw', db.taggings, async () => {
    const tagging = await db.taggings.get(id);
    if (!tagging) throw new AppError('not-found', `No tagging ${id}`);
    await db.taggings.delete(id);
    return tagging;
  });
}

/** Puts back a removed tagging (undo). A tagging that exists again in the meantime is kept as it is. */
export async function restoreTagging(db: TagDatabase, tagging: Tagging): Promise<Tagging> {
  return db.transaction('rw', db.tags, db.items, db.taggings, async () => {
    if (!(await db.tags.get(tagging.tagId))) throw new AppError('not-found', `No tag ${tagging.tagId}`);
    const existing = await db.taggings
      .where('[itemKey+tagId+snippetText]')
      .equals([tagging.itemKey, tagging.tagId, tagging.snippetText])
      .first();
    if (existing) return existing;
    await db.taggings.put(tagging);
    return tagging;
  });
}

export async function updateTaggingNote(db: TagDatabase, id: string, note: string): Promise<Tagging> {
  return db.transaction('rw', db.taggings, async () => {
    const tagging = await db.taggings.get(id);
    if (!tagging) throw new AppError('not-found', `No tagging ${id}`);
    const updated = { ...tagging, note, updatedAt: Date.now() };
    await db.taggings.put(updated);
    return updated;
  });
}

/** Moves one tagging to another tag; if the item already has that tag (same snippet), the two collapse. */
export async function changeTaggingTag(db: TagDatabase, id: string, tagId: string): Promise<Tagging> {
  return db.transaction('rw', db.tags, db.taggings, async () => {
    const tagging = await db.taggings.get(id);
    if (!tagging) throw new AppError('not-found', `No tagging ${id}`);
    if (!(await db.tags.get(tagId))) throw new AppError('not-found', `No tag ${tagId}`);
    const existing = await db.taggings
      .where('[itemKey+tagId+snippetText]')
      .equals([tagging.itemKey, tagId, tagging.snippetText])
      .first();
    if (existing && existing.id !== id) {
      await db.taggings.delete(id);
      return existing;
    }
    const updated = { ...tagging, tagId, updatedAt: Date.now() };
    await db.taggings.put(updated);
    return updated;
  });
}

export async function taggingsForItems(db: TagDatabase, keys: readonly string[]): Promise<Tagging[]> {
  if (keys.length === 0) return [];
  return db.taggings
    .where('itemKey')
    .anyOf([...keys])
    .toArray();
}
