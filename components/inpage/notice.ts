/**
 * A notice in the page's corner, for a failed save whose item bar is gone (an SPA navigation or a recycled card
 * took it away while the tag was saving): the user must still learn that the tag was not saved, and can retry.
 */
import { adoptStyles, containEvents, isUserAction, UI_ATTRIBUTE } from './itemBar';
import { t } from './strings';
import { BASE_CSS } from './styles';

const NOTICE_CSS = `${BASE_CSS}
.notice { position: fixed; left: 16px; bottom: 16px; z-index: 2147483646; display: flex; align-items: center; gap: 8px;
  max-width: min(480px, calc(100vw - 32px)); padding: 8px 8px 8px 12px; border-radius: 8px; background: #fff;
  border: 1px solid #b12704; box-shadow: 0 2px 10px rgba(15, 17, 17, .2); }
.text { color: #b12704; overflow-wrap: anywhere; }
button { border: 0; background: none; padding: 2px 4px; border-radius: 4px; }
.retry { color: #007185; text-decoration: underline; }
.close { color: #565959; font-size: 16px; line-height: 1; }
button:hover { background: #f0f2f2; }
button:focus-visible { outline: 2px solid #007185; outline-offset: 1px; }
`;

/** How long a notice stays when nobody acts on it. */
const NOTICE_MS = 30_000;

let current: { host: HTMLElement; timer: ReturnType<typeof setTimeout> } | undefined;

/** Shows `message` (plain text) with Retry, replacing any notice shown before. */
export function showPageNotice(message: string, retry?: () => void): void {
  hidePageNotice();
  const host = document.createElement('sct-notice');
  host.setAttribute(UI_ATTRIBUTE, 'notice');
  containEvents(host);
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, NOTICE_CSS);
  const box = document.createElement('div');
  box.className = 'notice';
  box.dataset.testid = 'sct-notice';
  const text = document.createElement('span');
  text.className = 'text';
  text.setAttribute('role', 'alert');
  text.textContent = message;
  box.append(text);
  if (retry) box.append(noticeButton('retry', 'sct-retry', t('retry'), retry));
  const close = noticeButton('close', 'sct-notice-close', '×', () => undefined);
  close.setAttribute('aria-label', t('close'));
  box.append(close);
  shadow.append(box);
  document.documentElement.append(host);
  current = { host, timer: setTimeout(hidePageNotice, NOTICE_MS) };
}

export function hidePageNotice(): void {
  if (!current) return;
  clearTimeout(current.timer);
  current.host.remove();
  current = undefined;
}

/** A button that hides the notice and acts, on real presses only (the page's scripts can reach open shadow roots). */
function noticeButton(className: string, testId: string, label: string, act: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.dataset.testid = testId;
  button.textContent = label;
  button.addEventListener('click', (event) => {
    if (!isUserAction(event)) return;
    hidePageNotice();
    act();
  });
  return button;
}
