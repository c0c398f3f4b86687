import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  importCycles,
  importGraph,
  importSpecifiers,
  type Layer,
  layeredFolders,
  layerGraph,
  layerOf,
  layers,
  projectViolations,
  readSources,
  violations,
} from "./dependency-rule.ts";

const root = join(import.meta.dirname, "..", "..");
const at = (path: string) => join(root, path);

describe("the dependency rule", () => {
  it("holds for every file of src, commands, the emulators and the demo", () => {
    expect(projectViolations(root)).toEqual([]);
  });

  it("finds no import cycle among the project's modules", () => {
    expect(importCycles(importGraph(root, readSources(root, layeredFolders)))).toEqual([]);
  });

  it("allows no cycle between layers: the product's layers form a chain from the core to the app", () => {
    expect(importCycles(layerGraph())).toEqual([]);
    expect(layerGraph().get("core")).toEqual([]);
    expect(layerGraph().get("app")).toEqual([
      "core",
      "commands",
      "discord adapter",
      "telegram adapter",
      "platforms",
      "persistence",
      "scheduling",
    ]);
  });

  it("catches two layers allowed to import each other", () => {
    const loosened: Layer[] = layers.map((layer) =>
      layer.name === "core" ? { ...layer, mayImport: [...layer.mayImport, "src/persistence"] } : layer,
    );
    expect(importCycles(layerGraph(loosened))).toEqual([["core", "persistence", "core"]]);
  });

  it("places every file of the layered folders in a layer", () => {
    for (const file of readSources(root, layeredFolders).keys()) {
      expect(layerOf(file.slice(root.length + 1)), file).toBeDefined();
    }
  });

  it("catches a core file importing discord.js, grammy, @prisma/client or node-cron", () => {
    const source = [
      'import { Client } from "discord.js";',
      'import type { Bot } from "grammy";',
      'export { PrismaClient } from "@prisma/client/runtime";',
      'const cron = await import("node-cron");',
    ].join("\n");
    expect(violations(root, at("src/core/polls/poll.service.ts"), source)).toHaveLength(4);
  });

  it("catches a core file reaching into an adapter, the persistence layer, the scheduler or the app", () => {
    const source = [
      'import { x } from "../../platforms/discord/discord.render.ts";',
      'import { y } from "../../persistence/database.ts";',
      'import { z } from "../../scheduling/cron.scheduler.ts";',
      'import { w } from "../../app/config.ts";',
    ].join("\n");
    expect(violations(root, at("src/core/polls/poll.service.ts"), source)).toHaveLength(4);
  });

  it("catches a product file importing from the tests, the emulators, the demo, the bench or the scripts", () => {
    const source = [
      'import { harness } from "../../../test/support/core-harness.ts";',
      'import type { DiscordEmulator } from "../../../emulators/discord/discord-emulator.ts";',
      'import { cast } from "../../../demo/cast.ts";',
      'import { stats } from "../../../bench/stats.ts";',
      'const { build } = await import("../../../scripts/build.mjs");',
    ].join("\n");
    const found = violations(root, at("src/app/cli/digest-cli.ts"), source);
    expect(found).toEqual([
      "src/app/cli/digest-cli.ts (app) imports test/support/core-harness.ts",
      "src/app/cli/digest-cli.ts (app) imports emulators/discord/discord-emulator.ts",
      "src/app/cli/digest-cli.ts (app) imports demo/cast.ts",
      "src/app/cli/digest-cli.ts (app) imports bench/stats.ts",
      "src/app/cli/digest-cli.ts (app) imports scripts/build.mjs",
    ]);
    expect(violations(root, at("commands/poll.command.ts"), 'import "../test/support/fakes.ts";')).toHaveLength(1);
  });

  it("catches an edge between layers that the rule does not allow", () => {
    const adapter = at("src/platforms/telegram/telegram.adapter.ts");
    expect(violations(root, adapter, 'import type { Config } from "../../app/config.ts";')).toEqual([
      "src/platforms/telegram/telegram.adapter.ts (telegram adapter) imports src/app/config.ts",
    ]);
    expect(violations(root, adapter, 'import { ids } from "../discord/discord.ids.ts";')).toHaveLength(1);
    expect(violations(root, adapter, 'import { Client } from "discord.js";')).toHaveLength(1);
    const repository = at("src/persistence/repositories/poll.repository.ts");
    expect(violations(root, repository, 'import { CronScheduler } from "../../scheduling/cron-scheduler.ts";')).toEqual(
      ["src/persistence/repositories/poll.repository.ts (persistence) imports src/scheduling/cron-scheduler.ts"],
    );
    expect(
      violations(root, at("src/scheduling/cron-scheduler.ts"), 'import "../persistence/database.ts";'),
    ).toHaveLength(1);
    expect(
      violations(root, at("commands/poll.command.ts"), 'import { startApp } from "../src/app/app.ts";'),
    ).toHaveLength(1);
    expect(
      violations(root, at("emulators/discord/emulator-state.ts"), 'import "../../src/core/domain/member.ts";'),
    ).toHaveLength(1);
    expect(
      violations(root, at("demo/cast.ts"), 'import { harness } from "../test/support/core-harness.ts";'),
    ).toHaveLength(1);
  });

  it("allows the edges the layers are built on", () => {
    const allowed: [string, string][] = [
      ["src/core/polls/poll.service.ts", 'import { z } from "zod";\nimport { ok } from "../errors/result.ts";'],
      ["commands/poll.command.ts", 'import { poll } from "../src/core/polls/poll-feature.ts";'],
      ["src/platforms/discord/discord.adapter.ts", 'import type { AdapterDeps } from "../platform-adapter.ts";'],
      ["src/platforms/discord/discord.chat.ts", 'import { within } from "../shared/within.ts";'],
      ["src/persistence/database.ts", 'import { PrismaClient } from "@prisma/client";'],
      ["src/scheduling/cron-scheduler.ts", 'import cron from "node-cron";'],
      ["src/app/app.ts", 'import { registry } from "../../commands/index.ts";\nimport "../persistence/database.ts";'],
      ["demo/stage.ts", 'import "../emulators/discord/discord-emulator.ts";\nimport "../src/app/app.ts";'],
    ];
    for (const [file, source] of allowed) expect(violations(root, at(file), source), file).toEqual([]);
  });

  it("reads static, re-exported, type-only and dynamic imports", () => {
    const source = [
      'import { z } from "zod";',
      'import type { Clock } from "../ports/clock.port.ts";',
      'import { type Member, memberSchema } from "../domain/member.ts";',
      'export type { Poll } from "./poll.ts";',
      'export { ok } from "../errors/result.ts";',
      'export type PollId = "a" | "b";',
      'const chart = await import("./chart.ts");',
    ].join("\n");
    expect(importSpecifiers(source)).toEqual([
      "zod",
      "../ports/clock.port.ts",
      "../domain/member.ts",
      "./poll.ts",
      "../errors/result.ts",
      "./chart.ts",
    ]);
  });

  it("catches a cycle of imports, however long, and names the files around it", () => {
    const sources = new Map([
      [at("src/core/a.ts"), 'import { b } from "./b.ts";'],
      [at("src/core/b.ts"), 'export { c } from "./deep/c.ts";'],
      [at("src/core/deep/c.ts"), 'const a = await import("../a.ts");'],
      [at("src/core/d.ts"), 'import { a } from "./a.ts";'],
    ]);
    expect(importCycles(importGraph(root, sources))).toEqual([
      ["src/core/a.ts", "src/core/b.ts", "src/core/deep/c.ts", "src/core/a.ts"],
    ]);
    const selfImport = new Map([[at("src/core/e.ts"), 'import "./e.ts";']]);
    expect(importCycles(importGraph(root, selfImport))).toEqual([["src/core/e.ts", "src/core/e.ts"]]);
  });

  it("sees no cycle in a graph that only shares a dependency, by values or by types", () => {
    const sources = new Map([
      [at("src/core/a.ts"), 'import { b } from "./b.ts";\nimport type { C } from "./c.ts";'],
      [at("src/core/b.ts"), 'import { c } from "./c.ts";'],
      [at("src/core/c.ts"), 'import type { D } from "./d.ts";'],
      [at("src/core/d.ts"), "export type D = string;"],
    ]);
    expect(importCycles(importGraph(root, sources))).toEqual([]);
  });

  it("catches a loop closed through types alone", () => {
    const closedByAType = new Map([
      [at("src/core/a.ts"), 'import { b } from "./b.ts";\nimport { c } from "./c.ts";'],
      [at("src/core/b.ts"), 'import { c } from "./c.ts";'],
      [at("src/core/c.ts"), 'import type { A } from "./a.ts";'],
    ]);
    expect(importCycles(importGraph(root, closedByAType))).toEqual([
      ["src/core/a.ts", "src/core/b.ts", "src/core/c.ts", "src/core/a.ts"],
    ]);
    const builderAndBuilt = new Map([
      [at("src/persistence/database.ts"), 'import { PollRepositoryPrisma } from "./repositories/poll.repository.ts";'],
      [at("src/persistence/repositories/poll.repository.ts"), 'import type { DatabaseClient } from "../database.ts";'],
    ]);
    expect(importCycles(importGraph(root, builderAndBuilt))).toEqual([
      ["src/persistence/database.ts", "src/persistence/repositories/poll.repository.ts", "src/persistence/database.ts"],
    ]);
    const typesBothWays = new Map([
      [at("src/core/commands/command.ts"), 'import type { CoreServices } from "../services.ts";'],
      [at("src/core/services.ts"), 'export type { CommandDefinition } from "./commands/command.ts";'],
    ]);
    expect(importCycles(importGraph(root, typesBothWays))).toEqual([
      ["src/core/commands/command.ts", "src/core/services.ts", "src/core/commands/command.ts"],
    ]);
  });
});
