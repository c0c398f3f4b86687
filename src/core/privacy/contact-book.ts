import type { ConsentService } from "../consent/consent.service.ts";
import type { Platform } from "../domain/platform.ts";
import type { Pseudonymizer } from "../identity/pseudonym.ts";
import type { ContactDirectory } from "../ports/contact-directory.port.ts";
import type { Logger } from "../ports/logger.port.ts";
import { ContactAddress, openContactAddress } from "./contact-address.ts";
import type { ContactCipher } from "./contact-cipher.ts";
import type { PrivacyRepository } from "./privacy.repository.port.ts";

/**
 * Where Circolo may write to a member privately. An address is stored only while the member allows direct
 * messages, sealed with AES-256-GCM (ContactCipher); withdrawing that consent deletes it (the privacy
 * feature's consent listener), and so does erasure. It is read only for a member who still allows it.
 */
export class ContactBook implements ContactDirectory {
  readonly #privacy: PrivacyRepository;
  readonly #consent: ConsentService;
  readonly #cipher: ContactCipher;
  readonly #pseudonyms: Pseudonymizer;
  readonly #logger: Logger;

  constructor(deps: {
    privacy: PrivacyRepository;
    consent: ConsentService;
    cipher: ContactCipher;
    pseudonyms: Pseudonymizer;
    logger: Logger;
  }) {
    this.#privacy = deps.privacy;
    this.#consent = deps.consent;
    this.#cipher = deps.cipher;
    this.#pseudonyms = deps.pseudonyms;
    this.#logger = deps.logger;
  }

  /** The member's address, when they allow direct messages and one is stored; null otherwise. */
  async contactFor(memberId: string): Promise<string | null> {
    const sealed = await this.#privacy.sealedContact(memberId);
    if (!sealed) return null;
    if (!(await this.#consent.state(memberId)).direct_messages) return null;
    const address = this.#cipher.open(memberId, sealed);
    if (address === null) this.#logger.warn({ memberId }, "a stored contact address does not open: ignored");
    return address;
  }

  /** Stores the member's address if they allow direct messages now; tells whether it was stored. */
  async remember(memberId: string, address: ContactAddress, at: Date): Promise<boolean> {
    if (!(await this.#consent.state(memberId)).direct_messages) return false;
    await this.#privacy.storeContact(memberId, this.#cipher.seal(memberId, openContactAddress(address)), at);
    return true;
  }

  /**
   * For adapters: the person `userId` opened (or started) their private chat with the bot, whose id is
   * `chatId`. Every membership of theirs on the platform that allows direct messages gets the address;
   * the others get nothing. Returns how many memberships stored it. Telegram calls this on /start in a
   * private chat.
   */
  async rememberPrivateChat(input: { platform: Platform; userId: string; chatId: string; at: Date }): Promise<number> {
    const pseudonym = this.#pseudonyms.pseudonym(input.platform, input.userId);
    const memberships = await this.#privacy.membershipsByPseudonym([pseudonym], null);
    let stored = 0;
    for (const membership of memberships) {
      if (membership.platform !== input.platform) continue;
      const address = ContactAddress.of(input.platform, input.chatId);
      if (await this.remember(membership.id, address, input.at)) stored += 1;
    }
    return stored;
  }

  /** Deletes the member's address; false when none was stored. */
  forget(memberId: string): Promise<boolean> {
    return this.#privacy.deleteContact(memberId);
  }
}
