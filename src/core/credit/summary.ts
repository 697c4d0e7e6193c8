/**
 * The pane's credit view of a Check (issues 5 and 12): how many customers of the Customers table
 * fall in each credit grade (SPEC §7), their open balance by aging bucket, and the recorded vs
 * computed flags (SPEC §8.1), all from the Payments table graded in one pass.
 */
import { parseIsoDate, today } from "../dates";
import { isBlank, type SheetBlock } from "../table";
import { detectTables } from "../validate/detect";
import { flagAll, type CreditFlag } from "./flags";
import { AGING_KEYS, type Aging, type Grade } from "./model";
import { buildCreditIndex } from "./payments";
import { CreditPolicyError, DEFAULT_POLICY, readCreditPolicy } from "./policy";
import { readRecordedCredit } from "./recorded";

/** Customers per grade and open balance per aging bucket, or why there is no summary. */
export type CreditSummary =
  | {
    kind: "grades";
    grades: Record<Grade, number>;
    customers: number;
    problems: number;
    /** Open balance of the customers counted, in fen, per aging bucket (AGING_KEYS order); each customer once. */
    agingFen: Record<keyof Aging, number>;
    policyNote?: string;
    policyKey?: string;
  }
  | { kind: "unavailable"; reason: string };

/** What a Check says about credit: the summary (null without Payments) and the flags of SPEC §8.1 (none without Payments). */
export interface CreditCheck {
  summary: CreditSummary | null;
  flags: CreditFlag[];
}

const fen = (yuan: number) => Math.round(yuan * 100);

/**
 * Grade every customer of the Customers block from the Payments block (blocks as a host reads
 * them) and compare with what Customers records: the summary and the flags. A bad 信用政策 value
 * is set aside (the defaults are used, and the summary names the key); an unreadable payment
 * table gives an "unavailable" summary and no flags.
 */
export function creditCheck(blocks: readonly SheetBlock[], asOf?: string): CreditCheck {
  const tables = detectTables(blocks);
  const payments = tables.find((t) => t.table === "Payments");
  const customers = tables.find((t) => t.table === "Customers");
  if (!payments) return { summary: null, flags: [] };
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
    const agingFen = Object.fromEntries(AGING_KEYS.map((k) => [k, 0])) as Record<keyof Aging, number>;
    const seen = new Set<string>();
    const age = (id: string, aging: Aging) => {
      if (seen.has(id)) return;
      seen.add(id);
      for (const k of AGING_KEYS) agingFen[k] += fen(aging[k]);
    };
    let count = 0;
    if (customers && customers.headerRowIndex >= 0) {
      const idCol = customers.columns.find((c) => c.def.key === "customerId");
      const rows = blocks[customers.blockIndex].values.slice(customers.headerRowIndex + 1);
      for (const row of rows) {
        const id = idCol ? row[idCol.index] : null;
        if (id === undefined || isBlank(id)) continue;
        const credit = index.get(id);
        grades[credit.grade]++;
        age(credit.id, credit.aging);
        count++;
      }
    } else {
      for (const c of index.customers.values()) {
        grades[c.grade]++;
        age(c.id, c.aging);
        count++;
      }
    }
    const flags = flagAll(readRecordedCredit(blocks, tables), (id) => index.get(id));
    const summary: CreditSummary = { kind: "grades", grades, customers: count, problems: index.problems.length, agingFen, policyNote, ...(policyKey !== undefined ? { policyKey } : {}) };
    return { summary, flags };
  } catch (e) {
    return { summary: { kind: "unavailable", reason: (e as Error).message }, flags: [] };
  }
}

/** Grade every customer of the Customers block from the Payments block (blocks as readWorkbook gives them); null without Payments. */
export function creditSummary(blocks: readonly SheetBlock[], asOf?: string): CreditSummary | null {
  return creditCheck(blocks, asOf).summary;
}
