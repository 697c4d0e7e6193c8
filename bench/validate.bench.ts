/**
 * Validation speed: 100,000 customers + 300,000 interactions generated in the same run, written
 * to an .xlsx and read back as the CLI reads it. Core validation of those 400,000 rows against
 * peers measured in the same run on the same blocks:
 *  - the floor: one pass that reads every cell and every character of every string (one regex
 *    test per string, as the control-character check does); goal: validation ≤ 5× it;
 *  - the Customers and Interactions rules written as a zod 4 schema per row (each row made an
 *    object by its headers, then safeParse), jitless as in the add-in and once with zod's JIT;
 *    zod checks each row alone (no unique ids, foreign keys or near-duplicate names, which
 *    custfile also does); if zod comes within 2× of custfile the project prefers zod for the
 *    schema and keeps only the hot checks hand-written;
 *  - SheetJS's parse of the same file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import * as z from "zod";
import { heading, medianMs, report } from "./lib";
import { generateDemo } from "../src/demo/generate";
import { validateWorkbook, checkPhone, addressProblem, usccProblem } from "../src/core/validate";
import { cellDay, parseIsoDate } from "../src/core/dates";
import { industrySection } from "../src/core/template/lists";
import { detectTables } from "../src/core/validate/detect";
import { readWorkbookData } from "../src/cli/xlsx";
import { writeNewWorkbook } from "../src/cli/workbook";
import { demoSheets } from "../src/cli/commands/demo";
import type { Cell, SheetBlock } from "../src/core/table";

const CUSTOMERS = 100_000;
const INTERACTIONS_PER_CUSTOMER = 3;

/** The floor: every cell once, every character of every string once (one regex test each), every number format once. */
const EVERY_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
function plainScan(blocks: SheetBlock[]): number {
  let acc = 0;
  for (const b of blocks) {
    const values = b.values;
    const formats = b.numberFormats;
    for (let r = 0; r < values.length; r++) {
      const row = values[r];
      const fmt = formats?.[r];
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (typeof v === "string") acc += EVERY_CHAR.test(v) ? 2 : 1;
        else if (typeof v === "number") acc += 1;
        if (fmt && fmt[c].length === 10) acc++;
      }
    }
  }
  return acc;
}

/** The rules of SPEC §2.1–2.2 as zod schemas per row, built after z.config so the jit setting takes. */
function zodSchemas(asOfDay: number) {
  const blank = z.union([z.null(), z.literal("")]);
  const text = z.string().trim().min(1).max(255);
  const optionalText = z.union([blank, z.string().max(255)]);
  const serial = z.number().refine((n) => cellDay(n) !== null && cellDay(n)! <= asOfDay, "not a date, or in the future");
  const isoText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((t) => { const d = parseIsoDate(t); return d !== null && d <= asOfDay; }, "not a real day, or in the future");
  const date = z.union([serial, isoText]);
  const optionalDate = z.union([blank, date]);
  const customerId = z.string().regex(/^C\d{11}$/).refine((id) => parseIsoDate(`${id.slice(1, 5)}-${id.slice(5, 7)}-${id.slice(7, 9)}`) !== null, "the date in the id is not real");
  const customers = z.object({
    customerId,
    name: text,
    type: z.union([blank, z.enum(["企业", "个人"])]),
    contact: text,
    phone: z.union([z.string(), z.number()]).refine((p) => checkPhone(String(p)).valid, "not a phone number"),
    email: z.union([blank, z.email()]),
    industry: z.union([blank, z.string().refine((t) => industrySection(t) !== null, "not a GB/T 4754 section")]),
    grade: z.union([blank, z.enum(["A类", "B类", "C类"])]),
    address: z.string().min(1).refine((a) => addressProblem(a) === null, "not a GB/T 2260 address"),
    opened: date,
    uscc: z.union([blank, z.string().refine((u) => usccProblem(u) === null, "bad check character")]),
    owner: optionalText,
    creditLimit: z.union([blank, z.number().min(0)]),
    status: z.union([blank, z.enum(["合作中", "停止合作", "休眠"])]),
    stoppedOn: optionalDate,
    verifiedOn: optionalDate,
  });
  const interactions = z.object({
    customerId,
    date,
    kind: z.enum(["拜访", "沟通", "需求变更"]),
    participants: text,
    summary: z.string().trim().min(1).max(1000),
    followUp: z.union([blank, z.string().max(1000)]),
    attachment: z.union([blank, z.string().regex(/^C\d{11}_[^_]+_\d{8}\.\w+$/)]),
  });
  return { Customers: customers, Interactions: interactions };
}

/** Validate every row of the Customers and Interactions blocks with zod: rows become objects by their mapped headers, then safeParse. */
function zodValidate(blocks: SheetBlock[], schemas: ReturnType<typeof zodSchemas>): number {
  let issues = 0;
  for (const t of detectTables(blocks)) {
    const schema = t.table === "Customers" ? schemas.Customers : t.table === "Interactions" ? schemas.Interactions : null;
    if (!schema) continue;
    const values = blocks[t.blockIndex].values;
    const keys = t.columns.map((c) => [c.def.key, c.index] as const);
    for (let r = t.headerRowIndex + 1; r < values.length; r++) {
      const row = values[r];
      const obj: Record<string, Cell> = {};
      for (const [key, index] of keys) obj[key] = row[index] ?? null;
      const result = schema.safeParse(obj);
      if (!result.success) issues += result.error.issues.length;
    }
  }
  return issues;
}

export async function run(): Promise<void> {
  heading(`validate: ${CUSTOMERS.toLocaleString("en")} customers + ${(CUSTOMERS * INTERACTIONS_PER_CUSTOMER).toLocaleString("en")} interactions`);
  const demo = generateDemo({ customers: CUSTOMERS, interactionsPerCustomer: INTERACTIONS_PER_CUSTOMER, archivePerCustomer: 0, paymentsPerCustomer: 0, seed: 20240315 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-bench-"));
  try {
    const file = path.join(dir, "bench.xlsx");
    writeNewWorkbook(file, demoSheets(demo), { stream: true });
    const data = fs.readFileSync(file);
    const blocks = readWorkbookData(data, file).sheets.filter((b) => b.sheet === "客户信息" || b.sheet === "客户动态");
    const customersOnly = blocks.filter((b) => b.sheet === "客户信息");
    const rows = blocks.reduce((n, b) => n + Math.max(0, b.values.length - 1), 0);
    const cells = blocks.reduce((n, b) => n + b.values.reduce((m, r) => m + r.length, 0), 0);
    console.log(`file ${(data.length / 1e6).toFixed(1)} MB; 客户信息 + 客户动态: ${rows.toLocaleString("en")} data rows, ${cells.toLocaleString("en")} cells`);

    const asOf = demo.asOf;
    let findings = 0;
    const ours = await medianMs(() => (findings = validateWorkbook(blocks, { asOf }).findings.length), 7, 2);
    const customersMs = await medianMs(() => validateWorkbook(customersOnly, { asOf }), 7, 2);
    let scanned = 0;
    const scan = await medianMs(() => (scanned = plainScan(blocks)), 7, 2);
    if (scanned === 0) throw new Error("validate bench: the plain scan read nothing");
    console.log(`core validation: ${ours.toFixed(0)} ms, ${Math.round(rows / (ours / 1000)).toLocaleString("en")} rows/s (${findings} findings); ${CUSTOMERS.toLocaleString("en")} customers alone ${customersMs.toFixed(0)} ms`);
    report("validate vs the floor", ours, "one pass reading every cell and every character", scan, `(goal: validation ≤ 5× the pass; it is ${(ours / scan).toFixed(2)}×)`);

    const asOfDay = parseIsoDate(asOf)!;
    let zodIssues = 0;
    z.config({ jitless: true });
    const jitless = zodSchemas(asOfDay);
    const zodJitless = await medianMs(() => (zodIssues = zodValidate(blocks, jitless)), 3, 1);
    z.config({ jitless: false });
    const jit = zodSchemas(asOfDay);
    const zodJit = await medianMs(() => zodValidate(blocks, jit), 3, 1);
    z.config({ jitless: true });
    console.log(`zod 4, one schema per row (${zodIssues} issues; per row only: no unique ids, foreign keys or near-duplicate names)`);
    const verdict = (zodMs: number) => (zodMs <= 2 * ours ? "zod is within 2× of custfile: prefer zod for the schema, keep only the hot checks hand-written" : "zod is more than 2× slower than custfile");
    report("validate vs zod (jitless, as in the add-in)", ours, "zod jitless", zodJitless, `(${verdict(zodJitless)})`);
    report("validate vs zod (JIT)", ours, "zod JIT", zodJit, `(${verdict(zodJit)})`);

    const parse = await medianMs(() => XLSX.read(data, { type: "buffer", dense: true, cellNF: true, cellDates: false, cellText: false, cellFormula: false, cellHTML: false }), 1, 0);
    report("validate vs SheetJS parse", ours, "XLSX.read of the same file", parse, `(ratio ${(ours / parse).toFixed(2)}×)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
