/**
 * Running one pane operation at a time: busy state, real progress, a Cancel (AbortController),
 * the message after it (or the error, in the user's language), and focus back on the element
 * that started it. Used by App and every tab.
 */
import { startTransition, useCallback, useRef, useState, useSyncExternalStore } from "react";
import { custfileErrorOf } from "../core/errors";
import { isAbort, type Job } from "./engine/client";
import type { Progress } from "./engine/progress";
import type { Strings } from "./i18n";

/** A running operation. */
export interface Busy {
  /** Its progress, read with useProgress (so that a progress report re-renders the status line only). */
  progress: ProgressStore;
  /** Stop it (a Check, a preview, a fix until its write starts). */
  cancel: () => void;
}

/**
 * The latest progress of a run. Reports come in bursts (a check of 150,000 rows sends a few
 * hundred); the store keeps the last and tells its readers at most once per animation frame.
 */
export class ProgressStore {
  private value: Progress | null = null;
  private readonly listeners = new Set<() => void>();
  private frame = 0;

  /** Record a report; readers hear of it at the next frame. */
  set(p: Progress): void {
    this.value = p;
    if (this.frame) return;
    const tell = () => {
      this.frame = 0;
      for (const l of this.listeners) l();
    };
    this.frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(tell) : (setTimeout(tell, 16) as unknown as number);
  }

  /** The latest report. */
  get = (): Progress | null => this.value;

  /** Hear of new reports (useSyncExternalStore's subscribe). */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The latest progress of a run (re-renders the caller only). */
export function useProgress(store: ProgressStore): Progress | null {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** The line under the command bar. */
export interface StatusMessage {
  text: string;
  error?: boolean;
}

/** Start an operation: `work` gets the job (progress, signal); `done` words its result (or returns nothing to keep the message). */
export type Runner = <T>(invoker: HTMLElement | null, work: (job: Job) => Promise<T>, done: (result: T) => string | void) => Promise<void>;

/** An error in the user's language: custfile's own by code, others with their own message. */
export function errorText(t: Strings, e: unknown): string {
  const coded = custfileErrorOf(e);
  if (coded) return t.errors.code(coded.code, coded.data);
  return t.errors.failed((e as Error)?.message ?? String(e));
}

/** Put focus back on `invoker` unless the user has moved it somewhere that still exists. */
export function restoreFocus(invoker: HTMLElement | null): void {
  if (!invoker || !invoker.isConnected) return;
  const active = document.activeElement as HTMLElement | null;
  const lost = !active || active === document.body || !active.isConnected || active.dataset.restoreFocus === "away";
  if (lost || active === invoker) invoker.focus();
}

/** The runner of the pane (see the module comment). */
export function useRunner(t: Strings, initial: StatusMessage) {
  const [busy, setBusy] = useState<Busy | null>(null);
  const [message, setMessage] = useState<StatusMessage>(initial);
  const running = useRef(false);

  const run: Runner = useCallback(async (invoker, work, done) => {
    if (running.current) return;
    running.current = true;
    const controller = new AbortController();
    const progress = new ProgressStore();
    setBusy({ progress, cancel: () => controller.abort() });
    setMessage({ text: "" });
    const job: Job = {
      signal: controller.signal,
      onProgress: (p) => { if (!controller.signal.aborted) progress.set(p); },
    };
    try {
      const result = await work(job);
      // The results (thousands of findings) render as a transition: React renders them in slices
      // and the page keeps painting, instead of one long render after a long run.
      startTransition(() => {
        const text = done(result);
        if (typeof text === "string") setMessage({ text });
      });
    } catch (e) {
      setMessage(isAbort(e) ? { text: t.common.cancelled } : { text: errorText(t, e), error: true });
    } finally {
      running.current = false;
      setBusy(null);
      // After React has removed the progress row (and its Cancel button).
      setTimeout(() => restoreFocus(invoker), 0);
    }
  }, [t]);

  return { busy, message, setMessage, run };
}
