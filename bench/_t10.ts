import { generateDemo } from "../src/demo/generate";
const { Session } = require("inspector");
const s = new Session(); s.connect();
s.post("Profiler.enable", () => s.post("Profiler.start", () => {
  const t = Date.now();
  generateDemo({ customers: 30000 });
  console.log("gen", Date.now() - t);
  s.post("Profiler.stop", (err: any, { profile }: any) => {
    const self = new Map<string, number>();
    const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
    const dt = profile.timeDeltas; const samples = profile.samples;
    for (let i = 0; i < samples.length; i++) { const n = byId.get(samples[i]); const k = n.callFrame.functionName + ":" + n.callFrame.url.split("/").pop() + ":" + n.callFrame.lineNumber; self.set(k, (self.get(k) ?? 0) + dt[i]); }
    console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join("\n"));
  });
}));
