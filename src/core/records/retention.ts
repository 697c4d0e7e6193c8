/**
 * Retention (SPEC §10.6, seed 003: "制定合适的档案保管期限，到期后进行备案销毁"): customers 休眠 or
 * 停止合作 for longer than the retention period are due for a destruction review. custfile only
 * lists them (`retention`, info); deciding and destroying is a person's job, so it never deletes.
 */
import { addMonths } from "../dates";
import { cellText, isBlank, type Cell } from "../table";
import { normalizeHeader } from "../template/tables";

/** The 信用政策 (CreditPolicy) key of the retention period, in whole years after 停止合作日期. */
export const RETENTION_SETTING = "档案保存年限";
/** Other spellings of the key. */
const RETENTION_ALIASES = ["retentionYears", "Retention Years", "保存年限", "档案保管期限", "保管年限"];
/** SPEC §10.6 default: 5 years after 停止合作日期. */
export const DEFAULT_RETENTION_YEARS = 5;
/** Bounds a typed value must keep (a company keeps files a year at least, a century at most). */
const MIN_YEARS = 1;
const MAX_YEARS = 100;

/** The retention setting read from a 信用政策 table. */
export interface RetentionSetting {
  years: number;
  /** When the table's value could not be used (the default applies): 0-based row index in the rows given, and the value. */
  bad?: { rowIndex: number; value: Cell };
}

const KEYS = new Set([RETENTION_SETTING, ...RETENTION_ALIASES].map(normalizeHeader));

/** The retention period from 信用政策 rows (key in the first column, value in the second): `5`, `5年`, `5 years`; default 5. */
export function readRetentionYears(rows: readonly (readonly Cell[])[] | undefined): RetentionSetting {
  for (let r = 0; r < (rows?.length ?? 0); r++) {
    const row = rows![r];
    if (!KEYS.has(normalizeHeader(cellText(row[0] ?? null)))) continue;
    const value = row[1] ?? null;
    if (isBlank(value)) return { years: DEFAULT_RETENTION_YEARS };
    const text = cellText(value).normalize("NFKC").replace(/\s+/g, "").replace(/(年|years?)$/i, "");
    const years = typeof value === "number" ? value : /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isInteger(years) && years >= MIN_YEARS && years <= MAX_YEARS) return { years };
    return { years: DEFAULT_RETENTION_YEARS, bad: { rowIndex: r, value } };
  }
  return { years: DEFAULT_RETENTION_YEARS };
}

/** The first day a customer that stopped on `stoppedDay` is past the retention period ("longer than" N years). */
export function retentionDueDay(stoppedDay: number, years: number): number {
  return addMonths(stoppedDay, years * 12) + 1;
}
