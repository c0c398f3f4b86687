// The core harness with the digest feature wired as the composition root wires it, but with a fake chart
// renderer (no Vega in unit tests), a fake chat platform and a contact list the test controls.
import type { ChartRenderer, LineChart, RenderedChart } from "../../../../src/core/digest/chart.port.ts";
import { createDigestFeature } from "../../../../src/core/digest/digest-feature.ts";
import type { Community } from "../../../../src/core/domain/community.ts";
import type { ConsentPurpose } from "../../../../src/core/domain/consent.ts";
import type { Member } from "../../../../src/core/domain/member.ts";
import { InteractionRecord } from "../../../../src/core/engagement/interaction.ts";
import { Translator } from "../../../../src/core/i18n/translator.ts";
import { Pseudonymizer } from "../../../../src/core/identity/pseudonym.ts";
import type { ContactDirectory } from "../../../../src/core/ports/contact-directory.port.ts";
import { coreHarness } from "../../../support/core-harness.ts";
import { FakeChat } from "../../polls/support/fake-chat.ts";

/** A chart renderer that records what it was asked to draw and answers with a tiny fake PNG. */
export class FakeCharts implements ChartRenderer {
  readonly drawn: LineChart[] = [];
  failing = false;

  async render(chart: LineChart): Promise<RenderedChart> {
    if (this.failing) throw new Error("the renderer is broken");
    this.drawn.push(chart);
    return { svg: "<svg></svg>", png: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };
  }
}

/** Contacts the test decides: member id → contact. */
export class TestContacts implements ContactDirectory {
  readonly byMember = new Map<string, string>();
  async contactFor(memberId: string): Promise<string | null> {
    return this.byMember.get(memberId) ?? null;
  }
}

/** The core with the digest feature, a Telegram-like fake chat and the community of chat -100777. */
export async function digestCore() {
  const h = coreHarness();
  const chat = new FakeChat("telegram");
  h.services.chat.register(chat);
  const charts = new FakeCharts();
  const contacts = new TestContacts();
  const digest = createDigestFeature(h.services, { chart: charts, translator: new Translator(), contacts });
  await h.send({ type: "command", name: "help", options: {} }, { admin: true });
  const community = (await h.repositories.communities.findByPlatformId("telegram", "-100777")) as Community;

  /** The member a user id becomes in the community (the harness's pseudonym key). */
  const pseudonyms = new Pseudonymizer("core-harness-secret-0123456789abcdef");
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
