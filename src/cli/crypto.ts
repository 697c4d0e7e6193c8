/** The hash the command line injects into core/records/chain: SHA-256 from node:crypto (synchronous, so a long log hashes without a promise per row). */
import { createHash } from "node:crypto";
import type { HashFn } from "../core/records/chain";

/** SHA-256 of UTF-8 text as lower-case hex. */
export const nodeSha256: HashFn = (text) => createHash("sha256").update(text, "utf8").digest("hex");
