/** The pane's i18n table: both languages complete, English without Chinese outside data values, Intl formats, the ribbon's own words. */
import fs from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { CJK, data, markData, plain, splitData, strings, type Strings } from "../../src/taskpane/i18n";
import { formats } from "../../src/taskpane/i18n/format";
import type { Progress } from "../../src/taskpane/engine/progress";
import type { AuditOutcome } from "../../src/excel/audit";
import type { CreditRefusal } from "../../src/excel/credit";
import type { VerifyResult } from "../../src/core/audit";
import { bookAnalysis } from "./stub-adapter";

const zh = strings("zh-CN");
const en = strings("en-US");

/** The shape of a strings object: keys, and whether each is text, a function or a section. */
function shape(o: unknown): unknown {
  if (typeof o === "function") return "function";
  if (typeof o === "string") return "string";
  if (Array.isArray(o)) return o.map(shape);
  if (o && typeof o === "object") return Object.fromEntries(Object.keys(o).filter((k) => k !== "f" && k !== "lang").sort().map((k) => [k, shape((o as Record<string, unknown>)[k])]));
  return typeof o;
}

/** Every plain text of a strings object. */
function texts(o: unknown, out: string[] = []): string[] {
  if (typeof o === "string") out.push(o);
  else if (Array.isArray(o)) o.forEach((x) => texts(x, out));
  else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) if (k !== "f" && k !== "lang") texts(v, out);
  return out;
}

/** CJK outside the data values of a text. */
function cjkOutsideData(text: string): string[] {
  return splitData(text).filter((p) => !p.data && CJK.test(p.text)).map((p) => p.text);
}

const handoverPreview = { from: "张伟", to: "李娜", supervisor: "陈经理", date: "2026-11-20", customers: [{ id: "C20240315001", name: "测试公司", row: 2 }], sheet: "交接清单 2026-11-20 张伟→李娜", customersSheet: "客户信息", warnings: [] };

const sample: Record<string, (t: Strings) => string[]> = {
  records: (t) => [
    t.records.person({ name: "张伟", customers: 3, onStaff: true, left: true }), t.records.person({ name: "陈经理", customers: 0, onStaff: true, left: false }),
    t.records.loaded(5), t.records.previewReady(2), t.records.listTitle(2, "张伟", "李娜"), t.records.all(1, 2), t.records.customer("C20240315001", "测试公司", 2),
    t.records.customer("", "测试公司", 3), t.records.sheetNote("交接清单 2026-11-20 张伟→李娜"), t.records.noId([3]), t.records.noId([3, 4]),
    t.records.done({ ...handoverPreview, changeLogRows: 1, changeLogSheet: "变更记录", handoversSheet: "交接记录", handoversRow: 2 }),
    t.records.doneShort({ ...handoverPreview, changeLogRows: 1, changeLogSheet: "变更记录", handoversSheet: "交接记录", handoversRow: 2 }),
    t.records.confirmTitle(1), t.records.confirmBody(handoverPreview, 1), t.records.confirmBody({ ...handoverPreview, supervisor: "" }, 2), t.records.confirm(2),
    t.records.chainStarted({ sheet: "变更记录", row: 40, uncovered: 38, columnAdded: true }), t.records.chainStarted({ sheet: "变更记录", row: 3, uncovered: 1, columnAdded: false }),
  ],
  analysis: (t) => {
    const view = bookAnalysis();
    if (view.kind !== "report") throw new Error("the book is analysed");
    const sheet = "客户构成分析 2026-09-30";
    return [
      t.analysis.summary(view.report), t.analysis.concentration(0.95, 2688.4), t.analysis.bounds(0.7, 0.9), t.analysis.problems(1), t.analysis.problems(3), t.analysis.more(2),
      t.analysis.analysed(view.report), t.analysis.chartTitle(t.analysis.section.province), t.analysis.confirmBody(sheet),
      ...["A", "无交易", "未填", "未识别", "未登记", "广东省"].map(t.analysis.key), t.analysis.money(123456789), t.analysis.share(0.0625),
      ...([{ reason: "no-tables" }, { reason: "payments" }, { reason: "no-id", sheet: "客户信息" }, { reason: "policy", key: "ABC-A累计占比", value: "七成" }] as const).map(t.analysis.refused),
      t.analysis.outcome({ kind: "exists", sheet }), t.analysis.outcome({ kind: "written", sheet, tables: 8, charts: 4, replaced: false }), t.analysis.outcome({ kind: "written", sheet, tables: 1, charts: 1, replaced: true }),
    ];
  },
  progress: (t) => (([{ phase: "read" }, { phase: "send", done: 1200, total: 147605 }, { phase: "check", table: "Interactions", sheet: "客户动态", done: 12000, total: 120000, doneAll: 1, totalAll: 2 }, { phase: "credit", payments: 1 }, { phase: "write", cells: 2 }, { phase: "results", done: 1, total: 3 }, { phase: "analysis-send", done: 1, total: 2 }, { phase: "analyze", customers: 1, payments: 2 }, { phase: "write-sheet", sheet: "客户构成分析 2026-09-30" }] as Progress[]).map((p) => t.progress.step(p))),
  findings: (t) => [t.findings.checked(1, 2, 1, 0), t.findings.allGood(500), t.findings.group("error", 2), t.findings.credit.summary(1, [["A类", 1], ["N", 0]]), t.findings.credit.policy("宽限天数"), t.findings.codeOption("x", 3)],
  fix: (t) => [t.fix.fixed(2), t.fix.skipped(1), t.fix.preview.title(1), t.fix.preview.all(1, 2), t.fix.preview.confirm(3), t.fix.changedTitle(2)],
  common: (t) => [t.common.marked(1), t.common.cleared(0), t.common.setupDone([t.common.tableOnSheet("Customers", "客户信息")], ["Lists"], ["回款记录"], ["所属行业"]), t.common.moreTabs(2)],
  ids: (t) => [t.ids.row(2, "C1", "C2"), t.ids.notice([2], { before: "C1", after: "C2" }), t.ids.notice([2, 3, 4, 5, 6, 7]), t.ids.restored(2),
    ...(["off", "starting", "running", "unsupported", "no-table", "failed"] as const).map((state) => t.ids.tracking({ state, message: "", reason: "requirement-set" })),
    t.ids.tracking({ state: "unsupported", message: "x", reason: "no-office" }), t.ids.tracking({ state: "running", message: "GeneralException" })],
  errors: (t) => [t.errors.code("changelog-sheet-taken", { sheet: "变更记录" }), t.errors.code("no-cells", { sheet: "客户信息", row: 5 }), t.errors.code("nothing-to-restore", { sheet: "客户信息", row: 5 }), t.errors.code("tracking-off", {}), t.errors.failed("GeneralException")],
  audit: (t) => {
    const verify: VerifyResult = { ok: false, problems: [], derived: null, missing: ["C1"], extra: [], reasons: [{ code: "population", now: 3, then: 2 }, { code: "fingerprint" }, { code: "sample", missing: ["C1"], extra: [] }, { code: "algorithm", algorithm: "x" }, { code: "quarter", quarter: "2026Q9" }, { code: "draw-failed", detail: "客户信息: no 客户编号 column" }] };
    const sample = { quarter: "2026Q4", seed: "s", algorithm: "a", population: 489, fingerprint: "f", rate: 0.15, sampleSize: 74, keyItems: 8, strata: {} as never, sample: [] };
    const outcomes: AuditOutcome[] = [
      { kind: "drawn", quarter: "2026Q4", sheet: "抽查 2026Q4", sample, draw: 2 },
      { kind: "existing", quarter: "2026Q4", sheet: "抽查 2026Q4", draw: 1 },
      { kind: "existing", quarter: "2026Q4", sheet: "抽查 2026Q4", draw: 1, verification: verify },
      { kind: "empty", quarter: "2026Q4", reason: "all-dormant" },
      { kind: "empty", quarter: "2026Q4", reason: "unreadable", detail: "客户信息: no 客户编号 column" },
      { kind: "missing-table" },
      { kind: "refused", rateText: "30%", policy: "每季度末由客户管理部门牵头，抽查10%-20%的客户档案" },
    ];
    return [...outcomes.map(t.audit.outcome), t.audit.verifyFail(verify), t.audit.record({ draw: 1, drawnAt: "", seed: "", population: 489, rate: 0.15, sampleSize: 74 }), t.audit.result("一致", 3), t.audit.ribbonFailed("GeneralException")];
  },
  credit: (t) => {
    const c = t.credit;
    const refusals: CreditRefusal[] = [
      { kind: "refused", reason: "payments" }, { kind: "refused", reason: "policy", key: "宽限天数", value: "abc" },
      { kind: "refused", reason: "no-customers-table", sheet: "客户信息", columns: [] }, { kind: "refused", reason: "no-customers", sheet: "客户信息", columns: [] },
      { kind: "refused", reason: "no-review-sheet", sheet: "信用评级调整 2026", columns: [] }, { kind: "refused", reason: "review-columns", sheet: "信用评级调整 2026", columns: ["审批人", "审批日期"] },
      { kind: "refused", reason: "customers-columns", sheet: "客户信息", columns: ["信用额度"] }, { kind: "refused", reason: "bad-month", month: "2026-13" }, { kind: "refused", reason: "not-begun", month: "2030-01" },
    ];
    const byRule = { "new-c": 1, "grade-down": 0, "newly-over-limit": 2, "overdue-up": 0, "dbt-up": 1, "first-long-overdue": 1 };
    const recorded = { kind: "recorded" as const, month: "2026-12", asOf: "2026-12-04", previous: "2026-11", customers: 5, byRule, total: 5, longOverdueDays: 60, replaced: 5, historySheet: "信用月报", sheet: "信用异常 2026-12", sheetReplaced: true, charts: 2, grades: { current: { A类: 1, B类: 1, C类: 1, N: 1 }, previous: null }, agingFen: { current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d91_120: 0, d120plus: 0 } };
    const applied = (n: number) => ({ kind: "applied" as const, year: 2026, reviewSheet: "信用评级调整 2026", customersSheet: "客户信息", counts: { applied: n, unchanged: 1, skipped: 2 }, cells: 2 * n, changeLogRows: 2 * n, rows: [] });
    return [
      ...refusals.map(c.refused), c.flags.heading(3, [["over-limit", 1], ["grade-drift", 2]]), c.flags.summary([["limit-above-suggested", 1]]), c.flags.checked(3),
      c.summary.grades(5), c.summary.grade("N"), c.summary.gradesText([["A类", 2], ["N", 1]]), c.summary.aging(62_000), c.summary.bucket(4), c.summary.agingText([[0, 12_000], [5, 50_000]]),
      c.confirm.title("信用评级调整 2026"), c.confirm.body(0), c.confirm.body(2),
      c.made({ kind: "made", year: 2026, sheet: "信用评级调整 2026", asOf: "2026-12-04", customers: 5, dormant: 1, changes: { grade: 2, limit: 3, thin: 1 }, replaced: true, filledBefore: 2 }),
      c.applied(applied(1)), c.applied(applied(0)), c.appliedTitle("信用评级调整 2026"), c.row(5, "C20240115001"),
      c.recorded(recorded), c.recorded({ ...recorded, previous: null, replaced: 0, sheetReplaced: false, total: 0 }),
    ];
  },
};

describe("the pane's i18n table", () => {
  it("has the same sections, keys and kinds of entry in zh-CN and en-US", () => {
    expect(shape(en)).toEqual(shape(zh));
  });

  it("en-US has no Chinese outside data values, in its texts and in every sentence it makes", () => {
    const made = Object.values(sample).flatMap((f) => f(en));
    const offenders = [...texts(en), ...made].flatMap(cjkOutsideData);
    expect(offenders).toEqual([]);
    // … and the sentences do quote their data (the check above is not vacuous).
    expect(made.some((s) => splitData(s).some((p) => p.data && CJK.test(p.text)))).toBe(true);
  });

  it("zh-CN says every sentence in Chinese (no English words of the pane's own)", () => {
    const made = Object.values(sample).flatMap((f) => f(zh));
    const english = made.flatMap((s) => splitData(s).filter((p) => !p.data).map((p) => p.text)).filter((s) => /\b(the|and|of|is|not|rows?|cells?)\b/i.test(s));
    expect(english).toEqual([]);
  });

  it("formats numbers, plurals and rates through Intl, and counts customers as customers", () => {
    expect(plain(en.findings.checked(1, 1, 2, 0))).toBe("Checked 1 customer: 1 error, 2 warnings, 0 notes.");
    expect(plain(en.findings.checked(11312, 0, 0, 1))).toBe("Checked 11,312 customers: 0 errors, 0 warnings, 1 note.");
    expect(plain(zh.findings.checked(11312, 1, 0, 0))).toBe("已检查 11,312 户客户：1 个错误、0 个警告、0 条提示。");
    expect(plain(en.progress.step({ phase: "check", table: "Interactions", sheet: "客户动态", done: 12000, total: 120000, doneAll: 0, totalAll: 1 }))).toBe("Checking 客户动态: 12,000 of 120,000 rows");
    expect(plain(zh.progress.step({ phase: "check", table: "Interactions", sheet: "客户动态", done: 12000, total: 120000, doneAll: 0, totalAll: 1 }))).toBe("正在检查 客户动态：12,000 / 120,000 行");
    expect(plain(en.audit.record({ draw: 1, drawnAt: "", seed: "", population: 489, rate: 0.15, sampleSize: 74 }))).toBe("Draw 1: 74 of 489 customers (audit rate 15%).");
    expect(formats("en-US").list(["a", "b", "c"])).toBe("a, b, and c");
    expect(plain(en.fix.skipped(1))).toMatch(/^1 fix was not written: the cell has changed/);
  });

  it("names the ribbon's buttons with the manifest's own words in each language", () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(fs.readFileSync(path.join(__dirname, "../../manifest.xml"), "utf8"));
    const found: Array<{ id: string; DefaultValue: string; Override?: { Locale: string; Value: string } | Array<{ Locale: string; Value: string }> }> = [];
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === "object") {
        const r = o as Record<string, unknown>;
        if (r["bt:String"]) found.push(...([] as typeof found).concat(r["bt:String"] as typeof found));
        Object.values(r).forEach(walk);
      }
    };
    walk(xml);
    const label = (id: string, lang: "zh-CN" | "en-US") => {
      const s = found.find((x) => x.id === id)!;
      if (lang === "en-US") return s.DefaultValue;
      const o = ([] as Array<{ Locale: string; Value: string }>).concat((s as unknown as { "bt:Override": { Locale: string; Value: string } })["bt:Override"] ?? []);
      return o.find((x) => x.Locale === "zh-CN")!.Value;
    };
    for (const [t, lang] of [[zh, "zh-CN"], [en, "en-US"]] as const) {
      expect(t.common.ribbon).toEqual({ home: t.common.ribbon.home, group: label("Group.Label", lang), pane: label("TaskpaneButton.Label", lang), audit: label("AuditButton.Label", lang) });
      const path3 = `${t.common.ribbon.home} › ${t.common.ribbon.group} › `;
      expect(t.common.noOffice).toContain(path3 + t.common.ribbon.pane);
      expect(t.audit.none).toContain(path3 + t.common.ribbon.audit);
      expect(t.common.tabAudit).toBe(t.common.ribbon.audit);
    }
  });
});

describe("data values in sentences", () => {
  it("markData marks quoted values and the given ones; splitData and plain read them back", () => {
    const text = markData('Address "北京市海底区": "海底区" is not a district of "北京市". Column 地址(省市区) on 客户信息.', ["地址(省市区)", "客户信息", "Customers"]);
    expect(splitData(text).filter((p) => p.data).map((p) => p.text)).toEqual(["北京市海底区", "海底区", "北京市", "地址(省市区)", "客户信息"]);
    expect(plain(text)).toBe('Address "北京市海底区": "海底区" is not a district of "北京市". Column 地址(省市区) on 客户信息.');
    expect(markData("日期「2024/3/5」应按 YYYY-MM-DD 填写")).toBe(`日期「${data("2024/3/5")}」应按 YYYY-MM-DD 填写`);
  });
});
