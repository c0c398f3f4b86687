import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { applyCampaignFile } from "../src/app/cli/campaign-apply.ts";
import type { Town } from "./cast.ts";
import type { Stage } from "./stage.ts";

/**
 * Whether a community's campaign plan posts a poll in `week` (1-based) of `weeks`: weekly on Discord, every third
 * week on Telegram (ending with the last week, so its digest has one).
 */
export function pollsInWeek(town: Town, week: number, weeks: number): boolean {
  return town.handle.platform === "discord" || (weeks - week) % 3 === 0;
}

const DAY_MS = 86_400_000;

/**
 * The moderators' plan as a campaign file: a poll every Tuesday at 18:00 local time in each Discord server (a
 * recurring schedule), and one every third Tuesday in each Telegram group (dated runs). Telegram lets a bot send
 * 20 messages a minute in a group and a poll costs about six (post, live counts, final state, results): with
 * eight weeks played in under two minutes, a weekly poll there would spend most of the demo waiting for that
 * limit, which the adapter's throttler keeps. Each poll
 * stays open until the next Wednesday evening. The file is written beside the digests and applied as
 * `circolo campaign apply <file>` applies it.
 */
export async function applyWeeklyPolls(input: {
  stage: Stage;
  towns: readonly Town[];
  weeks: number;
  firstMonday: Date;
  outDir: string;
}) {
  const poll = (town: Town) => ({
    question: town.plan.weeklyPoll.question,
    options: [...town.plan.weeklyPoll.options],
    results: "live",
    // Votes name the members who allow analytics, so the digest counts who was active, not only how many voted.
    anonymity: "attributed",
    closes: "8d",
  });
  const campaigns = input.towns.flatMap((town): object[] => {
    const community = `${town.handle.platform}:${town.handle.platformId}`;
    if (town.handle.platform === "discord") {
      const schedule = { cron: "0 18 * * 2", count: input.weeks };
      return [{ key: "weekly-poll", community, channel: town.handle.channelId, schedule, poll: poll(town) }];
    }
    return Array.from({ length: input.weeks }, (_, i) => i + 1)
      .filter((week) => pollsInWeek(town, week, input.weeks))
      .map((week) => {
        const tuesday = new Date(input.firstMonday.getTime() + ((week - 1) * 7 + 1) * DAY_MS);
        const at = `${tuesday.toISOString().slice(0, 10)} 18:00`;
        return { key: `poll-week-${week}`, community, schedule: { at }, poll: poll(town) };
      });
  });
  const file = { version: 1, campaigns };
  const path = join(input.outDir, "campaigns.yaml");
  await writeFile(path, `# Applied by npm run demo with: circolo campaign apply campaigns.yaml\n${stringify(file)}`);
  const said: string[] = [];
  const code = await applyCampaignFile({
    path,
    dryRun: false,
    repositories: input.stage.app.database.repositories,
    scheduler: input.stage.app.services.scheduler,
    now: input.stage.clock.now(),
    out: { line: (text) => said.push(text), error: (text) => said.push(text) },
  });
  if (code !== 0) throw new Error(`the campaign file was refused:\n${said.join("\n")}`);
  return path;
}
