/**
 * What a long command says while it runs, on stderr only (stdout stays the command's result, so
 * `--json` output is never mixed with it): a progress line once the run has taken a second, and
 * under `--verbose` the time of each phase.
 */
import type { CliIO } from "./io";
import { maxOf } from "../core/arrays";

/** A run shows progress once it has taken this long (or a step is expected to take this long). */
export const PROGRESS_AFTER_MS = 1000;
/** A terminal line is redrawn at most this often. */
const REDRAW_MS = 100;

/** The progress line each output has on screen, so that an error message can clear it first. */
const shown = new WeakMap<CliIO, Progress>();

/** Clear the progress line of an output, if one is on screen (main does before it prints an error). */
export function clearProgress(io: CliIO): void {
  shown.get(io)?.clear();
}

function clock(io: CliIO): number {
  return io.now ? io.now() : performance.now();
}

/**
 * A progress line on stderr. On a terminal: one line, redrawn in place and cleared at the end.
 * Not on a terminal: a plain line per step, and only for commands that ask for them (`lines`),
 * so that a validate piped into a log stays quiet.
 */
export class Progress {
  private readonly started: number;
  private onScreen = false;
  private lastDraw = Number.NEGATIVE_INFINITY;

  constructor(private readonly io: CliIO, private readonly label: string, private readonly lines = false) {
    this.started = clock(io);
  }

  /** Whether anything will ever be shown (stderr is a terminal, or plain lines were asked for). */
  get active(): boolean {
    return this.io.status !== undefined && (this.io.status.tty || this.lines);
  }

  /**
   * Say what the run does now. `step` starts a new step (a plain line off a terminal); `longMs`
   * is how long the step is expected to take: a step of a second or more shows at once, since a
   * synchronous parse cannot redraw while it runs.
   */
  update(text: string, options: { step?: boolean; longMs?: number } = {}): void {
    const status = this.io.status;
    if (!status || !this.active) return;
    const now = clock(this.io);
    const elapsed = now - this.started;
    if (elapsed < PROGRESS_AFTER_MS && (options.longMs ?? 0) < PROGRESS_AFTER_MS) return;
    const line = `${this.label}: ${text} (${(elapsed / 1000).toFixed(0)} s)`;
    if (status.tty) {
      if (!options.step && now - this.lastDraw < REDRAW_MS) return;
      status.write(`\r${line}\x1b[K`);
      this.onScreen = true;
      shown.set(this.io, this);
      this.lastDraw = now;
    } else if (options.step) {
      status.write(line + "\n");
    }
  }

  /** Clear the terminal line (before the command prints its result, and at the end). */
  clear(): void {
    if (this.onScreen) this.io.status?.write("\r\x1b[K");
    this.onScreen = false;
  }
}

/** A command's phases for `--verbose`: each phase's time and what it did, printed on stderr at the end. */
export class Phases {
  private readonly done: { name: string; ms: number; detail: string }[] = [];
  private current: { name: string; started: number } | null = null;
  private readonly started: number;

  constructor(private readonly io: CliIO, private readonly label: string, private readonly verbose: boolean) {
    this.started = clock(io);
  }

  /** Start a phase (ending the one before, if any). */
  start(name: string): void {
    if (this.current) this.end();
    this.current = { name, started: clock(this.io) };
  }

  /** End the current phase, saying what it did. */
  end(detail = ""): void {
    if (!this.current) return;
    this.done.push({ name: this.current.name, ms: clock(this.io) - this.current.started, detail });
    this.current = null;
  }

  /** Print every phase's time and the total (only under --verbose). */
  report(): void {
    if (this.current) this.end();
    if (!this.verbose) return;
    const width = maxOf(this.done.map((p) => p.name.length), 5);
    for (const p of this.done) this.io.err(`${this.label}: ${p.name.padEnd(width)} ${seconds(p.ms)}${p.detail ? `  ${p.detail}` : ""}`);
    this.io.err(`${this.label}: ${"total".padEnd(width)} ${seconds(clock(this.io) - this.started)}`);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3).padStart(7)} s`;
}

/** SheetJS parses sheet XML at roughly this many bytes a second here: a part larger than a second's worth shows progress at once. */
export const PARSE_BYTES_PER_MS = 15_000;
