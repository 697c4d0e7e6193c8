/** Credit grading (SPEC §7): payments → score, DBT, grade, tier, limit, aging per customer. */
export * from "./model";
export * from "./policy";
export * from "./payments";
export * from "./args";
export * from "./report";
export * from "./summary";
export * from "./recorded";
export * from "./flags";
export * from "./review";
export * from "./history";
