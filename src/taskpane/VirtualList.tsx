/**
 * A virtualized list (@tanstack/react-virtual): only the rows in view are in the DOM, so 10,000
 * findings scroll as smoothly as 10. Rows have a fixed height, which keeps measuring free.
 */
import { useRef, type ReactNode } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
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
  rowHeight: number;
  renderRow: (item: T, index: number) => ReactNode;
  /** Accessible name of the list. */
  label: string;
  testId?: string;
}

/** A scrolling list that renders only the visible rows. */
export function VirtualList<T>({ items, rowHeight, renderRow, label, testId }: VirtualListProps<T>) {
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  return (
    <div ref={scrollRef} className={styles.scroller} role="list" aria-label={label} data-testid={testId}>
      <div className={styles.inner} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => (
          <div key={v.key} role="listitem" className={styles.row} style={{ height: rowHeight, transform: `translateY(${v.start}px)` }}>
            {renderRow(items[v.index], v.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
