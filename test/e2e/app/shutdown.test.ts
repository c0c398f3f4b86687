import { describe, expect, it } from "vitest";
import { databaseUrl } from "../../../src/app/config.ts";
import { openDatabase } from "../../../src/persistence/database.ts";
import { startTestApp } from "../../support/test-app.ts";

const capabilities = {
  ephemeralReplies: true,
  modals: true,
  selectMenus: true,
  nativePolls: false,
  maxMessageLength: 2000,
  maxButtonsPerRow: 5,
  maxActionRows: 5,
};

describe("shutting down", () => {
  it("flushes every pending engagement event before the database closes", async () => {
    const app = await startTestApp();
    const url = databaseUrl(app.config);
    const handled = [];
    for (let i = 1; i <= 40; i++) {
      handled.push(
        app.pipeline.handle(
          {
            platform: "discord",
            updateId: `interaction-${i}`,
            receivedAt: new Date(),
            community: { platformId: "123456789012345678", title: "Drain" },
            user: {
              id: `80351110224678${String(i).padStart(3, "0")}`,
              languageTag: "en-US",
              isAdmin: false,
              roles: [],
            },
            request: { type: "command", name: "help", options: {} },
          },
          capabilities,
        ),
      );
    }
    expect((await Promise.all(handled)).every((o) => o.outcome === "ok")).toBe(true);
    // Interactions' events are written before they are answered; other events wait in the recorder's batch.
    const community = await app.database.prisma.community.findFirstOrThrow();
    for (let i = 0; i < 10; i++) {
      void app.services.engagement.record({
        communityId: community.id,
        timeZone: community.timeZone,
        kind: "vote",
        at: new Date(),
        subject: { kind: "anonymous" },
      });
    }
    expect(app.services.engagement.pendingCount).toBe(10);
    await app.stop();

    const reopened = await openDatabase(url);
    try {
      expect(await reopened.prisma.engagementEvent.count()).toBe(50);
      const rollups = await reopened.prisma.dailyRollup.findMany();
      expect(rollups.reduce((sum, r) => sum + r.count, 0)).toBe(50);
    } finally {
      await reopened.close();
      await app.dispose();
    }
  });
});
