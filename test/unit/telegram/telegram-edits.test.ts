import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EditCoalescer } from "../../../src/platforms/shared/edit-coalescer.ts";

/** A coalescer whose sends are recorded with the fake time they happened at. */
function setup(options: { failOn?: string } = {}) {
  const sent: { key: string; value: string; at: number }[] = [];
  const coalescer = new EditCoalescer<string>(
    async (key, value) => {
      sent.push({ key, value, at: Date.now() });
      if (value === options.failOn) throw new Error(`cannot edit to ${value}`);
    },
    { intervalMs: (key) => (key.startsWith("-") ? 3_000 : 1_000) },
  );
  return { coalescer, sent };
}

describe("edit coalescing", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends the first edit at once and only the last of a burst when the window closes", async () => {
    const { coalescer, sent } = setup();
    const all = ["1", "2", "3", "4"].map((v) => coalescer.submit("-100/7", v));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.value)).toEqual(["1"]);
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all(all);
    expect(sent).toEqual([
      { key: "-100/7", value: "1", at: 0 },
      { key: "-100/7", value: "4", at: 3_000 },
    ]);
  });

  it("keeps to one edit per window under a steady stream of edits", async () => {
    const { coalescer, sent } = setup();
    for (let second = 0; second < 10; second++) {
      void coalescer.submit("-100/7", `at ${second}`);
      await vi.advanceTimersByTimeAsync(1_000);
    }
    await vi.advanceTimersByTimeAsync(6_000);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    expect(gaps.every((gap) => gap >= 3_000)).toBe(true);
    expect(sent.at(-1)?.value).toBe("at 9");
    expect(sent.map((s) => s.at)).toEqual([0, 3_000, 6_000, 9_000, 12_000]);
  });

  it("uses the window chosen for each message, independently of the others", async () => {
    const { coalescer, sent } = setup();
    for (const v of ["a", "b"]) {
      void coalescer.submit("-100/1", `group ${v}`);
      void coalescer.submit("42/1", `private ${v}`);
    }
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent.map((s) => `${s.value}@${s.at}`)).toEqual(["group a@0", "private a@0", "private b@1000"]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent.map((s) => s.value)).toContain("group b");
  });

  it("resolves an edit that was superseded once the newer one is sent", async () => {
    const { coalescer } = setup();
    void coalescer.submit("-100/7", "first");
    let settled = false;
    const superseded = coalescer.submit("-100/7", "second").then(() => {
      settled = true;
    });
    void coalescer.submit("-100/7", "third");
    await vi.advanceTimersByTimeAsync(2_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await superseded;
    expect(settled).toBe(true);
  });

  it("rejects the waiters of an edit that failed and carries on with later ones", async () => {
    const { coalescer, sent } = setup({ failOn: "broken" });
    void coalescer.submit("-100/7", "ok");
    const broken = coalescer.submit("-100/7", "broken");
    const outcome = broken.then(
      () => "resolved",
      (error: Error) => error.message,
    );
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await outcome).toBe("cannot edit to broken");
    void coalescer.submit("-100/7", "later");
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sent.map((s) => s.value)).toEqual(["ok", "broken", "later"]);
  });

  it("sends waiting edits at once on flush, and later edits directly", async () => {
    const { coalescer, sent } = setup();
    void coalescer.submit("-100/7", "one");
    void coalescer.submit("-100/7", "two");
    expect(coalescer.pendingCount).toBe(1);
    await coalescer.flush();
    expect(sent.map((s) => `${s.value}@${s.at}`)).toEqual(["one@0", "two@0"]);
    await coalescer.submit("-100/7", "three");
    expect(sent.map((s) => s.value)).toEqual(["one", "two", "three"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
