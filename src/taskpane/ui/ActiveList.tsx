/**
 * A list as one composite widget (the WAI-ARIA listbox / tree pattern): one Tab stop, the
 * current row marked and announced through aria-activedescendant, Up/Down/Home/End/PageUp/
 * PageDown move it, Enter activates it, Space toggles it (or activates), and other keys are
 * offered to `onKey` (a tree's Left/Right). Rows are virtualized (@tanstack/react-virtual): only
 * the rows in view, plus the current one, are in the DOM; each row is measured, so rows are as
 * tall as their content. The list scrolls itself and fills the height its parent gives it.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { defaultRangeExtractor, measureElement as measureDefault, useVirtualizer, type Range, type Virtualizer } from "@tanstack/react-virtual";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { moveIndex } from "../list-model";

const useStyles = makeStyles({
  scroller: {
    // As tall as its rows, shrinking to the height left (then it scrolls): the panel's one scroller.
    flex: "0 1 auto",
    minHeight: "96px",
    overflowY: "auto",
    overflowX: "hidden",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    outlineStyle: "none",
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px" },
  },
  inner: { position: "relative", width: "100%" },
  row: { position: "absolute", top: 0, left: 0, width: "100%", boxSizing: "border-box" },
  // Drawn over the row's own background: a bar on the left and a thin frame.
  active: {
    "::after": {
      content: '""', position: "absolute", inset: 0, pointerEvents: "none",
      borderLeft: `4px solid ${tokens.colorBrandStroke1}`, outline: `1px solid ${tokens.colorBrandStroke1}`, outlineOffset: "-1px",
    },
  },
});

/** What a row gets to render itself. */
export interface RowState {
  /** The current row (marked; announced when the list has focus). */
  active: boolean;
}

/** Props of ActiveList. */
export interface ActiveListProps<R> {
  rows: readonly R[];
  rowKey: (row: R) => string;
  renderRow: (row: R, state: RowState) => ReactNode;
  /** ARIA attributes of a row (role, aria-level, aria-setsize, aria-posinset, aria-selected, aria-expanded …). */
  rowProps: (row: R, state: RowState) => Record<string, string | number | boolean | undefined>;
  /** "tree" or "listbox" (rows then are treeitem or option). */
  role: "tree" | "listbox";
  label: string;
  /** How to use the list, read after its name (aria-describedby). */
  hint?: string;
  /** Typical row height in px (rows not yet measured count at it). */
  estimate: number;
  /** Enter (and a click): the row's action. */
  onActivate?: (row: R, index: number) => void;
  /** Space: toggle the row (a multi-select listbox); without it Space activates. */
  onToggle?: (row: R, index: number) => void;
  /** Other keys; return true when handled. `move(i)` makes row i current. */
  onKey?: (key: string, row: R, index: number, move: (index: number) => void) => boolean;
  multiselectable?: boolean;
  testId?: string;
  className?: string;
}

/** The list (see the module comment). */
export function ActiveList<R>(props: ActiveListProps<R>) {
  const { rows, rowKey, renderRow, rowProps, role, label, hint, estimate, onActivate, onToggle, onKey, multiselectable, testId, className } = props;
  const styles = useStyles();
  const id = useId();
  const hintId = `${id}-hint`;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const lastIndex = useRef(0);

  // The current row: by key, so it survives filtering and collapsing; else the nearest index.
  let active = activeKey === null ? -1 : rows.findIndex((r) => rowKey(r) === activeKey);
  if (active < 0 && rows.length > 0) active = Math.min(lastIndex.current, rows.length - 1);
  if (rows.length === 0) active = -1;
  useEffect(() => {
    if (active >= 0) lastIndex.current = active;
  });

  // A row with no layout (jsdom, a hidden pane) measures 0: keep the estimate for it instead.
  const measure = useCallback(
    (el: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLDivElement, Element>) => measureDefault(el, entry, instance) || estimate,
    [estimate],
  );
  const activeRef = useRef(active);
  activeRef.current = active;
  // The current row stays rendered even when scrolled away (aria-activedescendant must point at an element).
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const a = activeRef.current;
    if (a >= 0 && a < range.count && !indexes.includes(a)) indexes.push(a);
    return indexes.sort((x, y) => x - y);
  }, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimate,
    measureElement: measure,
    rangeExtractor,
    overscan: 6,
  });

  const rowId = (index: number) => `${id}-row-${index}`;
  const move = useCallback((index: number) => {
    if (index < 0 || index >= rows.length) return;
    setActiveKey(rowKey(rows[index]));
    virtualizer.scrollToIndex(index, { align: "auto" });
  }, [rows, rowKey, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const at = Math.max(0, active);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? estimate * 5) / estimate) - 1);
    const to = moveIndex(e.key, at, rows.length, page);
    if (to !== null) {
      e.preventDefault();
      move(to);
      return;
    }
    if (e.key === "Enter") {
      e.preventDefault();
      onActivate?.(rows[at], at);
    } else if (e.key === " ") {
      e.preventDefault();
      (onToggle ?? onActivate)?.(rows[at], at);
    } else if (onKey?.(e.key, rows[at], at, move)) {
      e.preventDefault();
    }
  };

  // Keep the current row in view when the rows change under it (a filter, a collapse).
  useLayoutEffect(() => {
    if (active >= 0 && document.activeElement === scrollRef.current) virtualizer.scrollToIndex(active, { align: "auto" });
  }, [rows]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <>
    {hint && <span id={hintId} hidden>{hint}</span>}
    <div
      ref={scrollRef}
      className={mergeClasses(styles.scroller, className)}
      role={role}
      tabIndex={rows.length > 0 ? 0 : -1}
      aria-label={label}
      aria-describedby={hint ? hintId : undefined}
      aria-activedescendant={active >= 0 ? rowId(active) : undefined}
      aria-multiselectable={multiselectable || undefined}
      data-testid={testId}
      data-active-index={active}
      onKeyDown={onKeyDown}
    >
      <div className={styles.inner} style={{ height: virtualizer.getTotalSize() }} role="none">
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index];
          const state = { active: v.index === active };
          return (
            <div
              key={rowKey(row)}
              id={rowId(v.index)}
              ref={virtualizer.measureElement}
              data-index={v.index}
              className={mergeClasses(styles.row, state.active && styles.active)}
              style={{ transform: `translateY(${v.start}px)` }}
              onMouseDown={(e) => {
                // The list, not the row, holds focus (one Tab stop); a click makes the row current.
                e.preventDefault();
                scrollRef.current?.focus({ preventScroll: true });
                setActiveKey(rowKey(row));
              }}
              onClick={() => (onToggle ?? onActivate)?.(row, v.index)}
              {...rowProps(row, state)}
            >
              {renderRow(row, state)}
            </div>
          );
        })}
      </div>
    </div>
    </>
  );
}
