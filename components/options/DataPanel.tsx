/**
 * Backup and import: a full JSON backup and restore, and import of our detail CSV (a teammate's export). Files are
 * staged in the background, validated there with zod, and reported on before anything is written; a file with
 * any rejected row is refused as a whole, and a clean one is written in one transaction.
 */
import { useState } from 'preact/hooks';
import { Dialog } from '@/components/shared/Dialog';
import { saveFile } from '@/components/shared/download';
import { BACKUP_FORMAT, BACKUP_VERSION } from '@/lib/backup/backup';
import { TABLES } from '@/lib/backup/records';
import { nextTick } from '@/lib/csv';
import { defineStrings } from '@/lib/i18n';
import { type FileProblem, readBackupFile, readCsvFile, sizeProblem } from '@/lib/import/file';
import type { ImportReport } from '@/lib/import/session';
import { send } from '@/lib/messaging';
import { formatLocalDate } from '@/lib/period';
import { describeError } from './errors';
import { StorageStatus } from './StorageStatus';

const t = defineStrings({
  en: {
    backupTitle: 'Backup',
    backupText: 'Everything — tags, items and taggings — in one JSON file. Keep it somewhere safe.',
    backup: 'Download backup',
    restore: 'Restore from backup…',
    importTitle: 'Import a detail CSV',
    importText:
      'Merge a teammate’s detail CSV export into your data. Rows you already have are skipped; missing tags are created by their path.',
    importCsv: 'Choose CSV file…',
    reading: 'Reading {0}…',
    progress: '{0} / {1}',
    reportTitle: 'Before importing',
    file: 'File',
    rowsInFile: 'Rows in the file',
    toImport: 'Rows to import',
    duplicates: 'Duplicates skipped',
    rejected: 'Rows rejected',
    newTags: 'New tags',
    row: 'Row',
    reason: 'Reason',
    refused: 'This file cannot be imported: fix the rejected rows and try again. Nothing was written.',
    nothingNew: 'Nothing new to import.',
    restoreWarning: 'Restoring replaces all current data ({0} taggings) with the backup’s.',
    backupCounts: '{0} tags, {1} items, {2} taggings',
    confirmImport: 'Import {0} rows',
    confirmRestore: 'Replace all data',
    cancel: 'Cancel',
    imported: 'Imported {0} rows.',
    restored: 'Restored {0} tags, {1} items and {2} taggings.',
    backedUp: 'Saved {0}.',
    notJson: 'Not a JSON file',
    notBackup: 'Not an After-sales Tags backup',
    tooLarge: 'The file is too large ({0} MB; at most {1} MB). Export a shorter date range and import the parts.',
    notUtf8:
      'The file is not UTF-8 text (perhaps GBK or ANSI from Excel). Save it as “CSV UTF-8” (or UTF-8 JSON) and try again.',
    replacementChars:
      'The file contains garbled characters (�): it was converted with the wrong encoding. Save it as UTF-8 from the original and try again.',
    emptyFile: 'The file is empty.',
    semicolon: 'The columns are separated by semicolons. Save the file as comma-separated CSV (UTF-8) and try again.',
    tabs: 'The columns are separated by tabs. Save the file as comma-separated CSV (UTF-8) and try again.',
    wrongHeader: 'Not a detail CSV export of this extension: {0}',
    dangerTitle: 'Delete all data',
    dangerText: 'Removes every tag and tagging from this browser. Download a backup first.',
    wipe: 'Delete all data…',
    wipeConfirmTitle: 'Delete all data?',
    wipeConfirmText: 'This deletes {0} tags and {1} taggings and cannot be undone (except from a backup).',
    wipeConfirm: 'Delete everything',
    wiped: 'All data deleted.',
  },
  zh_CN: {
    backupTitle: '备份',
    backupText: '将全部数据（标签、条目和标记）保存为一个 JSON 文件，请妥善保存。',
    backup: '下载备份',
    restore: '从备份恢复…',
    importTitle: '导入明细 CSV',
    importText: '将同事导出的明细 CSV 合并到你的数据中。已有的行会被跳过，缺少的标签会按路径创建。',
    importCsv: '选择 CSV 文件…',
    reading: '正在读取 {0}…',
    progress: '{0} / {1}',
    reportTitle: '导入前确认',
    file: '文件',
    rowsInFile: '文件中的行数',
    toImport: '将导入的行数',
    duplicates: '跳过的重复行',
    rejected: '被拒绝的行',
    newTags: '新标签',
    row: '行',
    reason: '原因',
    refused: '该文件无法导入：请修正被拒绝的行后重试。没有写入任何数据。',
    nothingNew: '没有需要导入的新数据。',
    restoreWarning: '恢复将用备份替换当前全部数据（{0} 条标记）。',
    backupCounts: '{0} 个标签，{1} 个条目，{2} 条标记',
    confirmImport: '导入 {0} 行',
    confirmRestore: '替换全部数据',
    cancel: '取消',
    imported: '已导入 {0} 行。',
    restored: '已恢复 {0} 个标签、{1} 个条目和 {2} 条标记。',
    backedUp: '已保存 {0}。',
    notJson: '不是 JSON 文件',
    notBackup: '不是售后标签的备份文件',
    tooLarge: '文件过大（{0} MB，最多 {1} MB）。请按较短的日期范围分别导出再导入。',
    notUtf8: '文件不是 UTF-8 文本（可能是 Excel 保存的 GBK/ANSI）。请另存为“CSV UTF-8”（或 UTF-8 的 JSON）后重试。',
    replacementChars: '文件中有乱码字符（�）：它曾以错误的编码转换过。请从原始文件另存为 UTF-8 后重试。',
    emptyFile: '文件为空。',
    semicolon: '文件的列以分号分隔。请另存为逗号分隔的 CSV（UTF-8）后重试。',
    tabs: '文件的列以制表符分隔。请另存为逗号分隔的 CSV（UTF-8）后重试。',
    wrongHeader: '不是本扩展导出的明细 CSV：{0}',
    dangerTitle: '删除全部数据',
    dangerText: '从此浏览器中删除所有标签和标记。请先下载备份。',
    wipe: '删除全部数据…',
    wipeConfirmTitle: '删除全部数据？',
    wipeConfirmText: '将删除 {0} 个标签和 {1} 条标记，且无法撤销（除非从备份恢复）。',
    wipeConfirm: '全部删除',
    wiped: '已删除全部数据。',
  },
});

const STAGE_CHUNK = 5_000;

interface Pending {
  session: string;
  fileName: string;
  report: ImportReport;
  currentTaggings: number;
}

function newSession(): string {
  return crypto.randomUUID();
}

function localReport(kind: 'csv' | 'backup', reason: string, row = 'file'): ImportReport {
  return { kind, rowsInFile: 0, toImport: 0, duplicates: 0, rejected: [{ row, reason }], newTags: [], ok: false };
}

const MB = 1024 * 1024;

/** A translated sentence for a problem found before staging. */
export function describeFileProblem(problem: FileProblem): string {
  switch (problem.code) {
    case 'too-large':
      return t('tooLarge', (problem.size / MB).toFixed(1), Math.round(problem.limit / MB));
    case 'not-utf8':
      return t('notUtf8');
    case 'replacement-chars':
      return t('replacementChars');
    case 'empty':
      return t('emptyFile');
    case 'delimiter':
      return t(problem.delimiter === 'semicolon' ? 'semicolon' : 'tabs');
    case 'header':
      return t('wrongHeader', problem.detail);
    case 'not-json':
      return t('notJson');
    case 'not-backup':
      return t('notBackup');
  }
}

export function DataPanel() {
  const [busy, setBusy] = useState<string>();
  const [pending, setPending] = useState<Pending>();
  const [result, setResult] = useState<{ text: string; error?: boolean }>();
  const [wipe, setWipe] = useState<{ tags: number; taggings: number }>();

  const guard = async (label: string, action: () => Promise<void>) => {
    setBusy(label);
    setResult(undefined);
    try {
      await action();
    } catch (error) {
      setResult({ text: describeError(error), error: true });
    } finally {
      setBusy(undefined);
    }
  };

  const downloadBackup = () =>
    guard(t('backup'), async () => {
      const tables: Record<string, unknown[]> = {};
      for (const table of TABLES) {
        const records: unknown[] = [];
        let total = 0;
        do {
          const page = await send('backup.read', { table, offset: records.length, limit: 10_000 });
          total = page.total;
          if (page.records.length === 0) break;
          records.push(...page.records);
          setBusy(`${t('backup')} ${table} ${t('progress', records.length, total)}`);
        } while (records.length < total);
        tables[table] = records;
      }
      const file = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        exportedAt: new Date().toISOString(),
        ...tables,
      };
      const name = `after-sales-tags-backup-${formatLocalDate(Date.now())}.json`;
      saveFile(name, [JSON.stringify(file)], 'application/json');
      setResult({ text: t('backedUp', name) });
    });

  const preview = async (session: string, fileName: string) => {
    const report = await send('import.preview', { session });
    // Only a restore's warning names the current count (after a wipe, counting the tags took ~2 s).
    const current = report.kind === 'backup' ? (await send('stats.totals', {})).taggings : 0;
    setPending({ session, fileName, report, currentTaggings: current });
  };

  const chooseBackup = (file: File) =>
    guard(t('reading', file.name), async () => {
      const refuse = (problem: FileProblem) =>
        setPending({
          session: '',
          fileName: file.name,
          report: localReport('backup', describeFileProblem(problem)),
          currentTaggings: 0,
        });
      const tooLarge = sizeProblem('backup', file.size);
      if (tooLarge) return refuse(tooLarge);
      const checked = readBackupFile(new Uint8Array(await file.arrayBuffer()));
      if (!checked.ok) return refuse(checked.problem);
      const { tables } = checked.value;
      const session = newSession();
      const meta = checked.value.meta;
      await send('import.stage', { kind: 'backup', session, meta, table: 'tags', records: [] });
      for (const table of TABLES) {
        const records = tables[table];
        for (let i = 0; i < records.length; i += STAGE_CHUNK) {
          await send('import.stage', { kind: 'backup', session, table, records: records.slice(i, i + STAGE_CHUNK) });
          setBusy(
            `${t('reading', file.name)} ${table} ${t('progress', Math.min(i + STAGE_CHUNK, records.length), records.length)}`,
          );
        }
      }
      await preview(session, file.name);
    });

  const chooseCsv = (file: File) =>
    guard(t('reading', file.name), async () => {
      const refuse = (problem: FileProblem) =>
        setPending({
          session: '',
          fileName: file.name,
          report: localReport('csv', describeFileProblem(problem)),
          currentTaggings: 0,
        });
      const tooLarge = sizeProblem('csv', file.size);
      if (tooLarge) return refuse(tooLarge);
      const checked = readCsvFile(new Uint8Array(await file.arrayBuffer()));
      await nextTick();
      if (!checked.ok) return refuse(checked.problem);
      const parsed = checked.value;
      if (parsed.errors.length > 0) {
        const report = localReport('csv', parsed.errors[0].message, String(parsed.errors[0].rowNumber));
        report.rejected = parsed.errors.slice(0, 200).map((e) => ({ row: String(e.rowNumber), reason: e.message }));
        setPending({ session: '', fileName: file.name, report, currentTaggings: 0 });
        return;
      }
      const session = newSession();
      await send('import.stage', { kind: 'csv', session, header: parsed.header, rows: [] });
      for (let i = 0; i < parsed.rows.length; i += STAGE_CHUNK) {
        await send('import.stage', { kind: 'csv', session, rows: parsed.rows.slice(i, i + STAGE_CHUNK) });
        setBusy(
          `${t('reading', file.name)} ${t('progress', Math.min(i + STAGE_CHUNK, parsed.rows.length), parsed.rows.length)}`,
        );
      }
      await preview(session, file.name);
    });

  const cancel = () => {
    if (pending?.session) send('import.discard', { session: pending.session }).catch(() => undefined);
    setPending(undefined);
  };

  const confirm = () => {
    const current = pending;
    if (!current) return;
    setPending(undefined);
    guard(t('reportTitle'), async () => {
      const report = await send('import.commit', { session: current.session });
      setResult({
        text:
          report.kind === 'csv'
            ? t('imported', report.toImport)
            : t('restored', report.counts?.tags ?? 0, report.counts?.items ?? 0, report.counts?.taggings ?? 0),
      });
    });
  };

  const fileInput = (testId: string, accept: string, label: string, onFile: (file: File) => void) => (
    <label class="file-button">
      <input
        type="file"
        accept={accept}
        data-testid={testId}
        class="visually-hidden"
        disabled={!!busy}
        onChange={(event) => {
          const input = event.currentTarget as HTMLInputElement;
          const file = input.files?.[0];
          input.value = '';
          if (file) onFile(file);
        }}
      />
      <span class="button-like">{label}</span>
    </label>
  );

  return (
    <section class="data-panel">
      <div class="card">
        <h2>{t('backupTitle')}</h2>
        <p class="muted">{t('backupText')}</p>
        <div class="row">
          <button
            type="button"
            class="primary"
            data-testid="sct-backup-download"
            disabled={!!busy}
            onClick={downloadBackup}
          >
            ⤓ {t('backup')}
          </button>
          {fileInput('sct-restore-file', '.json,application/json', t('restore'), chooseBackup)}
        </div>
      </div>
      <div class="card">
        <h2>{t('importTitle')}</h2>
        <p class="muted">{t('importText')}</p>
        {fileInput('sct-import-file', '.csv,text/csv', t('importCsv'), chooseCsv)}
      </div>
      <StorageStatus />
      <div class="card danger-zone">
        <h2>{t('dangerTitle')}</h2>
        <p class="muted">{t('dangerText')}</p>
        <button
          type="button"
          class="danger"
          data-testid="sct-wipe"
          disabled={!!busy}
          onClick={() =>
            send('stats.totals', {}).then(
              (totals) => setWipe(totals),
              (e) => setResult({ text: describeError(e), error: true }),
            )
          }
        >
          {t('wipe')}
        </button>
      </div>

      {busy && (
        <p role="status" class="muted" data-testid="sct-data-busy">
          {busy}
        </p>
      )}
      {result && (
        <p role={result.error ? 'alert' : 'status'} class={result.error ? 'error' : 'ok'} data-testid="sct-data-result">
          {result.text}
        </p>
      )}

      {pending && <ReportDialog pending={pending} onCancel={cancel} onConfirm={confirm} />}
      {wipe && (
        <Dialog title={t('wipeConfirmTitle')} onClose={() => setWipe(undefined)} testId="sct-wipe-dialog">
          <p>{t('wipeConfirmText', wipe.tags, wipe.taggings)}</p>
          <div class="actions">
            <button type="button" onClick={() => setWipe(undefined)}>
              {t('cancel')}
            </button>
            <button
              type="button"
              class="primary danger"
              data-testid="sct-wipe-confirm"
              onClick={() => {
                setWipe(undefined);
                guard(t('wipe'), async () => {
                  await send('data.wipe', { confirm: 'delete-everything' });
                  setResult({ text: t('wiped') });
                });
              }}
            >
              {t('wipeConfirm')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function ReportDialog({
  pending,
  onCancel,
  onConfirm,
}: {
  pending: Pending;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { report } = pending;
  const canWrite = report.ok && pending.session !== '' && (report.kind === 'backup' || report.toImport > 0);
  return (
    <Dialog title={t('reportTitle')} onClose={onCancel} testId="sct-import-report">
      <dl class="report">
        <dt>{t('file')}</dt>
        <dd>{pending.fileName}</dd>
        {report.kind === 'csv' ? (
          <>
            <dt>{t('rowsInFile')}</dt>
            <dd data-testid="sct-report-rows">{report.rowsInFile}</dd>
            <dt>{t('toImport')}</dt>
            <dd data-testid="sct-report-import">{report.toImport}</dd>
            <dt>{t('duplicates')}</dt>
            <dd data-testid="sct-report-duplicates">{report.duplicates}</dd>
          </>
        ) : (
          report.counts && (
            <>
              <dt>{t('rowsInFile')}</dt>
              <dd data-testid="sct-report-counts">
                {t('backupCounts', report.counts.tags, report.counts.items, report.counts.taggings)}
              </dd>
            </>
          )
        )}
        <dt>{t('rejected')}</dt>
        <dd data-testid="sct-report-rejected">{report.rejected.filter((r) => r.row !== '…').length}</dd>
        {report.newTags.length > 0 && (
          <>
            <dt>{t('newTags')}</dt>
            <dd data-testid="sct-report-new-tags">{report.newTags.join(', ')}</dd>
          </>
        )}
      </dl>
      {report.rejected.length > 0 && (
        <div class="rejections">
          <p class="error">{t('refused')}</p>
          <table>
            <thead>
              <tr>
                <th>{t('row')}</th>
                <th>{t('reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((rejection, i) => (
                <tr key={i} data-testid="sct-report-rejection">
                  <td>{rejection.row}</td>
                  <td>{rejection.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.ok && report.kind === 'backup' && <p class="error">{t('restoreWarning', pending.currentTaggings)}</p>}
      {report.ok && report.kind === 'csv' && report.toImport === 0 && <p class="muted">{t('nothingNew')}</p>}
      <div class="actions">
        <button type="button" data-testid="sct-import-cancel" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button
          type="button"
          class={report.kind === 'backup' ? 'primary danger' : 'primary'}
          data-testid="sct-import-confirm"
          disabled={!canWrite}
          onClick={onConfirm}
        >
          {report.kind === 'csv' ? t('confirmImport', report.toImport) : t('confirmRestore')}
        </button>
      </div>
    </Dialog>
  );
}
