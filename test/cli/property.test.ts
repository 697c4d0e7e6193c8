/**
 * A property over random workbook shapes (issue 17): sparse cells, far-away cells, blank rows,
 * junk ids, odd values, made with SheetJS in memory and written to a temp dir; validate, credit
 * and audit run through the CLI's main in-process must never crash (no internal error) and
 * always exit 0, 1 or 2.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import fc from "fast-check";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-prop-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const CUSTOMER_HEAD = ["客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "客户等级", "地址(省市区)", "开户日期", "合作状态", "最近核实日期"];
const PAYMENT_HEAD = ["客户编号", "单据号", "开票日期", "金额", "账期天数", "到期日", "付款日期", "付款金额"];
const SHEETS = [["客户信息", CUSTOMER_HEAD], ["回款记录", PAYMENT_HEAD], ["变更记录", ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人"]], ["抽查记录", ["季度", "客户编号", "种子", "比例"]], ["信用政策", ["参数", "值"]], ["Sheet1", ["a"]]] as const;

const junkText = fc.oneof(
  fc.constantFrom("", " ", "C20240315001", "c20240315001 ", "Ｃ２０２４", "C2024\u200b0315001", "\u001b[31m", "#N/A", "#VALUE!", "=1+1", "1,5", "1e308", "-30", "休眠", "A类", "2026-13-45", "2026/1/5", "A级系数", "抽查比例"),
  fc.string({ maxLength: 12 }),
);
const cellValue = fc.oneof(
  junkText,
  fc.double({ noNaN: false }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom(true, false, 45000, 46000.5, 1e300, -1),
);
/** A sheet: maybe a header row, rows with blanks, and cells far away. */
const sheetShape = fc.record({
  kind: fc.integer({ min: 0, max: SHEETS.length - 1 }),
  header: fc.boolean(),
  rows: fc.array(fc.oneof(fc.constant([] as unknown[]), fc.array(fc.option(cellValue, { nil: null }), { maxLength: 11 })), { maxLength: 12 }),
  far: fc.array(fc.record({ r: fc.integer({ min: 0, max: 1_048_575 }), c: fc.integer({ min: 0, max: 16_383 }), v: cellValue }), { maxLength: 2 }),
  ref: fc.option(fc.constantFrom("A1:XFD1048576", "A1:Z1048576", "A1048576"), { nil: undefined }),
  hidden: fc.boolean(),
});

interface Shape {
  kind: number;
  header: boolean;
  rows: unknown[][];
  far: { r: number; c: number; v: unknown }[];
  ref?: string;
  hidden: boolean;
}

function build(shapes: Shape[], file: string): void {
  const book = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const s of shapes) {
    const [name, head] = SHEETS[s.kind];
    const sheetName = used.has(name) ? `${name}${used.size}` : name;
    used.add(sheetName);
    const ws = XLSX.utils.aoa_to_sheet([...(s.header ? [[...head]] : []), ...s.rows]);
    XLSX.utils.book_append_sheet(book, ws, sheetName);
  }
  if (shapes.length) book.Workbook = { Sheets: shapes.map((s, i) => ({ Hidden: s.hidden && i > 0 ? 1 : 0 })) };
  // Far cells and hostile dimension tags go into the XML directly (SheetJS's writer walks the whole range).
  const files = unzipSync(XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  shapes.forEach((s, i) => {
    const part = `xl/worksheets/sheet${i + 1}.xml`;
    let xml = strFromU8(files[part]);
    const rows = new Map<number, string[]>();
    for (const f of s.far) {
      const ref = XLSX.utils.encode_cell({ r: f.r, c: f.c });
      const cell = typeof f.v === "number" && Number.isFinite(f.v) ? `<c r="${ref}"><v>${f.v}</v></c>` : typeof f.v === "boolean" ? `<c r="${ref}" t="b"><v>${f.v ? 1 : 0}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${String(f.v).replace(/[<&>]/g, "_").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")}</t></is></c>`;
      rows.set(f.r, [...(rows.get(f.r) ?? []), cell]);
    }
    // Rows far below the data (past its last row) come after it, as in a real file.
    const last = Number([...xml.matchAll(/<row r="(\d+)"/g)].pop()?.[1] ?? 0);
    const extra = [...rows.entries()].filter(([r]) => r + 1 > last).sort((a, b) => a[0] - b[0]).map(([r, cells]) => `<row r="${r + 1}">${cells.join("")}</row>`).join("");
    xml = xml.includes("<sheetData/>") ? xml.replace("<sheetData/>", `<sheetData>${extra}</sheetData>`) : xml.replace("</sheetData>", `${extra}</sheetData>`);
    if (s.ref) xml = /<dimension ref="[^"]*"/.test(xml) ? xml.replace(/<dimension ref="[^"]*"/, `<dimension ref="${s.ref}"`) : xml;
    files[part] = strToU8(xml);
  });
  fs.writeFileSync(file, zipSync(files));
}

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

describe("random workbook shapes never crash a command", () => {
  it("validate, credit and audit: no internal error, exit 0–2", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(sheetShape, { minLength: 1, maxLength: 4 }), async (shapes) => {
        const file = path.join(scratch, `w${n++}.xlsx`);
        build(shapes, file);
        for (const args of [["validate", file], ["credit", file, "--as-of", "2026-09-30"], ["audit", file, "--quarter", "2026Q3", "--seed", "00112233445566778899aabbccddeeff"]]) {
          const o = io();
          const code = await main(args, o);
          if (o.stderr.includes("internal error")) throw new Error(`${args[0]}: ${o.stderr}`);
          expect([0, 1, 2]).toContain(code);
        }
        fs.rmSync(file, { force: true });
      }),
      { numRuns: 30, seed: 17 },
    );
  }, 120_000);
});
