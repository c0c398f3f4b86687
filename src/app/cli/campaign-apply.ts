import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type CampaignFile, campaignFileSchema } from "../../core/campaigns/campaign-file.schema.ts";
import { type PlannedCampaign, type PlanProblem, planCampaign } from "../../core/campaigns/campaign-plan.ts";
import type { Community } from "../../core/domain/community.ts";
import type { AppError } from "../../core/errors/error-codes.ts";
import { Translator } from "../../core/i18n/translator.ts";
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
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, "utf8"), { prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, problems: [`${path}: not valid YAML or JSON: ${message}`] };
  }
  const parsed = campaignFileSchema.safeParse(raw);
  if (parsed.success) return { ok: true, file: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${path}: ${pathOf(issue)}: ${issue.message}`) };
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
