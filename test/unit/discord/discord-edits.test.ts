import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EditCoalescer } from "../../../src/platforms/shared/edit-coalescer.ts";

describe("coalesced message edits", () => {
  let sent: [string, string, number][];
  let coalescer: EditCoalescer<string>;
  const send = async (key: string, value: string) => {
    sent.push([key, value, Date.now()]);
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    sent = [];
    coalescer = new EditCoalescer(send, { intervalMs: 3_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends the first edit of a message at once", async () => {
    await coalescer.submit("m1", "v1");
    expect(sent).toEqual([["m1", "v1", 0]]);
  });

  it("sends only the last of many rapid edits, when the window closes", async () => {
    await coalescer.submit("m1", "v1");
    const later = ["v2", "v3", "v4"].map((v) => coalescer.submit("m1", v));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(sent.map(([, v]) => v)).toEqual(["v1"]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(later);
    expect(sent).toEqual([
      ["m1", "v1", 0],
      ["m1", "v4", 3_000],
    ]);
  });

  it("never edits one message twice within the interval", async () => {
    for (let t = 0; t < 10_000; t += 250) {
      void coalescer.submit("m1", `v${t}`);
      await vi.advanceTimersByTimeAsync(250);
    }
    await vi.advanceTimersByTimeAsync(3_000);
    const times = sent.map(([, , at]) => at);
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(3_000);
    expect(sent.at(-1)?.[1]).toBe("v9750");
  });

  it("keeps messages independent of each other", async () => {
    await coalescer.submit("m1", "a1");
    await coalescer.submit("m2", "b1");
    void coalescer.submit("m1", "a2");
    expect(sent.map(([k, v]) => `${k}:${v}`)).toEqual(["m1:a1", "m2:b1"]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sent.map(([k, v]) => `${k}:${v}`)).toEqual(["m1:a1", "m2:b1", "m1:a2"]);
  });

  it("sends an edit at once again after a quiet window", async () => {
    await coalescer.submit("m1", "v1");
    await vi.advanceTimersByTimeAsync(3_000);
    await coalescer.submit("m1", "v2");
    expect(sent).toEqual([
      ["m1", "v1", 0],
      ["m1", "v2", 3_000],
    ]);
  });

  it("flushes pending edits at once on shutdown", async () => {
    await coalescer.submit("m1", "v1");
    const pending = coalescer.submit("m1", "v2");
    expect(coalescer.pendingCount).toBe(1);
    await coalescer.flush();
    await pending;
    expect(sent.map(([, v, at]) => `${v}@${at}`)).toEqual(["v1@0", "v2@0"]);
  });

  it("rejects every coalesced caller when the edit fails", async () => {
    const failing = new EditCoalescer<string>(
      async (_k, v) => {
        if (v === "bad") throw new Error("Unknown Message");
      },
      { intervalMs: 1_000 },
    );
    await failing.submit("m1", "ok");
    const first = failing.submit("m1", "worse");
    const second = failing.submit("m1", "bad");
    const outcomes = Promise.allSettled([first, second]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await outcomes).map((o) => o.status)).toEqual(["rejected", "rejected"]);
  });

  it("waits for a slow edit before sending the next one", async () => {
    let release: () => void = () => {};
    const slow = new EditCoalescer<string>(
      async (key, value) => {
        sent.push([key, value, Date.now()]);
        if (value === "v1") await new Promise<void>((r) => (release = r));
      },
      { intervalMs: 1_000 },
    );
    void slow.submit("m1", "v1");
    void slow.submit("m1", "v2");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent.map(([, v]) => v)).toEqual(["v1"]);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map(([, v, at]) => `${v}@${at}`)).toEqual(["v1@0", "v2@5000"]);
  });
});
