/**
 * Ribbon commands of the shared runtime. The manifest's ExecuteFunction actions name these ids;
 * test/manifest checks that every one is associated here.
 */
import { quarterlyAudit } from "./audit";

Office.onReady(() => {
  Office.actions.associate("quarterlyAudit", quarterlyAudit);
});
