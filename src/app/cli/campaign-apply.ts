import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type CampaignFile, campaignFileSchema } from "../../core/campaigns/campaign-file.schema.ts";
import { type PlannedCampaign, type PlanProblem, planCampaign } from "../../core/campaigns/campaign-plan.ts";
import type { Community } from "../../core/domain/community.ts";
import type { AppError } from "../../core/errors/error-codes.ts";
import { reasonOf } from "../../core/errors/issue-reason.ts";
import { Translator } from "../../core/i18n/translator.ts";
import { invalidOfferReasons } from "../../core/offers/offer.schema.ts";
import { invalidPollReasons } from "../../core/polls/poll.schema.ts";
import type { Repositories } from "../../core/ports/repositories.port.ts";
import type { Scheduler } from "../../core/ports/scheduler.port.ts";
import { formatLocal } from "../../core/time/format-local.ts";

const english = new Translator().for("en");

/** A refused poll, offer or session in the words a moderator reads in chat. */
function inEnglish(error: AppError): string {
  return english(`errors.${error.code}`, { ...error.details });
}

/** Where the command writes; tests capture it. */
export interface Output {
  line(text: string): void;
  error(text: string): void;
}

/** Reads a YAML or JSON campaign file and validates it; errors name the file, the path and what is expected. */
export async function readCampaignFile(
  path: string,
): Promise<{ ok: true; file: CampaignFile } | { ok: false; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return { ok: false, problems: [`${path}: ${unreadable(error)}`] };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, problems: [`${path}: not valid YAML or JSON: ${message}`] };
  }
  const parsed = campaignFileSchema.safeParse(raw);
  if (parsed.success) return { ok: true, file: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.flatMap(closest).map((issue) => `${path}: ${pathOf(issue)}: ${inWords(issue)}`),
  };
}

/** Why a file could not be read, in words. */
function unreadable(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a folder, not a campaign file";
    case "EACCES":
    case "EPERM":
      return "cannot be read (permission denied)";
    default:
      return `cannot be read (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`;
  }
}

/**
 * The issues of the alternative closest to what was written, for a value that matched none of a union's (a
 * schedule is `{ at }` or `{ cron, … }`): the one with the fewest problems, its paths made whole. Zod alone only
 * says "Invalid input" at the union.
 */
function closest(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
  const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((inner) => closest({ ...inner, path: [...issue.path, ...inner.path] }));
}

/**
 * What an issue expects, in words. The poll and offer schemas, shared with the chat commands, carry reason
 * codes (`too_few_options`) that chat turns into sentences: here they get the same English sentences.
 */
function inWords(issue: z.core.$ZodIssue): string {
  const section = issue.path[2];
  if (section === "poll" && (invalidPollReasons as readonly string[]).includes(issue.message)) {
    const { reason, params } = reasonOf(invalidPollReasons, [issue]);
    return inEnglish({ code: "INVALID_POLL", details: { reason, ...params } });
  }
  if (section === "offer" && (invalidOfferReasons as readonly string[]).includes(issue.message)) {
    const { reason, params } = reasonOf(invalidOfferReasons, [issue]);
    return inEnglish({ code: "INVALID_OFFER", details: { reason, ...params } });
  }
  if (issue.code === "unrecognized_keys") {
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: expected only the fields \`circolo campaign schema\` lists`;
  }
  return issue.message;
}

function pathOf(issue: z.core.$ZodIssue): string {
  return (
    issue.path
      .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
      .join("") || "(top level)"
  );
}

async function findCommunity(repositories: Repositories, reference: string): Promise<Community | null> {
  const match = /^(discord|telegram):(.+)$/.exec(reference);
  if (match) return repositories.communities.findByPlatformId(match[1] as "discord" | "telegram", match[2] as string);
  return repositories.communities.get(reference);
}

/**
 * `circolo campaign apply <file> [--dry-run]`: validates, shows what would change with the next five
 * runs of each campaign, then stores the schedules. Applying the same file twice changes nothing.
 * Returns the exit code: 0 applied (or nothing to do), 1 invalid file or campaign.
 */
export async function applyCampaignFile(input: {
  path: string;
  dryRun: boolean;
  repositories: Repositories;
  scheduler: Scheduler;
  now: Date;
  out: Output;
}): Promise<number> {
  const { out } = input;
  const read = await readCampaignFile(input.path);
  if (!read.ok) {
    for (const problem of read.problems) out.error(problem);
    out.error("nothing was applied");
    return 1;
  }
  const plans: PlannedCampaign[] = [];
  const problems: PlanProblem[] = [];
  for (const [index, entry] of read.file.campaigns.entries()) {
    const community = await findCommunity(input.repositories, entry.community);
    if (!community) {
      problems.push({
        path: `campaigns[${index}].community`,
        message: `no community "${entry.community}" is known to Circolo`,
      });
      continue;
    }
    const id = `campaign:${community.id}:${entry.key}`;
    const record = await input.repositories.schedules.get(id);
    const existing = record
      ? { status: record, payload: record.payload, startsAt: record.cron ? record.runAt : null }
      : null;
    const planned = planCampaign({ entry, index, community, existing, now: input.now, describe: inEnglish });
    if (planned.ok) plans.push(planned.plan);
    else problems.push(planned.problem);
  }
  if (problems.length > 0) {
    for (const problem of problems) out.error(`${input.path}: ${problem.path}: ${problem.message}`);
    out.error("nothing was applied");
    return 1;
  }
  for (const plan of plans) {
    out.line(`${plan.action.padEnd(9)} ${plan.key} (${plan.community.platform} "${plan.community.title}")`);
    const runs = plan.nextRuns.map((at) => formatLocal(at, plan.community.locale, plan.community.timeZone));
    out.line(`          next runs: ${runs.length > 0 ? runs.join("; ") : "none"}`);
  }
  const changes = plans.filter((p) => p.action !== "unchanged");
  const summary = `${plans.length} campaign(s): ${count(plans, "create")} to create, ${count(plans, "update")} to update, ${count(plans, "unchanged")} unchanged`;
  if (input.dryRun) {
    out.line(`dry run: ${summary}; nothing was applied`);
    return 0;
  }
  for (const plan of changes) await input.scheduler.upsert(plan.spec);
  out.line(`applied: ${summary}`);
  return 0;
}

function count(plans: readonly PlannedCampaign[], action: PlannedCampaign["action"]): number {
  return plans.filter((p) => p.action === action).length;
}
