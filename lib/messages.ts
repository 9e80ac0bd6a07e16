/**
 * The one typed message map between the contexts (content script, popup, options) and the background, which owns
 * the database. Each request has a zod schema (every incoming message is validated) and a response type.
 */
import { z } from 'zod';
import type { ApplyResult } from './db/taggings';
import type { CreatePathResult, TagWithCounts } from './db/tags';
import type { ErrorInfo } from './errors';
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
  'stats.totals': { tags: number; items: number; taggings: number };
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

/** Broadcast from the background to every context when data changed, so open views refresh. */
export const CHANGED_EVENT = 'sct:data-changed';
