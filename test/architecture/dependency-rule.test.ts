import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coreViolations, importSpecifiers, violations } from "./dependency-rule.ts";

const root = join(import.meta.dirname, "..", "..");

describe("the dependency rule", () => {
  it("keeps src/core free of platform, database and scheduling imports", () => {
    expect(coreViolations(root)).toEqual([]);
  });

  it("catches a core file importing discord.js, grammy, @prisma/client or node-cron", () => {
    const file = join(root, "src/core/polls/poll.service.ts");
    const source = [
      'import { Client } from "discord.js";',
      'import type { Bot } from "grammy";',
      'export { PrismaClient } from "@prisma/client/runtime";',
      'const cron = await import("node-cron");',
    ].join("\n");
    expect(violations(root, file, source)).toHaveLength(4);
  });

  it("catches a core file reaching into an adapter, the persistence layer, the scheduler or the app", () => {
    const file = join(root, "src/core/polls/poll.service.ts");
    const source = [
      'import { x } from "../../platforms/discord/discord.render.ts";',
      'import { y } from "../../persistence/database.ts";',
      'import { z } from "../../scheduling/cron.scheduler.ts";',
      'import { w } from "../../app/config.ts";',
    ].join("\n");
    expect(violations(root, file, source)).toHaveLength(4);
  });

  it("allows the core to import zod, node built-ins and its own modules", () => {
    const file = join(root, "src/core/polls/poll.service.ts");
    const source =
      'import { z } from "zod";\nimport { createHmac } from "node:crypto";\nimport { ok } from "../errors/result.ts";';
    expect(importSpecifiers(source)).toEqual(["zod", "node:crypto", "../errors/result.ts"]);
    expect(violations(root, file, source)).toEqual([]);
  });
});
