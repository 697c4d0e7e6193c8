/**
 * Pieces of the task-pane browser test: a static server for dist/, the test Office host bundle
 * (office-host.ts, built with webpack's Node API into test/browser/.out/), Debian's Chromium
 * through playwright-core, and a page whose office.js request is answered by that bundle.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page, type Request } from "playwright-core";
import type { HostConfig } from "./office-host";

export const ROOT = path.resolve(__dirname, "../..");
/** The built add-in (`npm run build`); CUSTFILE_BROWSER_DIST serves another build (e.g. a dev build). */
export const DIST = process.env.CUSTFILE_BROWSER_DIST ? path.resolve(process.env.CUSTFILE_BROWSER_DIST) : path.join(ROOT, "dist");
export const OUT = path.join(__dirname, ".out");
export const CHROMIUM = "/usr/bin/chromium";
export const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".woff2": "font/woff2",
};

/** A static file server over a folder on 127.0.0.1 (an ephemeral port). */
export interface StaticServer {
  origin: string;
  /** Paths requested, in order, with the status served. */
  log: Array<{ path: string; status: number }>;
  close(): Promise<void>;
}

/** Serve `root` over HTTP on localhost until close(). */
export async function serveStatic(root: string): Promise<StaticServer> {
  const log: StaticServer["log"] = [];
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = path.join(root, path.normalize(urlPath).replace(/^([/\\])+/, ""));
    const inside = file === root || file.startsWith(root + path.sep);
    let status = 200;
    if (!inside || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      status = 404;
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    } else {
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      fs.createReadStream(file).pipe(res);
    }
    log.push({ path: urlPath, status });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    log,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}

/** Build office-host.ts (with the Excel test double) into one browser script; returns its text. */
export async function buildOfficeHost(): Promise<string> {
  // webpack's Node API, required lazily so a missing Chromium is reported before any build work.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require("webpack") as typeof import("webpack");
  const compiler = webpack({
    mode: "development",
    devtool: false, // no eval(): the page's Content-Security-Policy forbids it
    target: "web",
    context: ROOT,
    entry: path.join(__dirname, "office-host.ts"),
    output: { path: OUT, filename: "office-host.js", iife: true },
    resolve: { extensions: [".ts", ".js", ".json"] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { sourceMap: false } } } }],
    },
    infrastructureLogging: { level: "error" },
    stats: "errors-only",
  });
  const stats = await new Promise<import("webpack").Stats>((resolve, reject) =>
    compiler.run((err, s) => (err ? reject(err) : resolve(s!))));
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors()) throw new Error(`building the test Office host failed:\n${stats.toString("errors-only")}`);
  return fs.readFileSync(path.join(OUT, "office-host.js"), "utf8");
}

/** Launch Debian's Chromium headless; a clear error if it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the task-pane browser test needs Debian's Chromium (apt-get install -y chromium; .ci/run installs it).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A page of the pane and what it did on the network and console. */
export interface PanePage {
  page: Page;
  /** Every request the page made (URL). */
  requests: string[];
  /** Console errors and page errors. */
  errors: string[];
  close(): Promise<void>;
}

/** Options of one page. */
export interface OpenOptions {
  /** Serve the test Office host for office.js (default), or make office.js fail to load. */
  office: "host" | "abort";
  host?: HostConfig;
  locale?: string;
}

/** Open taskpane.html at a task-pane-like viewport (350×700 CSS px, 2× pixels). */
export async function openPane(browser: Browser, origin: string, officeHostScript: string, options: OpenOptions): Promise<PanePage> {
  const context = await browser.newContext({
    viewport: { width: 350, height: 700 },
    deviceScaleFactor: 2,
    locale: options.locale ?? "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  // Waits end when the page gets there; the bound is only there so a failure is explained
  // (explain() in the test) before jest's per-test timeout, not a speed requirement.
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r: Request) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await page.route(OFFICE_JS, (route) =>
    options.office === "abort"
      ? route.abort("internetdisconnected")
      : route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: officeHostScript }));
  // Nothing else may leave the machine; a request elsewhere is recorded above and answered with an error.
  await page.route((url) => url.origin !== origin && url.href !== OFFICE_JS, (route) => route.abort("blockedbyclient"));
  if (options.host) await page.addInitScript((cfg) => { (window as unknown as Record<string, unknown>).__custfileHostConfig = cfg; }, options.host);
  await page.goto(`${origin}/taskpane.html`);
  return { page, requests, errors, close: () => context.close() };
}
