/**
 * The in-page tag picker: an ARIA combobox over the tag tree with a "create" option and an optional note.
 * Plain DOM like the item bars: the content script ships no UI framework (it stays small and starts fast).
 */
import type { InpageStore } from '@/lib/inpage/store';
import type { PickerOption } from '@/lib/inpage/tagSearch';
import { adoptStyles, containEvents, isUserAction, UI_ATTRIBUTE } from './itemBar';
import { PICKER_CSS } from './pickerStyles';
import { saveFailedMessage, t } from './strings';

export type PickerChoice = { tagId: string } | { tagPath: string };

export interface PickerRequest {
  store: InpageStore;
  /** Where to show it (viewport coordinates). */
  anchor: DOMRect;
  snippet?: string;
  /**
   * Applies the choice. With `optimistic`, the chip shows (as saving) before this returns and the caller reports a
   * failed save itself: the picker then closes at once. Otherwise the picker waits for the save and shows its error.
   */
  apply(choice: PickerChoice, note: string): Promise<void>;
  optimistic: boolean;
  /** Called when it closes, applied or not. */
  closed(): void;
}

const WIDTH = 340;
let optionSerial = 0;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

class TagPicker {
  readonly root: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly note: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly idPrefix = `sct-opt-${++optionSerial}`;
  private options: PickerOption[] = [];
  private optionElements: HTMLElement[] = [];
  private active = 0;
  private busy = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly request: PickerRequest,
    private readonly close: () => void,
  ) {
    const { anchor, snippet, store } = request;
    this.root = element('div', 'picker');
    this.root.setAttribute('role', 'dialog');
    this.root.setAttribute('aria-label', t('pickerLabel'));
    const left = Math.max(8, Math.min(anchor.left, window.innerWidth - WIDTH - 8));
    const below = anchor.bottom + 4;
    const style = this.root.style;
    style.left = `${left}px`;
    style.width = `${WIDTH}px`;
    if (below + 320 < window.innerHeight) style.top = `${below}px`;
    else style.bottom = `${Math.max(8, window.innerHeight - anchor.top + 4)}px`;

    if (snippet) {
      const quote = element('div', 'snippet');
      quote.title = snippet;
      quote.append(element('span', 'caption', t('snippetLabel')), ` “${snippet}”`);
      this.root.append(quote);
    }

    const listId = `${this.idPrefix}-list`;
    this.input = element('input', 'search');
    this.input.dataset.testid = 'sct-tag-input';
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-expanded', 'true');
    this.input.setAttribute('aria-controls', listId);
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-label', t('pickerLabel'));
    this.input.placeholder = t('searchPlaceholder');
    this.input.addEventListener('input', (event) => {
      if (!isUserAction(event)) return;
      this.active = 0;
      this.renderOptions();
    });
    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));

    this.list = element('div', 'options');
    this.list.id = listId;
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', t('pickerLabel'));

    this.note = element('input', 'note');
    this.note.dataset.testid = 'sct-tag-note';
    this.note.setAttribute('aria-label', t('noteLabel'));
    this.note.placeholder = t('noteLabel');
    this.note.maxLength = 2000;
    this.note.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === 'Escape') this.onKeyDown(event);
    });

    this.error = element('div', 'error');
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;

    this.root.append(this.input, this.list, this.note, this.error);
    this.renderOptions();
    // Tag list or use counts changed (another tagging, a refresh): the same query, new options.
    this.unsubscribe = store.onChange((change) => {
      if (typeof change === 'string') this.renderOptions();
    });
  }

  focus(): void {
    this.input.focus();
  }

  destroy(): void {
    this.unsubscribe();
  }

  private get query(): string {
    return this.input.value;
  }

  private renderOptions(): void {
    this.options = this.request.store.search.options(this.query);
    this.active = Math.min(this.active, Math.max(0, this.options.length - 1));
    this.optionElements = this.options.map((option, index) => this.optionElement(option, index));
    if (this.optionElements.length > 0) this.list.replaceChildren(...this.optionElements);
    else this.list.replaceChildren(element('div', 'empty', t('noTags')));
    this.highlight(this.active);
  }

  private optionElement(option: PickerOption, index: number): HTMLElement {
    const row = element('div', option.kind === 'create' ? 'option create' : 'option');
    row.id = `${this.idPrefix}-${index}`;
    row.setAttribute('role', 'option');
    row.tabIndex = -1;
    row.dataset.testid = 'sct-tag-option';
    if (option.kind === 'tag') {
      const dot = element('span', 'dot');
      dot.style.background = option.tag.color;
      row.append(dot, element('span', 'path', option.tag.path));
      if (option.tag.uses > 0) row.append(element('span', 'uses', t('usedTimes', option.tag.uses)));
    } else {
      row.append(element('span', 'plus', '+'), element('span', 'path', t('create', this.query.trim() || option.path)));
    }
    row.addEventListener('mousedown', (event) => event.preventDefault());
    row.addEventListener('mouseenter', () => this.highlight(index));
    row.addEventListener('click', (event) => {
      if (isUserAction(event)) void this.choose(option);
    });
    row.addEventListener('keydown', (event) => this.onKeyDown(event));
    return row;
  }

  private highlight(index: number): void {
    this.active = index;
    for (const [i, row] of this.optionElements.entries()) {
      row.classList.toggle('active', i === index);
      row.setAttribute('aria-selected', String(i === index));
    }
    const row = this.optionElements[index];
    if (row) {
      this.input.setAttribute('aria-activedescendant', row.id);
      row.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  private async choose(option: PickerOption | undefined): Promise<void> {
    if (!option || this.busy) return;
    this.busy = true;
    // The chip first: nothing else (closing, focus, the picker's own state) runs before it is in the page.
    const saving = this.request.apply(
      option.kind === 'tag' ? { tagId: option.tag.id } : { tagPath: option.path },
      this.note.value.trim(),
    );
    if (this.request.optimistic) {
      queueMicrotask(() => this.close());
      return;
    }
    this.setBusy(true);
    this.showError(undefined);
    try {
      await saving;
      this.close();
    } catch (failure) {
      this.showError(saveFailedMessage(failure));
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.input.disabled = busy;
    this.note.disabled = busy;
  }

  private showError(message: string | undefined): void {
    this.error.textContent = message ?? '';
    this.error.hidden = !message;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!isUserAction(event)) return;
    const count = Math.max(1, this.options.length);
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        this.highlight((this.active + 1) % count);
        break;
      case 'ArrowUp':
        event.preventDefault();
        this.highlight((this.active - 1 + this.options.length) % count);
        break;
      case 'Home':
      case 'End':
        if (event.currentTarget !== this.input || !event.ctrlKey) return;
        event.preventDefault();
        this.highlight(event.key === 'Home' ? 0 : this.options.length - 1);
        break;
      case 'Enter':
        event.preventDefault();
        void this.choose(this.options[this.active]);
        break;
      case 'Escape':
        event.preventDefault();
        this.close();
        break;
    }
  }
}

/** One picker at a time, in its own open shadow root on the page. */
export class PickerHost {
  private host: HTMLElement | undefined;
  private picker: TagPicker | undefined;
  private current: PickerRequest | undefined;
  private readonly onOutsidePointer = (event: Event) => {
    if (this.host && !event.composedPath().includes(this.host)) this.close();
  };

  get isOpen(): boolean {
    return this.current !== undefined;
  }

  open(request: PickerRequest): void {
    this.close();
    const host = document.createElement('sct-picker');
    host.setAttribute(UI_ATTRIBUTE, 'picker');
    containEvents(host);
    const shadow = host.attachShadow({ mode: 'open' });
    adoptStyles(shadow, PICKER_CSS);
    const picker = new TagPicker(request, () => this.close());
    shadow.append(picker.root);
    document.documentElement.append(host);
    this.host = host;
    this.picker = picker;
    this.current = request;
    picker.focus();
    setTimeout(() => document.addEventListener('mousedown', this.onOutsidePointer, true), 0);
  }

  close(): void {
    const request = this.current;
    if (!request) return;
    this.current = undefined;
    document.removeEventListener('mousedown', this.onOutsidePointer, true);
    this.picker?.destroy();
    this.picker = undefined;
    this.host?.remove();
    this.host = undefined;
    request.closed();
  }
}
