/** Records kept in the database and the shapes that cross between contexts. */
import { z } from 'zod';

// Extension pages forbid eval (MV3 CSP): tell zod not to try compiling validators with `new Function`.
z.config({ jitless: true });

export const SOURCES = ['review', 'feedback', 'message', 'return', 'voc', 'other'] as const;
export type Source = (typeof SOURCES)[number];

export interface Tag {
  id: string;
  /** null for a root tag. */
  parentId: string | null;
  name: string;
  /** name after NFKC, trimming and case folding: sibling names are unique on it. */
  nameKey: string;
  /** Pinyin initials of the Chinese characters in the name (配件缺失 → "pjqs"), for typeahead. */
  initials: string;
  color: string;
  note: string;
  order: number;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A text quote that locates a snippet again after the page changes (hypothesis/client style). */
export const snippetSchema = z.object({
  exact: z.string().min(1).max(20_000),
  prefix: z.string().max(200).default(''),
  suffix: z.string().max(200).default(''),
});
export type Snippet = z.infer<typeof snippetSchema>;

const optionalText = (max: number) => z.string().max(max).optional();

/** What a page adapter captures about a tagged thing (a review, feedback, message, return…). */
export const itemContextSchema = z.object({
  source: z.enum(SOURCES),
  marketplace: z.string().max(8),
  asin: optionalText(20),
  sku: optionalText(200),
  orderId: optionalText(40),
  reviewId: optionalText(40),
  returnRequestId: optionalText(80),
  caseId: optionalText(120),
  rating: z.number().int().min(1).max(5).optional(),
  title: optionalText(2_000),
  text: optionalText(200_000),
  buyer: optionalText(500),
  returnReason: optionalText(500),
  returnReasonCode: optionalText(80),
  buyerComment: optionalText(200_000),
  itemDate: optionalText(100),
  pageUrl: z.string().max(4_000),
});
export type ItemContext = z.infer<typeof itemContextSchema>;

export interface Item extends ItemContext {
  /** Stable identity from the Amazon IDs (see itemKeyOf). */
  key: string;
  firstSeenAt: number;
  updatedAt: number;
}

export interface Tagging {
  id: string;
  itemKey: string;
  tagId: string;
  snippet?: Snippet;
  /** snippet.exact or '' — part of the uniqueness key (itemKey, tagId, snippetText). */
  snippetText: string;
  note: string;
  /** Where the tagging was made. */
  pageUrl: string;
  /** Copied from the item so the table can be filtered without a join. */
  asin: string;
  source: Source;
  marketplace: string;
  createdAt: number;
  updatedAt: number;
}
