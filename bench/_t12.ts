import { generateDemo } from "../src/demo/generate";
import { writeWorkbookStreamed } from "../src/cli/streamwrite";
import { writeNewWorkbook } from "../src/cli/xlsx";
const n = Number(process.argv[2]);
const demo = generateDemo({ customers: n });
const sheets = demo.sheets.map(b => ({ name: b.sheet, rows: b.values, numberFormats: b.numberFormats }));
for (let k = 0; k < 2; k++) {
let t = Date.now();
writeWorkbookStreamed("/tmp/cliperf/s.xlsx", sheets);
const a = Date.now() - t; t = Date.now();
writeNewWorkbook("/tmp/cliperf/j.xlsx", sheets);
console.log("stream", a, "sheetjs", Date.now() - t);
}
