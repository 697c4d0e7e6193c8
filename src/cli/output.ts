/**
 * Output safety for every command that writes a file (SPEC: the input is never changed; an
 * existing file is replaced only when asked). An output that is the input — by any spelling:
 * relative or absolute path, a symbolic or hard link, a case variant — is refused; an existing
 * output needs --force; the bytes go to a temporary file in the output's folder, flushed to
 * disk, then renamed over the output, so an interrupted run leaves the old file or the new one,
 * never half of one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { CliError } from "./io";

/** The real path of a file, or of its folder joined with its name when the file does not exist yet. */
function realPathOf(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync.native(abs);
  } catch {
    try {
      return path.join(fs.realpathSync.native(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function lstatOf(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Why `out` is the same file as `input`, or null when it is not. */
export function sameFileReason(out: string, input: string): string | null {
  const ro = realPathOf(out);
  const ri = realPathOf(input);
  if (ro === ri) return path.resolve(out) === path.resolve(input) ? "it is the input file" : `it resolves to the input file (${ri})`;
  const so = statOf(out);
  const si = statOf(input);
  if (so && si && so.dev === si.dev && so.ino === si.ino) return "it is the input file under another name (a link to it)";
  // On Windows, macOS and most network shares the two names are one file; a copy that differs only in case is a trap there.
  if (path.dirname(ro) === path.dirname(ri) && path.basename(ro).toLowerCase() === path.basename(ri).toLowerCase()) return "its name differs from the input's only in upper/lower case";
  return null;
}

/**
 * Check that `out` may be written: not the input, not an existing file unless `force`, not a
 * folder. Throws a CliError (exit 2) that says what to do. Commands call it before their work
 * so a refused output costs nothing; the writer calls it again just before writing.
 */
export function checkOutput(out: string, options: { input?: string; force?: boolean; option?: string }): void {
  const what = options.option ? `${options.option} ${out}` : out;
  if (options.input !== undefined) {
    const reason = sameFileReason(out, options.input);
    if (reason) throw new CliError(`${what}: ${reason}. custfile never changes its input; name a new file for the copy.`);
  }
  const st = lstatOf(out);
  if (st?.isDirectory()) throw new CliError(`${what} is a folder; name an .xlsx file to write.`);
  if (st && !options.force) throw new CliError(`${out} already exists. Choose another name, or add --force to replace it.`);
}

/**
 * Write bytes to `out` through a temporary file in the same folder, flushed and renamed into
 * place. On any failure the temporary file is removed and `out` is as it was. `content` is the
 * bytes, or a function that writes them piece by piece (a big workbook made as it is written).
 */
export function writeFileAtomic(out: string, content: Uint8Array | ((write: (bytes: Uint8Array) => void) => void)): void {
  const dir = path.dirname(path.resolve(out));
  const tmp = path.join(dir, `.${path.basename(out)}.custfile-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "wx", 0o666);
    const file = fd;
    const write = (bytes: Uint8Array) => {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(file, bytes, off, bytes.length - off);
    };
    if (typeof content === "function") content(write);
    else write(content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, out);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing: the first error is the one to report
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    if (e instanceof CliError) throw e;
    throw new CliError(writeErrorMessage(out, dir, e as NodeJS.ErrnoException));
  }
}

function writeErrorMessage(out: string, dir: string, e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
    case "ENOTDIR":
      return `Cannot write ${out}: the folder ${dir} does not exist.`;
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return `Cannot write ${out}: no permission to write in the folder ${dir}${e.code === "EROFS" ? " (read-only file system)" : ""}.`;
    case "ENOSPC":
    case "EDQUOT":
      return `Cannot write ${out}: the disk is full. Nothing was changed.`;
    case "EISDIR":
      return `Cannot write ${out}: it is a folder.`;
    default:
      return `Cannot write ${out}: ${e.message}`;
  }
}
