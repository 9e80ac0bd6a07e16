/** Selected text inside an item → a text quote {exact, prefix, suffix} that can be found again later. */
import type { Snippet } from '../model';
import { composedContains } from '../pages/dom';

const CONTEXT_CHARS = 32;
const MAX_SNIPPET = 5_000;

/** The selected text if the current selection lies inside `item`, else undefined. */
export function selectedTextIn(item: Element): string | undefined {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return undefined;
  const { anchorNode, focusNode } = selection;
  if (!anchorNode || !focusNode || !composedContains(item, anchorNode) || !composedContains(item, focusNode)) {
    return undefined;
  }
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
