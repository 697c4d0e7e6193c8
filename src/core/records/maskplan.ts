/**
 * The masked copy of a workbook (SPEC §10.5a: `custfile export FILE --mask --out COPY.xlsx`) as a
 * plan a writer applies to a copy: which cells of which sheets change to what, and the notice
 * sheet that goes first and says the copy is masked and when. Every other value and the sheet
 * structure stay as they are.
 *
 * Three passes over every cell of every sheet, so that no phone, e-mail or id of the input
 * survives wherever it was copied to (the audit sheet, a 交接清单, the ChangeLog's 变更前/变更后,
 * a note, a 校验结果 message):
 *   1. by column: a header naming personal data (联系方式, 电子邮箱, 联系人, 统一社会信用代码,
 *      身份证号, 银行账号 …) masks the cells below it as that kind; the ChangeLog's 变更前/变更后 are
 *      masked as the kind of the field its 字段 names; 客户名称 of a 个人 customer is a person's name;
 *   2. by value: every value found in pass 1 is looked for in every other cell and masked there,
 *      a contact person's name too (inside text as well, e.g. "与张伟沟通"), except in the columns
 *      of the company's own people (负责人, 经办人, 审核人, 操作人 …), which hold staff names;
 *   3. by shape: mobiles, landlines with area code, e-mail addresses, resident ID numbers and
 *      USCCs with a valid check character in any text are masked.
 * Id and hash columns (客户编号, 单据号, 归档编号, 校验, 种子, 总体指纹) are left alone by pass 3.
 */
import type { SheetSpec } from "../sheets";
import { cellText, isBlank, isExcelError, type Cell, type SheetBlock } from "../table";
import { ARCHIVE, AUDITS, CHANGELOG, CUSTOMERS, HANDOVERS, LOANS, PAYMENTS, STAFF, normalizeHeader, type TableDef } from "../template/tables";
import { detectTables, headerMap, HEADER_SEARCH_ROWS, type DetectedTable } from "../validate/detect";
import { maskAs, maskEmail, maskFreeText, maskPersonName, type MaskKind } from "./mask";
import { uniqueSheetName } from "./names";

/** One cell of the copy that differs from the input. */
export interface MaskEdit {
  sheet: string;
  /** 1-based sheet row and column. */
  row: number;
  columnNumber: number;
  /** The column's header where the cell sits under one, else "". */
  column: string;
  before: Cell;
  /** Always text (a phone stored as a number becomes masked text). */
  after: string;
  /** How it was masked: as a value of a kind, or inside free text. */
  kind: MaskKind | "text";
}

/** Masked cells counted per sheet, column and kind (for the notice and for a summary). */
export interface MaskCount {
  sheet: string;
  column: string;
  kind: MaskKind | "text";
  cells: number;
}

/** The personal values the plan found (pass 1), as lookup keys: what a masked copy must not contain anywhere. */
export interface SensitiveValues {
  /** Phone numbers as their digits (7 or more; a +86 mobile without the 86). */
  phones: string[];
  /** USCCs, ID card and bank account numbers: letters and digits, upper case. */
  codes: string[];
  /** E-mail addresses, lower case. */
  emails: string[];
  /** Persons' names that masking changes (not 王经理-style forms of address). */
  names: string[];
}

/**
 * The plan's masking as functions of text, for the places of a package that are not cells
 * (comments, pivot caches, chart caches, document properties …): the same values are masked the
 * same way as in the cells, so a pivot item or a chart label matches its masked cell.
 */
export interface TextMasker {
  /** A text as a cell outside the personal columns is masked: whole 个人 names, known values and names inside it, shapes. */
  text(text: string): string;
  /** A number that is a known personal value (a phone typed as a number), masked as text; null for any other number. */
  number(value: number): string | null;
  sensitive: SensitiveValues;
}

/** The masked copy as a plan. */
export interface MaskPlan {
  edits: MaskEdit[];
  counts: MaskCount[];
  /** The notice sheet: insert it before every other sheet (`first`). */
  notice: SheetSpec;
  /** The same masking for text outside the cells. */
  masker: TextMasker;
}

/** Options of planMaskedCopy. */
export interface MaskOptions {
  /** When the copy is made, YYYY-MM-DD HH:MM:SS (the host's clock). */
  at: string;
  /** The input's file name, for the notice. */
  source?: string;
}

const CUSTOMER_HEADERS = headerMap(CUSTOMERS);
/** Customers columns that hold personal data, by template key. */
const CUSTOMER_KINDS: Readonly<Record<string, MaskKind>> = { phone: "phone", email: "email", contact: "name", contact2: "name", legalRep: "name", uscc: "uscc" };

const headersOf = (def: TableDef, key: string) => {
  const c = def.columns.find((x) => x.key === key)!;
  return [c.header, ...c.aliases];
};
/** Id and hash columns whose cells are never masked by shape. */
const KEEP = new Set([
  ...headersOf(CUSTOMERS, "customerId"), ...headersOf(PAYMENTS, "invoiceNo"), ...headersOf(ARCHIVE, "archiveId"),
  ...headersOf(CHANGELOG, "check"), ...headersOf(AUDITS, "seed"), ...headersOf(AUDITS, "fingerprint"), "客户编号",
].map(normalizeHeader));

/** The kind of personal data a column holds by its header, "keep" for id and hash columns, or null. */
export function maskKindOfHeader(value: Cell): MaskKind | "keep" | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const h = normalizeHeader(value);
  if (KEEP.has(h)) return "keep";
  const def = CUSTOMER_HEADERS.get(h);
  if (def && CUSTOMER_KINDS[def.key]) return CUSTOMER_KINDS[def.key];
  if (h.includes("身份证") || h.includes("idcard") || h.includes("证件号")) return "idcard";
  if (/银行账|账号|账户|卡号|bankaccount|accountno|accountnumber|iban/.test(h)) return "account";
  if (h.includes("信用代码") || h === "uscc") return "uscc";
  if (h.includes("邮箱") || h.includes("email") || h.includes("e-mail")) return "email";
  if (/电话|手机|联系方式|传真|phone|mobile|^tel|fax/.test(h)) return "phone";
  if (/联系人|法定代表人|法人代表|^contact/.test(h)) return "name";
  return null;
}

/**
 * Columns of the company's own people (负责人, 经办人, 审核人, 操作人, 借阅人, 批准人, 移交人, 接收人,
 * 监交人): staff names, not customers' personal data, so a contact's name is not looked for there
 * (a staff member who shares a name with a contact keeps it in these columns).
 */
const STAFF_HEADERS = new Set([
  ...headersOf(CUSTOMERS, "owner"), ...headersOf(ARCHIVE, "handler"), ...headersOf(ARCHIVE, "reviewer"), ...headersOf(CHANGELOG, "user"),
  ...headersOf(LOANS, "borrower"), ...headersOf(LOANS, "approver"), ...headersOf(HANDOVERS, "from"), ...headersOf(HANDOVERS, "to"), ...headersOf(HANDOVERS, "supervisor"),
].map(normalizeHeader));

/** True when a header names a column of the company's own people. */
function isStaffHeader(value: Cell): boolean {
  return typeof value === "string" && STAFF_HEADERS.has(normalizeHeader(value));
}

const PERSONAL = new Set(["个人", "个人客户", "自然人"].map(normalizeHeader));
const HEXLIKE = /^(\d+:)?[0-9a-f]{16,}$/;
const NAME_PARTS = /[、，,;；/／|\n]+/;

type ColumnKind = MaskKind | "keep" | "staff" | null;

interface Layout {
  headerIndex: number;
  kinds: ColumnKind[];
}

/** The header row of a block (the row among the first ones naming the most personal-data or id columns) and each column's kind. */
function layoutOf(block: SheetBlock, table: DetectedTable | undefined): Layout {
  let best = { index: -1, score: 0 };
  if (table && table.headerRowIndex >= 0) best = { index: table.headerRowIndex, score: 1 };
  else {
    for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, block.values.length); r++) {
      const score = (block.values[r] ?? []).filter((v) => maskKindOfHeader(v) !== null).length;
      if (score > best.score) best = { index: r, score };
    }
  }
  const row = best.index >= 0 ? block.values[best.index] ?? [] : [];
  const staffName = table?.table === STAFF.key ? table.columns.find((c) => c.def.key === "name")?.index : undefined;
  return { headerIndex: best.index, kinds: row.map((v, c) => (c === staffName || isStaffHeader(v) ? "staff" : maskKindOfHeader(v))) };
}

/** Known persons' names found inside a text: each occurrence replaced by its mask (longest name first at each place). */
class NameFinder {
  private readonly names = new Map<string, string>();
  private lengths: number[] = [];

  add(name: string): void {
    const n = name.trim();
    // One character names nobody; a name masking keeps (王经理) needs no finding.
    if ([...n].length < 2 || this.names.has(n)) return;
    const masked = maskPersonName(n);
    if (masked === n) return;
    this.names.set(n, masked);
    if (!this.lengths.includes(n.length)) this.lengths = [...this.lengths, n.length].sort((a, b) => b - a);
  }

  get size(): number {
    return this.names.size;
  }

  list(): string[] {
    return [...this.names.keys()];
  }

  /** The text with every known name in it masked. */
  mask(text: string): string {
    if (this.names.size === 0) return text;
    let out = "";
    let i = 0;
    while (i < text.length) {
      let hit: string | undefined;
      for (const len of this.lengths) {
        if (i + len > text.length) continue;
        const m = this.names.get(text.slice(i, i + len));
        if (m !== undefined) {
          hit = m;
          out += m;
          i += len;
          break;
        }
      }
      if (hit === undefined) out += text[i++];
    }
    return out;
  }
}

/** Normalised lookup keys of a sensitive value: digits for numbers, letters and digits upper-cased for codes, lower case for e-mails. */
function valueKeys(kind: MaskKind, text: string): string[] {
  if (kind === "name") return [];
  if (kind === "email") {
    const found = text.match(/[^\s@,;，；、<>()（）「」"']+@[^\s@,;，；、<>()（）「」"']+/g) ?? [];
    return found.map((e) => e.toLowerCase());
  }
  if (kind === "phone") {
    return text.split(/[/／,，;；、]+/).map((p) => p.replace(/\D/g, "").replace(/^(00)?86(?=1[3-9]\d{9}$)/, "")).filter((d) => d.length >= 7);
  }
  const alnum = text.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  return alnum.length >= 8 ? [alnum] : [];
}

/** Plan the masked copy of a workbook (see the module comment). Pure: the blocks are not changed. */
export function planMaskedCopy(blocks: readonly SheetBlock[], options: MaskOptions): MaskPlan {
  const tables = detectTables(blocks);
  const tableOf = new Map(tables.map((t) => [t.blockIndex, t]));
  const customers = tables.find((t) => t.table === "Customers");
  const log = tables.find((t) => t.table === "ChangeLog");
  const layouts = blocks.map((b, i) => layoutOf(b, tableOf.get(i)));

  // 个人 customers: their 客户名称 is a person's name, wherever it appears whole.
  const personalNames = new Set<string>();
  const personalIds = new Set<string>();
  let customerNameCol = -1;
  if (customers && customers.headerRowIndex >= 0) {
    const at = (key: string) => customers.columns.find((c) => c.def.key === key)?.index ?? -1;
    const [type, name, id] = [at("type"), at("name"), at("customerId")];
    customerNameCol = name;
    const block = blocks[customers.blockIndex];
    for (let r = customers.headerRowIndex + 1; r < block.values.length && type >= 0; r++) {
      const row = block.values[r] ?? [];
      if (!PERSONAL.has(normalizeHeader(cellText(row[type] ?? null)))) continue;
      if (name >= 0 && !isBlank(row[name])) personalNames.add(cellText(row[name]).trim());
      if (id >= 0 && !isBlank(row[id])) personalIds.add(cellText(row[id]).trim().toUpperCase());
    }
  }

  // The ChangeLog's 变更前/变更后 take the kind of the field their row names.
  const logCols = log && log.headerRowIndex >= 0
    ? Object.fromEntries(["field", "before", "after", "customerId"].map((k) => [k, log.columns.find((c) => c.def.key === k)?.index ?? -1]))
    : null;
  const logKind = (row: readonly Cell[]): MaskKind | "staff" | null => {
    if (!logCols || logCols.field < 0) return null;
    const field = row[logCols.field] ?? null;
    if (isStaffHeader(field)) return "staff";
    const def = CUSTOMER_HEADERS.get(normalizeHeader(cellText(field)));
    if (!def) return null;
    if (def.key === "name") return personalIds.has(cellText(row[logCols.customerId] ?? null).trim().toUpperCase()) ? "name" : null;
    return CUSTOMER_KINDS[def.key] ?? null;
  };

  /** The kind pass 1 gives a cell, or "keep", or null. */
  const kindAt = (bi: number, r: number, c: number, row: readonly Cell[]): ColumnKind => {
    const layout = layouts[bi];
    if (layout.headerIndex < 0 || r <= layout.headerIndex) return null;
    if (log && bi === log.blockIndex && logCols && (c === logCols.before || c === logCols.after)) return logKind(row);
    if (customers && bi === customers.blockIndex && c === customerNameCol && personalNames.has(cellText(row[c] ?? null).trim())) return "name";
    return layout.kinds[c] ?? null;
  };

  // Pass 1 collects every sensitive value, so pass 2 can find it anywhere.
  const known = new Map<string, MaskKind>();
  const names = new NameFinder();
  for (const n of personalNames) names.add(n);
  blocks.forEach((b, bi) => {
    for (let r = 0; r < b.values.length; r++) {
      const row = b.values[r] ?? [];
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (isBlank(v) || isExcelError(v)) continue;
        const kind = kindAt(bi, r, c, row);
        if (kind === "name") for (const n of cellText(v).split(NAME_PARTS)) names.add(n);
        if (kind && kind !== "keep" && kind !== "staff") for (const k of valueKeys(kind, cellText(v))) known.set(k, kind);
      }
    }
  });

  const byKnown = (text: string, withNames = true): string => {
    if (known.size === 0) return withNames ? names.mask(text) : text;
    let out = text.replace(/\+?\d[\d\s\-()]*\d/g, (token) => {
      const digits = token.replace(/\D/g, "");
      const kind = known.get(digits) ?? known.get(digits.replace(/^(00)?86/, ""));
      return kind ? maskAs(kind, token) : token;
    });
    out = out.replace(/[0-9A-Za-z]{8,}/g, (token) => {
      const kind = known.get(token.toUpperCase());
      return kind && kind !== "phone" ? maskAs(kind, token) : token;
    });
    if (out.includes("@")) out = out.replace(/[^\s@,;，；、<>()（）「」"']+@[^\s@,;，；、<>()（）「」"']+/g, (token) => (known.has(token.toLowerCase()) ? maskEmail(token) : token));
    return withNames ? names.mask(out) : out;
  };

  /** A string outside the personal columns: a whole 个人 name, known values (and names, except in staff columns), shapes. */
  const looseText = (text: string, staff: boolean): string => {
    const whole = !staff && personalNames.has(text.trim()) ? maskAs("name", text) : text;
    return HEXLIKE.test(text) ? whole : maskFreeText(byKnown(whole, !staff));
  };

  const edits: MaskEdit[] = [];
  blocks.forEach((b, bi) => {
    const layout = layouts[bi];
    const headerRow = layout.headerIndex >= 0 ? b.values[layout.headerIndex] ?? [] : [];
    for (let r = 0; r < b.values.length; r++) {
      const row = b.values[r] ?? [];
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (isBlank(v) || isExcelError(v) || typeof v === "boolean") continue;
        const text = cellText(v);
        const kind = kindAt(bi, r, c, row);
        if (kind === "keep") continue;
        let after = text;
        let how: MaskKind | "text" | null = null;
        if (kind && kind !== "staff") {
          after = maskAs(kind, text);
          how = kind;
        } else if (kind !== "staff" && typeof v === "string" && personalNames.has(text.trim())) {
          after = maskAs("name", text);
          how = "name";
        } else if (typeof v === "number") {
          // A number is personal only as a known value (a phone typed as a number, copied elsewhere).
          const k = known.get(text);
          if (k) {
            after = maskAs(k, text);
            how = k;
          }
        }
        if (typeof v === "string" && !HEXLIKE.test(text)) {
          const scanned = maskFreeText(byKnown(after, kind !== "staff"));
          if (scanned !== after) {
            after = scanned;
            how ??= "text";
          }
        }
        if (how && (after !== text || typeof v === "number")) {
          edits.push({ sheet: b.sheet, row: b.firstRow + r, columnNumber: b.firstColumn + c, column: r > layout.headerIndex ? cellText(headerRow[c] ?? null) : "", before: v, after, kind: how });
        }
      }
    }
  });

  const counts = new Map<string, MaskCount>();
  for (const e of edits) {
    const key = `${e.sheet}\u0000${e.column}\u0000${e.kind}`;
    const c = counts.get(key) ?? counts.set(key, { sheet: e.sheet, column: e.column, kind: e.kind, cells: 0 }).get(key)!;
    c.cells++;
  }
  const countList = [...counts.values()];
  const byKind = (kinds: MaskKind[]) => [...known.entries()].filter(([, k]) => kinds.includes(k)).map(([key]) => key);
  const masker: TextMasker = {
    text: (text) => looseText(text, false),
    number: (value) => {
      const k = known.get(String(value));
      return k ? maskAs(k, String(value)) : null;
    },
    sensitive: { phones: byKind(["phone"]), codes: byKind(["uscc", "account", "idcard"]), emails: byKind(["email"]), names: names.list() },
  };
  return { edits, counts: countList, notice: noticeSheet(blocks, options, countList, log !== undefined && log.columns.some((c) => c.def.key === "check")), masker };
}

/** How each kind is masked, for the notice. */
export const MASK_RULES: Readonly<Record<MaskKind | "text", string>> = {
  phone: "电话：手机保留前 3 位和后 4 位（138****8000），座机保留区号",
  email: "电子邮箱：保留首字母和域名（z***@example.com）",
  name: "姓名：保留姓氏（含复姓），名字以 * 代替",
  uscc: "统一社会信用代码：保留后 4 位",
  account: "银行账号：保留后 4 位",
  idcard: "身份证号：保留后 4 位",
  text: "文字中的电话、邮箱、证件号：同上规则",
};

function noticeSheet(blocks: readonly SheetBlock[], options: MaskOptions, counts: readonly MaskCount[], chained: boolean): SheetSpec {
  const lines = [
    "本工作簿是脱敏副本（This workbook is a masked copy）",
    `${options.source ? `原文件：${options.source}　` : ""}生成时间：${options.at}`,
    `个人信息已遮盖：${[MASK_RULES.phone, MASK_RULES.email, MASK_RULES.name, "统一社会信用代码、身份证号、银行账号保留后 4 位"].join("；")}。其余内容与原文件相同。`,
    "脱敏副本用于对外提供或共享，不是访问控制：原工作簿中的客户信息仍须按制度限制查阅。请勿用本副本修改或替换原始档案。",
  ];
  if (chained) lines.push("「变更记录」中的值已脱敏，其「校验」链在本副本中不再成立；核对变更记录请在原文件上运行 custfile verify-log。");
  return {
    name: uniqueSheetName("脱敏说明", blocks.map((b) => b.sheet)),
    first: true,
    lines,
    tables: [{
      name: "MaskedCells",
      caption: "遮盖的单元格",
      columns: [
        { header: "工作表", format: "text", width: 20 },
        { header: "列", format: "text", width: 16 },
        { header: "脱敏方式", format: "text", width: 44 },
        { header: "单元格数", format: "integer", width: 10 },
      ],
      rows: counts.map((c) => [c.sheet, c.column, MASK_RULES[c.kind], c.cells]),
    }],
  };
}

/** The blocks with the edits written in (new blocks; the input is not changed): for checking a plan, and for hosts that write blocks. */
export function applyCellEdits(blocks: readonly SheetBlock[], edits: ReadonlyArray<Pick<MaskEdit, "sheet" | "row" | "columnNumber" | "after">>): SheetBlock[] {
  const bySheet = new Map<string, Array<Pick<MaskEdit, "row" | "columnNumber" | "after">>>();
  for (const e of edits) (bySheet.get(e.sheet) ?? bySheet.set(e.sheet, []).get(e.sheet)!).push(e);
  return blocks.map((b) => {
    const mine = bySheet.get(b.sheet);
    if (!mine) return b;
    const values = b.values.map((row) => [...row]);
    for (const e of mine) {
      const r = e.row - b.firstRow;
      const c = e.columnNumber - b.firstColumn;
      if (values[r] && c >= 0 && c < values[r].length) values[r][c] = e.after;
    }
    return { ...b, values };
  });
}
