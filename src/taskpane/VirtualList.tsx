/**
 * A virtualized list (@tanstack/react-virtual): only the rows in view are in the DOM, so 10,000
 * findings scroll as smoothly as 10. Rows size to their content: each rendered row is measured
 * (measureElement, re-measured by a ResizeObserver when the pane is resized), rows not yet seen
 * count at the estimate.
 */
import { useCallback, useRef, type ReactNode } from "react";
import { useVirtualizer, measureElement as measureDefault, type Virtualizer } from "@tanstack/react-virtual";
import { makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  scroller: {
    overflowY: "auto",
    // As tall as its rows, at most what the pane has left below the toolbar and tabs.
    maxHeight: "clamp(200px, calc(100vh - 330px), 4000px)",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  inner: { position: "relative", width: "100%" },
  row: { position: "absolute", top: 0, left: 0, width: "100%", boxSizing: "border-box" },
});

/** Props of VirtualList. */
export interface VirtualListProps<T> {
  items: readonly T[];
  /** Estimated row height (a typical row); each rendered row is measured. */
  rowHeight: number;
  renderRow: (item: T, index: number) => ReactNode;
  /** Accessible name of the list. */
  label: string;
  testId?: string;
}

/** A scrolling list that renders only the visible rows, each as tall as its content. */
export function VirtualList<T>({ items, rowHeight, renderRow, label, testId }: VirtualListProps<T>) {
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  // A row with no layout (jsdom, a hidden pane) measures 0: keep the estimate for it instead.
  const measure = useCallback(
    (el: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLDivElement, Element>) => measureDefault(el, entry, instance) || rowHeight,
    [rowHeight],
  );
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    measureElement: measure,
    overscan: 8,
  });
  return (
    <div ref={scrollRef} className={styles.scroller} role="list" aria-label={label} data-testid={testId}>
      <div className={styles.inner} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => (
          <div key={v.key} ref={virtualizer.measureElement} data-index={v.index} role="listitem" className={styles.row} style={{ transform: `translateY(${v.start}px)` }}>
            {renderRow(items[v.index], v.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
