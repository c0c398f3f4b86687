interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Window<V> {
  /** The newest value submitted while the window is open, and everyone waiting for it. */
  pending: { value: V; waiters: Waiter[] } | null;
  timer: NodeJS.Timeout | null;
  /** The edit being sent (never rejecting), so that two edits of one message never overlap. */
  sending: Promise<void>;
}

/**
 * Coalesces edits of one message: the first edit is sent at once and opens a window of `intervalMs(key)`;
 * edits submitted while it is open replace each other, and only the last is sent when it closes (which
 * opens the next window). Live counts on a busy poll thus cost one edit per message every few seconds,
 * and the message always ends on the newest view.
 *
 * Each promise settles once an edit carrying its value, or a newer one, was sent (or failed). Pending
 * edits live only in this process: stopping sends them (flush).
 */
export class EditCoalescer<V> {
  readonly #send: (key: string, value: V) => Promise<void>;
  readonly #intervalMs: (key: string) => number;
  readonly #windows = new Map<string, Window<V>>();
  #flushed = false;

  /** `intervalMs` may depend on the message (Telegram allows private chats more edits than groups). */
  constructor(
    send: (key: string, value: V) => Promise<void>,
    options: { intervalMs: number | ((key: string) => number) },
  ) {
    this.#send = send;
    const interval = options.intervalMs;
    this.#intervalMs = typeof interval === "number" ? () => interval : interval;
  }

  /** Shows `value` on message `key`, now or when its current window closes. */
  submit(key: string, value: V): Promise<void> {
    if (this.#flushed) return this.#send(key, value);
    const open = this.#windows.get(key);
    if (!open) {
      const window: Window<V> = { pending: null, timer: null, sending: Promise.resolve() };
      this.#windows.set(key, window);
      return this.#dispatch(key, window, value, []);
    }
    return new Promise<void>((resolve, reject) => {
      if (open.pending) {
        open.pending.value = value;
        open.pending.waiters.push({ resolve, reject });
      } else {
        open.pending = { value, waiters: [{ resolve, reject }] };
      }
    });
  }

  /** Sends every pending edit now and waits for those in flight; later edits go out directly. */
  async flush(): Promise<void> {
    this.#flushed = true;
    const windows = [...this.#windows.entries()];
    this.#windows.clear();
    await Promise.all(
      windows.map(async ([key, window]) => {
        if (window.timer) clearTimeout(window.timer);
        await window.sending;
        const pending = window.pending;
        window.pending = null;
        if (pending) await this.#dispatch(key, window, pending.value, pending.waiters).catch(() => {});
      }),
    );
  }

  /** How many messages have an edit waiting for their window to close. */
  get pendingCount(): number {
    return [...this.#windows.values()].filter((w) => w.pending).length;
  }

  #dispatch(key: string, window: Window<V>, value: V, waiters: Waiter[]): Promise<void> {
    if (!this.#flushed) {
      window.timer = setTimeout(() => void this.#close(key, window), this.#intervalMs(key));
      window.timer.unref();
    }
    const sending = window.sending.then(() => this.#send(key, value));
    window.sending = sending.then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (error: unknown) => {
        for (const w of waiters) w.reject(error);
      },
    );
    return sending;
  }

  async #close(key: string, window: Window<V>): Promise<void> {
    window.timer = null;
    await window.sending;
    const pending = window.pending;
    window.pending = null;
    if (!pending) {
      if (this.#windows.get(key) === window) this.#windows.delete(key);
      return;
    }
    // The waiters receive the outcome; nobody else listens to this promise.
    await this.#dispatch(key, window, pending.value, pending.waiters).catch(() => {});
  }
}
