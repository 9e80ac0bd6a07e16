/**
 * Undo for the tree's destructive actions (merge, delete): before acting, the options page takes a snapshot of
 * the affected subtree (its tags and their taggings); undo writes those records back in one transaction. Merge and
 * delete only ever move, re-parent or delete records of that subtree, so putting them back restores the tree.
 */
import type { TagDatabase } from '../db/database';
import { AppError } from '../errors';
import type { Tag, Tagging } from '../model';
import { indexTags, subtreeIds } from '../tree';

export type Snapshot = { tags: Tag[]; taggings: Tagging[] };

export async function subtreeSnapshot(db: TagDatabase, id: string): Promise<Snapshot> {
  return db.transaction('r', db.tags, db.taggings, async () => {
    const index = indexTags(await db.tags.toArray());
    if (!index.byId.has(id)) throw new AppError('not-found', `No tag ${id}`);
    const ids = subtreeIds(index, id);
    const tags = ids.map((tagId) => index.byId.get(tagId) as Tag);
    const taggings = await db.taggings.where('tagId').anyOf(ids).toArray();
    return { tags, taggings };
  });
}

/** Puts a snapshot back. Every parent and every tagging's item must exist (in the snapshot or the database). */
export async function restoreSnapshot(
  db: TagDatabase,
  snapshot: Snapshot,
): Promise<{ tags: number; taggings: number }> {
  return db.transaction('rw', db.tags, db.items, db.taggings, async () => {
    const snapshotTagIds = new Set(snapshot.tags.map((tag) => tag.id));
    const parents = [...new Set(snapshot.tags.map((tag) => tag.parentId).filter((p): p is string => !!p))];
    const existing = await db.tags.bulkGet(parents.filter((p) => !snapshotTagIds.has(p)));
    if (existing.some((tag) => !tag)) throw new AppError('not-found', 'The parent of a restored tag is gone');
    for (const tagging of snapshot.taggings) {
      if (!snapshotTagIds.has(tagging.tagId) && !(await db.tags.get(tagging.tagId))) {
        throw new AppError('not-found', `No tag ${tagging.tagId}`);
      }
    }
    const itemKeys = [...new Set(snapshot.taggings.map((tagging) => tagging.itemKey))];
    if ((await db.items.bulkGet(itemKeys)).some((item) => !item)) {
      throw new AppError('not-found', 'An item of a restored tagging is gone');
    }
    await db.tags.bulkPut(snapshot.tags);
    // A tagging re-created in the meantime with the same item, tag and snippet wins over the restored copy.
    const keep: Tagging[] = [];
    for (const tagging of snapshot.taggings) {
      const clash = await db.taggings
        .where('[itemKey+tagId+snippetText]')
        .equals([tagging.itemKey, tagging.tagId, tagging.snippetText])
        .first();
      if (!clash || clash.id === tagging.id) keep.push(tagging);
    }
    await db.taggings.bulkPut(keep);
    return { tags: snapshot.tags.length, taggings: keep.length };
  });
}
