/**
 * The pane's small credit summary (issue 5): how many customers of the Customers table fall in
 * each credit grade (SPEC §7), graded by core/credit from the Payments table in one pass.
 */
import { parseIsoDate, today } from "../dates";
import { isBlank, type SheetBlock } from "../table";
import { detectTables } from "../validate/detect";
import type { Grade } from "./model";
import { buildCreditIndex } from "./payments";
import { CreditPolicyError, DEFAULT_POLICY, readCreditPolicy } from "./policy";

/** Customers per grade, or why there is no summary. */
export type CreditSummary =
  | { kind: "grades"; grades: Record<Grade, number>; customers: number; problems: number; policyNote?: string; policyKey?: string }
  | { kind: "unavailable"; reason: string };

/** Grade every customer of the Customers block from the Payments block (blocks as readWorkbook gives them); null without Payments. */
export function creditSummary(blocks: readonly SheetBlock[], asOf?: string): CreditSummary | null {
  const tables = detectTables(blocks);
  const payments = tables.find((t) => t.table === "Payments");
  const customers = tables.find((t) => t.table === "Customers");
  if (!payments) return null;
  const asOfDay = asOf ? parseIsoDate(asOf) ?? today() : today();
  let policy = DEFAULT_POLICY;
  let policyNote: string | undefined;
  /** The 信用政策 key whose value was refused (the pane names it; policyNote is the English sentence). */
  let policyKey: string | undefined;
  const policyTable = tables.find((t) => t.table === "CreditPolicy");
  if (policyTable) {
    try {
      policy = readCreditPolicy(blocks[policyTable.blockIndex].values);
    } catch (e) {
      policyNote = (e as Error).message;
      if (e instanceof CreditPolicyError) policyKey = e.key;
    }
  }
  try {
    const index = buildCreditIndex(blocks[payments.blockIndex], { asOf: asOfDay, policy });
    const grades: Record<Grade, number> = { A类: 0, B类: 0, C类: 0, N: 0 };
    let count = 0;
    if (customers && customers.headerRowIndex >= 0) {
      const idCol = customers.columns.find((c) => c.def.key === "customerId");
      const rows = blocks[customers.blockIndex].values.slice(customers.headerRowIndex + 1);
      for (const row of rows) {
        const id = idCol ? row[idCol.index] : null;
        if (id === undefined || isBlank(id)) continue;
        grades[index.get(id).grade]++;
        count++;
      }
    } else {
      for (const c of index.customers.values()) {
        grades[c.grade]++;
        count++;
      }
    }
    return { kind: "grades", grades, customers: count, problems: index.problems.length, policyNote, ...(policyKey !== undefined ? { policyKey } : {}) };
  } catch (e) {
    return { kind: "unavailable", reason: (e as Error).message };
  }
}
