import { useEffect, useId, useState } from 'preact/hooks';
import type { AsinSuggestion } from '@/lib/db/queries';
import { defineStrings } from '@/lib/i18n';
import { send } from '@/lib/messaging';

const t = defineStrings({
  en: { asin: 'ASIN', any: 'All ASINs', clear: 'Clear ASIN', count: '{0} taggings' },
  zh_CN: { asin: 'ASIN', any: '全部 ASIN', clear: '清除 ASIN', count: '{0} 次标记' },
});

/** An ASIN filter with autocomplete from the ASINs that have taggings (a native datalist: keyboard friendly). */
export function AsinInput({
  value,
  onChange,
  testId = 'sct-asin-input',
}: {
  value: string;
  onChange: (asin: string) => void;
  testId?: string;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const [suggestions, setSuggestions] = useState<AsinSuggestion[]>([]);
  // Suggestions are asked for once the field is used, not on mount: opening the popup or the options page asks
  // the background for its figures first.
  const [wanted, setWanted] = useState(false);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (!wanted) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      send('asins.suggest', { prefix: text.trim(), limit: 20 }).then(
        (found) => !cancelled && setSuggestions(found),
        () => undefined,
      );
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, wanted]);
  const commit = (raw: string) => {
    const asin = raw.trim().toUpperCase();
    if (asin !== value) onChange(asin);
  };
  return (
    <div class="asin-input">
      <label for={id}>{t('asin')}</label>
      <input
        id={id}
        data-testid={testId}
        list={`${id}-list`}
        value={text}
        placeholder={t('any')}
        maxLength={20}
        autocomplete="off"
        spellcheck={false}
        onFocus={() => setWanted(true)}
        onInput={(event) => {
          setWanted(true);
          const next = (event.currentTarget as HTMLInputElement).value;
          setText(next);
          // Picking a suggestion from the list applies it at once.
          if (suggestions.some((s) => s.asin === next.trim().toUpperCase()) || next === '') commit(next);
        }}
        onChange={(event) => commit((event.currentTarget as HTMLInputElement).value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit((event.currentTarget as HTMLInputElement).value);
        }}
      />
      {text && (
        <button
          type="button"
          class="icon-button"
          aria-label={t('clear')}
          title={t('clear')}
          onClick={() => {
            setText('');
            commit('');
          }}
        >
          ×
        </button>
      )}
      <datalist id={`${id}-list`}>
        {suggestions.map((s) => (
          <option key={s.asin} value={s.asin} label={t('count', s.count)} />
        ))}
      </datalist>
    </div>
  );
}
