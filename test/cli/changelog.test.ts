/**
 * ChangeLog rows appended by the command line carry the 校验 chain (SPEC §10.5c): on a log
 * without the column the chain starts at the first new row; appended again, it continues from
 * the log's last row; verify-log's core then holds for every chained row.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { changeLogAppend } from "../../src/cli/changelog";
import { nodeSha256 } from "../../src/cli/crypto";
import { patchWorkbook } from "../../src/cli/workbook";
import { readWorkbookData } from "../../src/cli/xlsx";
import type { ChangeLogEntry } from "../../src/core/changes";
import { parseCheck, verifyChangeLog } from "../../src/core/records/chain";

const rich = new Uint8Array(fs.readFileSync(path.resolve(__dirname, "../fixtures/rich.xlsx")));

function entry(field: string, before: string, after: string): ChangeLogEntry {
  return { time: "2026-12-04 10:30:00", table: "Customers", customerId: "C20240220001", field, before, after, reason: "交接", user: "王芳" };
}

describe("changeLogAppend", () => {
  const first = patchWorkbook(rich, { append: [changeLogAppend([entry("负责人", "张伟", "李娜"), entry("负责人", "张伟", "李娜")])] }).bytes;
  const second = patchWorkbook(first, { append: [changeLogAppend([entry("信用额度", "50000", "80000")])] }).bytes;

  test("a log without 校验 gets the column; the chain starts at the first new row and continues in the next copy", () => {
    const log = readWorkbookData(second).sheets.find((s) => s.sheet === "变更记录")!.values;
    const header = log[0].map(String);
    const checks = log.slice(1).map((r) => r[header.indexOf("校验")]);
    expect(checks[0]).toBe(null); // the fixture's own row, written before the chain existed
    expect(checks.slice(1).map((c) => parseCheck(String(c))?.seq)).toEqual([1, 2, 3]);
  });

  test("the chain verifies: every appended row is covered and holds", async () => {
    const result = await verifyChangeLog(readWorkbookData(second).sheets, nodeSha256);
    expect(result.problems).toEqual([]);
    expect(result.chained).toBe(3);
    expect(result.ok).toBe(true);
    expect(result.uncovered?.count).toBe(1);
  });
});
