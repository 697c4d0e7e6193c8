/**
 * The default lists (enumerations) of the template and reading a workbook's own `Lists`
 * (下拉选项) table, which overrides them list by list: a company edits the values in Excel,
 * the dropdowns and the validator follow.
 */
import { isBlank, isExcelError, type Cell, type SheetBlock } from "../table";
import { normalizeHeader } from "./tables";
import { maxOf } from "../arrays";

/** The names of the lists the template ships (each is a column header of the Lists table). */
export type ListName = "客户类型" | "客户等级" | "所属行业" | "交互类型" | "资料类型" | "存储位置" | "合作状态" | "核对结果" | "借阅方式" | "人员状态";

/** Lists by name; a workbook may add lists of its own. */
export type Lists = Readonly<Record<string, readonly string[]>>;

/** One section (门类) of GB/T 4754-2017, with the short names people type for it. */
export interface IndustrySection {
  code: string;
  name: string;
  shortNames: readonly string[];
}

/** The 20 sections A–T of GB/T 4754-2017 (国民经济行业分类) and common short names that map to each. */
export const INDUSTRY_SECTIONS: readonly IndustrySection[] = [
  { code: "A", name: "农、林、牧、渔业", shortNames: ["农林牧渔业", "农林牧渔", "农业", "林业", "畜牧业", "渔业", "养殖"] },
  { code: "B", name: "采矿业", shortNames: ["采矿", "矿业", "煤炭"] },
  { code: "C", name: "制造业", shortNames: ["制造", "生产制造"] },
  { code: "D", name: "电力、热力、燃气及水生产和供应业", shortNames: ["电力", "能源", "燃气", "水务", "供热"] },
  { code: "E", name: "建筑业", shortNames: ["建筑", "建筑工程", "施工"] },
  { code: "F", name: "批发和零售业", shortNames: ["批发零售", "批发", "零售", "零售业", "批发业", "贸易", "商贸", "电商"] },
  { code: "G", name: "交通运输、仓储和邮政业", shortNames: ["交通运输", "运输", "物流", "仓储", "快递", "邮政"] },
  { code: "H", name: "住宿和餐饮业", shortNames: ["住宿餐饮", "餐饮", "餐饮业", "酒店", "住宿"] },
  { code: "I", name: "信息传输、软件和信息技术服务业", shortNames: ["信息技术", "IT", "软件", "互联网", "通信", "电信", "信息服务"] },
  { code: "J", name: "金融业", shortNames: ["金融", "银行", "保险", "证券"] },
  { code: "K", name: "房地产业", shortNames: ["房地产", "地产", "物业"] },
  { code: "L", name: "租赁和商务服务业", shortNames: ["租赁", "商务服务", "咨询", "广告"] },
  { code: "M", name: "科学研究和技术服务业", shortNames: ["科研", "科学研究", "技术服务", "研发"] },
  { code: "N", name: "水利、环境和公共设施管理业", shortNames: ["水利", "环保", "环境", "公共设施"] },
  { code: "O", name: "居民服务、修理和其他服务业", shortNames: ["居民服务", "维修", "修理", "家政"] },
  { code: "P", name: "教育", shortNames: ["教育培训", "培训", "学校"] },
  { code: "Q", name: "卫生和社会工作", shortNames: ["医疗", "卫生", "医药卫生", "医院", "社会工作"] },
  { code: "R", name: "文化、体育和娱乐业", shortNames: ["文化", "体育", "娱乐", "文化传媒", "传媒", "文体娱乐"] },
  { code: "S", name: "公共管理、社会保障和社会组织", shortNames: ["公共管理", "政府", "机关", "社会组织", "事业单位"] },
  { code: "T", name: "国际组织", shortNames: [] },
];

/** The lists a new template gets (SPEC §2, §6). */
export const DEFAULT_LISTS: Readonly<Record<ListName, readonly string[]>> = {
  客户类型: ["企业", "个人"],
  客户等级: ["A类", "B类", "C类"],
  所属行业: INDUSTRY_SECTIONS.map((s) => s.name),
  交互类型: ["拜访", "沟通", "需求变更"],
  资料类型: ["合同", "资质", "记录"],
  存储位置: ["电子", "纸质", "电子+纸质"],
  合作状态: ["合作中", "停止合作", "休眠"],
  核对结果: ["一致", "已更正", "无法联系"],
  // SPEC §10.4 (Loans 方式) and §10.2 (Staff 状态).
  借阅方式: ["原件", "复印件"],
  人员状态: ["在职", "离职"],
};

/**
 * Other spellings that mean exactly one list value, by list: the validator offers the
 * canonical value as a fix (e.g. `A` → `A类`, seed 003's `资质证明` → `资质`).
 */
export const LIST_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  客户类型: { 企业客户: "企业", 公司: "企业", 单位: "企业", 个人客户: "个人", 自然人: "个人" },
  客户等级: { A: "A类", B: "B类", C: "C类", A级: "A类", B级: "B类", C级: "C类" },
  资料类型: { 资质证明: "资质", 合同文件: "合同", 记录文件: "记录" },
  存储位置: { "纸质+电子": "电子+纸质", 电子纸质: "电子+纸质", 电子及纸质: "电子+纸质", 电子版: "电子", 纸质版: "纸质" },
  交互类型: { 上门拜访: "拜访", 电话沟通: "沟通" },
  合作状态: { 正常合作: "合作中", 已停止合作: "停止合作", 休眠档案: "休眠" },
  // Seed 002 says 影印 for copies.
  借阅方式: { 影印件: "复印件", 影印: "复印件", 复印: "复印件", 原件借阅: "原件", 原本: "原件" },
  人员状态: { 已离职: "离职", 离岗: "离职", 正式: "在职", 试用: "在职", 试用期: "在职" },
};

/**
 * Every spelling that means a value of one list, normalised like headers → the list value: the
 * values themselves and the LIST_ALIASES whose value is in the list. The validator's enum check
 * and composition analysis both read list values through it.
 */
export function listValueIndex(listName: string, values: readonly string[]): Map<string, string> {
  const exact = new Set(values);
  const byKey = new Map<string, string>();
  for (const v of values) byKey.set(normalizeHeader(v), v);
  const aliases = LIST_ALIASES[listName] ?? {};
  for (const [alias, canonical] of Object.entries(aliases)) if (exact.has(canonical) && !byKey.has(normalizeHeader(alias))) byKey.set(normalizeHeader(alias), canonical);
  return byKey;
}

/**
 * The value of a list a text means, or null when it means none: the value as written, another
 * spelling of it (listValueIndex), or for 所属行业 the GB/T 4754 section a code or short name
 * maps to (信息技术 → 信息传输、软件和信息技术服务业) when that section is in the list. The same
 * answers the validator gives: what it accepts or fixes to a value resolves to that value.
 */
export function listResolver(listName: string, lists: Lists): (text: string) => string | null {
  const values = lists[listName] ?? [];
  const exact = new Set(values);
  const byKey = listValueIndex(listName, values);
  const isIndustry = listName === "所属行业";
  return (text) => {
    if (exact.has(text)) return text;
    const canonical = byKey.get(normalizeHeader(text));
    if (canonical !== undefined) return canonical;
    if (!isIndustry) return null;
    const section = industrySection(text);
    return section && exact.has(section.name) ? section.name : null;
  };
}

let shortNameIndex: Map<string, IndustrySection> | undefined;

/** The GB/T 4754-2017 section an industry text means (section name, `C`, `C 制造业` or a common short name), or null. */
export function industrySection(text: string): IndustrySection | null {
  if (!shortNameIndex) {
    shortNameIndex = new Map();
    for (const s of INDUSTRY_SECTIONS) {
      shortNameIndex.set(normalizeHeader(s.name), s);
      shortNameIndex.set(normalizeHeader(s.code + s.name), s);
      shortNameIndex.set(normalizeHeader(s.code), s);
      for (const n of s.shortNames) shortNameIndex.set(normalizeHeader(n), s);
    }
  }
  return shortNameIndex.get(normalizeHeader(text)) ?? null;
}

/** A problem found while reading a workbook's Lists table. */
export interface ListsProblem {
  /** 1-based sheet row and column of the cell. */
  row: number;
  columnNumber: number;
  value: Cell;
  reason: "error-value" | "empty-list";
}

/** A Lists table read from a workbook: the lists it defines and what could not be used. */
export interface ReadLists {
  lists: Record<string, string[]>;
  problems: ListsProblem[];
}

/**
 * Read a Lists (下拉选项) block: one column per list, the header row holds list names
 * (the first non-blank row within the first 10), the values sit below it. Blank cells are
 * skipped, values are trimmed and de-duplicated, error values are reported.
 */
export function readLists(block: SheetBlock, headerRowIndex?: number): ReadLists {
  const lists: Record<string, string[]> = {};
  const problems: ListsProblem[] = [];
  const rows = block.values;
  let h = headerRowIndex ?? -1;
  if (h < 0) {
    for (let r = 0; r < Math.min(10, rows.length); r++) {
      if ((rows[r] ?? []).some((v) => !isBlank(v))) {
        h = r;
        break;
      }
    }
  }
  if (h < 0) return { lists, problems };
  const header = rows[h] ?? [];
  for (let c = 0; c < header.length; c++) {
    const name = header[c];
    if (isBlank(name) || isExcelError(name)) continue;
    const listName = String(name).trim();
    const values: string[] = [];
    const seen = new Set<string>();
    for (let r = h + 1; r < rows.length; r++) {
      const v = rows[r]?.[c] ?? null;
      if (isBlank(v)) continue;
      if (isExcelError(v)) {
        problems.push({ row: block.firstRow + r, columnNumber: block.firstColumn + c, value: v, reason: "error-value" });
        continue;
      }
      const text = String(v).trim();
      if (!seen.has(text)) {
        seen.add(text);
        values.push(text);
      }
    }
    if (values.length === 0) {
      problems.push({ row: block.firstRow + h, columnNumber: block.firstColumn + c, value: name, reason: "empty-list" });
      continue;
    }
    lists[canonicalListName(listName)] = values;
  }
  return { lists, problems };
}

/** Map a list header as written (e.g. `客户等级（下拉）`, `Grade`) to the template's list name when it is one. */
function canonicalListName(text: string): string {
  const n = normalizeHeader(text);
  for (const name of Object.keys(DEFAULT_LISTS)) if (normalizeHeader(name) === n) return name;
  const english: Record<string, ListName> = {
    customertype: "客户类型", type: "客户类型", grade: "客户等级", customergrade: "客户等级", industry: "所属行业",
    interactiontype: "交互类型", documenttype: "资料类型", storage: "存储位置", status: "合作状态", cooperationstatus: "合作状态", auditresult: "核对结果",
    loanmethod: "借阅方式", method: "借阅方式", staffstatus: "人员状态", employmentstatus: "人员状态",
  };
  return english[n] ?? text;
}

/** The defaults with a workbook's lists laid over them (a list the workbook defines replaces the default one whole). */
export function mergeLists(overrides?: Record<string, readonly string[]>): Lists {
  return { ...DEFAULT_LISTS, ...(overrides ?? {}) };
}

/** The Lists sheet of a new template: list names in the first row, values below. */
export function listsSheetRows(lists: Lists = DEFAULT_LISTS): Cell[][] {
  const names = Object.keys(lists);
  const depth = Math.max(0, maxOf(names.map((n) => lists[n].length), 0));
  const rows: Cell[][] = [names];
  for (let i = 0; i < depth; i++) rows.push(names.map((n) => lists[n][i] ?? null));
  return rows;
}
