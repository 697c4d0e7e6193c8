/**
 * The cryptographic primitives of the audit, from Web Crypto (`globalThis.crypto`), which
 * Node 20 and the browsers behind Excel's web views all provide. No Node module is used so
 * the same code runs in the add-in.
 */

/** Web Crypto, or a clear error on a host without it. */
function webCrypto(): Crypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (!c || !c.subtle || typeof c.getRandomValues !== "function") {
    throw new Error("audit: this host has no Web Crypto (globalThis.crypto.subtle); the sample cannot be drawn or verified here.");
  }
  return c;
}

let encoder: TextEncoder | null = null;

/** UTF-8 bytes of text (the encoder made on first use, so merely loading this module needs no TextEncoder: jsdom's pane tests have none). */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  encoder ??= new TextEncoder();
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

/** Bytes of a hex string (even length, 0-9a-f in either case); throws on anything else. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) throw new Error(`audit: '${hex}' is not hexadecimal bytes`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A seed normalised to lower-case hex: 8 to 64 bytes; null when the text is not one. */
export function normalizeSeed(text: string): string | null {
  const t = text.trim();
  if (!/^(?:[0-9a-fA-F]{2}){8,64}$/.test(t)) return null;
  return t.toLowerCase();
}

/** A fresh seed: 16 bytes from the platform's cryptographic random source, as 32 hex digits. */
export function randomSeed(): string {
  const bytes = new Uint8Array(16);
  webCrypto().getRandomValues(bytes);
  return toHex(bytes);
}

/** SHA-256 of UTF-8 text, as lower-case hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await webCrypto().subtle.digest("SHA-256", utf8(text));
  return toHex(new Uint8Array(digest));
}

/**
 * HMAC-SHA256 under one key for many messages, as lower-case hex. The key is imported once;
 * the digests are computed concurrently (Web Crypto is asynchronous per call).
 */
export async function hmacSha256HexAll(keyHex: string, messages: readonly string[]): Promise<string[]> {
  const subtle = webCrypto().subtle;
  const key = await subtle.importKey("raw", fromHex(keyHex), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return Promise.all(messages.map(async (m) => toHex(new Uint8Array(await subtle.sign("HMAC", key, utf8(m))))));
}
