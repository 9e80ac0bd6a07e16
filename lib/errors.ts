/** Errors the UI can show: a stable code (translated by the UI) plus details for logs. */
export type ErrorCode =
  | 'invalid-message'
  | 'unknown-message'
  | 'forbidden-sender'
  | 'not-found'
  | 'duplicate-name'
  | 'cycle'
  | 'invalid-name'
  | 'has-taggings'
  | 'invalid-import'
  | 'quota-exceeded'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/**
 * True for a storage-quota failure anywhere in the chain: IndexedDB's QuotaExceededError DOMException, Dexie's
 * QuotaExceededError, or a transaction AbortError whose inner error (Dexie `inner`, standard `cause`) is one.
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { name, message, inner, cause } = error as {
    name?: unknown;
    message?: unknown;
    inner?: unknown;
    cause?: unknown;
  };
  if (name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message))) return true;
  return isQuotaError(inner, depth + 1) || isQuotaError(cause, depth + 1);
}

export function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (isQuotaError(error) || /quota/i.test(message)) return { code: 'quota-exceeded', message };
  return { code: 'internal', message };
}
