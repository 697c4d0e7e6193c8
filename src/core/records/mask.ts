/**
 * Masking personal data for a copy that leaves the company (SPEC §10.5a; seed 003: "客户档案中的
 * 敏感信息应进行加密处理 … 不得泄露客户档案中的个人信息"): mobile 138****8000, a landline keeps its
 * area code, email z***@example.com, a contact keeps the family name (复姓 such as 欧阳 too), a
 * unified social credit code, ID card or bank account keeps its last 4 characters. Pure functions
 * of text; the formatting around the digits (spaces, dashes, +86) is kept so the copy reads the
 * same. A value they cannot read is masked whole rather than passed through.
 */
import { usccProblem } from "../validate/uscc";

/** What a value is, for masking. */
export type MaskKind = "phone" | "email" | "name" | "uscc" | "account" | "idcard";

const STAR = "*";
const isDigit = (ch: string) => ch >= "0" && ch <= "9";

/** Replace the digits at the given indexes (among the text's digits, 0-based) with *, keeping every other character. */
function maskDigits(text: string, masked: (index: number, total: number) => boolean): string {
  const total = [...text].filter(isDigit).length;
  let k = 0;
  let out = "";
  for (const ch of text) {
    if (isDigit(ch)) {
      out += masked(k, total) ? STAR : ch;
      k++;
    } else out += ch;
  }
  return out;
}

/** Area-code length of a mainland landline written with its leading 0: 3 digits for 010 and 02X, else 4. */
function areaCodeLength(digits: string): number {
  return digits.startsWith("010") || digits.startsWith("02") ? 3 : 4;
}

/** Mask one phone number: mobile 138****8000; landline keeps the area code; +country keeps the code and the last 4; anything else all but the last 4 digits. */
export function maskPhone(text: string): string {
  const digits = [...text].filter(isDigit).join("");
  if (digits.length === 0) return text;
  const intl = /^\s*(\+|00)/.test(text);
  const cn = intl && /^\s*(\+|00)\s*86/.test(text);
  const national = cn ? digits.replace(/^(00)?86/, "") : intl ? "" : digits;
  const lead = digits.length - national.length;
  // Mainland mobile: the 11 digits 1[3-9]…, keep the first 3 and the last 4.
  if (!intl || cn) {
    if (/^1[3-9]\d{9}$/.test(national)) return maskDigits(text, (i) => i >= lead + 3 && i < lead + 7);
    // Landline: with the trunk 0 (010-62345678), or after +86 without it (+86 10 6234 5678); the area code stays.
    if (/^0\d{9,17}$/.test(national) || (cn && /^[1-9]\d{8,16}$/.test(national))) {
      const written = groupLength(text, lead);
      const area = written > 0 && written <= 4 ? written : national.startsWith("0") ? areaCodeLength(national) : areaCodeLength("0" + national) - 1;
      return maskDigits(text, (i) => i >= lead + area);
    }
  }
  if (intl) {
    // A foreign number: keep the country code (the first group, at most 3 digits) and the last 4.
    const code = Math.min(3, Math.max(1, groupLength(text, 0)));
    return maskDigits(text, (i, total) => i >= code && i < total - 4);
  }
  return maskDigits(text, (i, total) => i < total - 4);
}

/** How many digits the group starting at digit `from` has, when the text separates its groups (0 when it does not). */
function groupLength(text: string, from: number): number {
  const groups = text.split(/[^\d]+/).filter((g) => g !== "");
  let seen = 0;
  for (const g of groups) {
    if (seen === from) return groups.length > 1 ? g.length : 0;
    seen += g.length;
    if (seen > from) return 0;
  }
  return 0;
}

const EMAIL = /([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+)@([A-Za-z0-9\u4e00-\u9fff.-]+\.[A-Za-z\u4e00-\u9fff]{2,})/g;

/** Mask e-mail addresses: the first character of the local part, ***, then @ and the domain (z***@example.com). */
export function maskEmail(text: string): string {
  let found = false;
  const out = text.replace(EMAIL, (_m, local: string, domain: string) => {
    found = true;
    return `${local[0]}***@${domain}`;
  });
  if (found) return out;
  // Not an address: keep its first character only.
  const t = text.trim();
  return t === "" ? text : `${[...t][0]}***`;
}

/** Two-character family names (复姓); a name starting with one keeps both characters. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯", "轩辕", "端木",
  "独孤", "南宫", "西门", "百里", "呼延", "万俟", "闻人", "赫连", "澹台", "公羊", "申屠", "太叔", "钟离", "濮阳", "淳于", "单于",
  "东郭", "拓跋", "仲孙", "司空", "鲜于", "闾丘", "子车", "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正",
  "宰父", "谷梁", "段干", "东门", "左丘", "梁丘", "微生", "羊舌", "第五", "公冶", "公叔", "即墨", "达奚", "完颜", "耶律", "呼延",
]);

/** Forms of address after a family name that name nobody (王经理, 李先生): kept, since they reveal nothing more. */
const TITLES = /^(经理|总经理|副总经理|副总|总|总监|主任|主管|先生|女士|小姐|老师|工|工程师|助理|会计|出纳|董事长|董事|处长|科长|部长|厂长|所长|院长|律师|医生|师傅|老板|姐|哥)$/;

const NAME_SEPARATORS = /([、，,;；/／|\n]+)/;

/** Mask one person's name: the family name stays (复姓 too), the given name becomes *; a title after the family name stays. */
function maskOneName(raw: string): string {
  const name = raw.trim();
  if (name === "" || !/[^*＊\s]/.test(name)) return raw;
  const chars = [...name];
  if (/^[A-Za-z]/.test(name)) {
    // A Latin-script name: the family name is the last word; other words keep their initial.
    const words = name.split(/\s+/);
    if (words.length === 1) return words[0][0] + STAR.repeat(Math.max(1, words[0].length - 1));
    return [...words.slice(0, -1).map((w) => w[0] + STAR.repeat(Math.max(1, w.length - 1))), words[words.length - 1]].join(" ");
  }
  const surnameLength = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join("")) ? 2 : 1;
  const rest = chars.slice(surnameLength).join("");
  if (rest === "") return name;
  if (TITLES.test(rest)) return name;
  return chars.slice(0, surnameLength).join("") + STAR.repeat(chars.length - surnameLength);
}

/** Mask the names in a 联系人 cell (several names separated by 、，, etc. are masked each). */
export function maskPersonName(text: string): string {
  return text.split(NAME_SEPARATORS).map((part, i) => (i % 2 === 1 ? part : maskOneName(part))).join("");
}

/** Keep the last 4 letters or digits (USCC, ID card, bank account), every other letter and digit becomes *; spacing is kept. */
export function maskKeepLast4(text: string): string {
  const isAlnum = (ch: string) => /[0-9A-Za-z]/.test(ch);
  const total = [...text].filter(isAlnum).length;
  // A short value would be given away by its last 4: mask it whole.
  const keep = total > 6 ? 4 : 0;
  let k = 0;
  let out = "";
  for (const ch of text) {
    if (isAlnum(ch)) {
      out += k >= total - keep ? ch : STAR;
      k++;
    } else out += ch;
  }
  return out;
}

/** Mask a cell's text as a value of `kind`. */
export function maskAs(kind: MaskKind, text: string): string {
  switch (kind) {
    case "phone": return text.split(/([/／,，;；、]+|\s{2,})/).map((part, i) => (i % 2 === 1 ? part : maskPhone(part))).join("");
    case "email": return maskEmail(text);
    case "name": return maskPersonName(text);
    default: return maskKeepLast4(text);
  }
}

const MOBILE_IN_TEXT = /(?<![0-9A-Za-z])(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g;
const LANDLINE_IN_TEXT = /(?<![0-9A-Za-z])(?:\(0\d{2,3}\)\s?|0\d{2,3}[\s-])\d{3,4}[\s-]?\d{4}(?:-\d{1,6})?(?!\d)/g;
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const USCC_IN_TEXT = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** True when 18 characters are a resident ID number (GB 11643): a birth date 19xx/20xx and the right check character. */
export function isIdCardNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return "10X98765432"[sum % 11] === id[17].toUpperCase();
}

/**
 * Mask what looks like personal data inside free text (a note, a change-log value, a message):
 * e-mail addresses, mainland mobiles and landlines written with their area code, resident ID
 * numbers and USCCs whose check characters are right. Account numbers are not guessed from
 * shape (invoice numbers look the same); the masked-copy plan finds those by their column and
 * by their values. Everything else is left as it is.
 */
export function maskFreeText(text: string): string {
  if (!/[\d@]/.test(text)) return text;
  let out = text;
  if (out.includes("@")) out = out.replace(EMAIL, (m) => maskEmail(m));
  if (!/\d/.test(out)) return out;
  out = out.replace(USCC_IN_TEXT, (m) => (usccProblem(m) === null ? maskKeepLast4(m) : m));
  out = out.replace(ID_IN_TEXT, (m) => (isIdCardNumber(m) ? maskKeepLast4(m) : m));
  out = out.replace(MOBILE_IN_TEXT, (m) => maskPhone(m));
  out = out.replace(LANDLINE_IN_TEXT, (m) => maskPhone(m));
  return out;
}
