/**
 * Pieces of the task-pane browser test: a static server for dist/, the test Office host bundle
 * (office-host.ts, built with webpack's Node API into test/browser/.out/), headless Chromium
 * through playwright-core (Debian's /usr/bin/chromium when installed, otherwise the Chromium
 * packaged in the npm package @sparticuz/chromium, so `npm ci && npm test` needs nothing from
 * apt), and a page whose office.js request is answered by that bundle. The page gets the CJK
 * font Noto Sans SC from @fontsource/noto-sans-sc, served from its own origin, so zh-CN text
 * renders the same on a machine without system CJK fonts.
 */
import { execFileSync } from "node:child_process";
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
/** Debian's Chromium; used when installed (it starts faster than unpacking the packaged one). */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";
/** Where the page loads the test font from (answered by the harness, never by the network). */
const FONT_PREFIX = "/__custfile_test_fonts/";
const FONT_DIR = path.dirname(require.resolve("@fontsource/noto-sans-sc/package.json"));
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

/** Flags for every launch: no sandbox (root in CI), and no background connections (this machine's network is closed). */
const COMMON_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Flags of @sparticuz/chromium's defaults that would make the test weaker than a real browser (same-origin policy off) or flaky (one process). */
const DROPPED_ARGS = new Set(["--disable-web-security", "--allow-running-insecure-content", "--single-process", "--no-zygote", "--disable-site-isolation-trials"]);

/** Which Chromium the browser test runs: Debian's when installed, otherwise the one packaged on npm. */
export async function chromiumExecutable(): Promise<{ executablePath: string; args: string[]; kind: "system" | "packaged" }> {
  if (fs.existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: COMMON_ARGS, kind: "system" };
  // The package is ES-module only (jest runs CommonJS), so a child Node asks it; on first use it
  // unpacks its brotli-compressed Chromium into the temp folder.
  const script = "import c from '@sparticuz/chromium'; process.stdout.write(JSON.stringify({ path: await c.executablePath(), args: c.args }));";
  const packaged = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" })) as { path: string; args: string[] };
  const args = packaged.args.filter((a) => !DROPPED_ARGS.has(a) && !a.startsWith("--headless"));
  return { executablePath: packaged.path, args: [...new Set([...COMMON_ARGS, ...args])], kind: "packaged" };
}

/** Launch headless Chromium (see chromiumExecutable). */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await chromiumExecutable();
  return chromium.launch({ executablePath, args });
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
  /** CSS pixels (default 350×700, a task pane's usual size; 320 is its narrowest). */
  viewport?: { width: number; height: number };
}

/** Open taskpane.html at a task-pane-like viewport (350×700 CSS px unless given, 2× pixels). */
export async function openPane(browser: Browser, origin: string, officeHostScript: string, options: OpenOptions): Promise<PanePage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 350, height: 700 },
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
  await page.route((url) => url.origin === origin && url.pathname.startsWith(FONT_PREFIX), (route) => {
    const file = path.join(FONT_DIR, path.normalize(decodeURIComponent(new URL(route.request().url()).pathname.slice(FONT_PREFIX.length))));
    if (!file.startsWith(FONT_DIR + path.sep) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: "not found" });
    return route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] ?? "application/octet-stream", body: fs.readFileSync(file) });
  });
  await page.addInitScript((prefix) => {
    // The test font, from this page's own origin (the CSP allows 'self' fonts and styles), after
    // every font the page names, so Latin text keeps its font and CJK text gets Noto Sans SC.
    const add = () => {
      for (const weight of ["400", "600", "700"]) {
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = `${prefix}${weight}.css`;
        document.head.appendChild(link);
      }
      const style = document.createElement("style");
      style.textContent = `html, body, body * { font-family: "Segoe UI", "Noto Sans SC", sans-serif !important; }`;
      document.head.appendChild(style);
    };
    if (document.head) add();
    else document.addEventListener("DOMContentLoaded", add);
  }, FONT_PREFIX);
  if (options.host) await page.addInitScript((cfg) => { (window as unknown as Record<string, unknown>).__custfileHostConfig = cfg; }, options.host);
  await page.goto(`${origin}/taskpane.html`);
  return { page, requests, errors, close: () => context.close() };
}
