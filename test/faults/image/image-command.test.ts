// The container image cannot be built here (no container engine), so this runs what it would run: the same
// command, user and working directory, from a copy of what the image would contain (scripts/image-files.mjs,
// compiled by scripts/build.mjs), and sends SIGTERM to that process as `docker stop` sends it to PID 1.
import { chownSync, lstatSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { type AppProcess, startAppProcess } from "../support/app-process.ts";
import { type StagedImage, stageImage } from "../support/compiled-app.ts";
import { readLedger } from "../support/ledger.ts";
import { addGroups, confirmedOffset, postPolls, sendVotes } from "../support/poll-burst.ts";
import { waitUntil } from "../support/wait.ts";

/** The official node images' `node` user. */
const NODE_USER = 1000;
/** `docker stop` sends SIGKILL this long after SIGTERM. */
const DOCKER_STOP_GRACE_MS = 10_000;
const asRoot = process.getuid?.() === 0;

/** Every file and folder under `dir` (not following links): node_modules is the checkout's, linked. */
function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    yield path;
    if (lstatSync(path).isDirectory()) yield* walk(path);
  }
}

/** The listening port the app logged. */
function portOf(app: AppProcess): number {
  const up = app.logLines().find((line) => line.msg === "circolo is up");
  return Number(up?.port);
}

describe("the image's command line", () => {
  let image: StagedImage;
  let emulator: TelegramEmulator | undefined;
  let app: AppProcess | undefined;
  beforeAll(() => {
    image = stageImage();
    // As the Dockerfile: the data folder, and only it, belongs to the runtime user.
    const data = join(image.app, "data");
    mkdirSync(data);
    if (asRoot) chownSync(data, NODE_USER, NODE_USER);
  });
  afterEach(async () => {
    await app?.dispose();
    await emulator?.stop();
  });
  afterAll(() => image.remove());

  it("runs node itself on the compiled app, with no TypeScript loader and no npm in between", () => {
    expect(image.runtime.cmd[0]).toBe("node");
    expect(image.runtime.cmd.slice(1).some((arg) => /tsx|\.ts$/.test(arg))).toBe(false);
    expect(image.runtime.user).toBe("node");
  });

  it("ships code the runtime user cannot change", () => {
    const code = [...walk(image.app)].filter((path) => !path.startsWith(join(image.app, "data")));
    expect(code.length).toBeGreaterThan(10);
    for (const path of code) {
      const stat = lstatSync(path);
      // Owned by root (user and group): the runtime user is neither, so only "others" bits apply to it.
      if (asRoot) expect({ path, uid: stat.uid, gid: stat.gid }).toEqual({ path, uid: 0, gid: 0 });
      expect({ path, writableByOthers: (stat.mode & 0o002) !== 0 && !stat.isSymbolicLink() }).toEqual({
        path,
        writableByOthers: false,
      });
    }
  });

  it("drains pending events on SIGTERM to the process and exits 0 before docker would kill it", async () => {
    emulator = await TelegramEmulator.start();
    const env = image.env();
    const databaseUrl = `file:${join(env.CIRCOLO_DATA_DIR!, "circolo.db")}`;
    app = startAppProcess(
      image.app,
      {
        ...env,
        PORT: "0",
        TELEGRAM_BOT_TOKEN: emulator.token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
      },
      { argv: image.runtime.cmd, ...(asRoot ? { uid: NODE_USER, gid: NODE_USER } : {}) },
    );
    await app.ready();
    const pid = app.child.pid!;
    // The process the signal goes to is node running the image's command, as the image's user.
    expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean)).toEqual([...image.runtime.cmd]);
    if (asRoot)
      expect(readFileSync(`/proc/${pid}/status`, "utf8")).toMatch(new RegExp(`^Uid:\\s+${NODE_USER}\\s`, "m"));
    const health = await fetch(`http://127.0.0.1:${portOf(app)}/healthz`);
    expect(health.status).toBe(200);

    const { owner, groups } = addGroups(emulator, 4);
    const polls = await postPolls(emulator, owner, groups);
    const sent = sendVotes(emulator, polls, 400);
    const telegram = emulator;
    await waitUntil(() => confirmedOffset(telegram) - sent[0]!.updateId >= 50, "50 votes to be confirmed", 60_000, 5);
    const signalled = Date.now();
    app.child.kill("SIGTERM");
    const exit = await app.exited;
    const tookMs = Date.now() - signalled;

    const ledger = await readLedger(databaseUrl);
    const handled = sent.filter((vote) => ledger.processed.has(vote.updateId));
    const answered = handled.filter((vote) => emulator!.callbackAnswer(vote.queryId) !== null);
    const recorded = handled.filter((vote) => ledger.votes.get(vote.updateId) === 1);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(DOCKER_STOP_GRACE_MS);
    expect(handled.length).toBeGreaterThanOrEqual(50);
    expect(answered.length).toBe(handled.length);
    expect(recorded.length).toBe(handled.length);
    expect(ledger.rolledUpVotes).toBe(handled.length);
    expect(app.logLines().some((line) => line.msg === "circolo stopped")).toBe(true);
  }, 120_000);
});
