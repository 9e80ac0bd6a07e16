/** The in-page tag picker: an ARIA combobox over the tag tree with a "create" option and an optional note. */
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
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
  apply(choice: PickerChoice, note: string): Promise<void>;
  /** Called when it closes, applied or not. */
  closed(): void;
}

interface PickerProps extends PickerRequest {
  close(): void;
}

let optionSerial = 0;

function TagPicker({ store, anchor, snippet, apply, close }: PickerProps) {
  const [query, setQuery] = useState('');
  const [highlighted, setHighlighted] = useState(0);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const idPrefix = useMemo(() => `sct-opt-${++optionSerial}`, []);

  useEffect(() => store.onChange((change) => typeof change === 'string' && setVersion((v) => v + 1)), [store]);
  useEffect(() => input.current?.focus(), []);

  // `version` re-reads the store's search after tag changes.
  const options = useMemo(() => store.search.options(query), [store, query, version]);
  const active = Math.min(highlighted, Math.max(0, options.length - 1));

  useEffect(() => {
    list.current?.querySelector(`#${idPrefix}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, idPrefix]);

  async function choose(option: PickerOption | undefined) {
    if (!option || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await apply(option.kind === 'tag' ? { tagId: option.tag.id } : { tagPath: option.path }, note.trim());
      close();
    } catch (failure) {
      setError(saveFailedMessage(failure));
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (!isUserAction(event)) return;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setHighlighted((active + 1) % Math.max(1, options.length));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setHighlighted((active - 1 + options.length) % Math.max(1, options.length));
        break;
      case 'Home':
      case 'End':
        if (event.currentTarget !== input.current || !event.ctrlKey) return;
        event.preventDefault();
        setHighlighted(event.key === 'Home' ? 0 : options.length - 1);
        break;
      case 'Enter':
        event.preventDefault();
        void choose(options[active]);
        break;
      case 'Escape':
        event.preventDefault();
        close();
        break;
    }
  }

  const width = 340;
  const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
  const below = anchor.bottom + 4;
  const fitsBelow = below + 320 < window.innerHeight;
  const position = fitsBelow
    ? { top: `${below}px`, left: `${left}px` }
    : { bottom: `${Math.max(8, window.innerHeight - anchor.top + 4)}px`, left: `${left}px` };

  return (
    <div class="picker" role="dialog" aria-label={t('pickerLabel')} style={{ ...position, width: `${width}px` }}>
      {snippet && (
        <div class="snippet" title={snippet}>
          <span class="caption">{t('snippetLabel')}</span> “{snippet}”
        </div>
      )}
      <input
        ref={input}
        class="search"
        data-testid="sct-tag-input"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${idPrefix}-list`}
        aria-autocomplete="list"
        aria-activedescendant={options.length > 0 ? `${idPrefix}-${active}` : undefined}
        aria-label={t('pickerLabel')}
        placeholder={t('searchPlaceholder')}
        value={query}
        disabled={busy}
        onInput={(event) => {
          if (!isUserAction(event)) return;
          setQuery((event.currentTarget as HTMLInputElement).value);
          setHighlighted(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div ref={list} class="options" role="listbox" id={`${idPrefix}-list`} aria-label={t('pickerLabel')}>
        {options.length === 0 && <div class="empty">{t('noTags')}</div>}
        {options.map((option, index) => (
          <div
            key={option.kind === 'tag' ? option.tag.id : `create:${option.path}`}
            id={`${idPrefix}-${index}`}
            role="option"
            tabIndex={-1}
            data-testid="sct-tag-option"
            aria-selected={index === active}
            class={`option${index === active ? ' active' : ''}${option.kind === 'create' ? ' create' : ''}`}
            onMouseDown={(event) => event.preventDefault()}
            onMouseEnter={() => setHighlighted(index)}
            onClick={(event) => {
              if (isUserAction(event)) void choose(option);
            }}
            onKeyDown={onKeyDown}
          >
            {option.kind === 'tag' ? (
              <>
                <span class="dot" style={{ background: option.tag.color }} />
                <span class="path">{option.tag.path}</span>
                {option.tag.uses > 0 && <span class="uses">{t('usedTimes', option.tag.uses)}</span>}
              </>
            ) : (
              <>
                <span class="plus">+</span>
                <span class="path">{t('create', query.trim() || option.path)}</span>
              </>
            )}
          </div>
        ))}
      </div>
      <input
        class="note"
        data-testid="sct-tag-note"
        aria-label={t('noteLabel')}
        placeholder={t('noteLabel')}
        value={note}
        maxLength={2000}
        disabled={busy}
        onInput={(event) => {
          if (isUserAction(event)) setNote((event.currentTarget as HTMLInputElement).value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === 'Escape') onKeyDown(event);
        }}
      />
      {error && (
        <div class="error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** One picker at a time, in its own open shadow root on the page. */
export class PickerHost {
  private host: HTMLElement | undefined;
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
    const mount = document.createElement('div');
    shadow.append(mount);
    document.documentElement.append(host);
    this.host = host;
    this.current = request;
    render(<TagPicker {...request} close={() => this.close()} />, mount);
    setTimeout(() => document.addEventListener('mousedown', this.onOutsidePointer, true), 0);
  }

  close(): void {
    const request = this.current;
    if (!request) return;
    this.current = undefined;
    document.removeEventListener('mousedown', this.onOutsidePointer, true);
    const host = this.host;
    this.host = undefined;
    if (host) {
      const mount = host.shadowRoot?.lastElementChild;
      if (mount) render(null, mount);
      host.remove();
    }
    request.closed();
  }
}
