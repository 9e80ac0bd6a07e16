// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ItemBar } from '@/components/inpage/itemBar';

const actions = () => ({ add: vi.fn(), remove: vi.fn(), undo: vi.fn() });

describe('item bar host', () => {
  it('has its shadow root from the start, empty until the bar is shown, then the button', () => {
    const item = document.createElement('div');
    document.body.append(item);
    const bar = new ItemBar(item, actions(), () => undefined);
    const root = bar.host.shadowRoot as ShadowRoot;
    expect(root).not.toBeNull();
    expect(root.querySelector('[data-testid="sct-add-tag"]')).toBeNull();
    item.append(bar.host);
    bar.prepare();
    // Prepared, not shown: still nothing in the page.
    expect(root.querySelector('[data-testid="sct-add-tag"]')).toBeNull();
    bar.show();
    expect(bar.host.shadowRoot).toBe(root);
    expect(root.querySelectorAll('[data-testid="sct-add-tag"]')).toHaveLength(1);
    // Showing again changes nothing.
    bar.show();
    expect(root.querySelectorAll('[data-testid="sct-add-tag"]')).toHaveLength(1);
  });

  it('gets its box from the shared sheet, with nothing inline', () => {
    const bar = new ItemBar(document.createElement('div'), actions(), () => undefined);
    const sheets = (bar.host.shadowRoot as ShadowRoot).adoptedStyleSheets;
    expect(sheets).toHaveLength(1);
    expect([...sheets[0].cssRules].some((rule) => rule.cssText.includes('content-visibility'))).toBe(true);
    expect(bar.host.getAttribute('style')).toBeNull();
  });

  it('keeps its box inline where no shared sheet can be made (a <style> in the root instead)', async () => {
    vi.resetModules();
    const replaceSync = vi.spyOn(CSSStyleSheet.prototype, 'replaceSync').mockImplementation(() => {
      throw new Error('not here');
    });
    try {
      const { ItemBar: FreshBar } = await import('@/components/inpage/itemBar');
      const bar = new FreshBar(document.createElement('div'), actions(), () => undefined);
      const root = bar.host.shadowRoot as ShadowRoot;
      expect(root.adoptedStyleSheets ?? []).toHaveLength(0);
      expect(root.querySelector('style')?.textContent).toContain('content-visibility');
      expect(bar.host.style.getPropertyValue('content-visibility')).toBe('auto');
    } finally {
      replaceSync.mockRestore();
    }
  });
});
