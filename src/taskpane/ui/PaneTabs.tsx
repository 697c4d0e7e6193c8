/**
 * The pane's tabs: a TabList whose tabs that do not fit go into a menu (the selected tab always
 * stays visible), each tab wired to its tab panel (aria-controls / aria-labelledby), and each
 * panel filling the height left, with the tab's own actions (a CommandBar) at its top.
 *
 * To add a tab (信用, 分析, 交接 …): give App one more PaneTab — an id, a label (from its i18n
 * section), an optional badge count, its panel, and its actions if it has any.
 */
import { useEffect, useState, type ReactNode } from "react";
import {
  Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger, Overflow, OverflowItem, Tab, TabList,
  makeStyles, useIsOverflowItemVisible, useOverflowMenu, type TabValue,
} from "@fluentui/react-components";
import { CommandBar, type Command } from "./CommandBar";

/** One tab of the pane. */
export interface PaneTab {
  id: string;
  label: string;
  /** A count shown after the label ("检查结果 (5)"). */
  badge?: number;
  testId: string;
  /** The panel's content; it gets the height left under the tabs. */
  panel: ReactNode;
  /** The tab's own commands, shown at the top of its panel. */
  actions?: readonly Command[];
}

const useStyles = makeStyles({
  row: { display: "flex", alignItems: "center", minWidth: 0, overflow: "hidden", flexShrink: 0 },
  tabs: { minWidth: 0, overflow: "hidden", flexWrap: "nowrap" },
  tab: { whiteSpace: "nowrap" },
  more: { whiteSpace: "nowrap", minWidth: "auto", flexShrink: 0 },
  panel: { flex: "1 1 auto", minHeight: 0, display: "flex", flexDirection: "column", gap: "6px", overflowY: "auto", overflowX: "hidden", paddingTop: "6px" },
});

function tabText(tab: PaneTab, num: (n: number) => string): string {
  return tab.badge ? `${tab.label} (${num(tab.badge)})` : tab.label;
}

function HiddenTab({ tab, num, onSelect }: { tab: PaneTab; num: (n: number) => string; onSelect: (id: string) => void }) {
  const visible = useIsOverflowItemVisible(tab.id);
  if (visible) return null;
  return <MenuItem data-testid={`${tab.testId}-menu`} onClick={() => onSelect(tab.id)}>{tabText(tab, num)}</MenuItem>;
}

function TabsMenu({ tabs, num, label, onSelect }: { tabs: readonly PaneTab[]; num: (n: number) => string; label: (n: number) => string; onSelect: (id: string) => void }) {
  const styles = useStyles();
  const { ref, isOverflowing, overflowCount } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton ref={ref} appearance="transparent" size="small" className={styles.more} data-testid="tabs-more">{label(overflowCount)}</MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>{tabs.map((t) => <HiddenTab key={t.id} tab={t} num={num} onSelect={onSelect} />)}</MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** Props of PaneTabs. */
export interface PaneTabsProps {
  tabs: readonly PaneTab[];
  selected: string;
  onSelect: (id: string) => void;
  disabled?: boolean;
  /** Accessible name of the tab list. */
  label: string;
  moreTabs: (n: number) => string;
  moreLabel: string;
  num: (n: number) => string;
}

/**
 * A count that goes up each time the page's web fonts finish loading. Tabs are measured when they
 * mount; a font that arrives later (the pane's Noto Sans SC) widens them without resizing the row,
 * so Overflow must measure again or the last tabs run past the pane's edge.
 */
function useFontsLoaded(): number {
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    const fonts = typeof document === "undefined" ? undefined : document.fonts;
    if (!fonts) return;
    let live = true;
    const bump = () => { if (live) setLoads((n) => n + 1); };
    void fonts.ready.then(bump);
    fonts.addEventListener?.("loadingdone", bump);
    return () => {
      live = false;
      fonts.removeEventListener?.("loadingdone", bump);
    };
  }, []);
  return loads;
}

/** The tab list and the selected tab's panel (see the module comment). */
export function PaneTabs({ tabs, selected, onSelect, disabled, label, moreTabs, moreLabel, num }: PaneTabsProps) {
  const styles = useStyles();
  const fontLoads = useFontsLoaded();
  const current = tabs.find((t) => t.id === selected) ?? tabs[0];
  return (
    <>
      {/* Fluent's Overflow measures its items when they come, not when they grow: a label that changes (a count after a check) remounts it, so it measures again. */}
      {/* …and so does a web font that arrives after the first measure (useFontsLoaded). */}
      <Overflow key={`${fontLoads}\n${tabs.map((t) => tabText(t, num)).join("\n")}`} minimumVisible={1} padding={4}>
        {/* The menu of tabs that do not fit sits beside the tab list, not in it: a tablist holds tabs only. */}
        <div className={styles.row}>
          <TabList
            className={styles.tabs} size="small" aria-label={label} disabled={disabled}
            selectedValue={current.id} onTabSelect={(_e, d: { value: TabValue }) => onSelect(String(d.value))}
          >
            {tabs.map((t) => (
              // Keyed by its text too: a badge that appears ("检查结果 (5)") widens the tab without resizing the row, and
              // Overflow measures again only on a resize or a (re)registered item — so the item registers anew.
              <OverflowItem key={`${t.id} ${tabText(t, num)}`} id={t.id} priority={t.id === current.id ? 2 : 1}>
                <Tab value={t.id} id={`tab-${t.id}`} aria-controls={t.id === current.id ? `panel-${t.id}` : undefined} data-testid={t.testId} className={styles.tab}>{tabText(t, num)}</Tab>
              </OverflowItem>
            ))}
          </TabList>
          <TabsMenu tabs={tabs} num={num} label={moreTabs} onSelect={onSelect} />
        </div>
      </Overflow>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} className={styles.panel} data-testid={`panel-${current.id}`}>
        {current.actions && current.actions.length > 0 && <CommandBar commands={current.actions} label={current.label} moreLabel={moreLabel} moreTestId={`${current.id}-more`} />}
        {current.panel}
      </div>
    </>
  );
}
