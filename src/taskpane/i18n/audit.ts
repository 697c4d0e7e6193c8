/** The 季度抽查 tab, the audit's outcomes (pane and ribbon button) and verification, from their data. */
import type { AuditOutcome, AuditStatus } from "../../excel/audit";
import type { VerifyReason, VerifyResult } from "../../core/audit";
import { CUSTOMERS } from "../../core/template/tables";
import { data, type Format } from "./format";

const ids = (list: readonly string[], f: Format) => f.list([...list.slice(0, 5).map(data), ...(list.length > 5 ? ["…"] : [])]);

/** zh-CN. */
export const zhCN = (f: Format) => {
  const reason = (r: VerifyReason): string => {
    switch (r.code) {
      case "algorithm": return `记录的抽样算法“${data(r.algorithm)}”不是本版本的算法，无法重新推导。`;
      case "quarter": return `记录的季度“${data(r.quarter)}”无法识别。`;
      case "draw-failed": return `无法按记录重新抽样：${data(r.detail)}`;
      case "population": return `可抽查客户现在有 ${f.num(r.now)} 户，抽样时为 ${f.num(r.then)} 户。`;
      case "fingerprint": return "抽样之后客户名单有变化（新增、删除、改编号或改为休眠）。";
      case "sample": return `样本不一致：${f.num(r.missing.length)} 户记录在册但现在推导不出${r.missing.length ? `（${ids(r.missing, f)}）` : ""}，${f.num(r.extra.length)} 户现在推导出但未记录${r.extra.length ? `（${ids(r.extra, f)}）` : ""}。`;
    }
  };
  return {
    quarter: (q: string) => `本季度：${q}`,
    none: "本季度尚未抽查。可以在此抽取，也可以用功能区的“开始 › 客户档案 › 季度抽查”。",
    record: (r: NonNullable<AuditStatus["record"]>) => `第 ${f.num(r.draw)} 次抽取：从 ${f.num(r.population)} 户中抽取 ${f.num(r.sampleSize)} 户（抽查比例 ${f.percent(r.rate)}）。`,
    progress: (checked: number, total: number) => `已核对 ${f.num(checked)} / ${f.num(total)} 户。`,
    results: "核对结果",
    result: (value: string, n: number) => `${data(value)} ${f.num(n)}`,
    about: [
      "抽查比例：制度规定每季度抽查 10%–20% 的客户档案，默认 15%，可在“信用政策”表的“抽查比例”中设置。",
      "重点项：本季度联系人、联系方式、地址或电子邮箱有变更而之后未再核实，或这些字段有错误的客户，必定抽中。",
      "其余客户按风险分层随机抽取；抽样用的随机种子记录在“抽查记录”中，用“验证抽样”可以按种子重新推导出同一样本。",
    ],
    refresh: "刷新",
    verify: "验证抽样",
    verifyOk: "验证通过：按记录的种子重新推导，样本与记录一致。",
    verifyFail: (v: VerifyResult) => `验证未通过。${v.reasons.map(reason).join("")}`,
    verifyNone: "本季度没有抽样记录可以验证。",
    draw: "抽取样本",
    drawAgain: "重新抽取…",
    confirmTitle: "重新抽取本季度样本？",
    confirmBody: "将用新的种子重新抽取，替换抽查工作表中的样本；原抽取记录保留在“抽查记录”中，新抽取记为下一次。已填写的核对结果会丢失。",
    confirm: "重新抽取",
    cancel: "取消",
    outcome: (o: AuditOutcome): string => {
      switch (o.kind) {
        case "drawn":
          return `${o.quarter} 抽查：从 ${f.num(o.sample.population)} 户中抽取 ${f.num(o.sample.sampleSize)} 户（抽查比例 ${f.percent(o.sample.rate)}，其中重点项 ${f.num(o.sample.keyItems)} 户必查）${o.draw > 1 ? `，第 ${f.num(o.draw)} 次抽取` : ""}，已写入“${data(o.sheet)}”。`;
        case "existing":
          if (o.verification) return `${o.quarter} 已抽查；“${data(o.sheet)}”已按记录的种子重建${o.verification.ok ? "，与记录一致。" : `，但与记录不一致：${o.verification.reasons.map(reason).join("")}`}`;
          return `${o.quarter} 已抽查${o.draw ? `（第 ${f.num(o.draw)} 次抽取）` : ""}，已打开“${data(o.sheet)}”。如需重新抽取，请点“重新抽取”。`;
        case "empty":
          return o.reason === "all-dormant" ? "客户信息中没有可抽查的客户（休眠客户不参加抽查）。" : `客户信息表读不出客户，无法抽查：${data(o.detail ?? "")}`;
        case "missing-table":
          return `没有找到客户信息表（工作表“${data(CUSTOMERS.sheet)}”或 ${data(CUSTOMERS.tableName)} 表），无法抽查。请先建立模板。`;
        case "refused":
          return `“信用政策”中的抽查比例“${data(o.rateText)}”不在 10%–20% 之内，未抽取。制度规定：${data(o.policy)}`;
      }
    },
    ribbonFailed: (message: string) => `季度抽查失败：${data(message)}`,
  };
};

export type AuditStrings = ReturnType<typeof zhCN>;

/** en-US. */
export const enUS = (f: Format): AuditStrings => {
  const customers = (n: number) => `${f.num(n)} ${f.plural(n, "customer", "customers")}`;
  const reason = (r: VerifyReason): string => {
    switch (r.code) {
      case "algorithm": return `The recorded sampling method ${data(r.algorithm)} is not this version's; it cannot be re-derived.`;
      case "quarter": return `The recorded quarter ${data(r.quarter)} cannot be read.`;
      case "draw-failed": return `The sample cannot be drawn again from the record: ${data(r.detail)}`;
      case "population": return `${customers(r.now)} can be sampled now; ${f.num(r.then)} when the sample was drawn.`;
      case "fingerprint": return "The customer list changed since the draw (customers added, removed, renumbered or set to dormant).";
      case "sample": return `The sample differs: ${customers(r.missing.length)} recorded but not derived now${r.missing.length ? ` (${ids(r.missing, f)})` : ""}, ${customers(r.extra.length)} derived now but not recorded${r.extra.length ? ` (${ids(r.extra, f)})` : ""}.`;
    }
  };
  return {
    quarter: (q) => `This quarter: ${q}`,
    none: "No sample drawn this quarter yet. Draw it here, or use Home › Customer files › Quarterly audit on the ribbon.",
    record: (r) => `Draw ${f.num(r.draw)}: ${f.num(r.sampleSize)} of ${customers(r.population)} (audit rate ${f.percent(r.rate)}).`,
    progress: (checked, total) => `${f.num(checked)} of ${f.num(total)} checked.`,
    results: "Results",
    result: (value, n) => `${data(value)} ${f.num(n)}`,
    about: [
      "Audit rate: the policy re-checks 10%–20% of customer files every quarter; 15% unless the credit policy table sets another rate.",
      "Key items: customers whose contact, phone, address or email changed this quarter and was not verified since, or has errors there, are always in the sample.",
      "The rest are drawn at random within risk strata; the random seed is recorded in the audit log, and Verify sample re-derives the same sample from it.",
    ],
    refresh: "Refresh",
    verify: "Verify sample",
    verifyOk: "Verified: re-derived from the recorded seed, the sample matches the record.",
    verifyFail: (v) => `Verification failed. ${v.reasons.map(reason).join(" ")}`,
    verifyNone: "This quarter has no recorded sample to verify.",
    draw: "Draw sample",
    drawAgain: "Draw again…",
    confirmTitle: "Draw this quarter's sample again?",
    confirmBody: "A new seed draws a new sample and replaces the audit sheet; the earlier draw stays recorded in the audit log and the new one is logged as the next draw. Results already entered on the sheet are lost.",
    confirm: "Draw again",
    cancel: "Cancel",
    outcome: (o) => {
      switch (o.kind) {
        case "drawn":
          return `${o.quarter} audit: ${f.num(o.sample.sampleSize)} of ${customers(o.sample.population)} drawn (audit rate ${f.percent(o.sample.rate)}, including ${f.num(o.sample.keyItems)} key ${f.plural(o.sample.keyItems, "item", "items")} checked for certain)${o.draw > 1 ? `, draw ${f.num(o.draw)}` : ""}; written to ${data(o.sheet)}.`;
        case "existing":
          if (o.verification) return `${o.quarter} already has a sample; ${data(o.sheet)} was rebuilt from the recorded seed${o.verification.ok ? " and matches the record." : `, but it differs from the record. ${o.verification.reasons.map(reason).join(" ")}`}`;
          return `${o.quarter} already has a sample${o.draw ? ` (draw ${f.num(o.draw)})` : ""}; showing ${data(o.sheet)}. To draw a new one, use Draw again.`;
        case "empty":
          return o.reason === "all-dormant" ? "No customer can be sampled (dormant customers are left out)." : `No customers can be read from the customer table: ${data(o.detail ?? "")}`;
        case "missing-table":
          return `No customer table (sheet ${data(CUSTOMERS.sheet)} or table ${data(CUSTOMERS.tableName)}) in this workbook; nothing to sample. Set up the template first.`;
        case "refused":
          return `The audit rate ${data(o.rateText)} in the credit policy table is outside 10%–20%; nothing was drawn. The policy: ${data(o.policy)}`;
      }
    },
    ribbonFailed: (message) => `The quarterly audit failed: ${data(message)}`,
  };
};
