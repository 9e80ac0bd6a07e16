import { useId } from 'preact/hooks';
import { defineStrings } from '@/lib/i18n';
import { formatLocalDate, PERIOD_KINDS, type Period, type PeriodKind } from '@/lib/period';

const t = defineStrings({
  en: {
    period: 'Period',
    thisWeek: 'This week',
    lastWeek: 'Last week',
    last7: 'Last 7 days',
    last30: 'Last 30 days',
    last90: 'Last 90 days',
    all: 'All time',
    custom: 'Custom…',
    from: 'From',
    to: 'To',
  },
  zh_CN: {
    period: '时间段',
    thisWeek: '本周',
    lastWeek: '上周',
    last7: '最近 7 天',
    last30: '最近 30 天',
    last90: '最近 90 天',
    all: '全部',
    custom: '自定义…',
    from: '从',
    to: '到',
  },
});

export function periodName(kind: PeriodKind): string {
  return t(kind);
}

export function PeriodPicker({ value, onChange }: { value: Period; onChange: (period: Period) => void }) {
  const id = useId();
  const today = formatLocalDate(Date.now());
  return (
    <div class="period-picker">
      <label for={id}>{t('period')}</label>
      <select
        id={id}
        data-testid="sct-period-select"
        value={value.kind}
        onChange={(event) => {
          const kind = (event.currentTarget as HTMLSelectElement).value as PeriodKind;
          onChange(kind === 'custom' ? { kind, from: value.from ?? today, to: value.to ?? today } : { kind });
        }}
      >
        {PERIOD_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(kind)}
          </option>
        ))}
      </select>
      {value.kind === 'custom' && (
        <span class="period-custom">
          <input
            type="date"
            aria-label={t('from')}
            data-testid="sct-period-from"
            value={value.from ?? today}
            onChange={(event) => onChange({ ...value, from: (event.currentTarget as HTMLInputElement).value || today })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="date"
            aria-label={t('to')}
            data-testid="sct-period-to"
            value={value.to ?? today}
            onChange={(event) => onChange({ ...value, to: (event.currentTarget as HTMLInputElement).value || today })}
          />
        </span>
      )}
    </div>
  );
}
