/** The background's table wiring each message to its handler. Handlers run against the database they are given. */
import { readTablePage, wipeDatabase } from '../backup/backup';
import { restoreSnapshot, type Snapshot, subtreeSnapshot } from '../backup/undo';
import type { TagDatabase } from '../db/database';
import { detailPage, streamDetailCsv } from '../db/exportQueries';
import { marketplacesInUse, queryTaggings } from '../db/issueQueries';
import { cachedOverviewStats, mergePreview, periodStats, suggestAsins, summaryRows, totals } from '../db/queries';
import { dataChanged } from '../db/readCache';
import {
  applyTagging,
  changeTaggingTag,
  removeTagging,
  restoreTagging,
  taggingsForItems,
  updateTaggingNote,
} from '../db/taggings';
import {
  createTagPath,
  deleteTag,
  mergeTags,
  moveTag,
  renameTag,
  reorderTag,
  setArchived,
  tagsWithCounts,
  updateTagDetails,
} from '../db/tags';
import { AppError, errorInfoOf } from '../errors';
import { commit, discard, preview, stage } from '../import/session';
import {
  envelopeSchema,
  type MessageType,
  type ParsedRequestOf,
  type Reply,
  type ResponseOf,
  requestSchemas,
} from '../messages';

type Handlers = { [K in MessageType]: (db: TagDatabase, request: ParsedRequestOf<K>) => Promise<ResponseOf<K>> };

/** Messages that never write. After any other one, kept reads are dropped and open views refresh. */
const READ_ONLY: ReadonlySet<MessageType> = new Set<MessageType>([
  'ping',
  'tags.list',
  'taggings.forItems',
  'stats.totals',
  'stats.period',
  'stats.overview',
  'asins.suggest',
  'export.detailPage',
  'export.detailCsv',
  'export.summary',
  'taggings.query',
  'taggings.marketplaces',
  'tags.mergePreview',
  'tags.snapshot',
  'backup.read',
  // Staging and previewing an import hold the file in memory; nothing is written until import.commit.
  'import.stage',
  'import.preview',
  'import.discard',
]);

export const handlers: Handlers = {
  ping: async () => ({ version: '1' }),
  'tags.list': (db) => tagsWithCounts(db),
  'tags.create': (db, r) => createTagPath(db, r.path, { parentId: r.parentId, color: r.color, note: r.note }),
  'tags.rename': (db, r) => renameTag(db, r.id, r.name),
  // Only the fields sent change (an undefined colour must not wipe the stored one).
  'tags.update': (db, r) =>
    updateTagDetails(db, r.id, {
      ...(r.color !== undefined && { color: r.color }),
      ...(r.note !== undefined && { note: r.note }),
    }),
  'tags.move': async (db, r) => {
    await moveTag(db, r.id, r.parentId, r.position);
    return null;
  },
  'tags.reorder': async (db, r) => {
    await reorderTag(db, r.id, r.position);
    return null;
  },
  'tags.merge': (db, r) => mergeTags(db, r.sourceId, r.targetId),
  'tags.archive': async (db, r) => {
    await setArchived(db, r.id, r.archived);
    return null;
  },
  'tags.delete': (db, r) => deleteTag(db, r.id, r.reassign),
  'taggings.apply': (db, r) => applyTagging(db, r),
  'taggings.remove': (db, r) => removeTagging(db, r.id),
  'taggings.restore': (db, r) => restoreTagging(db, r.tagging),
  'taggings.forItems': (db, r) => taggingsForItems(db, r.keys),
  'taggings.updateNote': (db, r) => updateTaggingNote(db, r.id, r.note),
  'taggings.changeTag': (db, r) => changeTaggingTag(db, r.id, r.tagId),
  'stats.totals': (db) => totals(db),
  'stats.period': (db, r) => periodStats(db, r, { asin: r.asin || undefined }),
  'stats.overview': (db, r) => cachedOverviewStats(db, r.thisWeek, r.lastWeek, r.asin || undefined),
  'asins.suggest': (db, r) => suggestAsins(db, r.prefix, r.limit),
  'export.detailPage': (db, r) => detailPage(db, r, r.asin || undefined, r.offset, r.limit, r.after),
  'export.detailCsv': (db, r) => streamDetailCsv(db, r, r.asin || undefined, r.channel),
  'export.summary': async (db, r) => ({ rows: await summaryRows(db, r, r.asin || undefined) }),
  'taggings.query': (db, r) => queryTaggings(db, r.filter, r.offset, r.limit),
  'taggings.marketplaces': (db) => marketplacesInUse(db),
  'tags.mergePreview': (db, r) => mergePreview(db, r.sourceId, r.targetId),
  'tags.snapshot': (db, r) => subtreeSnapshot(db, r.id),
  'tags.restoreSnapshot': (db, r) => restoreSnapshot(db, r as unknown as Snapshot),
  'backup.read': (db, r) => readTablePage(db, r.table, r.offset, r.limit),
  'import.stage': async (_db, r) => stage(r),
  'import.preview': (db, r) => preview(db, r.session),
  'import.commit': (db, r) => commit(db, r.session),
  'import.discard': async (_db, r) => {
    discard(r.session);
    return null;
  },
  'data.wipe': async (db) => {
    await wipeDatabase(db);
    return null;
  },
};

/**
 * Validates an incoming message and runs its handler. Never throws: failures come back as typed errors.
 * `onWrite` is called after a message that may have changed data.
 */
export async function dispatch(db: TagDatabase, message: unknown, onWrite?: () => void): Promise<Reply<unknown>> {
  const envelope = envelopeSchema.safeParse(message);
  if (!envelope.success) return fail('invalid-message', 'A message needs a type and a payload');
  const type = envelope.data.type as MessageType;
  if (!Object.hasOwn(requestSchemas, type) || !Object.hasOwn(handlers, type)) {
    return fail('unknown-message', `Unknown message type "${envelope.data.type}"`);
  }
  const parsed = requestSchemas[type].safeParse(envelope.data.payload ?? {});
  if (!parsed.success) {
    return fail(
      'invalid-message',
      `Invalid ${type}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    );
  }
  const writes = !READ_ONLY.has(type);
  try {
    const handler = handlers[type] as (db: TagDatabase, request: unknown) => Promise<unknown>;
    const value = await handler(db, parsed.data);
    if (writes) onWrite?.();
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: errorInfoOf(error) };
  } finally {
    // Also after a failed write (a handler of several transactions may have committed some of them); a refused
    // message announces nothing, but kept reads are not trusted after it.
    if (writes) dataChanged();
  }
}

function fail(code: 'invalid-message' | 'unknown-message', message: string): Reply<never> {
  return { ok: false, error: errorInfoOf(new AppError(code, message)) };
}
