/**
 * Says once that the ChangeLog's 校验 chain started over rows written before it (SPEC §10.5c:
 * an older 变更记录 gains the column with the next row custfile writes; the rows above are not
 * covered). Any writer may be the one — a fix, a handover, change tracking of a hand edit — so
 * the notice listens to the adapter rather than to one operation.
 */
import { useEffect, useState } from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, makeStyles } from "@fluentui/react-components";
import type { ChainStart, PaneAdapter } from "./adapter";
import type { Strings } from "./i18n";
import { Rich } from "./ui/Rich";

const useStyles = makeStyles({ notice: { flexShrink: 0 } });

/** The notice (nothing until a chain starts; closed with its button). */
export function ChainNotice({ adapter, t }: { adapter: PaneAdapter | null; t: Strings }) {
  const styles = useStyles();
  const [start, setStart] = useState<ChainStart | null>(null);
  useEffect(() => (adapter ? adapter.onChainStart(setStart) : undefined), [adapter]);
  if (!start) return null;
  return (
    <MessageBar intent="info" layout="multiline" className={styles.notice} data-testid="chain-notice">
      <MessageBarBody><Rich text={t.records.chainStarted(start)} /></MessageBarBody>
      <MessageBarActions>
        <Button size="small" data-testid="chain-notice-close" onClick={() => setStart(null)}>{t.common.close}</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
