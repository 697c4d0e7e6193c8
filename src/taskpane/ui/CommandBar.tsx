/**
 * A row of commands that never wraps: the buttons that fit, by priority, and a "More" menu
 * with the rest (commands marked `inMenu` always go there). The global command bar and each
 * tab's own actions use it. A command learns which element invoked it (the button, or the
 * More button for a menu item) so focus can go back there when its work is done.
 */
import { forwardRef, useRef } from "react";
import {
  Button, Menu, MenuButton, MenuDivider, MenuItem, MenuList, MenuPopover, MenuTrigger, Overflow, OverflowItem,
  makeStyles, tokens, useIsOverflowItemVisible, useOverflowMenu,
} from "@fluentui/react-components";

/** One command of a bar. */
export interface Command {
  id: string;
  label: string;
  testId: string;
  /** `invoker`: the element focus should return to afterwards. */
  onClick: (invoker: HTMLElement | null) => void;
  disabled?: boolean;
  appearance?: "primary" | "secondary";
  /** Always in the More menu. */
  inMenu?: boolean;
  /** When space runs out, higher priorities keep their button longest (default 1). */
  priority?: number;
}

const useStyles = makeStyles({
  // Padding keeps the buttons' borders and focus rings inside the clipped box.
  bar: { display: "flex", flexWrap: "nowrap", alignItems: "center", gap: "6px", minWidth: 0, overflow: "hidden", padding: "2px", margin: "-2px", flexShrink: 0 },
  button: { whiteSpace: "nowrap", flexShrink: 0, minWidth: "auto" },
  more: { whiteSpace: "nowrap", flexShrink: 0, minWidth: "auto", marginLeft: "auto" },
  divider: { color: tokens.colorNeutralForeground3 },
});

function MenuCommand({ command, onPick }: { command: Command; onPick: (c: Command) => void }) {
  const visible = useIsOverflowItemVisible(command.id);
  if (visible && !command.inMenu) return null;
  return <MenuItem data-testid={command.testId} disabled={command.disabled} onClick={() => onPick(command)}>{command.label}</MenuItem>;
}

const MoreMenu = forwardRef<HTMLButtonElement, { commands: readonly Command[]; label: string; testId: string; onPick: (c: Command) => void }>(
  function MoreMenu({ commands, label, testId, onPick }, forwarded) {
    const styles = useStyles();
    const { ref, isOverflowing } = useOverflowMenu<HTMLButtonElement>();
    const always = commands.filter((c) => c.inMenu);
    if (!isOverflowing && always.length === 0) return null;
    const overflowable = commands.filter((c) => !c.inMenu);
    return (
      <Menu positioning="below-end">
        <MenuTrigger disableButtonEnhancement>
          <MenuButton
            className={styles.more}
            data-testid={testId}
            ref={(el: HTMLButtonElement | null) => {
              ref.current = el;
              if (typeof forwarded === "function") forwarded(el);
              else if (forwarded) forwarded.current = el;
            }}
          >
            {label}
          </MenuButton>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {overflowable.map((c) => <MenuCommand key={c.id} command={c} onPick={onPick} />)}
            {isOverflowing && always.length > 0 && <MenuDivider className={styles.divider} />}
            {always.map((c) => <MenuCommand key={c.id} command={c} onPick={onPick} />)}
          </MenuList>
        </MenuPopover>
      </Menu>
    );
  },
);

/** Props of CommandBar. */
export interface CommandBarProps {
  commands: readonly Command[];
  /** Accessible name of the group of commands. */
  label: string;
  moreLabel: string;
  testId?: string;
  moreTestId?: string;
}

/** The bar (see the module comment). */
export function CommandBar({ commands, label, moreLabel, testId, moreTestId = "more" }: CommandBarProps) {
  const styles = useStyles();
  const moreRef = useRef<HTMLButtonElement | null>(null);
  const buttons = commands.filter((c) => !c.inMenu);
  return (
    <Overflow padding={8}>
      <div className={styles.bar} role="group" aria-label={label} data-testid={testId}>
        {buttons.map((c) => (
          <OverflowItem key={c.id} id={c.id} priority={c.priority ?? 1}>
            <Button
              className={styles.button}
              appearance={c.appearance ?? "secondary"}
              data-testid={c.testId}
              // Focusable while disabled: a running command keeps focus on its button instead of dropping it to the page.
              disabledFocusable={c.disabled}
              onClick={(e) => c.onClick(e.currentTarget)}
            >
              {c.label}
            </Button>
          </OverflowItem>
        ))}
        <MoreMenu ref={moreRef} commands={commands} label={moreLabel} testId={moreTestId} onPick={(c) => c.onClick(moreRef.current)} />
      </div>
    </Overflow>
  );
}
