/** Client side of the message map: popup, options and content scripts ask the background through this. */
import { browser } from 'wxt/browser';
import { AppError } from './errors';
import type { MessageType, Reply, RequestOf, ResponseOf } from './messages';

export async function send<K extends MessageType>(type: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
  const reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<ResponseOf<K>> | undefined;
  if (!reply) throw new AppError('internal', `No answer to ${type}`);
  if (!reply.ok) throw new AppError(reply.error.code, reply.error.message);
  return reply.value;
}
