/** zod schemas for whole database records, used by backup restore and undo (validated before any write). */
import { z } from 'zod';
import { itemContextSchema, SOURCES, snippetSchema } from '../model';

const id = z.string().min(1).max(100);

export const tagRecordSchema = z.looseObject({
  id,
  parentId: id.nullable(),
  name: z.string().min(1).max(200),
  nameKey: z.string().min(1).max(400),
  initials: z.string().max(400),
  color: z.string().max(20),
  note: z.string().max(10_000),
  order: z.number().int(),
  archived: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const itemRecordSchema = z.looseObject({
  ...itemContextSchema.shape,
  key: z.string().min(1).max(1_000),
  firstSeenAt: z.number(),
  updatedAt: z.number(),
});

/** Same fields as lib/messages.ts taggingSchema (kept here so this module does not import the message map). */
export const taggingRecordSchema = z.looseObject({
  id,
  itemKey: z.string().min(1).max(1_000),
  tagId: id,
  snippet: snippetSchema.optional(),
  snippetText: z.string().max(20_000),
  note: z.string().max(10_000),
  pageUrl: z.string().max(4_000),
  asin: z.string().max(20),
  source: z.enum(SOURCES),
  marketplace: z.string().max(8),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const TABLES = ['tags', 'items', 'taggings'] as const;
export type TableName = (typeof TABLES)[number];

export const recordSchemas = {
  tags: tagRecordSchema,
  items: itemRecordSchema,
  taggings: taggingRecordSchema,
} as const;

/** A subtree's tags and taggings, taken before a destructive tree action so it can be undone. */
export const snapshotSchema = z.object({
  tags: z.array(tagRecordSchema).max(100_000),
  taggings: z.array(taggingRecordSchema).max(2_000_000),
});
