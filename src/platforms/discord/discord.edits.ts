interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Entry<V> {
  /** The newest value submitted during the current window, with everyone waiting for it. */
  pending: { value: V; waiters: Waiter[] } | null;
  timer: NodeJS.Timeout | null;
  /** The edit being sent (settled, never rejecting), so that two edits of one message never overlap. */
  inFlight: Promise<void>;
}

/**
 * Coalesces edits of the same message: the first edit goes out at once and opens a window of
 * `intervalMs`; edits submitted during the window replace each other and only the last one is sent when
 * it closes (opening the next window). Live counts on a busy poll thus cost one edit per message every
 * few seconds, well inside Discord's rate limits, and the message always ends on the latest view.
 *
 * Each promise settles when an edit carrying its value, or a newer one, was sent (or failed).
 * Pending edits live only in this process: a process stopping flushes them (see flush).
 */
export class EditCoalescer<V> {
  readonly #send: (key: string, value: V) => Promise<void>;
  readonly #intervalMs: number;
  readonly #entries = new Map<string, Entry<V>>();
  #closed = false;

  constructor(send: (key: string, value: V) => Promise<void>, options: { intervalMs: number }) {
    this.#send = send;
    this.#intervalMs = options.intervalMs;
  }

  /** Edits the message `key` shows to `value`, now or at the end of its current window. */
  submit(key: string, value: V): Promise<void> {
    if (this.#closed) return this.#send(key, value);
    const entry = this.#entries.get(key);
    if (!entry) {
      const created: Entry<V> = { pending: null, timer: null, inFlight: Promise.resolve() };
      this.#entries.set(key, created);
      return this.#dispatch(key, created, value, []);
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      if (entry.pending) {
        entry.pending.value = value;
        entry.pending.waiters.push(waiter);
      } else {
        entry.pending = { value, waiters: [waiter] };
      }
    });
  }

  /** Sends every pending edit now and waits for all edits in flight; later edits are sent directly. */
  async flush(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#entries.entries()];
    this.#entries.clear();
    await Promise.all(
      entries.map(async ([key, entry]) => {
        if (entry.timer) clearTimeout(entry.timer);
        entry.timer = null;
        await entry.inFlight;
        const pending = entry.pending;
        entry.pending = null;
        if (pending) await this.#dispatch(key, entry, pending.value, pending.waiters).catch(() => {});
      }),
    );
  }

  /** How many messages have an edit waiting for their window to close. */
  get pendingCount(): number {
    return [...this.#entries.values()].filter((e) => e.pending).length;
  }

  #dispatch(key: string, entry: Entry<V>, value: V, waiters: Waiter[]): Promise<void> {
    if (!this.#closed) {
      entry.timer = setTimeout(() => void this.#closeWindow(key, entry), this.#intervalMs);
      entry.timer.unref?.();
    }
    const sending = this.#send(key, value).then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (error: unknown) => {
        for (const w of waiters) w.reject(error);
        throw error;
      },
    );
    entry.inFlight = sending.catch(() => {});
    return sending;
  }

  async #closeWindow(key: string, entry: Entry<V>): Promise<void> {
    entry.timer = null;
    await entry.inFlight;
    const pending = entry.pending;
    entry.pending = null;
    if (!pending) {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      return;
    }
    // The waiters receive the outcome; nothing else is listening to this promise.
    await this.#dispatch(key, entry, pending.value, pending.waiters).catch(() => {});
  }
}
