// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ALL_ADAPTERS, adapterForUrl } from '@/lib/pages';
import { OTHER_SELLER_CENTRAL_URLS, pageKindOf, URL_DETECTORS } from '@/lib/pages/urls';

describe('URL detectors matrix', () => {
  for (const detector of URL_DETECTORS) {
    for (const url of detector.testUrls) {
      it(`${detector.kind}: ${url}`, () => {
        for (const other of URL_DETECTORS) expect(other.matches(new URL(url))).toBe(other === detector);
        expect(pageKindOf(new URL(url))).toBe(detector.kind);
        expect(adapterForUrl(new URL(url))?.kind).toBe(detector.kind);
      });
    }
  }
  for (const url of OTHER_SELLER_CENTRAL_URLS) {
    it(`no kind: ${url}`, () => {
      for (const detector of URL_DETECTORS) expect(detector.matches(new URL(url))).toBe(false);
      expect(adapterForUrl(new URL(url))).toBeUndefined();
    });
  }
  it('never on storefront hosts', () => {
    expect(adapterForUrl(new URL('https://www.amazon.com/brand-customer-reviews/'))).toBeUndefined();
  });
  it('one adapter per page kind, each with its source', () => {
    expect(ALL_ADAPTERS.map((adapter) => adapter.kind).sort()).toEqual(URL_DETECTORS.map((d) => d.kind).sort());
    expect(Object.fromEntries(ALL_ADAPTERS.map((a) => [a.kind, a.source]))).toEqual({
      reviews: 'review',
      feedback: 'feedback',
      voc: 'voc',
      messages: 'message',
      returns: 'return',
    });
  });
});
