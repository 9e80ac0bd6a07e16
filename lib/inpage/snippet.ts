/** Selected text inside an item → a text quote {exact, prefix, suffix} that can be found again later. */
import type { Snippet } from '../model';

const CONTEXT_CHARS = 32;
const MAX_SNIPPET = 5_000;

/** Like Node.contains, but crossing shadow-root boundaries. */
export function composedContains(ancestor: Node, node: Node | null): boolean {
  let current: Node | null = node;
  while (current) {
    if (current === ancestor) return true;
    current = current.parentNode ?? (current instanceof ShadowRoot ? current.host : null);
  }
  return false;
}

/** The selected text if the current selection lies inside `item`, else undefined. */
export function selectedTextIn(item: Element): string | undefined {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return undefined;
  if (!composedContains(item, selection.anchorNode) || !composedContains(item, selection.focusNode)) return undefined;
  const text = normaliseSpace(selection.toString());
  return text || undefined;
}

export function quoteOf(exact: string, fullText: string): Snippet {
  const cleanExact = normaliseSpace(exact).slice(0, MAX_SNIPPET);
  const text = normaliseSpace(fullText);
  const at = text.indexOf(cleanExact);
  if (at < 0) return { exact: cleanExact, prefix: '', suffix: '' };
  return {
    exact: cleanExact,
    prefix: text.slice(Math.max(0, at - CONTEXT_CHARS), at),
    suffix: text.slice(at + cleanExact.length, at + cleanExact.length + CONTEXT_CHARS),
  };
}

export function normaliseSpace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
