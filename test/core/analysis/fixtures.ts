/**
 * The 12-customer book of the composition tests: every breakdown of SPEC §9 is worked out by
 * hand in book.test.ts from the rows below. As of 2026-09-30 the sales window is 2025-10-01 …
 * 2026-09-30. Amounts are chosen so that the shares are round: the customers with sales make
 * 100,000.00 in all.
 */
import { analyzeWorkbook, type AnalysisOptions, type Breakdown, type BreakdownKey, type CompositionReport } from "../../../src/core/analysis";
import { parseIsoDate } from "../../../src/core/dates";
import type { Cell, SheetBlock } from "../../../src/core/table";

export const AS_OF = "2026-09-30";
export const AS_OF_DAY = parseIsoDate(AS_OF)!;

export const CUSTOMER_HEADERS = ["客户编号", "客户名称", "客户类型", "所属行业", "客户等级", "地址(省市区)", "负责人", "合作状态"];
export const PAYMENT_HEADERS = ["客户编号", "单据号", "开票日期", "到期日", "账期天数", "金额", "付款日期", "付款金额", "商品"];

/** Customer ids C20240101001 … C20240101012 by number. */
export const id = (n: number) => `C20240101${String(n).padStart(3, "0")}`;

// id, name, 客户类型, 所属行业, 客户等级, 地址, 负责人, 合作状态
export const CUSTOMER_ROWS: Cell[][] = [
  [id(1), "北京华信科技有限公司", "企业", "信息技术", "A类", "北京市海淀区中关村大街1号", "王芳", "合作中"],
  [id(2), "深圳恒通制造有限公司", "企业", "制造业", "A", "广东省深圳市南山区科技园路1号", "李娜", "合作中"],
  [id(3), "广州远景机械有限公司", "企业", "C", "B类", "广东省广州市天河区体育西路1号", "王芳", "合作中"],
  [id(4), "张三", "个人", "零售业", "B类", "上海市浦东新区世纪大道1号", "李娜", "合作中"],
  [id(5), "杭州瑞丰信息有限公司", "公司", "信息传输、软件和信息技术服务业", "b", "浙江省杭州市西湖区文三路1号", "王芳", "合作中"],
  [id(6), "南京明德教育有限公司", "企业", "教育", "C类", "江苏南京市玄武区中山路1号", "李娜", "停止合作"],
  [id(7), "火星贸易有限公司", "企业", "宇宙旅行", "C级", "火星市奥林帕斯区1号", "王 芳", "合作中"],
  [id(8), "无名有限公司", null, null, null, null, "张伟", "合作中"],
  [id(9), "成都天成制造有限公司", "企业", "制造", "D类", "四川省成都市武侯区人民南路1号", "张伟", "休眠"],
  [id(10), "东莞嘉禾商贸有限公司", "企业", "批发和零售业", "A类", "广东省东莞市南城街道1号", null, "正常合作"],
  [id(11), "李四", "自然人", "金融", "B类", "香港九龙弥敦道1号", "李娜", "停止合作"],
  [id(12), "杭州蓝海软件有限公司", "企业", "IT", "C类", "浙江省杭州市滨江区江南大道1号", "张伟", null],
];

// 客户编号, 单据号, 开票日期, 到期日, 账期天数, 金额, 付款日期, 付款金额, 商品
export const PAYMENT_ROWS: Cell[][] = [
  // 1: 50,000 paid in two rows that repeat the invoice amount, less a 10,000 credit note → net 40,000 (counted once);
  //    paid 35,000 → open 5,000, due 2026-03-31 → overdue 5,000.
  [id(1), "INV-01", "2026-03-01", "2026-03-31", 30, 50000, "2026-03-20", 20000, "软件许可"],
  [id(1), "INV-01", "2026-03-01", "2026-03-31", 30, 50000, "2026-04-10", 15000, "软件许可"],
  [id(1), "INV-01", "2026-03-15", null, null, -10000, null, null, "软件许可"],
  // 2: 30,000 open, due 2026-10-31 (not yet due) → open 30,000, overdue 0.
  [id(2), "INV-02", "2026-08-01", "2026-10-31", 91, 30000, null, null, "硬件设备"],
  // 3: 10,000 paid on its due day → nothing open.
  [id(3), "INV-03", "2026-01-10", "2026-02-09", 30, 10000, "2026-02-09", 10000, "软件许可"],
  // 4: two invoices, 2,000 (paid) + 3,000 (到期日 blank: due = 2026-08-16 + 30 = 2026-09-15; 1,000 paid,
  //    2,000 paid after the as-of day, which is ignored) → sales 5,000, open 2,000 overdue 2,000.
  [id(4), "INV-04a", "2026-02-01", "2026-03-03", 30, 2000, "2026-03-01", 2000, "服务"],
  [id(4), "INV-04b", "2026-08-16", null, 30, 3000, "2026-09-01", 1000, null],
  [id(4), "INV-04b", "2026-08-16", null, 30, 3000, "2026-10-10", 2000, null],
  // 5: 5,000 unpaid, due 2026-07-01 → open and overdue 5,000.
  [id(5), "INV-05", "2026-06-01", "2026-07-01", 30, 5000, null, null, "硬件设备"],
  // 6: 5,000 paid; a second row with a paid date but no paid amount is left out (as credit leaves it out):
  //    its 999 is no sale.
  [id(6), "INV-06", "2026-04-01", "2026-05-01", 30, 5000, "2026-04-28", 5000, "服务"],
  [id(6), "INV-06b", "2026-04-02", "2026-05-02", 30, 999, "2026-04-29", null, "服务"],
  // 7: 3,000 open, due 2026-10-20 → open 3,000, not overdue. The product has a trailing space.
  [id(7), "INV-07", "2026-09-20", "2026-10-20", 30, 3000, null, null, "软件许可 "],
  // 8: 2,000 invoiced on the first day of the window (2025-10-01), paid → sales 2,000.
  [id(8), "INV-08", "2025-10-01", "2025-10-31", 30, 2000, "2025-11-15", 2000, null],
  // 9: no rows at all.
  // 10: 8,000 invoiced one day before the window (2025-09-30), unpaid → no sales, open and overdue 8,000.
  [id(10), "INV-10", "2025-09-30", "2025-10-30", 30, 8000, null, null, "硬件设备"],
  // 11: 4,000 cancelled in full by a credit note → net 0: no sales, nothing open.
  [id(11), "INV-11", "2026-05-01", "2026-05-31", 30, 4000, null, null, "服务"],
  [id(11), "INV-11", "2026-05-10", null, null, -4000, null, null, "服务"],
  // 12: invoiced after the as-of day → ignored.
  [id(12), "INV-12", "2026-10-05", "2026-11-04", 30, 6000, null, null, "服务"],
];

/** A sheet block of a header row and rows. */
export function sheet(name: string, headers: Cell[], rows: Cell[][]): SheetBlock {
  return { sheet: name, firstRow: 1, firstColumn: 1, values: [headers, ...rows] };
}

/** The book's blocks: 客户信息 and 回款记录 (plus any extra sheets). */
export function book(extra: SheetBlock[] = [], payments: Cell[][] = PAYMENT_ROWS, paymentHeaders: Cell[] = PAYMENT_HEADERS): SheetBlock[] {
  return [sheet("客户信息", CUSTOMER_HEADERS, CUSTOMER_ROWS), sheet("回款记录", paymentHeaders, payments), ...extra];
}

/** Analyse blocks as of AS_OF. */
export function analyze(blocks: SheetBlock[], options: Partial<AnalysisOptions> = {}): CompositionReport {
  return analyzeWorkbook(blocks, { asOf: AS_OF_DAY, ...options });
}

/** One breakdown of a report. */
export function breakdown(report: CompositionReport, by: BreakdownKey): Breakdown {
  const b = report.breakdowns.find((x) => x.by === by);
  if (!b) throw new Error(`no ${by} breakdown`);
  return b;
}

/** A breakdown's rows as [key, count, sales, open, overdue] for compact expectations. */
export function figures(report: CompositionReport, by: BreakdownKey): [string, number, number, number, number][] {
  return breakdown(report, by).rows.map((r) => [r.key, r.count, r.sales, r.open, r.overdue]);
}
