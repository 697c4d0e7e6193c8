/** Jest: TypeScript through ts-jest (transpile only; `npm run typecheck` checks types). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { diagnostics: false }],
  },
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  // @fluentui/react-charts (the pane's charts) requires d3 packages that ship as ES modules, which
  // jest's CommonJS runtime cannot load; each also ships a UMD build of the same code.
  moduleNameMapper: { "^(d3-[a-z-]+|internmap)$": "<rootDir>/node_modules/$1/dist/$1.js" },
  testTimeout: 120000,
};
