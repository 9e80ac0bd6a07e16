/**
 * The one typed message map between the contexts (content script, popup, options) and the background, which owns
 * the database. Each request has a zod schema (every incoming message is validated) and a response type.
 */
import { z } from 'zod';
import { snapshotSchema, TABLES } from './backup/records';
import type { ExportPage } from './db/exportQueries';
import type { TaggingPage } from './db/issueQueries';
import type { AsinSuggestion, MergePreview, Overview, PeriodStats, Totals } from './db/queries';
import type { ApplyResult } from './db/taggings';
import type { CreatePathResult, TagWithCounts } from './db/tags';
import type { ErrorInfo } from './errors';
import type { ImportReport } from './import/session';
import { itemContextSchema, SOURCES, snippetSchema, type Tag, type Tagging } from './model';

const id = z.string().min(1).max(100);
const tagName = z.string().min(1).max(1_000);
const color = z.string().regex(/^#[0-9a-f]{6}$/i);
const note = z.string().max(10_000);

export const taggingSchema = z.object({
  id,
  itemKey: z.string().min(1).max(1_000),
  tagId: id,
  snippet: snippetSchema.optional(),
  snippetText: z.string().max(20_000),
  note,
  pageUrl: z.string().max(4_000),
  asin: z.string().max(20),
  source: z.enum(SOURCES),
  marketplace: z.string().max(8),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A half-open time range in ms (lib/period.ts resolves the popup's periods to one). */
const range = { start: z.number(), end: z.number() };
const asinFilter = z.string().max(20).optional();
const pageLimit = (max: number) => z.number().int().min(1).max(max);

export const TAGGING_SORTS = ['createdAt', 'asin', 'source', 'marketplace', 'tag', 'note'] as const;
export type TaggingSort = (typeof TAGGING_SORTS)[number];

/** Filters and order of the options page's tagged-issues table. */
export const taggingFilterSchema = z.object({
  /** The tag and its descendants. */
  tagId: id.optional(),
  asin: asinFilter,
  source: z.enum(SOURCES).optional(),
  marketplace: z.string().max(8).optional(),
  start: z.number().optional(),
  end: z.number().optional(),
  /** Case-insensitive, in the snippet and the note. */
  text: z.string().max(500).optional(),
  sort: z.enum(TAGGING_SORTS).default('createdAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});
export type TaggingFilter = z.output<typeof taggingFilterSchema>;

const importSession = z.string().min(8).max(100);

export const requestSchemas = {
  ping: z.object({}),
  'tags.list': z.object({}),
  'tags.create': z.object({
    path: tagName,
    parentId: id.nullable().optional(),
    color: color.optional(),
    note: note.optional(),
  }),
  'tags.rename': z.object({ id, name: tagName }),
  'tags.update': z.object({ id, color: color.optional(), note: note.optional() }),
  'tags.move': z.object({ id, parentId: id.nullable(), position: z.number().int().min(0).optional() }),
  'tags.reorder': z.object({ id, position: z.number().int().min(0) }),
  'tags.merge': z.object({ sourceId: id, targetId: id }),
  'tags.archive': z.object({ id, archived: z.boolean() }),
  'tags.delete': z.object({
    id,
    reassign: z
      .discriminatedUnion('to', [
        z.object({ to: z.literal('parent') }),
        z.object({ to: z.literal('tag'), tagId: id }),
        z.object({ to: z.literal('nowhere') }),
      ])
      .optional(),
  }),
  'taggings.apply': z
    .object({
      item: itemContextSchema,
      tagId: id.optional(),
      tagPath: tagName.optional(),
      snippet: snippetSchema.optional(),
      note: note.optional(),
    })
    .refine((request) => request.tagId || request.tagPath, 'tagId or tagPath is required'),
  'taggings.remove': z.object({ id }),
  'taggings.restore': z.object({ tagging: taggingSchema }),
  'taggings.forItems': z.object({ keys: z.array(z.string().min(1).max(1_000)).max(10_000) }),
  'taggings.updateNote': z.object({ id, note }),
  'taggings.changeTag': z.object({ id, tagId: id }),
  'stats.totals': z.object({}),
  'stats.period': z.object({ ...range, asin: asinFilter }),
  /** The popup's first screen: totals, this week and last week, in one request (lib/db/queries.ts overviewStats). */
  'stats.overview': z.object({ thisWeek: z.object(range), lastWeek: z.object(range), asin: asinFilter }),
  'asins.suggest': z.object({ prefix: z.string().max(20), limit: pageLimit(50).optional() }),
  'export.detailPage': z.object({
    ...range,
    asin: asinFilter,
    offset: z.number().int().min(0),
    limit: pageLimit(10_000),
    /** Where the previous page ended: the next page starts right after it instead of skipping `offset` rows. */
    after: z.object({ createdAt: z.number(), skip: z.number().int().min(0) }).optional(),
  }),
  /** The whole detail export as CSV text, posted chunk by chunk on the BroadcastChannel the popup named. */
  'export.detailCsv': z.object({ ...range, asin: asinFilter, channel: z.string().regex(/^sct-export:[\w-]{1,80}$/) }),
  'export.summary': z.object({ ...range, asin: asinFilter }),
  'taggings.query': z.object({
    filter: taggingFilterSchema,
    offset: z.number().int().min(0),
    limit: pageLimit(1_000),
  }),
  'taggings.marketplaces': z.object({}),
  'tags.mergePreview': z.object({ sourceId: id, targetId: id }),
  'tags.snapshot': z.object({ id }),
  'tags.restoreSnapshot': snapshotSchema,
  'backup.read': z.object({ table: z.enum(TABLES), offset: z.number().int().min(0), limit: pageLimit(20_000) }),
  'import.stage': z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('csv'),
      session: importSession,
      header: z.array(z.string().max(200)).max(100).optional(),
      rows: z
        .array(z.object({ rowNumber: z.number().int().min(1), cells: z.array(z.string().max(200_000)).max(100) }))
        .max(20_000),
    }),
    z.object({
      kind: z.literal('backup'),
      session: importSession,
      meta: z.object({ format: z.unknown(), version: z.unknown() }).optional(),
      table: z.enum(TABLES),
      records: z.array(z.unknown()).max(20_000),
    }),
  ]),
  'import.preview': z.object({ session: importSession }),
  'import.commit': z.object({ session: importSession }),
  'import.discard': z.object({ session: importSession }),
  'data.wipe': z.object({ confirm: z.literal('delete-everything') }),
} as const;

export interface ResponseMap {
  ping: { version: string };
  'tags.list': TagWithCounts[];
  'tags.create': CreatePathResult;
  'tags.rename': Tag;
  'tags.update': Tag;
  'tags.move': null;
  'tags.reorder': null;
  'tags.merge': { moved: number; collapsed: number };
  'tags.archive': null;
  'tags.delete': { moved: number; collapsed: number };
  'taggings.apply': ApplyResult;
  'taggings.remove': Tagging;
  'taggings.restore': Tagging;
  'taggings.forItems': Tagging[];
  'taggings.updateNote': Tagging;
  'taggings.changeTag': Tagging;
  'stats.totals': Totals;
  'stats.period': PeriodStats;
  'stats.overview': Overview;
  'asins.suggest': AsinSuggestion[];
  'export.detailPage': ExportPage;
  'export.detailCsv': { rows: number };
  'export.summary': { rows: string[][] };
  'taggings.query': TaggingPage;
  'taggings.marketplaces': string[];
  'tags.mergePreview': MergePreview;
  'tags.snapshot': { tags: Tag[]; taggings: Tagging[] };
  'tags.restoreSnapshot': { tags: number; taggings: number };
  'backup.read': { total: number; records: unknown[] };
  'import.stage': { staged: number };
  'import.preview': ImportReport;
  'import.commit': ImportReport;
  'import.discard': null;
  'data.wipe': null;
}

export type MessageType = keyof typeof requestSchemas & keyof ResponseMap;
export type RequestOf<K extends MessageType> = z.input<(typeof requestSchemas)[K]>;
export type ParsedRequestOf<K extends MessageType> = z.output<(typeof requestSchemas)[K]>;
export type ResponseOf<K extends MessageType> = ResponseMap[K];

/** What travels over runtime messaging. */
export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  payload: RequestOf<K>;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const envelopeSchema = z.object({
  type: z.string().max(100),
  payload: z.unknown(),
});

export { CHANGED_EVENT } from './changedEvent';
