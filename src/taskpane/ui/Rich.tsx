/**
 * Text with its data values (marked by i18n `data()`) in spans of their own: `data-value`, and
 * `lang="zh-CN"` when the value is Chinese inside an English pane (screen readers then read it
 * in Chinese), kept from breaking mid-value where it is short (ids, dates, cell addresses).
 */
import { makeStyles } from "@fluentui/react-components";
import { CJK, splitData } from "../i18n";

const useStyles = makeStyles({
  short: { whiteSpace: "nowrap" },
});

/** Longest value kept on one line (ids, dates, addresses); longer ones wrap normally. */
const NOWRAP_UP_TO = 16;

/** Render `text`, its data values as spans (see the module comment). */
export function Rich({ text }: { text: string }) {
  const styles = useStyles();
  const parts = splitData(text);
  if (parts.length === 1 && !parts[0].data) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) =>
        p.data ? (
          <span key={i} data-value="" lang={CJK.test(p.text) ? "zh-CN" : undefined} className={p.text.length <= NOWRAP_UP_TO ? styles.short : undefined}>{p.text}</span>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
