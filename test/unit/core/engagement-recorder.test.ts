import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deriveConsentState } from "../../../src/core/domain/consent.ts";
import type { EngagementInput, EngagementRow } from "../../../src/core/domain/engagement.ts";
import { EngagementRecorder } from "../../../src/core/engagement/engagement-recorder.ts";
import { silentLogger } from "../../../src/core/ports/logger.port.ts";
import type { EngagementRepository } from "../../../src/core/ports/repositories.port.ts";

/** Records batches as they are written; can be told to fail. */
class RecordingRepository implements EngagementRepository {
  batches: EngagementRow[][] = [];
  failuresLeft = 0;
  async writeBatch(rows: readonly EngagementRow[]): Promise<number> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error("database is locked");
    }
    this.batches.push([...rows]);
    return rows.length;
  }
  get rows() {
    return this.batches.flat();
  }
}

const grant = deriveConsentState("member-1", [
  { memberId: "member-1", purpose: "analytics", action: "granted", noticeVersion: "v1", at: new Date(0) },
]).analytics!;

const event = (over: Partial<EngagementInput> = {}): EngagementInput => ({
  communityId: "c1",
  timeZone: "Europe/Rome",
  kind: "vote",
  at: new Date("2026-03-28T23:30:00Z"),
  subject: { kind: "anonymous" },
  ...over,
});

describe("the engagement recorder", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes a batch 250 ms after the first event, in one call", async () => {
    const repo = new RecordingRepository();
    const recorder = new EngagementRecorder(repo, { logger: silentLogger });
    for (let i = 0; i < 10; i++) void recorder.record(event());
    await vi.advanceTimersByTimeAsync(249);
    expect(repo.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(repo.batches).toHaveLength(1);
    expect(repo.batches[0]).toHaveLength(10);
  });

  it("writes at once when a batch is full", async () => {
    const repo = new RecordingRepository();
    const recorder = new EngagementRecorder(repo, { logger: silentLogger, maxBatch: 100 });
    const accepted = Array.from({ length: 250 }, () => recorder.record(event()));
    await vi.advanceTimersByTimeAsync(0);
    expect(repo.batches.map((b) => b.length).slice(0, 2)).toEqual([100, 100]);
    await recorder.flush();
    await Promise.all(accepted);
    expect(repo.rows).toHaveLength(250);
  });

  it("writes an urgent event at once, and those arriving during that write together right after it", async () => {
    const repo = new RecordingRepository();
    const recorder = new EngagementRecorder(repo, { logger: silentLogger });
    const first = recorder.record(event(), { urgent: true });
    const later = Array.from({ length: 5 }, () => recorder.record(event(), { urgent: true }));
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all([first, ...later]);
    expect(repo.batches.map((b) => b.length)).toEqual([1, 5]);
  });

  it("names a member only through an analytics grant", async () => {
    const repo = new RecordingRepository();
    const recorder = new EngagementRecorder(repo, { logger: silentLogger });
    void recorder.record(event({ subject: { kind: "member", grant } }));
    void recorder.record(event());
    await recorder.flush();
    expect(repo.rows.map((r) => r.memberId)).toEqual(["member-1", null]);
  });

  it("buckets events into the community's local day and the UTC hour", async () => {
    const repo = new RecordingRepository();
    const recorder = new EngagementRecorder(repo, { logger: silentLogger });
    void recorder.record(event({ at: new Date("2026-03-28T23:30:00Z") }));
    await recorder.flush();
    expect(repo.rows[0]).toMatchObject({ day: "2026-03-29", hour: new Date("2026-03-28T23:00:00Z") });
  });

  it("drops the member from pending events when analytics consent is withdrawn", async () => {
    const repo = new RecordingRepository();
    const recorder = new EngagementRecorder(repo, { logger: silentLogger });
    void recorder.record(event({ subject: { kind: "member", grant } }));
    recorder.forgetMember("member-1");
    await recorder.flush();
    expect(repo.rows).toHaveLength(1);
    expect(repo.rows[0]?.memberId).toBeNull();
  });

  it("keeps a batch that failed to write and writes it on the next try", async () => {
    const repo = new RecordingRepository();
    repo.failuresLeft = 2;
    const recorder = new EngagementRecorder(repo, { logger: silentLogger, retryDelayMs: 1_000 });
    const accepted = recorder.record(event());
    await vi.advanceTimersByTimeAsync(250);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(repo.rows).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await accepted;
    expect(repo.rows).toHaveLength(1);
  });

  it("has written every batch when flush resolves, even while writes take time", async () => {
    vi.useRealTimers();
    const repo = new RecordingRepository();
    // The second batch is the slow one: it is still being written when the later ones are done.
    const delays = [5, 60, 1, 1, 1];
    const slow: EngagementRepository = {
      writeBatch: async (rows) => {
        await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 1));
        return repo.writeBatch(rows);
      },
    };
    const recorder = new EngagementRecorder(slow, { logger: silentLogger, maxBatch: 100 });
    for (let i = 0; i < 350; i++) void recorder.record(event());
    await recorder.close();
    expect(repo.rows).toHaveLength(350);
  });

  it("flushes everything pending on close and then refuses new events", async () => {
    const repo = new RecordingRepository();
    const recorder = new EngagementRecorder(repo, { logger: silentLogger });
    for (let i = 0; i < 7; i++) void recorder.record(event());
    await recorder.close();
    expect(repo.rows).toHaveLength(7);
    await expect(recorder.record(event())).rejects.toThrow(/closed/);
  });
});
