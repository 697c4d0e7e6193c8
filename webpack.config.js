/* eslint-disable no-undef */
/**
 * One shared-runtime page (the layout of OfficeDev's Excel-Custom-Functions-Shared template):
 * taskpane.html loads the task pane, the custom functions and the ribbon commands, so all three
 * share one JavaScript runtime while the workbook is open. CustomFunctionsMetadataPlugin writes
 * functions.json from the JSDoc tags of src/functions/functions.ts; the zh-CN copy of that
 * metadata is derived from it and src/functions/functions.zh-CN.json.
 */
const fs = require("fs");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { localizeFunctionsMetadata, withErrorInputs } = require("./scripts/localize-functions");

const urlDev = "https://localhost:3000/";
// Set CUSTFILE_ADDIN_URL (ending in /) when building for a real deployment; the manifest's URLs follow it.
const urlProd = process.env.CUSTFILE_ADDIN_URL || urlDev;

async function getHttpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const httpsOptions = await devCerts.getHttpsServerOptions();
  return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
}

/** Adds the flags the generator cannot write to functions.json, and writes functions.zh-CN.json next to it. */
class LocalizedFunctionsMetadataPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("LocalizedFunctionsMetadataPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "LocalizedFunctionsMetadataPlugin", stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const asset = compilation.getAsset("functions.json");
          if (!asset) return;
          const metadata = withErrorInputs(JSON.parse(asset.source.source().toString()));
          compilation.updateAsset("functions.json", new compiler.webpack.sources.RawSource(JSON.stringify(metadata, null, 4)));
          const translations = JSON.parse(fs.readFileSync(path.resolve(__dirname, "src/functions/functions.zh-CN.json"), "utf8"));
          const localized = localizeFunctionsMetadata(metadata, translations);
          compilation.emitAsset("functions.zh-CN.json", new compiler.webpack.sources.RawSource(JSON.stringify(localized, null, 2)));
        }
      );
    });
  }
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  return {
    devtool: "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      functions: "./src/functions/functions.ts",
      commands: "./src/commands/commands.ts",
      // The pane's check engine runs in a Web Worker (src/taskpane/engine): a same-origin script of
      // its own, which the page's CSP allows; `runtime: false` keeps webpack's runtime inside it,
      // as a worker cannot load the page's runtime.js.
      "engine-worker": { import: "./src/taskpane/engine/worker.ts", runtime: false },
    },
    output: { path: path.resolve(__dirname, "dist"), filename: "[name].js", clean: true },
    // One webpack runtime for the three entries of the shared-runtime page: a module they all use
    // (src/excel/runtime.ts holding the change tracker) is instantiated once, not once per entry.
    optimization: { runtimeChunk: "single" },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    performance: { hints: false },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { sourceMap: true, module: "es2020" } } },
        },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: "./src/functions/functions.ts" }),
      new LocalizedFunctionsMetadataPlugin(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["runtime", "taskpane", "functions", "commands"],
        // The shared runtime must register functions and commands even when the pane is never shown.
        scriptLoading: "defer",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/help.html", to: "help.html" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform(content) {
              return dev ? content : content.toString().replace(new RegExp(urlDev, "g"), urlProd);
            },
          },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.resolve(__dirname, "dist") },
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: env.WEBPACK_BUILD || options.https !== undefined ? options.https : await getHttpsOptions() },
      port: process.env.npm_package_config_dev_server_port || 3000,
    },
  };
};
