/** SPEC §10: handover, staff, loans, masking, the tamper-evident ChangeLog and retention. */
export * from "./people";
export * from "./loans";
export * from "./retention";
export * from "./chain";
export * from "./handover";
export * from "./names";
export * from "./mask";
export * from "./maskplan";
