// Saving a form field by field as people type, without losing anything.
//
// `Autosave` keeps the changes waiting to be saved and sends them one save at
// a time:
//   - `schedule(field, build, draft)`: a typed change, sent once typing has
//     paused (`delayMs`); a newer change to the same field replaces it.
//     `build()` runs when it is sent and returns what to send, or null when
//     the value cannot be saved (it fails a check): nothing is sent then.
//   - `saveNow(field, patch, draft)`: a change to send at once (a radio).
//   - `commit(field)`: sends a field's waiting change now (on blur).
//   - `flush()`: sends everything waiting and resolves once all of it has been
//     saved or has failed. It never rejects.
// Only one save is in flight at a time. Changes queued behind it are joined
// into one save (later values win) when `canMerge` allows.
//
// Every change's `draft` (the text as typed) is written to a `DraftStore`
// at once, and removed only when a save holding that change (or a newer one)
// succeeds. A crash, a closed window or a failed save leaves the draft for the
// page to restore next time.

export interface DraftStore {
  read(field: string): string | null;
  write(field: string, draft: string): void;
  remove(field: string): void;
}

/** The storage key of one field's draft. */
export function draftKey(assessmentId: string, entryId: string, field: string): string {
  return `prevent-sa.draft.${assessmentId}.${entryId}.${field}`;
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Drafts of one entry's fields in `window.localStorage`. Storage that is full
 * or switched off is not a reason to stop: the save itself still happens.
 */
export function localDrafts(
  assessmentId: string,
  entryId: string,
  storage: Storage | null = browserStorage(),
): DraftStore {
  const key = (field: string): string => draftKey(assessmentId, entryId, field);
  return {
    read: (field) => {
      try {
        return storage?.getItem(key(field)) ?? null;
      } catch {
        return null;
      }
    },
    write: (field, draft) => {
      try {
        storage?.setItem(key(field), draft);
      } catch {
        // Out of space or not allowed: the save is what matters.
      }
    },
    remove: (field) => {
      try {
        storage?.removeItem(key(field));
      } catch {
        // Nothing to do.
      }
    },
  };
}

export type SaveStatus =
  | { state: "saving" }
  | { state: "saved"; at: Date }
  | { state: "failed"; reason: unknown };

export interface AutosaveOptions<P extends object> {
  /** Saves one change (or several joined); rejects if it was not saved. */
  save(patch: P): Promise<void>;
  /** How long typing must pause before a scheduled change is sent (400 ms). */
  delayMs?: number;
  drafts?: DraftStore | null;
  /** Whether `next` may join `queued` in one save (default: always). */
  canMerge?(queued: P, next: P): boolean;
  /**
   * The fields a failed save was refused for. The rest of that save is tried
   * again once without them, so one bad field does not hold the others back.
   */
  faultyFields?(reason: unknown, patch: P): readonly string[];
  onStatus?(status: SaveStatus): void;
  /** Told about every save that failed (after any retry without faulty fields). */
  onError?(reason: unknown, patch: P): void;
  /** Told about every save that succeeded. */
  onSaved?(patch: P): void;
}

interface Batch<P> {
  patch: P;
  /** The change number of each field the batch carries. */
  versions: Map<string, number>;
  retried: boolean;
}

interface Scheduled<P> {
  build: () => P | null;
  timer: ReturnType<typeof setTimeout>;
}

const live = new Set<Autosave<object>>();

/**
 * Resolves once every autosave on the page has saved what it holds. The app
 * waits on this before reading anything for the next page, so no page shows
 * data older than what was typed.
 */
export async function allSaved(): Promise<void> {
  await Promise.all(Array.from(live, (autosave) => autosave.flush()));
}

export class Autosave<P extends object> {
  readonly #options: AutosaveOptions<P>;
  readonly #delay: number;
  readonly #scheduled = new Map<string, Scheduled<P>>();
  readonly #queue: Batch<P>[] = [];
  readonly #latest = new Map<string, number>();
  readonly #waiters: (() => void)[] = [];
  #inFlight: Batch<P> | null = null;
  #counter = 0;
  #disposed = false;

  constructor(options: AutosaveOptions<P>) {
    this.#options = options;
    this.#delay = options.delayMs ?? 400;
    live.add(this as Autosave<object>);
  }

  /** Whether a save is in flight or waiting. */
  get busy(): boolean {
    return this.#inFlight !== null || this.#queue.length > 0 || this.#scheduled.size > 0;
  }

  /** Whether `field` has a change not yet saved (waiting, queued or in flight). */
  isPending(field: string): boolean {
    if (this.#scheduled.has(field)) {
      return true;
    }
    const holds = (batch: Batch<P> | null): boolean => batch !== null && batch.versions.has(field);
    return holds(this.#inFlight) || this.#queue.some(holds);
  }

  /** A typed change: sent after a pause in typing, replacing any earlier one to `field`. */
  schedule(field: string, build: () => P | null, draft?: string): void {
    if (this.#disposed) {
      return;
    }
    this.#noteChange(field, draft);
    const earlier = this.#scheduled.get(field);
    if (earlier !== undefined) {
      clearTimeout(earlier.timer);
    }
    const timer = setTimeout(() => this.commit(field), this.#delay);
    this.#scheduled.set(field, { build, timer });
  }

  /** A change to send at once. */
  saveNow(field: string, patch: P, draft?: string): void {
    if (this.#disposed) {
      return;
    }
    this.#dropScheduled(field);
    const version = this.#noteChange(field, draft);
    this.#enqueue(patch, new Map([[field, version]]));
  }

  /** Sends `field`'s waiting change now, if it has one. */
  commit(field: string): void {
    const scheduled = this.#scheduled.get(field);
    if (scheduled === undefined) {
      return;
    }
    this.#dropScheduled(field);
    const patch = scheduled.build();
    if (patch === null) {
      return;
    }
    this.#enqueue(patch, new Map([[field, this.#latest.get(field) ?? 0]]));
  }

  /** Forgets `field`'s waiting change without sending it (its draft stays). */
  cancel(field: string): void {
    this.#dropScheduled(field);
  }

  /** Sends everything waiting; resolves when nothing is waiting or in flight. */
  flush(): Promise<void> {
    for (const field of Array.from(this.#scheduled.keys())) {
      this.commit(field);
    }
    if (this.#inFlight === null && this.#queue.length === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
    });
  }

  /** Stops timers and forgets the page; what is in flight still finishes. */
  dispose(): void {
    this.#disposed = true;
    for (const field of Array.from(this.#scheduled.keys())) {
      this.#dropScheduled(field);
    }
    live.delete(this as Autosave<object>);
  }

  #noteChange(field: string, draft: string | undefined): number {
    this.#counter += 1;
    this.#latest.set(field, this.#counter);
    if (draft !== undefined) {
      this.#options.drafts?.write(field, draft);
    }
    return this.#counter;
  }

  #dropScheduled(field: string): void {
    const scheduled = this.#scheduled.get(field);
    if (scheduled !== undefined) {
      clearTimeout(scheduled.timer);
      this.#scheduled.delete(field);
    }
  }

  #enqueue(patch: P, versions: Map<string, number>, retried = false): void {
    const last = this.#queue[this.#queue.length - 1];
    const canMerge = this.#options.canMerge ?? (() => true);
    if (last !== undefined && !last.retried && !retried && canMerge(last.patch, patch)) {
      last.patch = { ...last.patch, ...patch };
      for (const [field, version] of versions) {
        last.versions.set(field, version);
      }
    } else {
      this.#queue.push({ patch, versions, retried });
    }
    this.#pump();
  }

  #pump(): void {
    if (this.#inFlight !== null) {
      return;
    }
    const batch = this.#queue.shift();
    if (batch === undefined) {
      const waiters = this.#waiters.splice(0);
      for (const resolve of waiters) {
        resolve();
      }
      return;
    }
    this.#inFlight = batch;
    this.#options.onStatus?.({ state: "saving" });
    let saving: Promise<void>;
    try {
      saving = this.#options.save(batch.patch);
    } catch (reason) {
      saving = Promise.reject(reason);
    }
    saving.then(
      () => {
        for (const [field, version] of batch.versions) {
          if (this.#latest.get(field) === version) {
            this.#options.drafts?.remove(field);
          }
        }
        this.#options.onSaved?.(batch.patch);
        this.#options.onStatus?.({ state: "saved", at: new Date() });
        this.#finish();
      },
      (reason: unknown) => {
        this.#options.onStatus?.({ state: "failed", reason });
        this.#options.onError?.(reason, batch.patch);
        this.#retryWithout(reason, batch);
        this.#finish();
      },
    );
  }

  #retryWithout(reason: unknown, batch: Batch<P>): void {
    if (batch.retried || this.#options.faultyFields === undefined) {
      return;
    }
    const faulty = new Set(this.#options.faultyFields(reason, batch.patch));
    if (faulty.size === 0) {
      return;
    }
    const rest: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(batch.patch)) {
      if (!faulty.has(field)) {
        rest[field] = value;
      }
    }
    if (Object.keys(rest).length === 0) {
      return;
    }
    const versions = new Map(Array.from(batch.versions).filter(([field]) => !faulty.has(field)));
    // Goes before anything queued since, so the older values are not saved last.
    this.#queue.unshift({ patch: rest as P, versions, retried: true });
  }

  #finish(): void {
    this.#inFlight = null;
    this.#pump();
  }
}
