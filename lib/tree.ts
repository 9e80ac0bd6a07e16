/** Pure helpers over a list of tags: lookups, paths, descendants, rolled-up counts. */
import type { Tag } from './model';
import { PATH_SEPARATOR } from './text';

export interface TagIndex {
  byId: Map<string, Tag>;
  /** Children per parent id ('' for the roots), sorted by order then name. */
  children: Map<string, Tag[]>;
}

export function indexTags(tags: readonly Tag[]): TagIndex {
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const children = new Map<string, Tag[]>();
  for (const tag of tags) {
    const parentKey = tag.parentId && byId.has(tag.parentId) ? tag.parentId : '';
    let list = children.get(parentKey);
    if (!list) children.set(parentKey, (list = []));
    list.push(tag);
  }
  for (const list of children.values()) list.sort(compareSiblings);
  return { byId, children };
}

export function compareSiblings(a: Tag, b: Tag): number {
  return a.order - b.order || a.name.localeCompare(b.name);
}

/** Ancestors from the root down to the tag itself. Stops on a (corrupt) cycle instead of looping. */
export function ancestorsOf(index: TagIndex, id: string): Tag[] {
  const chain: Tag[] = [];
  const seen = new Set<string>();
  let current = index.byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current);
    current = current.parentId ? index.byId.get(current.parentId) : undefined;
  }
  return chain;
}

export function pathOf(index: TagIndex, id: string): string {
  return ancestorsOf(index, id)
    .map((tag) => tag.name)
    .join(PATH_SEPARATOR);
}

export function topTagOf(index: TagIndex, id: string): Tag | undefined {
  return ancestorsOf(index, id)[0];
}

/** The tag and all of its descendants, depth first. */
export function subtreeIds(index: TagIndex, id: string): string[] {
  const result: string[] = [];
  const stack = [id];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    result.push(current);
    for (const child of index.children.get(current) ?? []) stack.push(child.id);
  }
  return result;
}

export function isDescendantOrSelf(index: TagIndex, id: string, ancestorId: string): boolean {
  return ancestorsOf(index, id).some((tag) => tag.id === ancestorId);
}

/** Rolled-up counts: each tag's own count plus all of its descendants'. */
export function rollUp(index: TagIndex, ownCounts: ReadonlyMap<string, number>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [tagId, count] of ownCounts) {
    if (count === 0) continue;
    for (const ancestor of ancestorsOf(index, tagId)) {
      totals.set(ancestor.id, (totals.get(ancestor.id) ?? 0) + count);
    }
  }
  return totals;
}

/** Depth of a tag: 1 for a root. */
export function levelOf(index: TagIndex, id: string): number {
  return ancestorsOf(index, id).length;
}
