/**
 * Who may ask the background what. Only this extension's own contexts may send at all; content scripts, which
 * live inside Seller Central pages and so are the least trusted of them, may only use the messages the in-page
 * UI needs (read tags and taggings, apply, remove and undo) — never wipe, import, restore or edit the tree.
 */
import { AppError, type ErrorInfo, errorInfoOf } from '../errors';
import { type MessageType, requestSchemas } from '../messages';

/** The in-page UI's messages (lib/inpage/store.ts). */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set<MessageType>([
  'ping',
  'tags.list',
  'taggings.forItems',
  'taggings.apply',
  'taggings.remove',
  'taggings.restore',
]);

export interface SenderInfo {
  /** The sending extension's id. */
  id?: string;
  /** The sending document's URL: an extension page's own URL, or the web page a content script runs in. */
  url?: string;
}

/**
 * Undefined when `sender` may send `message`; otherwise a `forbidden-sender` error. Malformed messages pass (the
 * dispatcher answers them with a typed `invalid-message` or `unknown-message` error).
 */
export function senderError(
  message: unknown,
  sender: SenderInfo,
  own: { id: string; baseUrl: string },
): ErrorInfo | undefined {
  if (sender.id !== own.id) return forbidden('Unknown sender');
  if (sender.url?.startsWith(own.baseUrl)) return undefined;
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(requestSchemas, type)) return undefined;
  if (CONTENT_SCRIPT_MESSAGES.has(type as MessageType)) return undefined;
  return forbidden(`"${type}" is not available to pages`);
}

function forbidden(message: string): ErrorInfo {
  return errorInfoOf(new AppError('forbidden-sender', message));
}
