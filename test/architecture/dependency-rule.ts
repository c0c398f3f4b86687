import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * A layer of the project: the folders it is made of (relative to the project root), the folders its relative
 * imports may reach, and the packages it must never import.
 */
export interface Layer {
  readonly name: string;
  readonly folders: readonly string[];
  readonly mayImport: readonly string[];
  readonly forbiddenPackages: readonly string[];
}

const platformPackages = ["discord.js", "grammy", "@grammyjs/"];
const databasePackages = ["@prisma/", "better-sqlite3", "pg"];

/**
 * The layers, most specific folder first (a file belongs to the first layer with a folder containing it). The
 * allowed edges are those the code had when the rule was written, with one inversion fixed: the adapters'
 * contract (src/platforms/platform-adapter.ts) used to live in src/app. Anything not listed is forbidden, so
 * src/** and commands/ can never import test/, emulators/, demo/, bench/ or scripts/.
 */
export const layers: readonly Layer[] = [
  {
    name: "core",
    folders: ["src/core"],
    mayImport: ["src/core"],
    forbiddenPackages: [...platformPackages, ...databasePackages, "node-cron"],
  },
  {
    name: "commands",
    folders: ["commands"],
    mayImport: ["commands", "src/core"],
    forbiddenPackages: [...platformPackages, ...databasePackages, "node-cron"],
  },
  {
    name: "discord adapter",
    folders: ["src/platforms/discord"],
    mayImport: ["src/platforms/discord", "src/platforms/shared", "src/platforms/platform-adapter.ts", "src/core"],
    forbiddenPackages: ["grammy", "@grammyjs/", ...databasePackages, "node-cron"],
  },
  {
    name: "telegram adapter",
    folders: ["src/platforms/telegram"],
    mayImport: ["src/platforms/telegram", "src/platforms/shared", "src/platforms/platform-adapter.ts", "src/core"],
    forbiddenPackages: ["discord.js", ...databasePackages, "node-cron"],
  },
  {
    name: "platforms",
    folders: ["src/platforms"],
    mayImport: ["src/platforms/shared", "src/platforms/platform-adapter.ts", "src/core"],
    forbiddenPackages: [...platformPackages, ...databasePackages, "node-cron"],
  },
  {
    name: "persistence",
    folders: ["src/persistence"],
    mayImport: ["src/persistence", "src/core"],
    forbiddenPackages: [...platformPackages, "node-cron"],
  },
  {
    name: "scheduling",
    folders: ["src/scheduling"],
    mayImport: ["src/scheduling", "src/core"],
    forbiddenPackages: [...platformPackages, ...databasePackages],
  },
  {
    name: "app",
    folders: ["src/app"],
    mayImport: ["src", "commands", "package.json"],
    forbiddenPackages: [],
  },
  {
    name: "emulators",
    folders: ["emulators"],
    mayImport: ["emulators"],
    forbiddenPackages: [],
  },
  {
    name: "demo",
    folders: ["demo"],
    mayImport: ["demo", "emulators", "src", "commands"],
    forbiddenPackages: [],
  },
];

/** The project's folders the layers are made of; test/, bench/ and scripts/ are tooling, free to import them. */
export const layeredFolders = ["src", "commands", "emulators", "demo"];

const importPattern = /(?:import|export)\s+(?:[^"'`;]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/**
 * Every module specifier a TypeScript source imports or re-exports, statically or dynamically, `import type` and
 * `export type` included.
 */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(importPattern)].map((match) => (match[1] ?? match[2]) as string);
}

/** True when `path` (relative to the root) is `folder` or lies below it. */
function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/** The layer a file (relative to the root) belongs to, if any. */
export function layerOf(path: string): Layer | undefined {
  return layers.find((layer) => layer.folders.some((folder) => within(path, folder)));
}

/** The project-relative path a relative specifier in `file` points at. */
function target(root: string, file: string, spec: string): string {
  return relative(root, resolve(dirname(file), spec));
}

/** The violations of the dependency rule in one file (absolute path) of a layered folder. */
export function violations(root: string, file: string, source: string): string[] {
  const from = relative(root, file);
  const layer = layerOf(from);
  if (!layer) return [`${from} belongs to no layer`];
  const problems: string[] = [];
  for (const spec of importSpecifiers(source)) {
    if (spec.startsWith(".")) {
      const to = target(root, file, spec);
      if (!layer.mayImport.some((folder) => within(to, folder))) problems.push(`${from} (${layer.name}) imports ${to}`);
    } else if (layer.forbiddenPackages.some((p) => (p.endsWith("/") ? spec.startsWith(p) : within(spec, p)))) {
      problems.push(`${from} (${layer.name}) imports ${spec}`);
    }
  }
  return problems;
}

/**
 * The layers as a graph: an edge from one layer to another when its allowed imports reach into the other. While
 * this graph has no cycle, no import cycle can run across layers, whatever the files do.
 */
export function layerGraph(all: readonly Layer[] = layers): Map<string, string[]> {
  const reaches = (allowed: string, folder: string) => within(folder, allowed) || within(allowed, folder);
  return new Map(
    all.map((layer) => [
      layer.name,
      all
        .filter((other) => other !== layer)
        .filter((other) => layer.mayImport.some((a) => other.folders.some((f) => reaches(a, f))))
        .map((other) => other.name),
    ]),
  );
}

/**
 * The relative-import graph of the given sources (absolute path → text), keyed by project-relative path.
 * `import type` and `export type` count like any import: erased when compiled, they cannot make a module read
 * another's exports before it has run, but a loop through them still ties files that should depend one way (a
 * repository naming the client type from the file that builds the repositories). Mutually recursive types are
 * declared together in one file instead (a command's context holds the services, whose registry holds the
 * commands: src/core/commands/command.ts).
 */
export function importGraph(root: string, sources: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources.keys()) graph.set(relative(root, file), []);
  for (const [file, source] of sources) {
    const edges = importSpecifiers(source)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => target(root, file, spec))
      .filter((to) => graph.has(to));
    graph.set(relative(root, file), [...new Set(edges)]);
  }
  return graph;
}

/**
 * The import cycles of a graph, each as the files around it with the first repeated at the end: a depth-first
 * search reports a cycle whenever it meets a file still on its path.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string): void => {
    path.push(file);
    onPath.add(file);
    for (const next of graph.get(file) ?? []) {
      if (onPath.has(next)) cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    onPath.delete(file);
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) if (!done.has(file)) visit(file);
  return cycles;
}

/** Prisma's generated clients: written by `prisma generate`, not by us, and held to no layer. */
const generatedClients = "src/persistence/generated";

/** The TypeScript sources below the given folders of the root, absolute path → text. */
export function readSources(root: string, folders: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const folder of folders) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      const file = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !entry.name.endsWith(".ts") || within(relative(root, file), generatedClients)) continue;
      sources.set(file, readFileSync(file, "utf8"));
    }
  }
  return sources;
}

/** Every violation of the dependency rule in the project's layered folders. */
export function projectViolations(root: string): string[] {
  return [...readSources(root, layeredFolders)].flatMap(([file, source]) => violations(root, file, source));
}
