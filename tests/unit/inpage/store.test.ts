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
const KEY = 'review:US:review/R1';
const tagging = (id: string, tagId: string, snippetText = ''): Tagging =>
  ({ id, itemKey: KEY, tagId, snippetText, note: '', createdAt: 2 }) as unknown as Tagging;
const item = {
  source: 'review',
  marketplace: 'US',
  reviewId: 'R1',
  pageUrl: 'https://sellercentral.amazon.com/',
} as const;

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

describe('InpageStore.apply', () => {
  beforeEach(() => send.mockReset());

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
    // The first apply: its saving chip, the saved chip, then the use count (only the first: the others find
    // the tag already on the item and show no second saving chip).
    expect(changes.slice(0, 3)).toEqual([new Set([KEY]), new Set([KEY]), 'search']);
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
    expect(changes.slice(0, 2)).toEqual([new Set([KEY]), new Set([KEY])]);
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
    // No saving chip for a tag this tab does not know (no path to show): the chip comes with the tag list.
    expect(changes.slice(0, 2)).toEqual(['all', new Set([KEY])]);
    expect(store.tagsById.get('o')?.path).toBe('Other');
  });
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** A store whose tags are loaded and whose item R1 shows `saved`; `apply` answers with the returned promise. */
async function storeWith(saved: Tagging[] = []) {
  const replies = {
    'tags.list': [withCounts(tag('p', 'Parent'), 'Parent', 4), withCounts(tag('c', 'Old', 'p'), 'Parent > Old', 1)],
    'taggings.forItems': saved,
  };
  let apply = deferred<unknown>();
  send.mockImplementation((type: keyof typeof replies | 'taggings.apply') =>
    type === 'taggings.apply' ? apply.promise : Promise.resolve(replies[type]),
  );
  const store = new InpageStore();
  store.taggingsOf(KEY);
  await store.refresh();
  const changes: StoreChange[] = [];
  store.onChange((change) => changes.push(change));
  const states = () => store.chipsOf(KEY)?.map((chip) => `${chip.path}:${chip.tagging ? chip.tagging.id : 'saving'}`);
  return {
    store,
    changes,
    states,
    get apply() {
      return apply;
    },
    nextApply() {
      apply = deferred<unknown>();
    },
  };
}

const applied = (id: string, tagId: string, created = true, createdTags: Tag[] = []) => ({
  tagging: tagging(id, tagId),
  tag: tag(tagId, tagId === 'c' ? 'Old' : tagId, 'p'),
  created,
  createdTags,
});

describe('InpageStore saving chips', () => {
  beforeEach(() => send.mockReset());

  it('shows the chip as saving before the apply message is sent, and as saved once the background confirms', async () => {
    const { store, changes, states, apply } = await storeWith();
    const sentBeforeChip: number[] = [];
    store.onChange(() => sentBeforeChip.push(send.mock.calls.filter(([type]) => type === 'taggings.apply').length));
    const saving = store.apply(item, { tagId: 'c' }, undefined, 'note');
    // Synchronously: the chip is there (no await yet), and it was announced before the message went out.
    expect(changes).toEqual([new Set([KEY])]);
    expect(sentBeforeChip).toEqual([0]);
    expect(states()).toEqual(['Parent > Old:saving']);
    expect(store.chipsOf(KEY)?.[0]).toMatchObject({ tagId: 'c', color: '#336699', note: 'note', tagging: undefined });
    apply.resolve(applied('t1', 'c'));
    await expect(saving).resolves.toMatchObject({ id: 't1' });
    expect(states()).toEqual(['Parent > Old:t1']);
    expect(changes.slice(1)).toEqual([new Set([KEY]), 'search']);
  });

  it('shows a new tag path as typed while saving, then the created tag', async () => {
    const { store, states, apply } = await storeWith();
    const saving = store.apply(item, { tagPath: 'Parent > Lid' }, { exact: 'lid', prefix: '', suffix: '' }, '');
    expect(states()).toEqual(['Parent > Lid:saving']);
    expect(store.chipsOf(KEY)?.[0]).toMatchObject({ tagId: undefined, color: undefined, snippetText: 'lid' });
    const lid = tag('lid', 'Lid', 'p');
    apply.resolve({ tagging: tagging('t1', 'lid', 'lid'), tag: lid, created: true, createdTags: [lid] });
    await saving;
    expect(states()).toEqual(['Parent > Lid:t1']);
  });

  it('takes the chip away when the save fails, and rejects so the failure can be shown', async () => {
    const { store, changes, states, apply } = await storeWith([tagging('t0', 'p')]);
    const saving = store.apply(item, { tagPath: 'Parent > Lid' }, undefined, '');
    expect(states()).toEqual(['Parent:t0', 'Parent > Lid:saving']);
    apply.reject(new Error('No tag x'));
    await expect(saving).rejects.toThrow('No tag x');
    expect(states()).toEqual(['Parent:t0']);
    expect(changes).toEqual([new Set([KEY]), new Set([KEY])]);
    expect(store.tagsById.has('lid')).toBe(false);
  });

  it('merges the saving chip into the existing one when the background says the tagging existed', async () => {
    const { store, states, apply } = await storeWith([tagging('t0', 'c')]);
    // Typed in other case: not recognised here as the same tag, so it shows as saving beside the saved one.
    const saving = store.apply(item, { tagPath: 'parent > old' }, undefined, '');
    expect(states()).toEqual(['Parent > Old:t0', 'parent > old:saving']);
    apply.resolve(applied('t0', 'c', false));
    await saving;
    expect(states()).toEqual(['Parent > Old:t0']);
    expect(store.tagsById.get('c')?.own).toBe(1);
  });

  it('shows one saving chip for the same tag chosen twice, and one saved chip after both answers', async () => {
    const context = await storeWith();
    const { store, states } = context;
    const first = context.apply;
    const one = store.apply(item, { tagId: 'c' }, undefined, '');
    context.nextApply();
    const second = context.apply;
    const two = store.apply(item, { tagId: 'c' }, undefined, '');
    expect(states()).toEqual(['Parent > Old:saving']);
    second.resolve(applied('t1', 'c', false));
    first.resolve(applied('t1', 'c', true));
    await Promise.all([one, two]);
    expect(states()).toEqual(['Parent > Old:t1']);
  });

  it('keeps saving chips through a reload of the page’s data, and shows them before the item’s taggings load', async () => {
    const { store, states, apply } = await storeWith();
    const saving = store.apply(item, { tagId: 'c' }, undefined, '');
    await store.refresh();
    expect(states()).toEqual(['Parent > Old:saving']);
    const other = { ...item, reviewId: 'R2' };
    const otherKey = 'review:US:review/R2';
    void store.apply(other, { tagId: 'c' }, undefined, '');
    expect(store.chipsOf(otherKey)?.map((chip) => chip.tagging)).toEqual([undefined]);
    apply.resolve(applied('t1', 'c'));
    await saving;
    expect(states()).toEqual(['Parent > Old:t1']);
  });
});
