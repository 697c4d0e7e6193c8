/**
 * `custfile handover` (SPEC §10.1) on real .xlsx files: the 负责人 cells change in the copy, one
 * ChangeLog row per customer moved (原因 交接, old value kept) chained so that verify-log holds,
 * one 交接记录 row on a protected sheet, the 交接清单 sheet with a legal name; the input never
 * changes; every refusal exits 2 and writes nothing.
 */
import { timestampText } from "../../src/core/sheets";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { readWorkbook } from "../../src/cli/xlsx";
import { parseCheck } from "../../src/core/records/chain";
import type { Cell } from "../../src/core/table";
import { elements, malformedParts, partText, parts, sheetNames, sheetPart } from "../support/xlsx-parts";

const FIXTURE = path.resolve(__dirname, "../fixtures/rich.xlsx");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-handover-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
/** The handover day the tests give (--date): fixed, so sheet names do not depend on the clock. */
const DAY = "2026-06-30";

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}
const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

function copyOf(name: string): string {
  const file = path.join(scratch, name);
  fs.copyFileSync(FIXTURE, file);
  return file;
}

/** A workbook with customers, a staff list (one leaver) and no record sheets, written with SheetJS. */
function staffWorkbook(name: string, owners: string[] = ["张伟", "张伟", "李娜", "Christopher Johnson"]): string {
  const book = XLSX.utils.book_new();
  const customers: Cell[][] = [
    ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "负责人"],
    ...owners.map((o, i) => [`C2024031500${i + 1}`, `客户${i + 1}有限公司`, "企业", `联系人${i + 1}`, `1381234800${i}`, `c${i}@example.com`, o]),
  ];
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(customers), "客户信息");
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["姓名", "部门", "状态"], ["张伟", "销售部", "在职"], ["李娜", "销售部", "在职"], ["刘洋", "销售部", "离职"], ["王芳", "销售部", "在职"], ["赵敏", "销售部", "在职"], ["Christopher Johnson", "海外部", "在职"], ["Alexandra Williams", "海外部", "在职"]]), "人员");
  const file = path.join(scratch, name);
  fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  return file;
}

const sheet = (file: string, name: string) => readWorkbook(file).sheets.find((s) => s.sheet === name)!;
const LOG_HEADERS = ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人", "校验"];

describe("custfile handover on the rich fixture: 张三's customers to 王五", () => {
  const file = copyOf("rich-in.xlsx");
  const out = path.join(scratch, "rich-handover.xlsx");
  const before = sha256(file);
  const o = io();
  let code = -1;
  beforeAll(async () => {
    code = await main(["handover", file, "--from", "张三", "--to", "王五", "--supervisor", "赵六", "--note", "张三调岗", "--date", DAY, "--out", out], o);
  });

  it("succeeds, says what it did, and leaves the input byte-identical", () => {
    expect(code).toBe(0);
    expect(o.stdout).toContain("张三 → 王五");
    expect(o.stdout).toMatch(/C20240115001[\s\S]*C20240301001/);
    expect(sha256(file)).toBe(before);
  });

  it("changes 负责人 of exactly 张三's customers", () => {
    const was = sheet(file, "客户信息").values;
    const now = sheet(out, "客户信息").values;
    const owner = was[0].indexOf("负责人");
    expect(now.map((r) => r[owner])).toEqual(["负责人", "王五", "李四", "王五"]);
    now.forEach((row, r) => row.forEach((v, c) => {
      if (c !== owner) expect(v).toEqual(was[r][c]);
    }));
  });

  it("logs one ChangeLog row per customer moved (原因 交接, the old 负责人 kept), after the log's own row", () => {
    const log = sheet(out, "变更记录").values;
    expect(log[0]).toEqual(LOG_HEADERS);
    expect(log.slice(1, 2)).toEqual([[...sheet(file, "变更记录").values[1], null]]);
    const rows = log.slice(2);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.slice(1, 8))).toEqual([
      ["Customers", "C20240115001", "负责人", "张三", "王五", "交接", "赵六"],
      ["Customers", "C20240301001", "负责人", "张三", "王五", "交接", "赵六"],
    ]);
    // 时间 is an Excel date-time (SheetJS reads back its serial): the moment of writing, to the second.
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(timestampText(r[0])))).toBe(true);
    expect(rows.every((r) => typeof r[0] === "number")).toBe(true);
    expect(rows.map((r) => parseCheck(String(r[8]))?.seq)).toEqual([1, 2]);
  });

  it("the chain verifies afterwards: verify-log exits 0 and covers the new rows", async () => {
    const v = io();
    expect(await main(["verify-log", out, "--json"], v)).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, chained: 2, problems: [] });
  });

  it("adds one 交接记录 row on a new record sheet, protected like the template's", () => {
    expect(sheet(out, "交接记录").values).toEqual([
      ["交接日期", "移交人", "接收人", "监交人", "客户数", "客户编号", "备注"],
      [46203, "张三", "王五", "赵六", 2, "C20240115001、C20240301001", "张三调岗"],
    ]);
    const p = parts(out);
    expect(elements(partText(p, sheetPart(p, "交接记录")), "sheetProtection")[0]).toMatchObject({ sheet: "1", sort: "0", autoFilter: "0" });
  });

  it("adds the 交接清单 sheet: each customer with 联系人 / 联系方式 / 电子邮箱 and an empty 已通知 (是/否) dropdown", () => {
    const name = `交接清单 ${DAY} 张三→王五`;
    expect(sheetNames(parts(out))).toEqual(["客户信息", "回款记录", "图表", "透视", "备注", "抽查记录", "变更记录", "交接记录", name]);
    const list = sheet(out, name).values;
    const header = list.findIndex((r) => r[0] === "序号");
    expect(list[header]).toEqual(["序号", "客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "已通知", "通知日期", "备注"]);
    expect(list.slice(header + 1).map((r) => r.slice(0, 5))).toEqual([[1, "C20240115001", "北京华信科技有限公司", "王经理", "13956781234"], [2, "C20240301001", "深圳远景电子有限公司", "张女士", "0755-86123456"]]);
    const p = parts(out);
    const xml = partText(p, sheetPart(p, name));
    expect(elements(xml, "dataValidation").map((d) => d.sqref)).toEqual([`G${header + 2}:G${header + 3}`]);
    // People tick it: not protected.
    expect(elements(xml, "sheetProtection")).toEqual([]);
    expect(malformedParts(p)).toEqual([]);
  });

  it("a second handover continues the chain: only the ids asked for, the chain holds for every row", async () => {
    const second = path.join(scratch, "rich-handover-2.xlsx");
    const j = io();
    expect(await main(["handover", out, "--from", "王五", "--to", "李四", "--ids", "C20240301001", "--user", "钱七", "--json", "--date", DAY, "--out", second], j)).toBe(0);
    const result = JSON.parse(j.stdout);
    expect(result).toMatchObject({ ok: true, from: "王五", to: "李四", changeLogRows: 1, customers: [{ id: "C20240301001", row: 4 }], handovers: { how: "table", rows: 1 } });
    const rows = sheet(second, "变更记录").values.slice(4);
    expect(rows.map((r) => r.slice(2, 8))).toEqual([["C20240301001", "负责人", "王五", "李四", "交接", "钱七"]]);
    expect(sheet(second, "交接记录").values).toHaveLength(3);
    const v = io();
    expect(await main(["verify-log", second, "--json"], v)).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, chained: 3 });
    // The same day's second list of other people gets its own sheet.
    expect(sheetNames(parts(second)).slice(-2)).toEqual([`交接清单 ${DAY} 张三→王五`, `交接清单 ${DAY} 王五→李四`]);
  });
});

describe("custfile handover with a staff list", () => {
  it("writes the name as the staff list spells it and warns about a receiver not on the list", async () => {
    const file = staffWorkbook("staff-warn.xlsx");
    const out = path.join(scratch, "staff-warn-out.xlsx");
    const o = io();
    expect(await main(["handover", file, "--from", "张伟", "--to", "周杰", "--out", out, "--lang", "en-US"], o)).toBe(0);
    expect(o.stdout).toMatch(/! "周杰" is not on the staff list/);
    expect(sheet(out, "变更记录").values.slice(1).map((r) => r[5])).toEqual(["周杰", "周杰"]);
  });

  it("long names: the 交接清单 sheet name is cut to Excel's 31 characters, the date and arrow kept", async () => {
    const file = staffWorkbook("staff-long.xlsx");
    const out = path.join(scratch, "staff-long-out.xlsx");
    expect(await main(["handover", file, "--from", "Christopher Johnson", "--to", "Alexandra Williams", "--date", DAY, "--out", out], io())).toBe(0);
    const names = sheetNames(parts(out));
    const list = names[names.length - 1];
    expect(list).toBe(`交接清单 ${DAY} Christ…→Alexan…`);
    expect(list.length).toBeLessThanOrEqual(31);
    expect(list).not.toMatch(/[:\\/?*[\]]/);
    expect(readWorkbook(out).sheets.map((s) => s.sheet)).toContain(list);
  });
});

describe("refusals: exit 2 with the reason, nothing written, the input unchanged", () => {
  const file = staffWorkbook("refuse.xlsx");
  const before = sha256(file);
  const cases: Array<[string, string[], RegExp]> = [
    ["unknown from", ["--from", "赵钱", "--to", "李娜"], /「赵钱」不是任何客户的负责人，也不在人员名单中.*现有负责人：张伟、李娜/],
    ["same person", ["--from", "张伟", "--to", " 张伟 "], /移交人和接收人是同一人/],
    ["nobody to hand over", ["--from", "王芳", "--to", "李娜"], /「王芳」目前没有负责的客户，无需交接/],
    ["to = 离职 staff", ["--from", "张伟", "--to", "刘洋"], /接收人「刘洋」已离职（人员名单第 4 行）/],
    ["supervisor is a party", ["--from", "张伟", "--to", "李娜", "--supervisor", "李娜"], /监交人「李娜」是交接的一方/],
    ["unknown ids", ["--from", "张伟", "--to", "李娜", "--ids", "C20240315001,C99999999999"], /没有这些客户编号：C99999999999/],
    ["ids of someone else", ["--from", "张伟", "--to", "赵敏", "--ids", "C20240315001,C20240315003"], /不由「张伟」负责：C20240315003（李娜）/],
    ["no --out", ["--from", "张伟", "--to", "李娜"], /writes a copy of the workbook: name it with --out/],
    ["no --to", ["--from", "张伟"], /needs --from NAME .* and --to NAME/],
    ["a date after today", ["--from", "张伟", "--to", "李娜", "--date", "2999-01-01"], /--date 2999-01-01 is after today/],
    ["not a date", ["--from", "张伟", "--to", "李娜", "--date", "2026/12/4"], /--date must be a real date written YYYY-MM-DD/],
    ["empty --ids", ["--from", "张伟", "--to", "李娜", "--ids", " , "], /--ids needs at least one 客户编号/],
  ];

  it.each(cases)("%s", async (what, args, message) => {
    const out = path.join(scratch, `refused-${what.replace(/\W+/g, "-")}.xlsx`);
    const withOut = what === "no --out" ? args : [...args, "--out", out];
    const o = io();
    expect(await main(["handover", file, ...withOut], o)).toBe(2);
    expect(o.stderr).toMatch(message);
    expect(o.stdout).toBe("");
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(scratch).filter((f) => f.includes(".custfile-"))).toEqual([]);
    expect(sha256(file)).toBe(before);
  });

  it("in English with --lang en-US, saying nothing was written", async () => {
    const o = io();
    expect(await main(["handover", file, "--from", "张伟", "--to", "刘洋", "--out", path.join(scratch, "en.xlsx"), "--lang", "en-US"], o)).toBe(2);
    expect(o.stderr).toMatch(/"刘洋" has left the company \(staff list row 4\)\. Hand the customers to a current employee\. Nothing was written\./);
  });

  it("an existing output without --force is refused before any work; with --force it is replaced", async () => {
    const out = path.join(scratch, "exists.xlsx");
    fs.writeFileSync(out, "keep me");
    const o = io();
    expect(await main(["handover", file, "--from", "张伟", "--to", "李娜", "--out", out], o)).toBe(2);
    expect(o.stderr).toMatch(/already exists.*--force/);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    expect(await main(["handover", file, "--from", "张伟", "--to", "李娜", "--out", out, "--force"], io())).toBe(0);
    expect(sheet(out, "变更记录").values).toHaveLength(3);
  });

  it("the input as --out is refused", async () => {
    const o = io();
    expect(await main(["handover", file, "--from", "张伟", "--to", "李娜", "--out", file, "--force"], o)).toBe(2);
    expect(o.stderr).toMatch(/it is the input file/);
    expect(sha256(file)).toBe(before);
  });
});
