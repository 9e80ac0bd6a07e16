import { beforeEach, describe, expect, it } from 'vitest';
import type { TagDatabase } from '@/lib/db/database';
import { applyTagging } from '@/lib/db/taggings';
import {
  createTagPath,
  deleteTag,
  mergeTags,
  moveTag,
  renameTag,
  reorderTag,
  setArchived,
  tagsWithCounts,
} from '@/lib/db/tags';
import { indexTags, pathOf } from '@/lib/tree';
import { freshDatabase, reviewItem } from './helpers';

let db: TagDatabase;
beforeEach(() => {
  db = freshDatabase();
});

async function paths(): Promise<string[]> {
  const tags = await db.tags.toArray();
  const index = indexTags(tags);
  return tags.map((tag) => pathOf(index, tag.id)).sort();
}

async function tagIdOf(path: string): Promise<string> {
  return (await createTagPath(db, path)).tag.id;
}

describe('createTagPath', () => {
  it('creates missing ancestors and reuses existing levels', async () => {
    const first = await createTagPath(db, '充电器无法充电 > 充电器接口问题');
    expect(first.created.map((tag) => tag.name)).toEqual(['充电器无法充电', '充电器接口问题']);
    const second = await createTagPath(db, '充电器无法充电 > 充电器型号不匹配');
    expect(second.created.map((tag) => tag.name)).toEqual(['充电器型号不匹配']);
    expect(second.tag.parentId).toBe(first.created[0].id);
    expect(await paths()).toEqual([
      '充电器无法充电',
      '充电器无法充电 > 充电器型号不匹配',
      '充电器无法充电 > 充电器接口问题',
    ]);
  });

  it('treats full-width, case and spacing variants as the same sibling name', async () => {
    const a = await createTagPath(db, 'Ａｂｃ  Problem');
    const b = await createTagPath(db, ' abc problem ');
    expect(b.created).toEqual([]);
    expect(b.tag.id).toBe(a.tag.id);
    expect(await db.tags.count()).toBe(1);
  });

  it('stores pinyin initials for Chinese names', async () => {
    const { tag } = await createTagPath(db, '配件缺失');
    expect(tag.initials).toBe('pjqs');
  });

  it('rejects empty names', async () => {
    await expect(createTagPath(db, ' > > ')).rejects.toMatchObject({ code: 'invalid-name' });
    expect(await db.tags.count()).toBe(0);
  });

  it('brings back an archived tag instead of duplicating it', async () => {
    const id = await tagIdOf('Broken');
    await setArchived(db, id, true);
    const again = await createTagPath(db, 'broken');
    expect(again.tag.id).toBe(id);
    expect(again.tag.archived).toBe(false);
  });
});

describe('rename', () => {
  it('renames and refuses a sibling clash', async () => {
    const a = await tagIdOf('Parent > A');
    await tagIdOf('Parent > B');
    await renameTag(db, a, 'A2');
    expect(await paths()).toContain('Parent > A2');
    await expect(renameTag(db, a, 'ｂ')).rejects.toMatchObject({ code: 'duplicate-name' });
    expect(await paths()).toContain('Parent > A2');
  });
});

describe('move and reorder', () => {
  it('moves a subtree under another parent', async () => {
    const child = await tagIdOf('A > Child > Grandchild');
    const b = await tagIdOf('B');
    const childTag = await db.tags.get(child);
    const mid = childTag?.parentId as string;
    await moveTag(db, mid, b);
    expect(await paths()).toEqual(['A', 'B', 'B > Child', 'B > Child > Grandchild']);
  });

  it('rejects moving a tag under itself or its descendants', async () => {
    const grandchild = await tagIdOf('A > B > C');
    const a = (await db.tags.where('nameKey').equals('a').first())?.id as string;
    await expect(moveTag(db, a, a)).rejects.toMatchObject({ code: 'cycle' });
    await expect(moveTag(db, a, grandchild)).rejects.toMatchObject({ code: 'cycle' });
    expect(await paths()).toEqual(['A', 'A > B', 'A > B > C']);
  });

  it('rejects moving next to a sibling with the same name', async () => {
    const x1 = await tagIdOf('P > X');
    await tagIdOf('Q > X');
    const q = (await db.tags.where('nameKey').equals('q').first())?.id as string;
    await expect(moveTag(db, x1, q)).rejects.toMatchObject({ code: 'duplicate-name' });
  });

  it('reorders siblings', async () => {
    await tagIdOf('One');
    await tagIdOf('Two');
    const three = await tagIdOf('Three');
    await reorderTag(db, three, 0);
    const index = indexTags(await db.tags.toArray());
    expect(index.children.get('')?.map((tag) => tag.name)).toEqual(['Three', 'One', 'Two']);
  });
});

describe('merge', () => {
  it('moves taggings, collapses duplicates and moves children', async () => {
    const source = await tagIdOf('Colour wrong');
    const target = await tagIdOf('Color mismatch');
    await tagIdOf('Colour wrong > Too dark');
    await tagIdOf('Color mismatch > Too dark');
    await tagIdOf('Colour wrong > Too light');
    await applyTagging(db, { item: reviewItem('R1'), tagId: source });
    await applyTagging(db, { item: reviewItem('R2'), tagId: source });
    await applyTagging(db, { item: reviewItem('R2'), tagId: target });
    const result = await mergeTags(db, source, target);
    expect(result).toEqual({ moved: 1, collapsed: 1 });
    expect(await db.taggings.where('tagId').equals(target).count()).toBe(2);
    expect(await db.taggings.count()).toBe(2);
    expect(await paths()).toEqual(['Color mismatch', 'Color mismatch > Too dark', 'Color mismatch > Too light']);
  });

  it('refuses to merge into itself or a descendant', async () => {
    const child = await tagIdOf('A > B');
    const a = (await db.tags.get(child))?.parentId as string;
    await expect(mergeTags(db, a, child)).rejects.toMatchObject({ code: 'cycle' });
    await expect(mergeTags(db, a, a)).rejects.toMatchObject({ code: 'cycle' });
  });
});

describe('delete', () => {
  it('refuses while taggings exist and no reassignment is chosen', async () => {
    const leaf = await tagIdOf('A > B');
    await applyTagging(db, { item: reviewItem('R1'), tagId: leaf });
    await expect(deleteTag(db, leaf)).rejects.toMatchObject({ code: 'has-taggings' });
    expect(await db.tags.get(leaf)).toBeDefined();
    expect(await db.taggings.count()).toBe(1);
  });

  it('reassigns taggings to the parent', async () => {
    const leaf = await tagIdOf('A > B');
    const parent = (await db.tags.get(leaf))?.parentId as string;
    await applyTagging(db, { item: reviewItem('R1'), tagId: leaf });
    await applyTagging(db, { item: reviewItem('R2'), tagId: leaf });
    await applyTagging(db, { item: reviewItem('R2'), tagId: parent });
    expect(await deleteTag(db, leaf, { to: 'parent' })).toEqual({ moved: 1, collapsed: 1 });
    expect(await db.taggings.where('tagId').equals(parent).count()).toBe(2);
    expect(await paths()).toEqual(['A']);
  });

  it('reassigns taggings to another tag and lifts children to the parent', async () => {
    const mid = (await db.tags.get(await tagIdOf('A > B > C')))?.parentId as string;
    const other = await tagIdOf('Other');
    await applyTagging(db, { item: reviewItem('R1'), tagId: mid });
    await deleteTag(db, mid, { to: 'tag', tagId: other });
    expect(await db.taggings.where('tagId').equals(other).count()).toBe(1);
    expect(await paths()).toEqual(['A', 'A > C', 'Other']);
  });

  it('deletes an unused tag without asking', async () => {
    const id = await tagIdOf('Unused');
    await deleteTag(db, id);
    expect(await db.tags.count()).toBe(0);
  });
});

describe('counts', () => {
  it('rolls own counts up to every ancestor', async () => {
    const c = await tagIdOf('A > B > C');
    const b = (await db.tags.get(c))?.parentId as string;
    await applyTagging(db, { item: reviewItem('R1'), tagId: c });
    await applyTagging(db, { item: reviewItem('R2'), tagId: c });
    await applyTagging(db, { item: reviewItem('R3'), tagId: b });
    const byPath = Object.fromEntries((await tagsWithCounts(db)).map((tag) => [tag.path, [tag.own, tag.total]]));
    expect(byPath).toEqual({ A: [0, 3], 'A > B': [1, 3], 'A > B > C': [2, 2] });
  });
});
