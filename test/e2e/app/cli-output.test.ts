// `npm run cli` as an operator runs it: its standard output is the command's and nothing else, so it can be
// redirected into a file (npm's "> circolo@… cli" banner goes to stderr, see .npmrc), and it runs compiled code.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

describe("npm run cli", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "circolo-cli-output-"));
  // bin/circolo.mjs runs dist/, which `npm run cli` builds when it is missing or older than the sources.
  beforeAll(() => run(process.execPath, [join(root, "scripts", "build.mjs"), "--if-needed"], { cwd: root }), 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const { DATABASE_URL: _d, CIRCOLO_SECRET: _s, TEST_DATABASE_URL: _t, ...inherited } = process.env;
  const npm = (...args: string[]) =>
    run("npm", ["run", "cli", "--", ...args], { cwd: root, env: { ...inherited, CIRCOLO_DATA_DIR: dataDir } });

  it("prints only the version for --version", async () => {
    const { stdout } = await npm("--version");
    expect(stdout).toBe(`${version}\n`);
  }, 120_000);

  it("writes JSON a file can take as it is", async () => {
    const { stdout } = await npm("campaign", "schema");
    expect(JSON.parse(stdout)).toMatchObject({ type: "object" });
  }, 120_000);

  it("lists communities from the compiled CLI, with no TypeScript loader in the process", async () => {
    const { stdout, stderr } = await run(process.execPath, [join(root, "bin", "circolo.mjs"), "community", "list"], {
      cwd: dataDir,
      env: { ...inherited, CIRCOLO_DATA_DIR: dataDir, NODE_OPTIONS: "" },
    });
    expect(stderr).toBe("");
    expect(stdout.split("\n")[0]).toMatch(/^community\tbrand\tplatform/);
  }, 120_000);
});
