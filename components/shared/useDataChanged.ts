import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CHANGED_EVENT } from '@/lib/changedEvent';

/**
 * Calls `refresh` when the background announces a data change (after any write, from any context). Bursts of
 * changes (a content script tagging several items) are coalesced.
 */
export function useDataChanged(refresh: () => void, delay = 150): void {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener = (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type !== CHANGED_EVENT) return undefined;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), delay);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => {
      clearTimeout(timer);
      browser.runtime.onMessage.removeListener(listener);
    };
  }, [delay]);
}
