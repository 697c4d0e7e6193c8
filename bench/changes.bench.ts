/**
 * Change tracking: logging a 10,000-cell paste (2,500 customers × 联系人, 联系方式, 电子邮箱,
 * 地址, every cell changed) in a 20,000-customer table, through the ChangeTracker on the
 * Excel test double. Prints the round trips (context.sync calls) and cells per sync, and the
 * time against two peers measured in the same run on the same fake workbook:
 *   - "bare read": one sync that only reads the pasted block (the least any tracker must do
 *     to see a paste, since Excel gives no values for it); the ratio is the tracker's overhead
 *     for diffing, logging and persisting the baseline;
 *   - "per-cell": a naive tracker that, per pasted cell, reads the cell and appends its
 *     ChangeLog row in its own sync (what handling a paste like a string of single-cell
 *     edits costs).
 * The fake answers a sync in microseconds; in Excel each sync is a round trip (milliseconds
 * on desktop, tens of milliseconds on the web), so the sync counts matter more than the times.
 */
import { heading, report } from "./lib";
import { FakeExcel } from "../test/support/fake-excel";
import { ChangeTracker } from "../src/excel/changes";
import type { ExcelRun } from "../src/excel/check";
import type { Cell } from "../src/core/table";

const CUSTOMERS = 20_000;
const PASTE_ROWS = 2_500;
const PASTE_COLS = 4; // D:G = 联系人, 联系方式, 电子邮箱, 地址(省市区)
const RUNS = 5;
const HEAD = ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "客户等级", "信用额度", "开户日期"];

function customer(i: number): Cell[] {
  return [`C20240315${String(i).padStart(3, "0")}`, `客户${i}有限公司`, "企业", `联系人${i}`, `138${String(i).padStart(8, "0")}`, `c${i}@example.com`, "北京市海淀区中关村大街1号", "A类", 10000 + i, "2024-03-15"];
}

function workbook(): FakeExcel {
  const x = new FakeExcel();
  x.addSheetWithRows("客户信息", [HEAD, ...Array.from({ length: CUSTOMERS }, (_v, k) => customer(k + 1))], { tableName: "Customers" });
  x.addSheetWithRows("变更记录", [["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人"]], { tableName: "ChangeLog" });
  return x;
}

const PASTE: Cell[][] = Array.from({ length: PASTE_ROWS }, (_v, k) => [`新联系人${k}`, `139${String(k).padStart(8, "0")}`, `n${k}@example.cn`, "上海市浦东新区世纪大道2号"]);
const ADDRESS = `D2:G${PASTE_ROWS + 1}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The naive peer: one sync per pasted cell to read it, one to append its ChangeLog row. */
async function perCell(x: FakeExcel, baseline: Map<string, Cell>): Promise<void> {
  x.sheet("客户信息")!.write(1, 3, PASTE);
  for (let r = 0; r < PASTE_ROWS; r++) {
    for (let c = 0; c < PASTE_COLS; c++) {
      await x.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("客户信息");
        const cell = sheet.getRangeByIndexes(1 + r, 3 + c, 1, 1).load("values");
        await context.sync();
        const key = `${r},${c}`;
        const after = cell.values[0][0];
        if (after !== baseline.get(key)) {
          context.workbook.tables.getItem("ChangeLog").rows.add(undefined, [["", "Customers", String(customer(r + 1)[0]), HEAD[3 + c], String(baseline.get(key)), String(after), "粘贴", ""]]);
          baseline.set(key, after);
          await context.sync();
        }
      });
    }
  }
}

export async function run(): Promise<void> {
  heading(`change tracking: a ${(PASTE_ROWS * PASTE_COLS).toLocaleString("en")}-cell paste into ${CUSTOMERS.toLocaleString("en")} customers (Excel test double)`);
  const ours: number[] = [];
  const bare: number[] = [];
  let syncs = 0;
  let rows = 0;
  let cellsPerSync: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const x = workbook();
    const tracker = await ChangeTracker.start({ run: x.run as unknown as ExcelRun, coalesceMs: 0 });
    const before = x.syncCount;
    const logBefore = x.syncLog.length;
    const t0 = process.hrtime.bigint();
    await x.userEdit("客户信息", ADDRESS, PASTE);
    const t = ms(t0);
    syncs = x.syncCount - before;
    cellsPerSync = x.syncLog.slice(logBefore);
    rows = x.tableRows("ChangeLog").length;
    await tracker.stop();

    const t1 = process.hrtime.bigint();
    await x.run(async (context) => {
      const block = context.workbook.worksheets.getItem("客户信息").getRange(ADDRESS).load("values");
      await context.sync();
      return block.values.length;
    });
    const b = ms(t1);
    if (i > 0) { ours.push(t); bare.push(b); } // the first run warms up
  }
  if (rows !== PASTE_ROWS * PASTE_COLS) throw new Error(`change bench: expected ${PASTE_ROWS * PASTE_COLS} ChangeLog rows, got ${rows}`);
  console.log(`tracker: ${syncs} syncs for the paste (cells per sync ${cellsPerSync.join(", ")}), ${rows.toLocaleString("en")} ChangeLog rows`);
  report("tracker, whole paste", median(ours), "bare read of the block", median(bare), "(the read is the floor; the tracker also diffs, writes every ChangeLog row and the touched baseline chunks)");

  const x = workbook();
  const baseline = new Map<string, Cell>();
  for (let r = 0; r < PASTE_ROWS; r++) for (let c = 0; c < PASTE_COLS; c++) baseline.set(`${r},${c}`, customer(r + 1)[3 + c]);
  const before = x.syncCount;
  const t2 = process.hrtime.bigint();
  await perCell(x, baseline);
  const naive = ms(t2);
  const naiveSyncs = x.syncCount - before;
  console.log(`per-cell peer: ${naiveSyncs.toLocaleString("en")} syncs for the same paste (one run)`);
  report("tracker, whole paste", median(ours), "per-cell peer", naive, `round trips ${syncs} vs ${naiveSyncs.toLocaleString("en")} (${Math.round(naiveSyncs / syncs).toLocaleString("en")}× fewer)`);
}
