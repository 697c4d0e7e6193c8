/**
 * Ribbon commands of the shared runtime. The manifest's ExecuteFunction actions name these ids;
 * test/manifest checks that every one is associated here.
 */
import { quarterlyAudit } from "./audit";
import { startChangeTracking } from "../excel/runtime";

// office.js may have failed to load (a plain browser, no network): the page still runs, the pane says so.
if (typeof Office !== "undefined") Office.onReady((info) => {
  Office.actions.associate("quarterlyAudit", quarterlyAudit);
  // Change tracking (issue 7) lives in this long-lived runtime while the workbook is open;
  // startChangeTracking never rejects and reports problems through its status and the console.
  if (info.host === Office.HostType.Excel) void startChangeTracking();
});
