// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageAdapter } from '@/lib/pages/adapter';

vi.mock('@/lib/messaging', () => ({ send: vi.fn(async () => []) }));
const { PageSession } = await import('@/lib/inpage/session');
const { InpageStore } = await import('@/lib/inpage/store');

const adapter: PageAdapter = {
  kind: 'reviews',
  source: 'review',
  findItems: (root) => [...root.querySelectorAll('.item')],
  extract: (item) => ({ source: 'review', marketplace: 'US', pageUrl: location.href, reviewId: item.id }),
  keyOf: (item) => `review:US:review/${item.id}`,
};
const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const buttonOf = (item: Element) =>
  item.querySelector('sct-item-bar')?.shadowRoot?.querySelector('[data-testid="sct-add-tag"]');

let session: InstanceType<typeof PageSession> | undefined;
afterEach(() => {
  session?.stop();
  document.body.replaceChildren();
  performance.clearMarks();
  vi.restoreAllMocks();
});

function start() {
  const list = document.createElement('div');
  document.body.append(list);
  const actions = { add: vi.fn(), remove: vi.fn(), undo: vi.fn() };
  session = new PageSession(adapter, new InpageStore(), actions, () => undefined);
  session.start();
  return list;
}

function addItems(list: Element, count: number) {
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < count; i++) {
    const item = document.createElement('div');
    item.className = 'item';
    item.id = `R${i}`;
    fragment.append(item);
  }
  list.append(fragment);
  return [...list.children];
}

describe('page session', () => {
  it('puts the bars of items the page adds in at once, the first items with their buttons, the rest after', async () => {
    // A clock that never moves: no slice runs out of time here (this DOM is far slower than a browser's).
    vi.spyOn(performance, 'now').mockReturnValue(0);
    const list = start();
    await frame();
    const items = addItems(list, 40);
    // The mutation callback runs before the next task: the page is not laid out with the items yet.
    await Promise.resolve();
    await Promise.resolve();
    expect(list.querySelectorAll('sct-item-bar')).toHaveLength(40);
    expect(items.slice(0, 32).every((item) => buttonOf(item))).toBe(true);
    expect(items.slice(32).some((item) => buttonOf(item))).toBe(false);
    expect(performance.getEntriesByName('sct-buttons-shown')).toHaveLength(0);
    await vi.waitFor(() => expect(performance.getEntriesByName('sct-buttons-shown')).toHaveLength(1));
    expect(items.every((item) => buttonOf(item))).toBe(true);
    expect(items.every((item) => item.querySelectorAll('sct-item-bar').length === 1)).toBe(true);
  });

  it('marks the buttons shown when the first items were all there was', async () => {
    const list = start();
    await frame();
    const items = addItems(list, 5);
    await vi.waitFor(() => expect(performance.getEntriesByName('sct-buttons-shown')).toHaveLength(1));
    expect(items.every((item) => buttonOf(item))).toBe(true);
  });

  it('takes the bars of removed items away and gives re-rendered ones a bar again', async () => {
    const list = start();
    await frame();
    const items = addItems(list, 3);
    await vi.waitFor(() => expect(list.querySelectorAll('sct-item-bar')).toHaveLength(3));
    items[1].remove();
    items[2].replaceChildren();
    await vi.waitFor(() => {
      expect(list.querySelectorAll('sct-item-bar')).toHaveLength(2);
      expect(items[2].querySelectorAll('sct-item-bar')).toHaveLength(1);
    });
    expect(session?.itemCount).toBe(2);
  });
});
