/**
 * The bar injected into each Seller Central item: the "Add tag" button and the chips of applied tags, in an open
 * shadow root. Plain DOM (no framework): hundreds of these live on a page, and they must be cheap.
 */
import type { TagWithCounts } from '@/lib/db/tags';
import type { Tagging } from '@/lib/model';
import { t } from './strings';
import { BAR_CSS } from './styles';

export const UI_ATTRIBUTE = 'data-sct-ui';
export const BAR_TAG = 'sct-item-bar';

/** Events from our UI must not reach Seller Central's own handlers (hotkeys, card clicks). */
const CONTAINED_EVENTS = [
  'click',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'keydown',
  'keyup',
  'keypress',
  'input',
  'focusin',
  'focusout',
];

export function containEvents(host: HTMLElement): void {
  for (const type of CONTAINED_EVENTS) host.addEventListener(type, (event) => event.stopPropagation());
}

/**
 * Whether an event comes from the user rather than from a script. Our UI sits in OPEN shadow roots, so the page's
 * own scripts can reach it and call click() or dispatch key events: those must never open the picker or write.
 */
export function isUserAction(event: Event): boolean {
  return event.isTrusted;
}

const sharedSheets = new Map<string, CSSStyleSheet | null>();

/**
 * Styles a shadow root with one stylesheet parsed once and shared by every root (hundreds of bars on a page);
 * where constructed sheets cannot be adopted (e.g. Firefox content scripts), a <style> element per root.
 */
export function adoptStyles(shadow: ShadowRoot, css: string): void {
  let sheet = sharedSheets.get(css);
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    } catch {
      sheet = null;
    }
    sharedSheets.set(css, sheet);
  }
  if (sheet) {
    try {
      shadow.adoptedStyleSheets = [sheet];
      return;
    } catch {
      sharedSheets.set(css, null);
    }
  }
  const style = document.createElement('style');
  style.textContent = css;
  shadow.prepend(style);
}

export interface ItemBarActions {
  /** The user asked to tag the item; `selectedText` is what was selected inside it when the button was pressed. */
  add(bar: ItemBar, selectedText: string | undefined): void;
  remove(bar: ItemBar, tagging: Tagging): void;
  undo(bar: ItemBar, tagging: Tagging): void;
}

export class ItemBar {
  readonly host: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly chips: HTMLElement;
  private readonly status: HTMLElement;
  private chipSignature = '';
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  /** The identity of the content the bar shows now. */
  key = '';
  item: Element;

  constructor(
    item: Element,
    private readonly actions: ItemBarActions,
    readSelection: () => string | undefined,
  ) {
    this.item = item;
    this.host = document.createElement(BAR_TAG);
    this.host.setAttribute(UI_ATTRIBUTE, 'bar');
    containEvents(this.host);
    const shadow = this.host.attachShadow({ mode: 'open' });
    adoptStyles(shadow, BAR_CSS);
    const bar = document.createElement('div');
    bar.className = 'bar';
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className = 'add';
    this.button.dataset.testid = 'sct-add-tag';
    this.button.setAttribute('aria-label', t('addTag'));
    this.button.setAttribute('aria-haspopup', 'dialog');
    this.button.textContent = `+ ${t('addTag')}`;
    let selectedAtPress: string | undefined;
    // Keep the page's text selection: pressing the button would otherwise clear it before the click.
    this.button.addEventListener('mousedown', (event) => {
      selectedAtPress = readSelection();
      event.preventDefault();
    });
    this.button.addEventListener('click', (event) => {
      if (!isUserAction(event)) return;
      const selected = selectedAtPress ?? readSelection();
      selectedAtPress = undefined;
      this.actions.add(this, selected);
    });
    this.chips = document.createElement('span');
    this.chips.className = 'chips';
    this.chips.style.display = 'contents';
    this.status = document.createElement('span');
    this.status.setAttribute('role', 'status');
    this.status.className = 'toast';
    bar.append(this.button, this.chips, this.status);
    shadow.append(bar);
  }

  renderChips(taggings: readonly Tagging[], tagsById: ReadonlyMap<string, TagWithCounts>): void {
    const shown = taggings.filter((tagging) => tagsById.has(tagging.tagId));
    const signature = shown
      .map((tagging) => {
        const tag = tagsById.get(tagging.tagId);
        return `${tagging.id}:${tag?.path}:${tag?.color}`;
      })
      .join('|');
    if (signature === this.chipSignature) return;
    this.chipSignature = signature;
    this.chips.replaceChildren(
      ...shown.map((tagging) => this.chip(tagging, tagsById.get(tagging.tagId) as TagWithCounts)),
    );
  }

  private chip(tagging: Tagging, tag: TagWithCounts): HTMLElement {
    const chip = document.createElement('span');
    chip.className = 'chip';
    chip.dataset.testid = 'sct-tag-chip';
    chip.dataset.tagId = tag.id;
    chip.style.setProperty('--chip-color', tag.color);
    chip.title = tagging.snippetText ? `${tag.path}\n“${tagging.snippetText}”` : tag.path;
    if (tagging.note) chip.title += `\n${tagging.note}`;
    const dot = document.createElement('span');
    dot.className = 'dot';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = tag.path;
    chip.append(dot, label);
    if (tagging.snippetText) {
      const snip = document.createElement('span');
      snip.className = 'snip';
      snip.textContent = `“${tagging.snippetText}”`;
      chip.append(snip);
    }
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.dataset.testid = 'sct-remove-tag';
    remove.setAttribute('aria-label', t('removeTag', tag.path));
    remove.textContent = '×';
    remove.addEventListener('click', (event) => {
      if (isUserAction(event)) this.actions.remove(this, tagging);
    });
    chip.append(remove);
    return chip;
  }

  /** "Removed X. Undo" for a few seconds. */
  showUndo(tagging: Tagging, tagPath: string): void {
    const undo = document.createElement('button');
    undo.type = 'button';
    undo.className = 'undo';
    undo.dataset.testid = 'sct-undo';
    undo.textContent = t('undo');
    undo.addEventListener('click', (event) => {
      if (!isUserAction(event)) return;
      this.clearStatus();
      this.actions.undo(this, tagging);
    });
    this.setStatus([document.createTextNode(`${t('removed', tagPath)} `), undo], 8000);
  }

  showError(message: string): void {
    const text = document.createElement('span');
    text.className = 'error';
    text.textContent = message;
    this.setStatus([text], 8000);
  }

  private setStatus(nodes: Node[], timeout: number): void {
    clearTimeout(this.statusTimer);
    this.status.replaceChildren(...nodes);
    this.statusTimer = setTimeout(() => this.clearStatus(), timeout);
  }

  clearStatus(): void {
    clearTimeout(this.statusTimer);
    this.status.replaceChildren();
  }

  /** Forget the chips shown (the bar now shows other content). */
  resetChips(): void {
    this.chipSignature = '';
    this.chips.replaceChildren();
    this.clearStatus();
  }
}
