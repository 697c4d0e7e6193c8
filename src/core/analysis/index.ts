/** Composition analysis (SPEC §9, seed 002 客户构成分析): sales ABC, breakdowns, concentration, and the sheet that shows them. */
export * from "./abc";
export * from "./customers";
export * from "./ids";
export * from "./policy";
export * from "./report";
export * from "./sales";
export * from "./shares";
export * from "./sheet";
