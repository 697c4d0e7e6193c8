import { generateDemo } from "../src/demo/generate";
import * as XLSX from "xlsx";
const n = Number(process.argv[2]);
const demo = generateDemo({ customers: n });
for (const dense of [false, true]) {
  let t = Date.now();
  const book = XLSX.utils.book_new();
  for (const b of demo.sheets) { const ws = XLSX.utils.aoa_to_sheet(b.values, { dense } as any); XLSX.utils.book_append_sheet(book, ws, b.sheet); }
  console.log("dense", dense, "aoa_to_sheet", Date.now() - t); t = Date.now();
  const buf = XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true });
  console.log("write", Date.now() - t, buf.length); t = Date.now();
}
