/** The quarterly sample audit (SPEC §6): read inputs, draw, write records, verify. */
export { readAuditInput, volatileFieldOf, VOLATILE_FIELDS, CHECKED_FIELDS, AUDIT_COLUMNS, type AuditCustomer, type AuditInput, type VolatileChange, type VolatileField } from "./input";
export { parseQuarter, quarterText, quarterOfDay, quarterStart, quarterEnd, type Quarter } from "./quarter";
export { randomSeed, normalizeSeed, sha256Hex } from "./crypto";
export {
  ALGORITHM, MIN_RATE, MAX_RATE, DEFAULT_RATE, RATE_POLICY, DORMANT_STATUS, STRATA, STRATUM_WEIGHT, STRATUM_LABEL,
  RateOutOfPolicyError, checkRate, rateSetting, AUDIT_RATE_SETTING, sampleSize, freezePopulation, populationFingerprint, hmacOrder, keyCandidates, stratumOf, drawSample,
  type Stratum, type SampledCustomer, type StratumCount, type AuditSample, type DrawOptions,
} from "./sample";
export {
  auditSheetName, auditSheetRows, readAuditSheet, CHECK_HEADERS, KEPT_REASON, type AuditSheetKept, auditsTableRows, auditRecords, strataText, readAuditRecords, latestRecord, verify, stratumFromText, auditProgress, type AuditProgress,
  AUDIT_SHEET_HEADERS, CHECK_RESULT_HEADER, CHECK_RESULTS, CHECK_RESULT_COLUMN,
  type AuditRecord, type VerifyResult, type VerifyReason, type AuditWorkbook,
} from "./records";

export { auditSheetSpec, auditSheetTableName } from "./sheet";

import type { TableKey } from "../template/tables";
import type { AuditSample } from "./sample";

/**
 * The tables an audit reads (a host may read only their sheets): Customers (the population, and
 * the validation errors on its volatile fields that make key items: no other table changes those),
 * ChangeLog (changed fields), Audits (earlier draws) and Loans (an overdue loan puts its customer
 * in the high stratum, SPEC §10.4).
 */
export const AUDIT_TABLES: readonly TableKey[] = ["Customers", "ChangeLog", "Audits", "Loans"];

/** The JSON form of a sample (`custfile audit --json`, the pane): fixed key order, no clock, so equal inputs give equal bytes. */
export function sampleJson(sample: AuditSample): string {
  return JSON.stringify({
    quarter: sample.quarter, seed: sample.seed, algorithm: sample.algorithm, population: sample.population,
    fingerprint: sample.fingerprint, rate: sample.rate, sampleSize: sample.sampleSize, keyItems: sample.keyItems,
    strata: { high: sample.strata.high, medium: sample.strata.medium, low: sample.strata.low },
    sample: sample.sample.map((s) => ({ id: s.id, stratum: s.stratum, reason: s.reason })),
  });
}
