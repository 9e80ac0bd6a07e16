/**
 * The tag tree: any depth, with own and rolled-up counts on every node. Create, rename inline, move (drag and
 * drop, or keyboard: Alt+arrows and the move buttons), merge with a preview, archive, delete with a choice for the
 * taggings, colour, note, search, and undo of the last merge or delete.
 *
 * Keyboard (WAI-ARIA tree): ↑/↓ select, →/← expand/collapse or go to child/parent, Home/End, F2 or Enter rename,
 * Delete delete, Alt+↑/↓ move among siblings, Alt+→ indent (under the tag above), Alt+← outdent.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useDataChanged } from '@/components/shared/useDataChanged';
import type { Snapshot } from '@/lib/backup/undo';
import type { TagWithCounts } from '@/lib/db/tags';
import { defineStrings } from '@/lib/i18n';
import type { RequestOf } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { searchKeyOf } from '@/lib/text';
import { describeError } from './errors';
import { DeleteDialog, MergeDialog } from './TreeDialogs';

const t = defineStrings({
  en: {
    tree: 'Tag tree',
    search: 'Search tags',
    searchPlaceholder: 'Search (name, path or pinyin initials)',
    newRoot: 'New top-level tag',
    newRootPlaceholder: 'New tag, or Parent > Child',
    add: 'Add',
    hideArchived: 'Hide archived',
    empty: 'No tags yet. Add one above, or tag an item in Seller Central.',
    noMatch: 'No tag matches “{0}”.',
    own: 'Own taggings',
    total: 'Taggings including sub-tags',
    archived: 'archived',
    expand: 'Expand',
    collapse: 'Collapse',
    selectHint: 'Select a tag to edit it.',
    details: 'Selected tag',
    counts: '{0} own · {1} with sub-tags',
    rename: 'Rename',
    renameLabel: 'New name for {0}',
    addChild: 'Add sub-tag',
    addSibling: 'Add sibling',
    newChild: 'Name of the new sub-tag of “{0}”',
    newSibling: 'Name of the new tag next to “{0}”',
    create: 'Create',
    cancel: 'Cancel',
    moveGroup: 'Move',
    moveUp: 'Move up',
    moveDown: 'Move down',
    indent: 'Indent (make it a sub-tag of the tag above)',
    outdent: 'Outdent (move it up one level)',
    color: 'Colour',
    note: 'Note',
    saveNote: 'Save note',
    merge: 'Merge into…',
    archive: 'Archive',
    unarchive: 'Unarchive',
    delete: 'Delete…',
    undo: 'Undo',
    dismiss: 'Dismiss',
    deleted: 'Deleted “{0}”.',
    merged: 'Merged “{0}” into “{1}”.',
    undone: 'Undone.',
    created: 'Created “{0}”.',
    exists: '“{0}” already exists: selected it.',
    saved: 'Saved.',
    dragHint: 'Drag a tag onto another to nest it, or above/below to reorder.',
  },
  zh_CN: {
    tree: '标签树',
    search: '搜索标签',
    searchPlaceholder: '搜索（名称、路径或拼音首字母）',
    newRoot: '新建一级标签',
    newRootPlaceholder: '新标签，或 父标签 > 子标签',
    add: '添加',
    hideArchived: '隐藏已归档',
    empty: '还没有标签。在上方添加，或在卖家中心为条目打标签。',
    noMatch: '没有与“{0}”匹配的标签。',
    own: '自身标记数',
    total: '含子标签的标记数',
    archived: '已归档',
    expand: '展开',
    collapse: '折叠',
    selectHint: '选择一个标签进行编辑。',
    details: '所选标签',
    counts: '自身 {0} · 含子标签 {1}',
    rename: '重命名',
    renameLabel: '{0} 的新名称',
    addChild: '添加子标签',
    addSibling: '添加同级标签',
    newChild: '“{0}”的新子标签名称',
    newSibling: '与“{0}”同级的新标签名称',
    create: '创建',
    cancel: '取消',
    moveGroup: '移动',
    moveUp: '上移',
    moveDown: '下移',
    indent: '降级（成为上方标签的子标签）',
    outdent: '升级（上移一层）',
    color: '颜色',
    note: '备注',
    saveNote: '保存备注',
    merge: '合并到…',
    archive: '归档',
    unarchive: '取消归档',
    delete: '删除…',
    undo: '撤销',
    dismiss: '关闭',
    deleted: '已删除“{0}”。',
    merged: '已将“{0}”合并到“{1}”。',
    undone: '已撤销。',
    created: '已创建“{0}”。',
    exists: '“{0}”已存在，已选中。',
    saved: '已保存。',
    dragHint: '把标签拖到另一个标签上可设为其子标签，拖到上方或下方可调整顺序。',
  },
});

export type TreeTag = TagWithCounts;

interface VisibleNode {
  tag: TreeTag;
  depth: number;
  hasChildren: boolean;
  position: number;
  siblings: number;
}

type DropZone = 'before' | 'inside' | 'after';

function childrenMap(tags: readonly TreeTag[]): Map<string, TreeTag[]> {
  const ids = new Set(tags.map((tag) => tag.id));
  const map = new Map<string, TreeTag[]>();
  for (const tag of tags) {
    const key = tag.parentId && ids.has(tag.parentId) ? tag.parentId : '';
    const list = map.get(key) ?? [];
    list.push(tag);
    map.set(key, list);
  }
  for (const list of map.values()) list.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return map;
}

function descendantIds(children: Map<string, TreeTag[]>, id: string): Set<string> {
  const result = new Set<string>([id]);
  const stack = [id];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop() as string) ?? []) {
      if (!result.has(child.id)) {
        result.add(child.id);
        stack.push(child.id);
      }
    }
  }
  return result;
}

export function TagTree() {
  const [tags, setTags] = useState<TreeTag[]>();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [selectedId, setSelectedId] = useState<string>();
  const [renamingId, setRenamingId] = useState<string>();
  const [search, setSearch] = useState('');
  const [hideArchived, setHideArchived] = useState(false);
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const [undo, setUndo] = useState<{ label: string; snapshot: Snapshot }>();
  const [dialog, setDialog] = useState<{ kind: 'merge' | 'delete'; tag: TreeTag }>();
  const [drop, setDrop] = useState<{ id: string; zone: DropZone }>();
  const dragId = useRef<string>();
  const treeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    send('tags.list', {}).then(setTags, (e) => setStatus({ text: describeError(e), error: true }));
  }, []);
  useEffect(load, [load]);
  useDataChanged(load);

  const byId = useMemo(() => new Map((tags ?? []).map((tag) => [tag.id, tag])), [tags]);
  const children = useMemo(() => childrenMap(tags ?? []), [tags]);

  const matches = useMemo(() => {
    const query = searchKeyOf(search);
    if (!query) return undefined;
    const hits = new Set<string>();
    for (const tag of tags ?? []) {
      if (searchKeyOf(tag.path).includes(query) || tag.initials.includes(query)) {
        let current: TreeTag | undefined = tag;
        while (current && !hits.has(current.id)) {
          hits.add(current.id);
          current = current.parentId ? byId.get(current.parentId) : undefined;
        }
      }
    }
    return hits;
  }, [search, tags, byId]);

  const visible = useMemo(() => {
    const list: VisibleNode[] = [];
    const walk = (parentKey: string, depth: number) => {
      const kids = (children.get(parentKey) ?? []).filter(
        (tag) => (!hideArchived || !tag.archived) && (!matches || matches.has(tag.id)),
      );
      kids.forEach((tag, position) => {
        const hasChildren = (children.get(tag.id) ?? []).length > 0;
        list.push({ tag, depth, hasChildren, position, siblings: kids.length });
        if (hasChildren && (matches || !collapsed.has(tag.id))) walk(tag.id, depth + 1);
      });
    };
    walk('', 1);
    return list;
  }, [children, collapsed, matches, hideArchived]);

  const selected = selectedId ? byId.get(selectedId) : undefined;

  // Keep keyboard focus on the selected node while the user works in the tree.
  useEffect(() => {
    if (!selectedId || renamingId) return;
    if (!treeRef.current?.contains(document.activeElement)) return;
    const row = treeRef.current.querySelector<HTMLElement>(`[data-tag-id="${CSS.escape(selectedId)}"]`);
    if (row && document.activeElement !== row) row.focus();
  }, [selectedId, visible, renamingId]);

  const run = async (action: () => Promise<unknown>) => {
    try {
      const text = await action();
      setStatus(typeof text === 'string' ? { text } : undefined);
    } catch (error) {
      setStatus({ text: describeError(error), error: true });
    } finally {
      load();
    }
  };

  const siblingsOf = (tag: TreeTag) => children.get(tag.parentId && byId.has(tag.parentId) ? tag.parentId : '') ?? [];

  const moveBy = (tag: TreeTag, delta: -1 | 1) =>
    run(async () => {
      const siblings = siblingsOf(tag);
      const at = siblings.findIndex((s) => s.id === tag.id) + delta;
      if (at < 0 || at >= siblings.length) return;
      await send('tags.reorder', { id: tag.id, position: at });
    });

  const indent = (tag: TreeTag) =>
    run(async () => {
      const siblings = siblingsOf(tag);
      const above = siblings[siblings.findIndex((s) => s.id === tag.id) - 1];
      if (!above) return;
      await send('tags.move', { id: tag.id, parentId: above.id });
      setCollapsed((set) => {
        const next = new Set(set);
        next.delete(above.id);
        return next;
      });
    });

  const outdent = (tag: TreeTag) =>
    run(async () => {
      const parent = tag.parentId ? byId.get(tag.parentId) : undefined;
      if (!parent) return;
      const grandSiblings = siblingsOf(parent);
      const position = grandSiblings.findIndex((s) => s.id === parent.id) + 1;
      await send('tags.move', { id: tag.id, parentId: parent.parentId, position });
    });

  const moveTo = (id: string, target: TreeTag, zone: DropZone) =>
    run(async () => {
      if (id === target.id) return;
      if (zone === 'inside') {
        await send('tags.move', { id, parentId: target.id });
        setCollapsed((set) => {
          const next = new Set(set);
          next.delete(target.id);
          return next;
        });
        return;
      }
      const siblings = siblingsOf(target).filter((s) => s.id !== id);
      const index = siblings.findIndex((s) => s.id === target.id);
      await send('tags.move', {
        id,
        parentId: target.parentId && byId.has(target.parentId) ? target.parentId : null,
        position: zone === 'before' ? index : index + 1,
      });
    });

  const rename = (tag: TreeTag, name: string) => {
    setRenamingId(undefined);
    if (name.trim() === '' || name === tag.name) return;
    run(async () => {
      await send('tags.rename', { id: tag.id, name });
    });
  };

  const create = (path: string, parentId: string | null) =>
    run(async () => {
      const result = await send('tags.create', { path, parentId });
      setSelectedId(result.tag.id);
      if (parentId) {
        setCollapsed((set) => {
          const next = new Set(set);
          next.delete(parentId);
          return next;
        });
      }
      return result.created.length > 0 ? t('created', result.tag.name) : t('exists', result.tag.name);
    });

  const toggle = (id: string) =>
    setCollapsed((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent, node: VisibleNode, index: number) => {
    if (renamingId) return;
    const { tag } = node;
    const go = (i: number) => {
      const target = visible[Math.max(0, Math.min(visible.length - 1, i))];
      if (target) setSelectedId(target.tag.id);
    };
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    if (event.altKey) {
      if (event.key === 'ArrowUp') moveBy(tag, -1);
      else if (event.key === 'ArrowDown') moveBy(tag, 1);
      else if (event.key === 'ArrowRight') indent(tag);
      else if (event.key === 'ArrowLeft') outdent(tag);
      else return;
      return handled();
    }
    switch (event.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(visible.length - 1);
        break;
      case 'ArrowRight':
        if (node.hasChildren && collapsed.has(tag.id) && !matches) toggle(tag.id);
        else if (node.hasChildren) go(index + 1);
        break;
      case 'ArrowLeft':
        if (node.hasChildren && !collapsed.has(tag.id) && !matches) toggle(tag.id);
        else if (tag.parentId) setSelectedId(tag.parentId);
        break;
      case 'F2':
      case 'Enter':
        setRenamingId(tag.id);
        break;
      case 'Delete':
        setDialog({ kind: 'delete', tag });
        break;
      default:
        return;
    }
    handled();
  };

  const afterDestructive = (label: string, snapshot: Snapshot) => {
    setUndo({ label, snapshot });
    setSelectedId(undefined);
    setDialog(undefined);
    load();
  };

  const undoLast = () => {
    const last = undo;
    if (!last) return;
    setUndo(undefined);
    run(async () => {
      await send('tags.restoreSnapshot', last.snapshot as RequestOf<'tags.restoreSnapshot'>);
      return t('undone');
    });
  };

  return (
    <div class="tree-layout">
      <section class="tree-pane" aria-label={t('tree')}>
        <div class="tree-toolbar">
          <input
            type="search"
            aria-label={t('search')}
            placeholder={t('searchPlaceholder')}
            data-testid="sct-tree-search"
            value={search}
            onInput={(event) => setSearch((event.currentTarget as HTMLInputElement).value)}
          />
          <NewTagForm
            label={t('newRoot')}
            placeholder={t('newRootPlaceholder')}
            testId="sct-new-tag-input"
            onCreate={(name) => create(name, null)}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={hideArchived}
              onChange={(event) => setHideArchived((event.currentTarget as HTMLInputElement).checked)}
            />
            {t('hideArchived')}
          </label>
        </div>
        {tags && tags.length === 0 && <p class="empty">{t('empty')}</p>}
        {tags && tags.length > 0 && visible.length === 0 && <p class="empty">{t('noMatch', search)}</p>}
        <div class="tree" role="tree" aria-label={t('tree')} ref={treeRef}>
          {visible.map((node, index) => {
            const { tag } = node;
            const isSelected = tag.id === selectedId || (!selectedId && index === 0);
            const hint = drop?.id === tag.id ? drop.zone : undefined;
            return (
              <div
                key={tag.id}
                role="treeitem"
                aria-level={node.depth}
                aria-setsize={node.siblings}
                aria-posinset={node.position + 1}
                aria-expanded={node.hasChildren ? !collapsed.has(tag.id) || !!matches : undefined}
                aria-selected={tag.id === selectedId}
                tabIndex={isSelected ? 0 : -1}
                data-testid="sct-tree-node"
                data-tag-id={tag.id}
                data-path={tag.path}
                class={`tree-node${tag.archived ? ' archived' : ''}${tag.id === selectedId ? ' selected' : ''}${hint ? ` drop-${hint}` : ''}`}
                style={{ paddingLeft: `${(node.depth - 1) * 18 + 4}px` }}
                draggable={renamingId !== tag.id}
                onClick={() => setSelectedId(tag.id)}
                onDblClick={() => setRenamingId(tag.id)}
                onKeyDown={(event) => onKeyDown(event, node, index)}
                onDragStart={(event) => {
                  dragId.current = tag.id;
                  event.dataTransfer?.setData('text/plain', tag.id);
                  if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
                }}
                onDragOver={(event) => {
                  const id = dragId.current;
                  if (!id || descendantIds(children, id).has(tag.id)) return;
                  event.preventDefault();
                  const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
                  const y = (event.clientY - box.top) / Math.max(1, box.height);
                  const zone: DropZone = y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
                  if (drop?.id !== tag.id || drop.zone !== zone) setDrop({ id: tag.id, zone });
                }}
                onDragLeave={() => setDrop((current) => (current?.id === tag.id ? undefined : current))}
                onDrop={(event) => {
                  event.preventDefault();
                  const id = dragId.current ?? event.dataTransfer?.getData('text/plain');
                  const zone = drop?.id === tag.id ? drop.zone : 'inside';
                  setDrop(undefined);
                  dragId.current = undefined;
                  if (id && !descendantIds(children, id).has(tag.id)) moveTo(id, tag, zone);
                }}
                onDragEnd={() => {
                  dragId.current = undefined;
                  setDrop(undefined);
                }}
              >
                {node.hasChildren ? (
                  <button
                    type="button"
                    class="toggle"
                    tabIndex={-1}
                    aria-label={collapsed.has(tag.id) ? t('expand') : t('collapse')}
                    onClick={(event) => {
                      event.stopPropagation();
                      toggle(tag.id);
                    }}
                  >
                    {collapsed.has(tag.id) && !matches ? '▸' : '▾'}
                  </button>
                ) : (
                  <span class="toggle" />
                )}
                <span class="swatch" style={{ background: tag.color }} />
                {renamingId === tag.id ? (
                  <RenameInput tag={tag} label={t('renameLabel', tag.name)} onDone={(name) => rename(tag, name)} />
                ) : (
                  <span class="node-name" data-testid="sct-node-name">
                    {tag.name}
                  </span>
                )}
                {tag.archived && <span class="badge">{t('archived')}</span>}
                <span class="counts">
                  <span data-testid="sct-node-own" title={t('own')}>
                    {tag.own}
                  </span>
                  <span aria-hidden="true"> / </span>
                  <span data-testid="sct-node-total" title={t('total')}>
                    {tag.total}
                  </span>
                </span>
              </div>
            );
          })}
        </div>
        {tags && tags.length > 1 && <p class="muted hint">{t('dragHint')}</p>}
      </section>

      <aside class="details-pane" aria-label={t('details')} data-testid="sct-tag-details">
        {!selected && <p class="empty">{t('selectHint')}</p>}
        {selected && (
          <TagDetails
            key={selected.id}
            tag={selected}
            canMoveUp={siblingsOf(selected)[0]?.id !== selected.id}
            canMoveDown={siblingsOf(selected).at(-1)?.id !== selected.id}
            canOutdent={!!selected.parentId && byId.has(selected.parentId)}
            onRename={() => setRenamingId(selected.id)}
            onCreate={create}
            onMove={(how) =>
              how === 'up'
                ? moveBy(selected, -1)
                : how === 'down'
                  ? moveBy(selected, 1)
                  : how === 'indent'
                    ? indent(selected)
                    : outdent(selected)
            }
            onUpdate={(changes) =>
              run(async () => {
                await send('tags.update', { id: selected.id, ...changes });
                return t('saved');
              })
            }
            onArchive={(archived) =>
              run(async () => {
                await send('tags.archive', { id: selected.id, archived });
              })
            }
            onMerge={() => setDialog({ kind: 'merge', tag: selected })}
            onDelete={() => setDialog({ kind: 'delete', tag: selected })}
          />
        )}
      </aside>

      {dialog?.kind === 'merge' && tags && (
        <MergeDialog
          source={dialog.tag}
          tags={tags}
          excluded={descendantIds(children, dialog.tag.id)}
          onClose={() => setDialog(undefined)}
          onDone={(target, snapshot) => afterDestructive(t('merged', dialog.tag.name, target.name), snapshot)}
          onError={(error) => setStatus({ text: describeError(error), error: true })}
        />
      )}
      {dialog?.kind === 'delete' && tags && (
        <DeleteDialog
          tag={dialog.tag}
          tags={tags}
          excluded={descendantIds(children, dialog.tag.id)}
          parent={dialog.tag.parentId ? byId.get(dialog.tag.parentId) : undefined}
          onClose={() => setDialog(undefined)}
          onDone={(snapshot) => afterDestructive(t('deleted', dialog.tag.name), snapshot)}
          onError={(error) => setStatus({ text: describeError(error), error: true })}
        />
      )}

      <div class="status-line" role="status" aria-live="polite">
        {status && !status.error && <span data-testid="sct-tree-status">{status.text}</span>}
      </div>
      {status?.error && (
        <p class="error" role="alert" data-testid="sct-tree-error">
          {status.text}
        </p>
      )}
      {undo && (
        <div class="toast" data-testid="sct-undo">
          <span>{undo.label}</span>
          <button type="button" onClick={undoLast}>
            {t('undo')}
          </button>
          <button type="button" class="icon-button" aria-label={t('dismiss')} onClick={() => setUndo(undefined)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}

function RenameInput({ tag, label, onDone }: { tag: TreeTag; label: string; onDone: (name: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (name: string) => {
    if (done.current) return;
    done.current = true;
    onDone(name);
    // Give the keyboard back to the tree.
    setTimeout(() => (document.querySelector(`[data-tag-id="${CSS.escape(tag.id)}"]`) as HTMLElement)?.focus());
  };
  return (
    <input
      ref={ref}
      class="rename-input"
      aria-label={label}
      data-testid="sct-rename-input"
      defaultValue={tag.name}
      maxLength={100}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') finish((event.currentTarget as HTMLInputElement).value);
        if (event.key === 'Escape') finish(tag.name);
      }}
      onBlur={(event) => finish((event.currentTarget as HTMLInputElement).value)}
    />
  );
}

function NewTagForm({
  label,
  placeholder,
  testId,
  onCreate,
  autoFocus,
  onCancel,
}: {
  label: string;
  placeholder?: string;
  testId: string;
  onCreate: (name: string) => void;
  autoFocus?: boolean;
  onCancel?: () => void;
}) {
  const [name, setName] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);
  return (
    <form
      class="row new-tag"
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim()) return;
        onCreate(name);
        setName('');
      }}
    >
      <input
        ref={ref}
        aria-label={label}
        placeholder={placeholder ?? label}
        data-testid={testId}
        value={name}
        maxLength={1000}
        onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && onCancel) onCancel();
        }}
      />
      <button type="submit" disabled={!name.trim()}>
        {t('add')}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      )}
    </form>
  );
}

function TagDetails({
  tag,
  canMoveUp,
  canMoveDown,
  canOutdent,
  onRename,
  onCreate,
  onMove,
  onUpdate,
  onArchive,
  onMerge,
  onDelete,
}: {
  tag: TreeTag;
  canMoveUp: boolean;
  canMoveDown: boolean;
  canOutdent: boolean;
  onRename: () => void;
  onCreate: (name: string, parentId: string | null) => void;
  onMove: (how: 'up' | 'down' | 'indent' | 'outdent') => void;
  onUpdate: (changes: { color?: string; note?: string }) => void;
  onArchive: (archived: boolean) => void;
  onMerge: () => void;
  onDelete: () => void;
}) {
  const [adding, setAdding] = useState<'child' | 'sibling'>();
  const [note, setNote] = useState(tag.note);
  useEffect(() => setNote(tag.note), [tag.note]);
  return (
    <div class="details">
      <h2 data-testid="sct-details-path">{tag.path}</h2>
      <p class="muted">{t('counts', tag.own, tag.total)}</p>
      <div class="row">
        <button type="button" data-testid="sct-rename" onClick={onRename}>
          {t('rename')}
        </button>
        <button type="button" data-testid="sct-add-child" onClick={() => setAdding('child')}>
          {t('addChild')}
        </button>
        <button type="button" data-testid="sct-add-sibling" onClick={() => setAdding('sibling')}>
          {t('addSibling')}
        </button>
      </div>
      {adding && (
        <NewTagForm
          key={adding}
          autoFocus
          label={adding === 'child' ? t('newChild', tag.name) : t('newSibling', tag.name)}
          testId="sct-new-child-input"
          onCreate={(name) => {
            onCreate(name, adding === 'child' ? tag.id : tag.parentId);
            setAdding(undefined);
          }}
          onCancel={() => setAdding(undefined)}
        />
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of buttons, not a form field set. */}
      <div class="row" role="group" aria-label={t('moveGroup')}>
        <span class="muted">{t('moveGroup')}</span>
        <button
          type="button"
          data-testid="sct-move-up"
          aria-label={t('moveUp')}
          title={`${t('moveUp')} (Alt+↑)`}
          disabled={!canMoveUp}
          onClick={() => onMove('up')}
        >
          ↑
        </button>
        <button
          type="button"
          data-testid="sct-move-down"
          aria-label={t('moveDown')}
          title={`${t('moveDown')} (Alt+↓)`}
          disabled={!canMoveDown}
          onClick={() => onMove('down')}
        >
          ↓
        </button>
        <button
          type="button"
          data-testid="sct-indent"
          aria-label={t('indent')}
          title={`${t('indent')} (Alt+→)`}
          disabled={!canMoveUp}
          onClick={() => onMove('indent')}
        >
          →
        </button>
        <button
          type="button"
          data-testid="sct-outdent"
          aria-label={t('outdent')}
          title={`${t('outdent')} (Alt+←)`}
          disabled={!canOutdent}
          onClick={() => onMove('outdent')}
        >
          ←
        </button>
      </div>
      <label class="row">
        <span class="muted">{t('color')}</span>
        <input
          type="color"
          data-testid="sct-tag-color"
          value={tag.color}
          onChange={(event) => onUpdate({ color: (event.currentTarget as HTMLInputElement).value })}
        />
      </label>
      <label class="stack">
        <span class="muted">{t('note')}</span>
        <textarea
          data-testid="sct-tag-note"
          rows={3}
          maxLength={10_000}
          value={note}
          onInput={(event) => setNote((event.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="row">
        <button
          type="button"
          data-testid="sct-save-note"
          disabled={note === tag.note}
          onClick={() => onUpdate({ note })}
        >
          {t('saveNote')}
        </button>
      </div>
      <div class="row destructive">
        <button type="button" data-testid="sct-merge" onClick={onMerge}>
          {t('merge')}
        </button>
        <button type="button" data-testid="sct-archive" onClick={() => onArchive(!tag.archived)}>
          {tag.archived ? t('unarchive') : t('archive')}
        </button>
        <button type="button" class="danger" data-testid="sct-delete" onClick={onDelete}>
          {t('delete')}
        </button>
      </div>
    </div>
  );
}
