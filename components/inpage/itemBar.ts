/**
 * The bar injected into each Seller Central item: the "Add tag" button and the chips of applied tags, in an open
 * shadow root. Plain DOM (no framework): hundreds of these live on a page, and they must be cheap.
 */
import type { ChipView } from '@/lib/inpage/store';
import type { Tagging } from '@/lib/model';
import { t } from './strings';
import { BAR_CSS, BAR_HOST_STYLE } from './styles';

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

const stopPropagation = (event: Event) => event.stopPropagation();

export function containEvents(host: HTMLElement): void {
  for (const type of CONTAINED_EVENTS) host.addEventListener(type, stopPropagation);
}

/**
 * containEvents for bars, of which a page may hold thousands: a pointer moves over an element and a keyboard
 * focuses it before it can be pressed or typed on, so the full set is attached on that first pointerover or
 * focusin (click and mousedown are contained by the bar's own handler from the start).
 */
function containEventsOnApproach(host: HTMLElement): void {
  host.addEventListener('pointerover', armContainment);
  host.addEventListener('focusin', armContainment);
}

function armContainment(event: Event): void {
  const host = event.currentTarget as HTMLElement;
  host.removeEventListener('pointerover', armContainment);
  host.removeEventListener('focusin', armContainment);
  containEvents(host);
  if (event.type === 'focusin') event.stopPropagation();
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
 * True when the shared sheet was adopted.
 */
export function adoptStyles(shadow: ShadowRoot, css: string): boolean {
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
      return true;
    } catch {
      sharedSheets.set(css, null);
    }
  }
  const style = document.createElement('style');
  style.textContent = css;
  shadow.prepend(style);
  return false;
}

export interface ItemBarActions {
  /** The user asked to tag the item; `selectedText` is what was selected inside it when the button was pressed. */
  add(bar: ItemBar, selectedText: string | undefined): void;
  remove(bar: ItemBar, tagging: Tagging): void;
  undo(bar: ItemBar, tagging: Tagging): void;
}

/** The bar's content, made once and cloned into each bar (one native call instead of a dozen per bar). */
let contentTemplate: DocumentFragment | undefined;

function barContent(): DocumentFragment {
  if (!contentTemplate) {
    // A fragment of this document (not a <template>'s): cloning it needs no adoption into the page's document.
    contentTemplate = document.createDocumentFragment();
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'add';
    button.dataset.testid = 'sct-add-tag';
    button.setAttribute('aria-label', t('addTag'));
    button.setAttribute('aria-haspopup', 'dialog');
    button.textContent = `+ ${t('addTag')}`;
    const chips = document.createElement('span');
    chips.className = 'chips';
    const status = document.createElement('span');
    status.setAttribute('role', 'status');
    status.className = 'toast';
    contentTemplate.append(button, chips, status);
  }
  return contentTemplate.cloneNode(true) as DocumentFragment;
}

interface BarContent {
  button: HTMLButtonElement;
  chips: HTMLElement;
  status: HTMLElement;
  /** Holds the content until it is shown. */
  fragment: DocumentFragment | undefined;
}

/** Bar of each host, for the event handlers every bar shares. */
const barOfHost = new WeakMap<EventTarget, ItemBar>();

function onBarPress(event: Event): void {
  event.stopPropagation();
  barOfHost.get(event.currentTarget as EventTarget)?.onPress(event);
}

let hostPrototype: HTMLElement | undefined;

export class ItemBar {
  readonly host: HTMLElement;
  private readonly shadow: ShadowRoot;
  private content: BarContent | undefined;
  private selectedAtPress: string | undefined;
  private chipSignature = '';
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  /** The identity of the content the bar shows now. */
  key = '';
  item: Element;

  /**
   * Only the host and its empty shadow root: cheap enough to put into thousands of items before the page's first
   * frame, and sized (see BAR_HOST_CSS) so that filling in the button later moves nothing on the page.
   */
  constructor(
    item: Element,
    private readonly actions: ItemBarActions,
    private readonly readSelection: (item: Element) => string | undefined,
  ) {
    this.item = item;
    if (!hostPrototype) {
      hostPrototype = document.createElement(BAR_TAG);
      hostPrototype.setAttribute(UI_ATTRIBUTE, 'bar');
    }
    this.host = hostPrototype.cloneNode(false) as HTMLElement;
    // The shadow root goes on now, while the host is out of the page: attached to a host in the page, it rebuilds
    // that host's box, and showing 2,000 buttons cost the page a full style, layout and pre-paint pass per task.
    // Filled in later, only the bars near the viewport are rendered (content-visibility, see BAR_HOST_CSS).
    this.shadow = this.host.attachShadow({ mode: 'open' });
    // The host's box comes from the shared sheet (BAR_HOST_CSS): with the shadow root on, a style attribute per
    // host made the page's first layout of 2,000 items ~0.3 s longer. Where no shared sheet can be adopted, the
    // same declarations go inline (through the CSSOM: a page's CSP may forbid style attributes, not this).
    if (!adoptStyles(this.shadow, BAR_CSS)) this.host.style.cssText = BAR_HOST_STYLE;
  }

  get isPrepared(): boolean {
    return this.content !== undefined;
  }

  /**
   * The "Add tag" button, chips and status line, made but not yet shown: the session prepares thousands of bars
   * in short slices and then shows them all in one task, so the page is laid out again once, not once per slice.
   */
  prepare(): BarContent {
    if (this.content) return this.content;
    const fragment = barContent();
    const button = fragment.firstChild as HTMLButtonElement;
    const chips = button.nextSibling as HTMLElement;
    const status = chips.nextSibling as HTMLElement;
    this.content = { button, chips, status, fragment };
    containEventsOnApproach(this.host);
    barOfHost.set(this.host, this);
    // Click and mousedown also act (one shared handler per type, no closures per bar).
    this.host.addEventListener('click', onBarPress);
    this.host.addEventListener('mousedown', onBarPress);
    return this.content;
  }

  /** Puts the prepared content into the page (no-op once shown). */
  show(): BarContent {
    const content = this.prepare();
    if (content.fragment) {
      this.shadow.append(content.fragment);
      content.fragment = undefined;
    }
    return content;
  }

  get button(): HTMLButtonElement {
    return this.show().button;
  }

  /** A press on the bar (from the host's listener): only the "Add tag" button acts here. */
  onPress(event: Event): void {
    const content = this.content;
    if (!content || event.composedPath()[0] !== content.button) return;
    if (event.type === 'mousedown') {
      // Keep the page's text selection: pressing the button would otherwise clear it before the click.
      this.selectedAtPress = this.readSelection(this.item);
      event.preventDefault();
      return;
    }
    if (!isUserAction(event)) return;
    const selected = this.selectedAtPress ?? this.readSelection(this.item);
    this.selectedAtPress = undefined;
    this.actions.add(this, selected);
  }

  renderChips(chips: readonly ChipView[]): void {
    const signature = chips
      .map((chip) => `${chip.id}:${chip.path}:${chip.color}:${chip.tagging ? 'saved' : 'pending'}`)
      .join('|');
    if (signature === this.chipSignature) return;
    this.chipSignature = signature;
    this.prepare().chips.replaceChildren(...chips.map((chip) => this.chip(chip)));
  }

  /**
   * One chip. A saving one (no tagging yet) is marked as such (data-state="pending", aria-busy, dimmed with a
   * spinner) and its remove button stays disabled until the background has saved it: there is nothing to remove
   * yet, and a removal racing the save could leave the tag applied after all.
   */
  private chip(view: ChipView): HTMLElement {
    const { tagging, path } = view;
    const chip = document.createElement('span');
    chip.className = tagging ? 'chip' : 'chip pending';
    chip.dataset.testid = 'sct-tag-chip';
    chip.dataset.state = tagging ? 'saved' : 'pending';
    if (view.tagId) chip.dataset.tagId = view.tagId;
    if (view.color) chip.style.setProperty('--chip-color', view.color);
    chip.title = view.snippetText ? `${path}\n“${view.snippetText}”` : path;
    if (view.note) chip.title += `\n${view.note}`;
    if (!tagging) {
      chip.setAttribute('aria-busy', 'true');
      chip.title = `${t('saving')}\n${chip.title}`;
    }
    const dot = document.createElement('span');
    dot.className = 'dot';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = path;
    chip.append(dot, label);
    if (view.snippetText) {
      const snip = document.createElement('span');
      snip.className = 'snip';
      snip.textContent = `“${view.snippetText}”`;
      chip.append(snip);
    }
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.dataset.testid = 'sct-remove-tag';
    remove.textContent = '×';
    if (tagging) {
      remove.setAttribute('aria-label', t('removeTag', path));
      remove.addEventListener('click', (event) => {
        if (isUserAction(event)) this.actions.remove(this, tagging);
      });
    } else {
      remove.disabled = true;
      remove.setAttribute('aria-label', t('savingTag', path));
      remove.title = t('savingTag', path);
    }
    chip.append(remove);
    return chip;
  }

  /** "Removed X. Undo" for a few seconds. */
  showUndo(tagging: Tagging, tagPath: string): void {
    const undo = this.statusAction('sct-undo', t('undo'), () => this.actions.undo(this, tagging));
    this.setStatus([document.createTextNode(`${t('removed', tagPath)} `), undo], 8000);
  }

  /** An error, announced at once; with `retry`, a button that tries the same again. */
  showError(message: string, retry?: () => void): void {
    const text = document.createElement('span');
    text.className = 'error';
    text.setAttribute('role', 'alert');
    text.textContent = message;
    if (retry) {
      this.setStatus([text, document.createTextNode(' '), this.statusAction('sct-retry', t('retry'), retry)], 20_000);
    } else {
      this.setStatus([text], 8000);
    }
  }

  /** A link-like button in the status line that clears it and acts (on real presses only). */
  private statusAction(testId: string, label: string, act: () => void): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'undo';
    button.dataset.testid = testId;
    button.textContent = label;
    button.addEventListener('click', (event) => {
      if (!isUserAction(event)) return;
      this.clearStatus();
      act();
    });
    return button;
  }

  private setStatus(nodes: Node[], timeout: number): void {
    clearTimeout(this.statusTimer);
    this.show().status.replaceChildren(...nodes);
    this.statusTimer = setTimeout(() => this.clearStatus(), timeout);
  }

  clearStatus(): void {
    clearTimeout(this.statusTimer);
    this.content?.status.replaceChildren();
  }

  /** Forget the chips shown (the bar now shows other content). */
  resetChips(): void {
    this.chipSignature = '';
    this.content?.chips.replaceChildren();
    this.clearStatus();
  }
}
