import type { JsonRecord, PersonalDataSource } from "../../core/privacy/personal-data.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { countPerChunk, perChunk, sumPerChunk } from "./privacy-member-sources.ts";

/** A moderator's private digest subscriptions and the record of the copies they received. */
export function digestSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "digestSubscriptions",
    tables: ["DigestSubscription", "DigestDelivery"],
    async export(subject) {
      const subscriptions = await perChunk(subject.memberIds, (ids) =>
        prisma.digestSubscription.findMany({ where: { memberId: { in: ids } }, orderBy: { createdAt: "asc" } }),
      );
      const deliveries = await perChunk(subject.memberIds, (ids) =>
        prisma.digestDelivery.findMany({ where: { memberId: { in: ids } }, orderBy: { at: "asc" } }),
      );
      return [
        ...subscriptions.map(
          (s): JsonRecord => ({
            record: "subscription",
            memberId: s.memberId,
            scope: s.scope,
            createdAt: s.createdAt.toISOString(),
          }),
        ),
        ...deliveries.map(
          (d): JsonRecord => ({ record: "delivery", memberId: d.memberId, week: d.week, at: d.at.toISOString() }),
        ),
      ];
    },
    async count(subject) {
      return (
        (await sumPerChunk(subject.memberIds, (ids) =>
          prisma.digestSubscription.count({ where: { memberId: { in: ids } } }),
        )) +
        (await sumPerChunk(subject.memberIds, (ids) =>
          prisma.digestDelivery.count({ where: { memberId: { in: ids } } }),
        ))
      );
    },
    async erase(subject) {
      return (
        (await countPerChunk(subject.memberIds, (ids) =>
          prisma.digestSubscription.deleteMany({ where: { memberId: { in: ids } } }),
        )) +
        (await countPerChunk(subject.memberIds, (ids) =>
          prisma.digestDelivery.deleteMany({ where: { memberId: { in: ids } } }),
        ))
      );
    },
  };
}
