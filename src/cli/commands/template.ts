/** `custfile template`: write a new, empty workbook in the customer-file template, as the pane's 建立模板 sets it up. */
import { parseCommandArgs, requireOneFile } from "../args";
import { CliError, EXIT, type CliCommand, type CliIO } from "../io";

const USAGE = `Usage: custfile template OUT.xlsx [--force]

Writes a new workbook in the customer-file template, the same one the task pane's 建立模板
creates: one Excel table per sheet — 客户信息 (Customers), 客户动态 (Interactions), 归档记录
(Archive), 回款记录 (Payments), 下拉选项 (Lists: GB/T 4754-2017 industry sections, 客户类型,
客户等级, 交互类型, 资料类型, 存储位置, 合作状态, 核对结果, 借阅方式, 人员状态), 变更记录 (ChangeLog),
抽查记录 (Audits), 信用政策 (CreditPolicy, with every setting at its default), 信用月报
(CreditHistory), 人员 (Staff), 借阅登记 (Loans) and 交接记录 (Handovers) — with Chinese headers,
dropdowns fed by the 下拉选项 columns (edit a list there and the dropdowns follow), date columns
as yyyy-mm-dd, text columns as text, column widths and a frozen header. The record sheets
custfile writes (变更记录, 抽查记录, 信用月报, 交接记录) are protected (no password).

Options:
  --force     replace OUT.xlsx if it exists`;

export const templateCommand: CliCommand = {
  name: "template",
  summary: "write a new empty workbook in the customer-file template (tables, dropdowns, lists)",
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs("template", args, { force: { type: "boolean" } });
    const out = requireOneFile("template", positionals);
    if (!/\.xlsx$/i.test(out)) throw new CliError(`The template is an .xlsx workbook: name the file with .xlsx (got '${out}').`);
    // Loaded here, not with the command list: the plan brings zod (the policy's schema).
    const { planSheet, templatePlan } = await import("../../core/template/plan");
    const { writeNewWorkbook } = await import("../workbook");
    // The sheets of the template plan the pane's set-up applies.
    const plans = templatePlan();
    const sheets = plans.map(planSheet);
    writeNewWorkbook(out, sheets, { force: values.force });
    const dropdowns = plans.reduce((n, p) => n + p.dropdowns.length, 0);
    io.out(`Wrote ${out}: ${sheets.length} sheets, ${sheets.length} tables (${plans.map((p) => p.tableName).join(", ")}), ${dropdowns} dropdown rules.`);
    return EXIT.ok;
  },
};
