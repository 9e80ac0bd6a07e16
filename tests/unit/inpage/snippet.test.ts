// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { quoteOf } from '@/lib/inpage/snippet';
import { composedContains } from '@/lib/pages/dom';

describe('quoteOf', () => {
  it('keeps up to 32 characters of context on each side', () => {
    const text = `${'a'.repeat(40)} the lid cracked after two days ${'b'.repeat(40)}`;
    const quote = quoteOf('lid  cracked', text);
    expect(quote.exact).toBe('lid cracked');
    expect(quote.prefix).toBe(`${'a'.repeat(27)} the `);
    expect(quote.suffix).toHaveLength(32);
  });

  it('still returns the exact text when it cannot be found', () => {
    expect(quoteOf('missing', 'other text')).toEqual({ exact: 'missing', prefix: '', suffix: '' });
  });
});

describe('composedContains', () => {
  it('crosses open shadow roots', () => {
    const outer = document.createElement('div');
    const host = document.createElement('kat-box');
    outer.append(host);
    const inner = document.createElement('p');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(composedContains(outer, inner)).toBe(true);
    expect(composedContains(inner, outer)).toBe(false);
  });
});
