/** Change tracking of Customers' key fields (SPEC §2.5): baseline, diff, ChangeLog entries, id changes. */
export * from "./baseline";
export * from "./diff";
