/**
 * Per-column cell checkers, compiled once per column before the row loop: each takes a cell
 * (and its number format) and returns null for a good value, or the one problem it has with
 * the exact fix where one is safe. No regex is built and nothing is allocated for a good cell.
 */
import { addMonths, dayNumber as dayNumberImport, digitsAt as digitsAtImport, formatDay, readDay as readDayImport, serialDay as serialDayImport } from "../dates";
import { cellText, isExcelError, type Cell } from "../table";
import type { ColumnDef } from "../template/tables";
import { industrySection, listValueIndex, type Lists } from "../template/lists";
import { normalizeHeader } from "../template/tables";
import { addressProblem as addressProblemImport } from "./address";
import { isDateFormat as isDateFormatImport } from "./dates";
import { show, type MessageBody } from "./messages";
import { checkPhone as checkPhoneImport } from "./phone";
import { CUSTOMER_ID, customerIdDay as customerIdDayImport } from "../customerid";
import { readNumberText as readNumberTextImport, MAX_SIGNIFICANT_DIGITS } from "../numbers";
import { hasInvisibleChars, invisibleCharNames, stripInvisibleChars, toHalfWidth } from "./text";
import { usccProblem as usccProblemImport } from "./uscc";
import type { FindingCode, Severity } from "./types";

// Hot-path helpers bound once: a runner that compiles imports to getters (tsx, as the benchmark runs)
// would otherwise call a getter for every cell.
const dayNumber = dayNumberImport;
const digitsAt = digitsAtImport;
const readDay = readDayImport;
const addressProblem = addressProblemImport;
const isDateFormat = isDateFormatImport;
const serialDay = serialDayImport;
const checkPhone = checkPhoneImport;
const usccProblem = usccProblemImport;
const customerIdDay = customerIdDayImport;
const readNumberText = readNumberTextImport;

/** One problem of one cell, before it is placed on the sheet. */
export interface Problem {
  code: FindingCode;
  severity: Severity;
  body: MessageBody;
  fix?: Cell;
  suggestion?: Cell;
}

/** Checks a non-blank, non-error cell value; `text` is a string value with control characters removed ("" for numbers and booleans). */
export type CellChecker = (value: Cell, text: string, format: string | undefined) => Problem | null;

/** What checkers need to know besides the cell. */
export interface CheckEnv {
  asOfDay: number;
  lists: Lists;
  /** Whether the host gave number formats (without them a number in a date column is taken as a date cell). */
  hasFormats: boolean;
}

const p = (code: FindingCode, severity: Severity, zh: string, en: string, fix?: Cell, suggestion?: Cell): Problem => ({ code, severity, body: { zh, en }, fix, suggestion });

export { CUSTOMER_ID, customerIdDay } from "../customerid";

function customerIdChecker(): CellChecker {
  const example = "C20240315001";
  return (value, text) => {
    if (typeof value === "boolean") {
      return p("type", "error", `客户编号应为文本，如 ${example}（C + 开户日期 YYYYMMDD + 3 位序号），而不是逻辑值 ${value ? "TRUE" : "FALSE"}。该行不算作客户，请填写编号。`, `A customer id is text such as ${example} (C + opening date YYYYMMDD + 3-digit sequence), not the TRUE/FALSE value ${value ? "TRUE" : "FALSE"}. The row is not a customer until an id is entered.`);
    }
    if (typeof value !== "string") {
      return p("type", "error", `客户编号应为文本，如 ${example}（C + 开户日期 YYYYMMDD + 3 位序号），而不是数字 ${show(value)}。请改为文本格式后重新输入。`, `A customer id is text such as ${example} (C + opening date YYYYMMDD + 3-digit sequence), not the number ${show(value)}. Format the cell as text and retype it.`);
    }
    if (customerIdDay(text) !== null) return null;
    if (hasInvisibleChars(text)) {
      // Not fixed (credit and audit leave such rows out): the person retypes the id; the id without them is only suggested.
      const names = invisibleCharNames(text).join(", ");
      const bare = toHalfWidth(stripInvisibleChars(text)).replace(/\s+/g, "").toUpperCase();
      return p("pattern", "error", `客户编号「${show(value)}」含不可见字符 ${names}，看上去正确却与其他编号对不上；信用评级和抽查都不会把该行算作客户。请删除该字符后重新输入编号。`, `Customer id "${show(value)}" contains an invisible character ${names}: it looks right but matches no other id, and credit grading and the audit leave the row out. Delete the character and retype the id.`, undefined, customerIdDay(bare) !== null ? bare : undefined);
    }
    const fixed = toHalfWidth(text).replace(/\s+/g, "").toUpperCase();
    if (fixed !== text && customerIdDay(fixed) !== null) {
      return p("pattern", "warning", `客户编号「${show(value)}」含空格、全角字符或小写字母，应写作「${fixed}」。`, `Customer id "${show(value)}" has spaces, full-width characters or lower case; write it as "${fixed}".`, fixed);
    }
    if (CUSTOMER_ID.test(fixed)) {
      return p("pattern", "error", `客户编号「${show(value)}」中的日期不是真实日期；编号应为 C + 开户日期 YYYYMMDD + 3 位序号，如 ${example}。请核对开户日期后更正。`, `The date inside customer id "${show(value)}" is not a real day; an id is C + opening date YYYYMMDD + 3-digit sequence, e.g. ${example}. Check the opening date and correct it.`);
    }
    return p("pattern", "error", `客户编号「${show(value)}」不符合格式 C + 开户日期 YYYYMMDD + 3 位序号（如 ${example}）。`, `Customer id "${show(value)}" does not have the form C + opening date YYYYMMDD + 3-digit sequence (e.g. ${example}).`);
  };
}

function textChecker(): CellChecker {
  return () => null;
}

function enumChecker(column: ColumnDef, env: CheckEnv): CellChecker {
  const listName = column.list ?? column.header;
  const values = env.lists[listName] ?? [];
  const exact = new Set(values);
  const byKey = listValueIndex(listName, values);
  const isIndustry = listName === "所属行业";
  const shown = values.length > 12 ? values.slice(0, 12).join("、") + " …" : values.join("、");
  const shownEn = values.length > 12 ? values.slice(0, 12).join(", ") + " …" : values.join(", ");
  // Few distinct values repeat down a column: remember the answer for each text that is not a list value.
  const seen = new Map<string, Problem | null>();
  const slow = (value: Cell, text: string): Problem | null => {
    const key = normalizeHeader(text);
    const canonical = byKey.get(key);
    if (canonical !== undefined) {
      return p("enum", "warning", `「${show(value)}」应写作列表「${listName}」中的「${canonical}」。`, `"${show(value)}" should be written "${canonical}", as in the list ${listName}.`, canonical);
    }
    if (isIndustry) {
      const section = industrySection(text);
      // Common short names (信息技术, 零售业 …) are accepted: they map to their GB/T 4754-2017 section.
      if (section && exact.has(section.name) && key !== normalizeHeader(section.code)) return null;
      if (section && exact.has(section.name)) {
        return p("enum", "warning", `行业门类代码「${show(value)}」应写作门类名称「${section.name}」。`, `Industry section code "${show(value)}" should be written as the section name "${section.name}".`, section.name);
      }
    }
    return p("enum", "error", `「${show(value)}」不在列表「${listName}」中。请从下拉列表选择：${shown}（列表可在「下拉选项」表中修改）。`, `"${show(value)}" is not in the list ${listName}. Choose one of: ${shownEn} (the list can be edited in the Lists sheet).`);
  };
  return (value, text) => {
    if (typeof value !== "string") return slow(value, cellText(value));
    if (exact.has(text)) return null;
    let known = seen.get(text);
    if (known === undefined) {
      known = slow(value, text);
      if (seen.size < 10000) seen.set(text, known);
    }
    return known;
  };
}

function phoneChecker(): CellChecker {
  return (value, text) => {
    // The template's own form (a plain mobile, no control characters): checkPhone would return it unchanged.
    if (value === text && text.length === 11 && MOBILE.test(text)) return null;
    const raw = typeof value === "number" ? String(value) : text;
    const r = checkPhone(raw);
    if (!r.valid) {
      return p("phone", "error", `「${show(value)}」不是有效的电话号码。请填写手机号（1 开头 11 位，如 13956781234）、带区号的座机（如 010-62345678）或 +国家代码 的号码。`, `"${show(value)}" is not a valid phone number. Enter a mainland mobile (11 digits starting 1[3-9], e.g. 13956781234), a landline with area code (e.g. 010-62345678) or a number with +country code.`);
    }
    if (typeof value === "string" && r.normalized !== value) {
      return p("phone", "warning", `电话号码「${show(value)}」建议写作规范形式「${r.normalized}」。`, `Phone number "${show(value)}" should be written in its normal form "${r.normalized}".`, r.normalized);
    }
    return null;
  };
}

const MOBILE = /^1[3-9]\d{9}$/;

const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9\u4e00-\u9fff](?:[A-Za-z0-9\u4e00-\u9fff-]{0,61}[A-Za-z0-9\u4e00-\u9fff])?\.)+[A-Za-z\u4e00-\u9fff]{2,}$/;

function emailChecker(): CellChecker {
  return (value, text) => {
    if (EMAIL.test(text)) return null;
    const fixed = toHalfWidth(text).replace(/\s+/g, "").replace(/＠/g, "@").replace(/。/g, ".");
    if (fixed !== text && EMAIL.test(fixed)) {
      return p("email", "warning", `电子邮箱「${show(value)}」含空格或全角字符，应写作「${fixed}」。`, `Email "${show(value)}" has spaces or full-width characters; write it as "${fixed}".`, fixed);
    }
    return p("email", "error", `「${show(value)}」不是有效的电子邮箱地址（应如 name@company.com）。`, `"${show(value)}" is not a valid email address (expected like name@company.com).`);
  };
}

function addressChecker(): CellChecker {
  return (value, text) => {
    const problem = addressProblem(text);
    if (!problem) return null;
    if (problem.kind === "province") {
      return p("address", "error", `地址「${show(value)}」没有以真实的省级行政区开头。请按「省 + 市 + 区县 + 详细地址」填写，如「北京市海淀区中关村大街1号」。`, `Address "${show(value)}" does not start with a real province (GB/T 2260). Write province + city + district + street, e.g. "北京市海淀区中关村大街1号".`);
    }
    if (problem.kind === "city") {
      return p("address", "error", `地址「${show(value)}」中「${problem.province}」之后没有该省真实的地级市。请补全市名，如「广东省广州市天河区…」。`, `Address "${show(value)}": no real city of "${problem.province}" follows the province. Add the city, e.g. "广东省广州市天河区…".`);
    }
    return p("address", "error", `地址「${show(value)}」中的「${problem.district}」不是「${problem.city}」下的区县（GB/T 2260）。请核对区县名称。`, `Address "${show(value)}": "${problem.district}" is not a district of "${problem.city}" (GB/T 2260). Check the district name.`);
  };
}

/**
 * Which date columns may not lie after the as-of date, and how bad it is. A payment dated after
 * the as-of day is only a warning: credit grading as of a past day ignores such rows (SPEC §7).
 */
const NO_FUTURE: ReadonlyMap<string, Severity> = new Map<string, Severity>([["opened", "error"], ["verifiedOn", "error"], ["stoppedOn", "error"], ["date", "error"], ["paidOn", "warning"], ["returnedOn", "error"]]);

function dateChecker(column: ColumnDef, env: CheckEnv): CellChecker {
  const noFuture = NO_FUTURE.get(column.key);
  const future = (value: Cell, day: number): Problem | null =>
    noFuture !== undefined && day > env.asOfDay
      ? p("future-date", noFuture, `日期 ${formatDay(day)} 晚于今天（${formatDay(env.asOfDay)}），「${column.header}」不能是将来的日期。请核对。`, `Date ${formatDay(day)} is after today (${formatDay(env.asOfDay)}); ${column.header} cannot be in the future. Check it.`)
      : null;
  return (value, text, format) => {
    if (typeof value === "number") {
      const day = serialDay(value);
      if (day === null) {
        return p("date", "error", `「${show(value)}」不是日期。请按 YYYY-MM-DD 填写，如 2024-03-15。`, `"${show(value)}" is not a date. Enter it as YYYY-MM-DD, e.g. 2024-03-15.`);
      }
      if (!env.hasFormats || isDateFormat(format)) return future(value, day);
      // A serial number under the General format: a date typed or pasted as its number.
      return p("date", "warning", `数字 ${show(value)} 是以序列号形式保存的日期 ${formatDay(day)}，应写作「${formatDay(day)}」。`, `The number ${show(value)} is a date stored as its serial number; write it as "${formatDay(day)}".`, formatDay(day));
    }
    if (typeof value === "boolean") {
      return p("type", "error", `「${show(value)}」不是日期。请按 YYYY-MM-DD 填写，如 2024-03-15。`, `"${show(value)}" is not a date. Enter it as YYYY-MM-DD, e.g. 2024-03-15.`);
    }
    const read = readDay(text);
    if (read.kind === "day") {
      if (read.form === "iso") return future(value, read.day);
      const fixed = formatDay(read.day);
      // A time of day is not dropped silently: the cell is named and the day suggested, but not fixed.
      if (read.form === "datetime") return p("date", "error", `「${show(value)}」带有时间；「${column.header}」只填日期，应为「${fixed}」。`, `"${show(value)}" holds a time of day; ${column.header} takes a date only: "${fixed}".`, undefined, fixed);
      return p("date", "error", `日期「${show(value)}」应按 YYYY-MM-DD 填写为「${fixed}」。`, `Date "${show(value)}" must be written YYYY-MM-DD: "${fixed}".`, fixed);
    }
    if (read.kind === "impossible") return p("date", "error", `「${show(value)}」不是真实的日期（月份或日期超出范围）。请核对后按 YYYY-MM-DD 填写。`, `"${show(value)}" is not a real calendar day (month or day out of range). Check it and enter YYYY-MM-DD.`);
    return p("date", "error", `「${show(value)}」不是日期。请按 YYYY-MM-DD 填写，如 2024-03-15。`, `"${show(value)}" is not a date. Enter it as YYYY-MM-DD, e.g. 2024-03-15.`);
  };
}

function usccChecker(): CellChecker {
  return (value, text) => {
    const code = typeof value === "number" ? String(value) : text;
    const problem = usccProblem(code);
    if (!problem) return null;
    const fixed = toHalfWidth(code).replace(/\s+/g, "").toUpperCase();
    if (fixed !== code && usccProblem(fixed) === null) {
      return p("uscc", "warning", `统一社会信用代码「${show(value)}」含空格、全角字符或小写字母，应写作「${fixed}」。`, `Credit code "${show(value)}" has spaces, full-width characters or lower case; write it as "${fixed}".`, fixed);
    }
    if (problem === "length") return p("uscc", "error", `统一社会信用代码应为 18 位，「${show(value)}」有 ${code.length} 位。请核对营业执照。`, `A unified social credit code has 18 characters; "${show(value)}" has ${code.length}. Check the business licence.`);
    if (problem === "charset") return p("uscc", "error", `统一社会信用代码「${show(value)}」含不允许的字符（只用数字和 I、O、Z、S、V 以外的大写字母）。请核对营业执照。`, `Credit code "${show(value)}" has characters a code cannot have (digits and upper-case letters except I, O, Z, S, V). Check the business licence.`);
    return p("uscc", "error", `统一社会信用代码「${show(value)}」的校验位不对（GB 32100-2015），可能有输错的字符。请核对营业执照。`, `The check character of credit code "${show(value)}" is wrong (GB 32100-2015): a character was probably mistyped. Check the business licence.`);
  };
}

function numberChecker(column: ColumnDef): CellChecker {
  const whole = column.kind === "integer";
  const min = column.key === "copies" ? 1 : column.key === "amount" || column.key === "paidAmount" ? -Infinity : 0;
  // 注册资本 is often written "500万元": free text is fine there.
  const freeText = column.key === "registeredCapital";
  const what = whole ? "整数" : "数字";
  const whatEn = whole ? "a whole number" : "a number";
  const range = (value: Cell, n: number): Problem | null => {
    if (whole && !Number.isInteger(n)) return p("type", "error", `「${show(value)}」应为整数。`, `"${show(value)}" must be a whole number.`);
    if (n < min) return p("pattern", "error", `「${show(value)}」应不小于 ${min}。`, `"${show(value)}" must be at least ${min}.`);
    return null;
  };
  return (value, text) => {
    if (typeof value === "number") return Number.isFinite(value) ? range(value, value) : p("type", "error", `「${show(value)}」不是${what}。`, `"${show(value)}" is not ${whatEn}.`);
    if (freeText && typeof value === "string") return null;
    const read = typeof value === "string" ? readNumberText(text) : null;
    if (read?.kind === "too-precise") {
      return p("type", "error", `「${show(value)}」有 ${read.digits} 位有效数字，超过 Excel 数字能准确保存的 ${MAX_SIGNIFICANT_DIGITS} 位，改为数字会改变它的值。请核对金额。`, `"${show(value)}" has ${read.digits} significant digits, more than the ${MAX_SIGNIFICANT_DIGITS} an Excel number keeps exactly: as a number it would change. Check the value.`);
    }
    const n = read?.kind === "number" ? read.value : null;
    if (n === null) {
      // A comma that is not a thousands separator (1,5 / 12,34 / 1.000,50) may be a decimal comma: say so rather than guess.
      if (/[,，]/.test(text) && /\d/.test(text)) return p("type", "error", `「${show(value)}」不是${what}：逗号只能作千位分隔符（如 1,000、12,345.67），这里的逗号位置不对，可能是小数点或输错。请核对后填写数字。`, `"${show(value)}" is not ${whatEn}: a comma may only separate thousands (1,000 or 12,345.67), and this one does not; it may be a decimal comma or a typo. Check it and enter the number.`);
      return p("type", "error", `「${show(value)}」不是${what}。请填写${what}，如 ${whole ? "2" : "10000"}。`, `"${show(value)}" is not ${whatEn}. Enter ${whatEn}, e.g. ${whole ? "2" : "10000"}.`);
    }
    return range(value, n) ?? p("type", "warning", `「${show(value)}」是以文本保存的数字，应写作数字 ${n}。`, `"${show(value)}" is a number stored as text; write it as the number ${n}.`, n);
  };
}

const POSTCODE = /^\d{6}$/;

function postcodeChecker(): CellChecker {
  return (value, text) => {
    const code = typeof value === "number" ? String(value).padStart(6, "0") : text;
    if (POSTCODE.test(code) && (typeof value !== "number" || value >= 10000)) return null;
    const fixed = toHalfWidth(code).replace(/\s+/g, "");
    if (typeof value === "string" && fixed !== code && POSTCODE.test(fixed)) return p("postcode", "warning", `邮政编码「${show(value)}」应写作「${fixed}」。`, `Postcode "${show(value)}" should be written "${fixed}".`, fixed);
    return p("postcode", "error", `邮政编码「${show(value)}」应为 6 位数字，如 100080。`, `Postcode "${show(value)}" must be 6 digits, e.g. 100080.`);
  };
}

/** 附件名称 convention: {客户编号}_{文件类型}_{YYYYMMDD}.{ext}. */
export const ATTACHMENT_NAME = /^(C\d{11})_([^_]+)_(\d{8})\.([A-Za-z0-9]{1,8})$/;

/** The conventional attachment name for a row: customer id, the file type and extension read off the given name, the record date. */
export function suggestAttachmentName(name: string, customerId: string, recordDay: number | null): string | null {
  if (!customerId || recordDay === null) return null;
  const m = /^(.*?)[._]?([A-Za-z0-9]{2,5})$/.exec(name.trim());
  const ext = m && /^(pdf|docx?|xlsx?|jpe?g|png|zip|rar|txt|pptx?|ofd|tiff?)$/i.test(m[2]) ? m[2].toLowerCase() : "pdf";
  const base = (m && m[2].toLowerCase() === ext ? m[1] : name).replace(/^C\d{11}[_-]?/, "").replace(/[_-]?\d{8}$/, "").replace(/[_\s.]+/g, "") || "附件";
  return `${customerId}_${base}_${formatDay(recordDay).replace(/-/g, "")}.${ext}`;
}

/** Make the checker of one column for its kind. */
export function compileChecker(column: ColumnDef, env: CheckEnv): CellChecker {
  switch (column.kind) {
    case "customerId": return customerIdChecker();
    case "enum": return enumChecker(column, env);
    case "phone": return phoneChecker();
    case "email": return emailChecker();
    case "address": return addressChecker();
    case "date": return dateChecker(column, env);
    case "uscc": return usccChecker();
    case "money":
    case "integer": return numberChecker(column);
    case "postcode": return postcodeChecker();
    default: return textChecker();
  }
}

/** The as-of day minus whole months (stale and dormant rules). */
export function monthsBefore(day: number, months: number): number {
  return addMonths(day, -months);
}
