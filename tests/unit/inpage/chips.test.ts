// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ItemBar } from '@/components/inpage/itemBar';
import { setLanguage } from '@/lib/i18n';
import type { ChipView } from '@/lib/inpage/store';
import type { Tagging } from '@/lib/model';

const saved = (id: string, path: string): ChipView => ({
  id,
  tagId: `tag-${id}`,
  path,
  color: '#aa0000',
  snippetText: '',
  note: '',
  tagging: { id, tagId: `tag-${id}` } as Tagging,
});
const saving = (path: string): ChipView => ({
  id: 'pending-1',
  tagId: undefined,
  path,
  color: undefined,
  snippetText: 'lid cracked',
  note: '',
  tagging: undefined,
});

function bar() {
  const item = document.createElement('div');
  document.body.append(item);
  const actions = { add: vi.fn(), remove: vi.fn(), undo: vi.fn() };
  const itemBar = new ItemBar(item, actions, () => undefined);
  item.append(itemBar.host);
  itemBar.show();
  const root = itemBar.host.shadowRoot as ShadowRoot;
  const chips = () => [...root.querySelectorAll<HTMLElement>('[data-testid="sct-tag-chip"]')];
  return { itemBar, root, chips };
}

describe('item bar chips', () => {
  it('mark a saving chip as pending and busy, with its remove button disabled, and a saved one as saved', () => {
    setLanguage('en');
    const { itemBar, chips } = bar();
    itemBar.renderChips([saved('t1', 'Lid > Leaks'), saving('<img src=x onerror=alert(1)> > New')]);
    const [done, pending] = chips();
    expect(done.dataset.state).toBe('saved');
    expect(done.hasAttribute('aria-busy')).toBe(false);
    expect(done.querySelector('button')?.disabled).toBe(false);
    expect(done.querySelector('button')?.getAttribute('aria-label')).toBe('Remove tag Lid > Leaks');
    expect(pending.dataset.state).toBe('pending');
    expect(pending.getAttribute('aria-busy')).toBe('true');
    expect(pending.classList.contains('pending')).toBe(true);
    expect(pending.title).toMatch(/^Saving…\n/);
    const remove = pending.querySelector('button') as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    expect(remove.getAttribute('aria-label')).toBe('Saving tag <img src=x onerror=alert(1)> > New…');
    // The typed path is text, never markup.
    expect(pending.querySelector('img')).toBeNull();
    expect(pending.querySelector('.label')?.textContent).toBe('<img src=x onerror=alert(1)> > New');
    setLanguage(undefined);
  });

  it('replace the saving chip by the saved one (same count, new state)', () => {
    const { itemBar, chips } = bar();
    itemBar.renderChips([saving('Lid')]);
    expect(chips().map((chip) => chip.dataset.state)).toEqual(['pending']);
    itemBar.renderChips([saved('t1', 'Lid')]);
    expect(chips().map((chip) => chip.dataset.state)).toEqual(['saved']);
    itemBar.renderChips([]);
    expect(chips()).toHaveLength(0);
  });

  it('show a failed save as an alert with a Retry button', () => {
    setLanguage('zh_CN');
    const { itemBar, root } = bar();
    const retry = vi.fn();
    itemBar.showError('“Lid” was not saved: No tag x', retry);
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('“Lid” was not saved: No tag x');
    expect(root.querySelector('[data-testid="sct-retry"]')?.textContent).toBe('重试');
    setLanguage(undefined);
  });
});
