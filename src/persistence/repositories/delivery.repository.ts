import { z } from "zod";
import type {
  DeliveryRepository,
  NewPromptDelivery,
  PromptCounts,
  PromptDeliveryRecord,
  PromptReason,
  PromptStatus,
} from "../../core/ports/delivery.repository.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import type { PromptDelivery as PromptDeliveryRow } from "../generated/sqlite/client.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";

const statusSchema = z.enum(["sent", "deferred", "skipped"]);
const reasonSchema = z.enum(["quiet_hours", "weekly_cap", "expired", "no_contact", "blocked", "failed"]).nullable();

/** Direct prompts in the PromptDelivery table, one per (campaign, member). */
export class DeliveryRepositoryPrisma implements DeliveryRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async create(input: NewPromptDelivery): Promise<{ record: PromptDeliveryRecord; created: boolean }> {
    try {
      return { record: toRecord(await this.#prisma.promptDelivery.create({ data: input })), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.#prisma.promptDelivery.findUnique({
        where: { campaignId_memberId: { campaignId: input.campaignId, memberId: input.memberId } },
      });
      if (!existing) throw error;
      return { record: toRecord(existing), created: false };
    }
  }

  async get(id: number): Promise<PromptDeliveryRecord | null> {
    const row = await this.#prisma.promptDelivery.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async settleDeferred(
    id: number,
    next: { status: PromptStatus; reason: PromptReason | null; deliverAt: Date },
  ): Promise<boolean> {
    const { count } = await this.#prisma.promptDelivery.updateMany({ where: { id, status: "deferred" }, data: next });
    return count === 1;
  }

  async update(id: number, next: { status: PromptStatus; reason: PromptReason | null; deliverAt: Date }) {
    await this.#prisma.promptDelivery.updateMany({ where: { id }, data: next });
  }

  countPlanned(memberId: string, from: Date, to: Date, exceptId?: number): Promise<number> {
    return this.#prisma.promptDelivery.count({
      where: {
        memberId,
        status: { in: ["sent", "deferred"] },
        deliverAt: { gte: from, lt: to },
        ...(exceptId === undefined ? {} : { id: { not: exceptId } }),
      },
    });
  }

  async counts(campaignId: string): Promise<PromptCounts> {
    const rows = await this.#prisma.promptDelivery.groupBy({
      by: ["status"],
      where: { campaignId },
      _count: { _all: true },
    });
    const counts = { sent: 0, deferred: 0, skipped: 0 };
    for (const row of rows) counts[statusSchema.parse(row.status)] = row._count._all;
    return counts;
  }
}

function toRecord(row: PromptDeliveryRow): PromptDeliveryRecord {
  return {
    id: row.id,
    communityId: row.communityId,
    campaignId: row.campaignId,
    memberId: row.memberId,
    status: statusSchema.parse(row.status),
    reason: reasonSchema.parse(row.reason),
    deliverAt: row.deliverAt,
    createdAt: row.createdAt,
  };
}
