// Loads a synthetic log into a set of repositories the way Circolo would have stored it: members, the consent
// ledger, events bucketed by the same rules as the recorder (attributed only under an analytics grant), and
// polls with their votes. Runs on the in-memory repositories or on a fresh migrated SQLite database.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Community, defaultCommunitySettings } from "../../../../src/core/domain/community.ts";
import { type EngagementRow, isInteraction } from "../../../../src/core/domain/engagement.ts";
import type { Locale, Platform } from "../../../../src/core/domain/platform.ts";
import type { Repositories } from "../../../../src/core/ports/repositories.port.ts";
import { localDay, utcHour } from "../../../../src/core/time/local-time.ts";
import { openDatabase } from "../../../../src/persistence/database.ts";
import { applyMigrations } from "../../../../src/persistence/migrations/migrator.ts";
import {
  createInMemoryRepositories,
  type InMemoryRepositories,
} from "../../../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { createTestDatabase } from "../../../support/test-database.ts";
import { attributedAt } from "./oracle.ts";
import type { SyntheticLog } from "./synthetic.ts";

/** Repositories to load communities into, and a way to let go of them. */
export interface TestBed {
  readonly name: string;
  readonly repositories: Repositories;
  /**
   * Whether offer and Q&A figures come from those features' tables (on a database they exist, so the digest
   * reads them) or from the rollups (in memory nobody stated them).
   */
  readonly offerAndQaTables: boolean;
  /** States a poll's facts where the campaign tables cannot be read (the in-memory stand-in); no-op on a database. */
  readonly statePoll: (communityId: string, poll: SyntheticLog["polls"][number]) => void;
  close(): Promise<void>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

/** The in-memory repositories (their campaign facts can be stated directly). */
export async function inMemoryBed(): Promise<TestBed & { readonly repositories: InMemoryRepositories }> {
  const repositories = createInMemoryRepositories();
  return {
    name: "in-memory",
    repositories,
    offerAndQaTables: false,
    statePoll: (communityId, poll) =>
      repositories.campaignMetrics.add(communityId, {
        id: poll.id,
        kind: "poll",
        title: poll.title,
        number: null,
        sentAt: poll.sentAt,
        reach: poll.reach,
        responders: new Set(poll.votes.map((v) => v.memberId)).size,
      }),
    close: async () => {},
  };
}

/** A fresh SQLite database, migrated. */
export async function sqliteBed(): Promise<TestBed> {
  const database = await createTestDatabase("sqlite");
  await applyMigrations({ provider: "sqlite", url: database.url, migrationsDir: join(root, "prisma", "migrations") });
  const db = await openDatabase(database.url);
  return {
    name: "sqlite",
    repositories: db.repositories,
    offerAndQaTables: true,
    statePoll: () => {},
    close: async () => {
      await db.close();
      await database.drop();
    },
  };
}

let brandSequence = 0;

/** Stores the log as one community of a brand of its own (or of `brandId`), and returns the community. */
export async function load(
  bed: TestBed,
  log: SyntheticLog,
  options: {
    id: string;
    title?: string;
    brandId?: string;
    brandName?: string;
    platform?: Platform;
    locale?: Locale;
    benchmarkOptIn?: boolean;
  },
): Promise<Community> {
  const { repositories } = bed;
  const brandId = options.brandId ?? `brand-${++brandSequence}`;
  if (!(await repositories.brands.get(brandId)))
    await repositories.brands.create({ id: brandId, name: `Brand ${brandId}` });
  const community = await repositories.communities.upsertByPlatformId({
    id: options.id,
    brandId,
    platform: options.platform ?? "telegram",
    platformId: `-100${options.id}`,
    title: options.title ?? `Community ${options.id}`,
    timeZone: log.timeZone,
    locale: options.locale ?? "en",
    settings: { ...defaultCommunitySettings(), kAnonymity: log.k, benchmarkOptIn: options.benchmarkOptIn ?? false },
  });
  const memberId = (id: string) => `${options.id}-${id}`;
  for (const m of log.members) {
    await repositories.members.touch({
      id: memberId(m.id),
      communityId: community.id,
      pseudonym: `p-${options.id}-${m.id}`,
      at: m.joinedAt,
      roles: [],
      locale: null,
    });
  }
  for (const c of log.consents) {
    await repositories.consents.append({
      communityId: community.id,
      memberId: memberId(c.memberId),
      purpose: c.purpose,
      action: c.granted ? "granted" : "withdrawn",
      noticeVersion: "test",
      at: c.at,
    });
  }
  const rows: EngagementRow[] = log.events.map((e) => ({
    communityId: community.id,
    campaignId: null,
    kind: e.kind,
    at: e.at,
    // As the recorder writes them: only an interaction names its member, and only under an analytics consent.
    memberId: isInteraction(e.kind) && attributedAt(log, e.memberId, e.at) ? memberId(e.memberId) : null,
    dedupeKey: null,
    day: localDay(e.at, log.timeZone),
    hour: utcHour(e.at),
  }));
  for (let i = 0; i < rows.length; i += 1000) await repositories.engagement.writeBatch(rows.slice(i, i + 1000));
  for (const poll of log.polls) {
    const pollId = `${options.id}-${poll.id}`;
    await repositories.polls.create(
      {
        id: pollId,
        communityId: community.id,
        question: poll.title,
        options: ["Yes", "No"],
        multi: false,
        results: "live",
        anonymity: "anonymous",
        segment: { kind: "everyone" },
        channelId: "-100777",
        mentionRoleId: null,
        sentAt: poll.sentAt,
        closesAt: poll.closesAt,
        reach: poll.reach,
      },
      null,
    );
    for (const vote of poll.votes) {
      await repositories.polls.castVote({
        pollId,
        voterKey: `voter-${vote.memberId}`,
        memberId: null,
        option: 0,
        mode: "single",
        at: vote.at,
      });
    }
    bed.statePoll(community.id, { ...poll, id: pollId });
  }
  return community;
}
