import type { JsonRecord, PersonalDataSource } from "../../core/privacy/personal-data.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { chunks } from "./privacy-member-sources.ts";
import { countPersonalRecords, eraseMember, personalRecords } from "./qa-personal-data.ts";

/**
 * QaQuestion and QaUpvote: the questions a member asked and the ones they upvoted. Erasure unlinks both
 * (the question's text and notify address go too, since a question may name its asker), so the boards' counts
 * stay true; it uses the Q&A repository's own erasure (QaRepository.eraseMember).
 */
export function qaSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "qaQuestions",
    tables: ["QaQuestion", "QaUpvote"],
    async export(subject) {
      const records: JsonRecord[] = [];
      for (const ids of chunks([...subject.memberIds])) {
        const found = await personalRecords(prisma, ids);
        records.push(
          ...found.questions.map(
            (q): JsonRecord => ({
              record: "question",
              session: q.topic,
              number: q.number,
              text: q.text,
              state: q.state,
              askedAt: q.askedAt.toISOString(),
              firstAnsweredAt: q.firstAnsweredAt?.toISOString() ?? null,
            }),
          ),
          ...found.upvotes.map(
            (u): JsonRecord => ({
              record: "upvote",
              session: u.topic,
              question: u.questionNumber,
              at: u.at.toISOString(),
            }),
          ),
        );
      }
      return records;
    },
    async count(subject) {
      let total = 0;
      for (const ids of chunks([...subject.memberIds])) total += await countPersonalRecords(prisma, ids);
      return total;
    },
    async erase(subject) {
      let changed = 0;
      for (const memberId of subject.memberIds) {
        const erased = await eraseMember(prisma, memberId);
        changed += erased.questions + erased.upvotes;
      }
      return changed;
    },
  };
}
