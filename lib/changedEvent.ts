/**
 * Broadcast from the background to every context when data changed, so open views refresh. In a module of its
 * own so the popup can listen without loading the message map's schemas (zod).
 */
export const CHANGED_EVENT = 'sct:data-changed';
