/** `custfile template`: write a new, empty workbook in the customer-file template. */
import * as fs from "node:fs";
import { DEFAULT_LISTS, listsSheetRows } from "../../core/template/lists";
import { TABLES } from "../../core/template/tables";
import { parseCommandArgs, requireOneFile } from "../args";
import { CliError, EXIT, displayWidth, type CliCommand, type CliIO } from "../io";
import { writeNewWorkbook, type SheetToWrite } from "../xlsx";

const USAGE = `Usage: custfile template OUT.xlsx [--force]

Writes a new workbook with every sheet of the customer-file template: 客户信息, 客户动态,
归档记录, 回款记录 with their Chinese headers, 下拉选项 (the lists: GB/T 4754-2017 industry
sections, 客户类型, 客户等级, 交互类型, 资料类型, 存储位置, 合作状态, 核对结果, 借阅方式, 人员状态),
人员 (staff) and 借阅登记 (borrowing register), and the sheets custfile writes itself (变更记录,
抽查记录, 信用政策, 信用月报, 交接记录). Edit the lists in 下拉选项 to suit the company; custfile
validate reads them from there.

Options:
  --force     overwrite OUT.xlsx if it exists`;

/** The sheets of a new template workbook. */
export function templateSheets(): SheetToWrite[] {
  const sheets: SheetToWrite[] = [];
  for (const t of TABLES) {
    if (t.key === "Lists") {
      const rows = listsSheetRows(DEFAULT_LISTS);
      const widths = rows[0].map((_, c) => Math.min(40, Math.max(...rows.map((r) => displayWidth(String(r[c] ?? "")))) + 2));
      sheets.push({ name: t.sheet, rows, widths });
      continue;
    }
    const columns = t.columns.filter((c) => c.inTemplate);
    sheets.push({ name: t.sheet, rows: [columns.map((c) => c.header)], widths: columns.map((c) => Math.max(c.width, displayWidth(c.header) + 2)) });
  }
  return sheets;
}

export const templateCommand: CliCommand = {
  name: "template",
  summary: "write a new empty workbook in the customer-file template (sheets, headers, lists)",
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs("template", args, { force: { type: "boolean" } });
    const out = requireOneFile("template", positionals);
    if (!/\.xlsx$/i.test(out)) throw new CliError(`The template is an .xlsx workbook: name the file with .xlsx (got '${out}').`);
    if (fs.existsSync(out) && !values.force) throw new CliError(`${out} already exists. Choose another name, or add --force to overwrite it.`);
    const sheets = templateSheets();
    writeNewWorkbook(out, sheets);
    io.out(`Wrote ${out}: ${sheets.map((s) => s.name).join(", ")}.`);
    return EXIT.ok;
  },
};
