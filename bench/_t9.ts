import { generateDemo, demoTooLarge } from "../src/demo/generate";
const n = Number(process.argv[2]);
console.log(demoTooLarge({ customers: n }));
let t = Date.now();
const demo = generateDemo({ customers: n });
console.log("generate", Date.now() - t, demo.sheets.map(s => s.values.length), demo.notes, process.memoryUsage().heapUsed / 1e6);
