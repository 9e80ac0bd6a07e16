import { describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  planBackupRestore,
  readTablePage,
  replaceDatabase,
  wipeDatabase,
} from '@/lib/backup/backup';
import { restoreSnapshot, subtreeSnapshot } from '@/lib/backup/undo';
import type { TagDatabase } from '@/lib/db/database';
import { mergePreview } from '@/lib/db/queries';
import { applyTagging } from '@/lib/db/taggings';
import { createTagPath, deleteTag, mergeTags } from '@/lib/db/tags';
import { freshDatabase, reviewItem } from './helpers';

const meta = { format: BACKUP_FORMAT, version: BACKUP_VERSION };

async function dump(db: TagDatabase) {
  const sort = <T extends { id?: string; key?: string }>(rows: T[]) =>
    [...rows].sort((a, b) => String(a.id ?? a.key).localeCompare(String(b.id ?? b.key)));
  return {
    tags: sort(await db.tags.toArray()),
    items: sort(await db.items.toArray()),
    taggings: sort(await db.taggings.toArray()),
  };
}

async function seed(db: TagDatabase) {
  await applyTagging(db, { item: reviewItem('R1'), tagPath: 'Battery > Dead' });
  await applyTagging(db, { item: reviewItem('R2'), tagPath: 'Battery > Dead', note: 'n' });
  await applyTagging(db, { item: reviewItem('R2'), tagPath: 'Power > Dead' });
  await applyTagging(db, { item: reviewItem('R3'), tagPath: 'Power' });
}

describe('backup and restore', () => {
  it('gives back an identical database after a wipe', async () => {
    const db = freshDatabase();
    await seed(db);
    const before = await dump(db);
    const staged = {
      tags: (await readTablePage(db, 'tags', 0, 1000)).records,
      items: (await readTablePage(db, 'items', 0, 1000)).records,
      taggings: JSON.parse(JSON.stringify((await readTablePage(db, 'taggings', 0, 1000)).records)),
    };
    await wipeDatabase(db);
    expect(await db.taggings.count()).toBe(0);
    const plan = planBackupRestore(staged, meta);
    expect(plan.rejected).toEqual([]);
    await replaceDatabase(db, plan);
    expect(JSON.parse(JSON.stringify(await dump(db)))).toEqual(JSON.parse(JSON.stringify(before)));
  });

  it('rejects broken files before writing', async () => {
    const db = freshDatabase();
    await seed(db);
    const tags = (await readTablePage(db, 'tags', 0, 1000)).records as any[];
    const items = (await readTablePage(db, 'items', 0, 1000)).records;
    const taggings = (await readTablePage(db, 'taggings', 0, 1000)).records as any[];
    expect(planBackupRestore({ tags, items, taggings }, { format: 'other', version: 1 }).rejected[0].row).toBe('file');
    const broken = planBackupRestore(
      { tags, items, taggings: [...taggings, { ...taggings[0], id: 'x', tagId: 'nope' }, { bad: true }] },
      meta,
    );
    expect(broken.rejected.map((r) => r.row).sort()).toEqual(['taggings[4]', 'taggings[5]']);
    const cyclic = planBackupRestore({ tags: [{ ...tags[0], parentId: tags[0].id }], items: [], taggings: [] }, meta);
    expect(cyclic.rejected[0].reason).toContain('ancestor');
    await expect(replaceDatabase(db, broken)).rejects.toMatchObject({ code: 'invalid-import' });
    expect(await db.taggings.count()).toBe(4);
  });
});

describe('undo of merge and delete', () => {
  it('previews a merge and undoes it from a snapshot', async () => {
    const db = freshDatabase();
    await seed(db);
    const battery = (await createTagPath(db, 'Battery')).tag.id;
    const power = (await createTagPath(db, 'Power')).tag.id;
    const before = await dump(db);
    expect(await mergePreview(db, battery, power)).toEqual({ taggings: 2, collapsed: 1, mergedTags: 2 });
    const snapshot = await subtreeSnapshot(db, battery);
    expect(await mergeTags(db, battery, power)).toEqual({ moved: 1, collapsed: 1 });
    await restoreSnapshot(db, snapshot);
    expect(await dump(db)).toEqual(before);
  });

  it('undoes a delete that moved taggings to the parent', async () => {
    const db = freshDatabase();
    await seed(db);
    const dead = (await createTagPath(db, 'Battery > Dead')).tag.id;
    const before = await dump(db);
    const snapshot = await subtreeSnapshot(db, dead);
    await deleteTag(db, dead, { to: 'parent' });
    await restoreSnapshot(db, snapshot);
    expect(await dump(db)).toEqual(before);
  });
});
