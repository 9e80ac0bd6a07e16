import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TagWithCounts } from '@/lib/db/tags';
import type { StoreChange } from '@/lib/inpage/store';
import type { Tag, Tagging } from '@/lib/model';

const send = vi.fn();
vi.mock('@/lib/messaging', () => ({ send: (...args: unknown[]) => send(...args) }));
const { InpageStore } = await import('@/lib/inpage/store');

function tag(id: string, name: string, parentId: string | null = null): Tag {
  return {
    id,
    parentId,
    name,
    nameKey: name.toLowerCase(),
    initials: '',
    color: '#336699',
    note: '',
    order: 0,
    archived: false,
    createdAt: 1,
    updatedAt: 1,
  };
}
const withCounts = (t: Tag, path: string, own = 0): TagWithCounts => ({ ...t, path, own, total: own });
const tagging = (id: string, tagId: string): Tagging =>
  ({ id, itemKey: 'review:US:review/R1', tagId, createdAt: 2 }) as unknown as Tagging;
const item = { source: 'review', marketplace: 'US', pageUrl: 'https://sellercentral.amazon.com/' } as const;

describe('InpageStore.apply', () => {
  beforeEach(() => send.mockReset());

  async function loaded() {
    const store = new InpageStore();
    send.mockResolvedValueOnce([
      withCounts(tag('p', 'Parent'), 'Parent', 4),
      withCounts(tag('c', 'Old', 'p'), 'Parent > Old', 1),
    ]);
    await store.loadTags();
    const changes: StoreChange[] = [];
    store.onChange((change) => changes.push(change));
    return { store, changes };
  }

  it('shows the chip first, then counts the use for the picker without re-rendering chips or reloading tags', async () => {
    const { store, changes } = await loaded();
    expect(store.search.options('')[0]).toMatchObject({ tag: { id: 'p' } });
    send.mockResolvedValueOnce({
      tagging: tagging('t1', 'c'),
      tag: tag('c', 'Old', 'p'),
      created: true,
      createdTags: [],
    });
    send.mockResolvedValueOnce({
      tagging: tagging('t2', 'c'),
      tag: tag('c', 'Old', 'p'),
      created: true,
      createdTags: [],
    });
    send.mockResolvedValueOnce({
      tagging: tagging('t3', 'c'),
      tag: tag('c', 'Old', 'p'),
      created: true,
      createdTags: [],
    });
    send.mockResolvedValueOnce({
      tagging: tagging('t4', 'c'),
      tag: tag('c', 'Old', 'p'),
      created: true,
      createdTags: [],
    });
    for (let i = 0; i < 4; i++) await store.apply(item, { tagId: 'c' }, undefined, '');
    expect(send.mock.calls.map(([type]) => type)).toEqual(['tags.list', ...Array(4).fill('taggings.apply')]);
    expect(changes[0]).toEqual(new Set(['review:US:review/R1']));
    expect(changes[1]).toBe('search');
    expect(changes).not.toContain('all');
    expect(store.tagsById.get('c')?.own).toBe(5);
    expect(store.search.options('')[0]).toMatchObject({ tag: { id: 'c', uses: 5 } });
    expect(store.taggingsOf('review:US:review/R1')?.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
  });

  it('gives tags created by the tagging their paths at once, parents first', async () => {
    const { store, changes } = await loaded();
    const created = [tag('leaf', 'Leaf', 'mid'), tag('mid', 'Mid', 'p')];
    send.mockResolvedValueOnce({
      tagging: tagging('t1', 'leaf'),
      tag: created[0],
      created: true,
      createdTags: created,
    });
    await store.apply(item, { tagPath: 'Parent > Mid > Leaf' }, undefined, '');
    expect(send).toHaveBeenCalledTimes(2);
    expect(changes[0]).toEqual(new Set(['review:US:review/R1']));
    expect(store.tagsById.get('leaf')?.path).toBe('Parent > Mid > Leaf');
    expect(store.tagsById.get('mid')?.path).toBe('Parent > Mid');
    expect(store.search.options('leaf')[0]).toMatchObject({ tag: { path: 'Parent > Mid > Leaf', uses: 1 } });
  });

  it('reloads the tag list before the chip when the tag is unknown here', async () => {
    const { store, changes } = await loaded();
    const other = tag('o', 'Other');
    send.mockResolvedValueOnce({ tagging: tagging('t1', 'o'), tag: other, created: true, createdTags: [] });
    send.mockResolvedValueOnce([withCounts(other, 'Other', 1)]);
    await store.apply(item, { tagId: 'o' }, undefined, '');
    expect(send.mock.calls.map(([type]) => type)).toEqual(['tags.list', 'taggings.apply', 'tags.list']);
    expect(changes.slice(0, 2)).toEqual(['all', new Set(['review:US:review/R1'])]);
    expect(store.tagsById.get('o')?.path).toBe('Other');
  });
});
