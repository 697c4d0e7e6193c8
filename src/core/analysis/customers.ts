/**
 * What a customer is filed under in each breakdown of SPEC §9, read from the Customers table
 * with the validator's own rules: the province by the GB/T 2260 prefix rules of the address
 * check, industry, grade, type and status by the lists (the workbook's 下拉选项 over the
 * defaults) with the same aliases and GB/T 4754 short names the enum check accepts, so
 * 信息技术 counts under 信息传输、软件和信息技术服务业 and `A` under A类.
 */
import { cellText, isBlank, isExcelError, type Cell } from "../table";
import { listResolver, type Lists } from "../template/lists";
import { header, CUSTOMERS } from "../template/tables";
import { addressProvince } from "../validate/address";
import type { DetectedTable } from "../validate/detect";
import { nameKey } from "../validate/text";

/** The breakdowns of SPEC §9, in the order outputs list them by default. */
export type BreakdownKey = "abc" | "province" | "industry" | "grade" | "type" | "owner" | "status" | "product";

/** Every breakdown key, in default order. */
export const BREAKDOWN_KEYS: readonly BreakdownKey[] = ["abc", "province", "industry", "grade", "type", "owner", "status", "product"];

/** Breakdowns filed by a Customers column. */
export type AttributeKey = Exclude<BreakdownKey, "abc" | "product">;

/** Key of a customer whose cell is blank. */
export const NOT_FILLED = "未填";
/** Key of a customer whose cell means nothing known (an address without a real province, a value in no list). */
export const UNKNOWN = "未识别";
/** Key of a customer found in Payments but not in Customers (nothing is known about it but its sales). */
export const UNREGISTERED = "未登记";
/** Keys that are not values; outputs list them after the values. */
export const SPECIAL_KEYS: readonly string[] = [NOT_FILLED, UNKNOWN, UNREGISTERED];

/** The Customers column each attribute is read from. */
const COLUMN_OF: Readonly<Record<AttributeKey, string>> = { province: "address", industry: "industry", grade: "grade", type: "type", owner: "owner", status: "status" };

/** The list an attribute's values come from (owner and province have none). */
const LIST_OF: Readonly<Partial<Record<AttributeKey, string>>> = { industry: "所属行业", grade: "客户等级", type: "客户类型", status: "合作状态" };

/** The Customers columns composition analysis reads (a host reads only these): the id, the name and each attribute's column. */
export const ANALYSIS_CUSTOMER_COLUMNS: readonly string[] = ["customerId", "name", ...Object.values(COLUMN_OF)];

/** Header of the Customers column an attribute is read from (客户等级, 负责人, 地址(省市区) …). */
export function attributeColumnHeader(key: AttributeKey): string {
  return header(CUSTOMERS, COLUMN_OF[key]);
}

/** Keys of one attribute: a small number per distinct key, the key texts by that number. */
export interface AttributeKeys {
  /** Key index per customer (registry index). */
  of: Int32Array;
  keys: string[];
  /** The column's header as written, or null when Customers has no such column (everyone is 未填). */
  column: string | null;
}

/** Turns a cell into its key text; distinct cell texts are resolved once. */
function keyReader(key: AttributeKey, lists: Lists): (text: string) => string {
  if (key === "province") return (text) => addressProvince(text.trim()) ?? UNKNOWN;
  if (key === "owner") {
    // Owners are grouped like names (spaces, full-width forms, case), shown as first written.
    const first = new Map<string, string>();
    return (text) => {
      const trimmed = text.trim();
      const k = nameKey(trimmed);
      let shown = first.get(k);
      if (shown === undefined) first.set(k, (shown = trimmed));
      return shown;
    };
  }
  const resolve = listResolver(LIST_OF[key]!, lists);
  return (text) => resolve(text.trim()) ?? UNKNOWN;
}

/**
 * The key of every customer for one attribute. `rowOf[c]` is the values index of customer c's
 * row in the Customers block (-1 for ids found only in Payments: 未登记).
 */
export function attributeKeys(key: AttributeKey, table: DetectedTable | null, values: readonly (readonly Cell[])[], rowOf: Int32Array, lists: Lists): AttributeKeys {
  const column = table?.columns.find((c) => c.def.key === COLUMN_OF[key]);
  const keys: string[] = [];
  const indexOfKey = new Map<string, number>();
  const keyIndex = (text: string) => {
    let k = indexOfKey.get(text);
    if (k === undefined) {
      k = keys.length;
      keys.push(text);
      indexOfKey.set(text, k);
    }
    return k;
  };
  const read = keyReader(key, lists);
  // Addresses are mostly distinct, list values repeat: remember the answers for repeated texts only where it pays.
  const cache = key === "province" ? null : new Map<string, number>();
  const of = new Int32Array(rowOf.length);
  for (let c = 0; c < rowOf.length; c++) {
    const r = rowOf[c];
    if (r < 0) { of[c] = keyIndex(UNREGISTERED); continue; }
    const cell = column ? values[r]?.[column.index] ?? null : null;
    if (isBlank(cell)) { of[c] = keyIndex(NOT_FILLED); continue; }
    if (isExcelError(cell)) { of[c] = keyIndex(UNKNOWN); continue; }
    const text = cellText(cell);
    let k = cache?.get(text);
    if (k === undefined) {
      k = keyIndex(read(text));
      cache?.set(text, k);
    }
    of[c] = k;
  }
  return { of, keys, column: column?.header ?? null };
}
