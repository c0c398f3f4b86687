/**
 * Where Circolo may write to a member privately. A contact address (the platform's user id) is kept only
 * for members who consented to direct messages, and forgotten when they withdraw it.
 */
export interface ContactDirectory {
  /** The member's contact address, or null when none is kept. */
  contactFor(memberId: string): Promise<string | null>;
}

/** A directory that knows no contacts: every direct prompt is skipped as `no_contact`. */
export const noContacts: ContactDirectory = { contactFor: async () => null };
