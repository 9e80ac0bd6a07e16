/** Tag-tree operations: each one a single transaction on the background's database. */
import { AppError } from '../errors';
import type { Tag, Tagging } from '../model';
import { pinyinInitialsOf } from '../pinyin';
import { cleanTagName, nameKeyOf, splitTagPath } from '../text';
import { indexTags, isDescendantOrSelf, pathOf, rollUp, subtreeIds, type TagIndex } from '../tree';
import type { TagDatabase } from './database';

export const DEFAULT_TAG_COLOR = '#5b8def';

export function newId(): string {
  return crypto.randomUUID();
}

function validName(name: string): string {
  const cleaned = cleanTagName(name);
  if (!cleaned || cleaned.includes('>')) throw new AppError('invalid-name', `Invalid tag name: "${name}"`);
  return cleaned;
}

async function allTagsIndex(db: TagDatabase): Promise<TagIndex> {
  return indexTags(await db.tags.toArray());
}

function siblingsOf(index: TagIndex, parentId: string | null): Tag[] {
  return index.children.get(parentId ?? '') ?? [];
}

function findSibling(index: TagIndex, parentId: string | null, name: string): Tag | undefined {
  const key = nameKeyOf(name);
  return siblingsOf(index, parentId).find((tag) => tag.nameKey === key);
}

function nextOrder(index: TagIndex, parentId: string | null): number {
  return siblingsOf(index, parentId).reduce((max, tag) => Math.max(max, tag.order + 1), 0);
}

export interface CreatePathResult {
  /** The deepest tag of the path. */
  tag: Tag;
  /** Tags that did not exist before, root first. */
  created: Tag[];
}

interface PathOptions {
  parentId?: string | null;
  color?: string;
  note?: string;
}

/**
 * Finds or makes the levels of tag paths against an index kept up to date in memory, collecting the tags to
 * write (new ones, and archived ones brought back) so that any number of paths is one bulk write.
 */
class PathMaker {
  readonly writes = new Map<string, Tag>();
  private readonly now = Date.now();

  constructor(private readonly index: TagIndex) {}

  ensure(names: readonly string[], options: PathOptions): CreatePathResult {
    let parentId = options.parentId ?? null;
    if (parentId && !this.index.byId.has(parentId)) throw new AppError('not-found', `No tag ${parentId}`);
    const created: Tag[] = [];
    let tag: Tag | undefined;
    for (const [level, name] of names.entries()) {
      tag = findSibling(this.index, parentId, name);
      if (tag?.archived) {
        const archived = tag;
        tag = { ...archived, archived: false, updatedAt: this.now };
        this.index.byId.set(tag.id, tag);
        const key = parentId ?? '';
        this.index.children.set(
          key,
          siblingsOf(this.index, parentId).map((s) => (s === archived ? (tag as Tag) : s)),
        );
        this.writes.set(tag.id, tag);
      }
      if (!tag) {
        const isLeaf = level === names.length - 1;
        tag = {
          id: newId(),
          parentId,
          name,
          nameKey: nameKeyOf(name),
          initials: pinyinInitialsOf(name),
          color: (isLeaf && options.color) || DEFAULT_TAG_COLOR,
          note: (isLeaf && options.note) || '',
          order: nextOrder(this.index, parentId),
          archived: false,
          createdAt: this.now,
          updatedAt: this.now,
        };
        created.push(tag);
        this.writes.set(tag.id, tag);
        this.index.children.set(parentId ?? '', [...siblingsOf(this.index, parentId), tag]);
        this.index.byId.set(tag.id, tag);
      }
      parentId = tag.id;
    }
    return { tag: tag as Tag, created };
  }

  async write(db: TagDatabase): Promise<void> {
    if (this.writes.size > 0) await db.tags.bulkPut([...this.writes.values()]);
  }
}

function namesOf(path: string): string[] {
  const names = splitTagPath(path).map(validName);
  if (names.length === 0) throw new AppError('invalid-name', 'A tag needs a name');
  return names;
}

/**
 * Finds or creates every level of "A > B > C" under `parentId` (null: the roots). Existing levels are matched by
 * sibling-name identity; an archived match is brought back.
 */
export async function createTagPath(
  db: TagDatabase,
  path: string,
  options: PathOptions = {},
): Promise<CreatePathResult> {
  const names = namesOf(path);
  return db.transaction('rw', db.tags, async () => {
    const maker = new PathMaker(await allTagsIndex(db));
    const result = maker.ensure(names, options);
    await maker.write(db);
    return result;
  });
}

/**
 * createTagPath for many root paths at once (CSV import): one read of the tree and one bulk write, whatever the
 * number of paths. Returns the deepest tag of each path, in order. A caller that has just read every tag in the
 * same transaction passes them (`stored`), saving a second read of the table.
 */
export async function createTagPaths(
  db: TagDatabase,
  paths: readonly string[],
  stored?: readonly Tag[],
): Promise<Tag[]> {
  const names = paths.map(namesOf);
  return db.transaction('rw', db.tags, async () => {
    const maker = new PathMaker(stored ? indexTags(stored) : await allTagsIndex(db));
    const tags = names.map((levels) => maker.ensure(levels, {}).tag);
    await maker.write(db);
    return tags;
  });
}

async function requireTag(db: TagDatabase, id: string): Promise<Tag> {
  const tag = await db.tags.get(id);
  if (!tag) throw new AppError('not-found', `No tag ${id}`);
  return tag;
}

export async function renameTag(db: TagDatabase, id: string, newName: string): Promise<Tag> {
  const name = validName(newName);
  return db.transaction('rw', db.tags, async () => {
    const tag = await requireTag(db, id);
    const index = await allTagsIndex(db);
    const clash = findSibling(index, tag.parentId, name);
    if (clash && clash.id !== id) throw new AppError('duplicate-name', `"${name}" already exists here`);
    const renamed = { ...tag, name, nameKey: nameKeyOf(name), initials: pinyinInitialsOf(name), updatedAt: Date.now() };
    await db.tags.put(renamed);
    return renamed;
  });
}

export async function updateTagDetails(
  db: TagDatabase,
  id: string,
  changes: { color?: string; note?: string },
): Promise<Tag> {
  return db.transaction('rw', db.tags, async () => {
    const tag = await requireTag(db, id);
    const updated = { ...tag, ...changes, updatedAt: Date.now() };
    await db.tags.put(updated);
    return updated;
  });
}

/** Writes the new sibling order, placing `moving` at `position` (clamped) among `siblings`. */
async function placeAmongSiblings(db: TagDatabase, siblings: Tag[], moving: Tag, position: number): Promise<void> {
  const others = siblings.filter((tag) => tag.id !== moving.id);
  const at = Math.max(0, Math.min(position, others.length));
  others.splice(at, 0, moving);
  const now = Date.now();
  await Promise.all(
    others.map((tag, order) =>
      tag.order === order && tag.id !== moving.id ? undefined : db.tags.update(tag.id, { order, updatedAt: now }),
    ),
  );
}

/** Moves a tag (with its subtree) under a new parent, at `position` among its new siblings (default: last). */
export async function moveTag(
  db: TagDatabase,
  id: string,
  newParentId: string | null,
  position = Number.MAX_SAFE_INTEGER,
): Promise<void> {
  await db.transaction('rw', db.tags, async () => {
    const index = await allTagsIndex(db);
    const tag = index.byId.get(id);
    if (!tag) throw new AppError('not-found', `No tag ${id}`);
    if (newParentId !== null) {
      if (!index.byId.has(newParentId)) throw new AppError('not-found', `No tag ${newParentId}`);
      if (isDescendantOrSelf(index, newParentId, id)) {
        throw new AppError('cycle', 'A tag cannot move under itself or its own descendants');
      }
    }
    const clash = findSibling(index, newParentId, tag.name);
    if (clash && clash.id !== id) throw new AppError('duplicate-name', `"${tag.name}" already exists there`);
    const moved = { ...tag, parentId: newParentId };
    await db.tags.update(id, { parentId: newParentId, updatedAt: Date.now() });
    await placeAmongSiblings(db, siblingsOf(index, newParentId), moved, position);
  });
}

/** Moves a tag to `position` among its current siblings. */
export async function reorderTag(db: TagDatabase, id: string, position: number): Promise<void> {
  const tag = await requireTag(db, id);
  await moveTag(db, id, tag.parentId, position);
}

/**
 * Merges `sourceId` into `targetId`: the source's taggings move to the target (a tagging the target already has
 * for the same item and snippet collapses into it), its children move under the target (children with the same
 * name merge in turn), and the source is deleted.
 */
export async function mergeTags(
  db: TagDatabase,
  sourceId: string,
  targetId: string,
): Promise<{ moved: number; collapsed: number }> {
  return db.transaction('rw', db.tags, db.taggings, async () => {
    const index = await allTagsIndex(db);
    if (!index.byId.has(sourceId)) throw new AppError('not-found', `No tag ${sourceId}`);
    if (!index.byId.has(targetId)) throw new AppError('not-found', `No tag ${targetId}`);
    if (isDescendantOrSelf(index, targetId, sourceId)) {
      throw new AppError('cycle', 'A tag cannot merge into itself or its own descendants');
    }
    return mergeInto(db, index, sourceId, targetId);
  });
}

async function mergeInto(
  db: TagDatabase,
  index: TagIndex,
  sourceId: string,
  targetId: string,
): Promise<{ moved: number; collapsed: number }> {
  const totals = await moveTaggings(db, sourceId, targetId);
  for (const child of [...siblingsOf(index, sourceId)]) {
    const clash = findSibling(index, targetId, child.name);
    if (clash) {
      const sub = await mergeInto(db, index, child.id, clash.id);
      totals.moved += sub.moved;
      totals.collapsed += sub.collapsed;
    } else {
      await reparent(db, index, child, targetId);
    }
  }
  await db.tags.delete(sourceId);
  removeFromIndex(index, sourceId);
  return totals;
}

async function reparent(db: TagDatabase, index: TagIndex, tag: Tag, parentId: string | null): Promise<void> {
  const order = nextOrder(index, parentId);
  const moved = { ...tag, parentId, order, updatedAt: Date.now() };
  await db.tags.put(moved);
  removeFromIndex(index, tag.id);
  index.byId.set(moved.id, moved);
  index.children.set(parentId ?? '', [...siblingsOf(index, parentId), moved]);
}

function removeFromIndex(index: TagIndex, id: string): void {
  const tag = index.byId.get(id);
  if (!tag) return;
  index.byId.delete(id);
  const key = tag.parentId ?? '';
  index.children.set(
    key,
    siblingsOf(index, tag.parentId).filter((sibling) => sibling.id !== id),
  );
}

/**
 * Moves every tagging of one tag to another; those the target already has (same item, same snippet) collapse.
 * In two bulk writes, not one per tagging: each write of a tagging also rewrites its derived records (its hour and
 * its day's export lines, lib/db/facts.ts), so a merge of 10,000 taggings would rewrite a day block 10,000 times.
 */
export async function moveTaggings(
  db: TagDatabase,
  fromTagId: string,
  toTagId: string,
): Promise<{ moved: number; collapsed: number }> {
  const [moving, targets] = await Promise.all([
    db.taggings.where('tagId').equals(fromTagId).toArray(),
    db.taggings.where('tagId').equals(toTagId).toArray(),
  ]);
  // The unique index [itemKey+tagId+snippetText]: one tagging per item and snippet on each side.
  const sameOnTarget = new Set(targets.map((tagging) => `${tagging.itemKey}\u0000${tagging.snippetText}`));
  const collapsing: string[] = [];
  const moved: Tagging[] = [];
  const now = Date.now();
  for (const tagging of moving) {
    if (sameOnTarget.has(`${tagging.itemKey}\u0000${tagging.snippetText}`)) collapsing.push(tagging.id);
    else moved.push({ ...tagging, tagId: toTagId, updatedAt: now });
  }
  await db.taggings.bulkDelete(collapsing);
  await db.taggings.bulkPut(moved);
  return { moved: moved.length, collapsed: collapsing.length };
}

export async function setArchived(db: TagDatabase, id: string, archived: boolean): Promise<void> {
  await db.transaction('rw', db.tags, async () => {
    await requireTag(db, id);
    await db.tags.update(id, { archived, updatedAt: Date.now() });
  });
}

export type DeleteReassignment = { to: 'parent' } | { to: 'tag'; tagId: string } | { to: 'nowhere' };

/**
 * Deletes a tag. Its children move up to its parent. A tag with taggings is only deleted when the caller says
 * where they go (its parent or another tag); nothing is ever dropped silently.
 */
export async function deleteTag(
  db: TagDatabase,
  id: string,
  reassign: DeleteReassignment = { to: 'nowhere' },
): Promise<{ moved: number; collapsed: number }> {
  return db.transaction('rw', db.tags, db.taggings, async () => {
    const index = await allTagsIndex(db);
    const tag = index.byId.get(id);
    if (!tag) throw new AppError('not-found', `No tag ${id}`);
    const taggingCount = await db.taggings.where('tagId').equals(id).count();
    let totals = { moved: 0, collapsed: 0 };
    if (taggingCount > 0) {
      const targetId = reassign.to === 'parent' ? tag.parentId : reassign.to === 'tag' ? reassign.tagId : null;
      if (!targetId) {
        throw new AppError('has-taggings', `"${tag.name}" has ${taggingCount} taggings: choose where they go`);
      }
      if (!index.byId.has(targetId)) throw new AppError('not-found', `No tag ${targetId}`);
      if (subtreeIds(index, id).includes(targetId) && targetId !== tag.parentId) {
        throw new AppError('cycle', 'Taggings cannot move to the tag being deleted or its descendants');
      }
      totals = await moveTaggings(db, id, targetId);
    }
    for (const child of [...siblingsOf(index, id)]) {
      const clash = findSibling(index, tag.parentId, child.name);
      if (clash && clash.id !== id) {
        const sub = await mergeInto(db, index, child.id, clash.id);
        totals.moved += sub.moved;
        totals.collapsed += sub.collapsed;
      } else {
        await reparent(db, index, child, tag.parentId);
      }
    }
    await db.tags.delete(id);
    return totals;
  });
}

/** Own tagging counts per tag id. */
export async function ownCounts(db: TagDatabase): Promise<Map<string, number>> {
  // One indexed count per tag, not a walk over every tagging: a cursor step is a round trip to the browser's
  // IndexedDB backend, and at 100,000 taggings the walk took seconds (npm run bench), blocking the writes queued
  // behind it (applying a tag waited for it).
  return db.transaction('r', db.tags, db.taggings, async () => {
    const ids = (await db.tags.toCollection().primaryKeys()) as string[];
    const counts = await Promise.all(ids.map((id) => db.taggings.where('tagId').equals(id).count()));
    return new Map(ids.map((id, i) => [id, counts[i]] as const).filter(([, count]) => count > 0));
  });
}

export interface TagWithCounts extends Tag {
  path: string;
  own: number;
  total: number;
}

export async function tagsWithCounts(db: TagDatabase): Promise<TagWithCounts[]> {
  const [tags, own] = await Promise.all([db.tags.toArray(), ownCounts(db)]);
  const index = indexTags(tags);
  const totals = rollUp(index, own);
  return tags.map((tag) => ({
    ...tag,
    path: pathOf(index, tag.id),
    own: own.get(tag.id) ?? 0,
    total: totals.get(tag.id) ?? 0,
  }));
}
