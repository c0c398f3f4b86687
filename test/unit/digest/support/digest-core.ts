// The core harness (with the digest feature wired as the composition root wires it) with a fake chart
// renderer (no Vega in unit tests), a fake chat platform and a contact list the test controls.
import type { Community } from "../../../../src/core/domain/community.ts";
import type { ConsentPurpose } from "../../../../src/core/domain/consent.ts";
import type { Member } from "../../../../src/core/domain/member.ts";
import { InteractionRecord } from "../../../../src/core/engagement/interaction.ts";
import { Pseudonymizer } from "../../../../src/core/identity/pseudonym.ts";
import type { ContactDirectory } from "../../../../src/core/ports/contact-directory.port.ts";
import { coreHarness, harnessSecret } from "../../../support/core-harness.ts";
import { FakeCharts } from "../../../support/fake-charts.ts";
import { FakeChat } from "../../polls/support/fake-chat.ts";

/** Contacts the test decides: member id → contact. */
export class TestContacts implements ContactDirectory {
  readonly byMember = new Map<string, string>();
  async contactFor(memberId: string): Promise<string | null> {
    return this.byMember.get(memberId) ?? null;
  }
}

/** The core with the digest feature, a Telegram-like fake chat and the community of chat -100777. */
export async function digestCore() {
  const charts = new FakeCharts();
  const contacts = new TestContacts();
  const h = coreHarness({ chart: charts, contacts });
  const chat = new FakeChat("telegram");
  h.services.chat.register(chat);
  const digest = h.services.digest;
  await h.send({ type: "command", name: "help", options: {} }, { admin: true });
  const community = (await h.repositories.communities.findByPlatformId("telegram", "-100777")) as Community;

  /** The member a user id becomes in the community (the harness's pseudonym key). */
  const pseudonyms = new Pseudonymizer(harnessSecret);
  const member = async (userId: string): Promise<Member> => {
    await h.send({ type: "command", name: "help", options: {} }, { userId });
    const found = await h.repositories.members.findByPseudonym(community.id, pseudonyms.pseudonym("telegram", userId));
    if (!found) throw new Error(`no member for ${userId}`);
    return found;
  };

  const grant = (m: Member, purpose: ConsentPurpose) =>
    h.services.consent.set({
      communityId: community.id,
      memberId: m.id,
      purpose,
      granted: true,
      at: h.clock.now(),
      interaction: new InteractionRecord(),
    });

  return { ...h, chat, charts, contacts, digest, community, member, grant };
}
