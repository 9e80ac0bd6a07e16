import { describe, expect, it } from 'vitest';
import { dispatch } from '@/lib/background/handlers';
import { createTagPath } from '@/lib/db/tags';
import { freshDatabase } from './helpers';

describe('reporting, import and undo messages', () => {
  it('tags.update changes only the fields it is given', async () => {
    const db = freshDatabase();
    const { tag } = await createTagPath(db, 'Battery', { color: '#112233' });
    const reply = await dispatch(db, { type: 'tags.update', payload: { id: tag.id, note: 'n' } });
    expect(reply.ok).toBe(true);
    expect(await db.tags.get(tag.id)).toMatchObject({ color: '#112233', note: 'n' });
  });

  it('validates the new messages and broadcasts only after writes', async () => {
    const db = freshDatabase();
    let writes = 0;
    const onWrite = () => writes++;
    const bad = await dispatch(
      db,
      { type: 'export.detailPage', payload: { start: 0, end: 1, offset: -1, limit: 10 } },
      onWrite,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    const page = await dispatch(
      db,
      { type: 'export.detailPage', payload: { start: 0, end: 1, offset: 0, limit: 10 } },
      onWrite,
    );
    expect(page).toEqual({ ok: true, value: { total: 0, rows: [] } });
    await dispatch(db, { type: 'stats.period', payload: { start: 0, end: 1 } }, onWrite);
    await dispatch(db, { type: 'import.stage', payload: { kind: 'csv', session: 'session-1', rows: [] } }, onWrite);
    expect(writes).toBe(0);
    const wipeWithoutConfirm = await dispatch(db, { type: 'data.wipe', payload: {} }, onWrite);
    expect(wipeWithoutConfirm.ok).toBe(false);
    const wipe = await dispatch(db, { type: 'data.wipe', payload: { confirm: 'delete-everything' } }, onWrite);
    expect(wipe.ok).toBe(true);
    expect(writes).toBe(1);
  });

  it('refuses to restore a snapshot whose records are malformed', async () => {
    const db = freshDatabase();
    const reply = await dispatch(db, { type: 'tags.restoreSnapshot', payload: { tags: [{ id: 'x' }], taggings: [] } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(await db.tags.count()).toBe(0);
  });

  it('stages, previews and commits a CSV import in one go, and forgets the session afterwards', async () => {
    const db = freshDatabase();
    const header =
      'tagged_at,source,marketplace,asin,sku,order_id,review_id,rating,return_reason,tag,tag_path,top_tag,snippet,note,page_url'.split(
        ',',
      );
    const cells = [
      '2026-11-20T10:00:00Z',
      'review',
      'US',
      'B0CCCCCCCC',
      '',
      '',
      'R1',
      '5',
      '',
      'B',
      'A > B',
      'A',
      '',
      '',
      '',
    ];
    await dispatch(db, {
      type: 'import.stage',
      payload: { kind: 'csv', session: 'session-2', header, rows: [{ rowNumber: 2, cells }] },
    });
    const preview = await dispatch(db, { type: 'import.preview', payload: { session: 'session-2' } });
    expect(preview).toMatchObject({ ok: true, value: { toImport: 1, newTags: ['A > B'], ok: true } });
    expect(await db.taggings.count()).toBe(0);
    const commit = await dispatch(db, { type: 'import.commit', payload: { session: 'session-2' } });
    expect(commit.ok).toBe(true);
    expect(await db.taggings.count()).toBe(1);
    const again = await dispatch(db, { type: 'import.commit', payload: { session: 'session-2' } });
    expect(again).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
