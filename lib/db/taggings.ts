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

/** Newer non-empty captured values win; the first capture's time stays. */
function mergeItem(existing: Item | undefined, context: ItemContext, key: string, now: number): Item {
  const fresh = Object.fromEntries(
    Object.entries(context).filter(([, value]) => value !== undefined && value !== ''),
  ) as ItemContext;
  return { ...existing, ...fresh, key, firstSeenAt: existing?.firstSeenAt ?? now, updatedAt: now };
}

export async function applyTagging(db: TagDatabase, request: ApplyRequest): Promise<ApplyResult> {
  return db.transaction('rw', db.tags, db.items, db.taggings, async () => {
    let tag: Tag | undefined;
    let createdTags: Tag[] = [];
    if (request.tagId) {
      tag = await db.tags.get(request.tagId);
      if (!tag) throw new AppError('not-found', `No tag ${request.tagId}`);
      if (tag.archived) {
        tag = { ...tag, archived: false, updatedAt: Date.now() };
        await db.tags.put(tag);
      }
    } else if (request.tagPath) {
      const result = await createTagPath(db, request.tagPath);
      tag = result.tag;
      createdTags = result.created;
    } else {
      throw new AppError('invalid-message', 'A tag id or a tag path is needed');
    }
    const now = Date.now();
    const key = itemKeyOf(request.item);
    const item = mergeItem(await db.items.get(key), request.item, key, now);
    await db.items.put(item);
    const snippetText = request.snippet?.exact ?? '';
    const existing = await db.taggings.where('[itemKey+tagId+snippetText]').equals([key, tag.id, snippetText]).first();
    if (existing) return { tagging: existing, tag, created: false, createdTags };
    const tagging: Tagging = {
      id: newId(),
      itemKey: key,
      tagId: tag.id,
      snippet: request.snippet,
      snippetText,
      note: request.note ?? '',
      pageUrl: request.item.pageUrl,
      asin: item.asin ?? '',
      source: item.source,
      marketplace: item.marketplace,
      createdAt: now,
      updatedAt: now,
    };
    await db.taggings.add(tagging);
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
