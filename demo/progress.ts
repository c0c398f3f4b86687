import { SingleBar } from "cli-progress";

/** Where the demo reports how far it is. */
export interface Progress {
  start(total: number): void;
  /** One step done; `label` names the one starting now. */
  step(label: string): void;
  /** Another member or moderator interaction went through the platforms. */
  interaction(): void;
  stop(): void;
}

/** Shows nothing (tests, or output that is not a terminal). */
export const silentProgress: Progress = { start() {}, step() {}, interaction() {}, stop() {} };

/** A progress bar on the terminal: steps of the story, and interactions so far. */
export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar({
    format: "circolo demo {bar} {percentage}% | {label} | {interactions} interactions",
    stream,
    hideCursor: true,
    clearOnComplete: false,
    barsize: 24,
  });
  let interactions = 0;
  let started = false;
  return {
    start(total) {
      bar.start(total, 0, { label: "starting", interactions });
      started = true;
    },
    step(label) {
      if (started) bar.increment(1, { label, interactions });
    },
    interaction() {
      interactions += 1;
      if (started && interactions % 10 === 0) bar.update({ interactions });
    },
    stop() {
      if (started) bar.update({ label: "done", interactions });
      bar.stop();
    },
  };
}

/** One line per step with the time the previous step took (DEMO_TRACE=1: where does the time go?). */
export function traceProgress(): Progress {
  let last = performance.now();
  let cpu = process.cpuUsage();
  let label = "start";
  return {
    start() {},
    step(next) {
      const now = performance.now();
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      process.stderr.write(
        `${((now - last) / 1000).toFixed(2).padStart(7)} s  cpu ${cpuSeconds.toFixed(2).padStart(6)} s  ${label}\n`,
      );
      last = now;
      cpu = process.cpuUsage();
      label = next;
    },
    interaction() {},
    stop() {
      this.step("done");
    },
  };
}
