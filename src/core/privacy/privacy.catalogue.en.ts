/** English messages of the privacy feature: the `privacy` namespace of catalogue.en.ts. */
export const privacyEn = {
  title: "Your privacy with Circolo",
  notice:
    "Circolo keeps nothing that identifies you unless you say yes. Without your consent it knows you only by a pseudonym (a one-way code, not your account id) and counts what you do anonymously. Raw activity is deleted after {{days}} days, and everything about you once you have not been seen for that long. Take a copy with /mydata export, erase it with /mydata erase, and join your accounts on other platforms with /link. If you erase while a poll, offer or Q&A session is still running, what you used of it (your vote, your codes, your questions and upvotes) keeps counting without your name: a one-way code, made for that campaign alone and deleted when it ends, stops erasing from being a way to vote or claim twice.",
  noticeVersion: "Privacy notice version {{version}}.",
  stored: "What Circolo keeps about you now:",
  storedLine: "{{section}}: {{count}}",
  section: {
    memberships: "memberships (pseudonym, join date, language, roles)",
    consents: "consent choices",
    engagementEvents: "activity records with your name on them",
    activityDays: "days you were active",
    contactAddresses: "private chat address (encrypted)",
    linkedAccounts: "account links",
    pollVotes: "poll votes",
    campaignAudiences: "campaigns you were picked for",
    directPrompts: "private invitations",
    privateCopies: "private copies of campaigns",
    digestSubscriptions: "digest subscriptions",
    offerClaims: "offer codes you claimed",
    qaQuestions: "Q&A questions and upvotes",
  },
  purpose: {
    analytics: "Analytics: count your participation in this community's reports",
    personalization: "Personalization: pick polls and offers that fit you",
    direct_messages: "Direct messages: let Circolo write to you privately",
  },
  stateOn: "on",
  stateOff: "off",
  grant: "Allow {{purpose}}",
  withdraw: "Stop {{purpose}}",
  purposeShort: {
    analytics: "analytics",
    personalization: "personalization",
    direct_messages: "direct messages",
  },
  updated: "Saved: {{purpose}} is now {{state}}.",
  ask: {
    question:
      "One quick question: may Circolo keep anything about you? Nothing is kept unless you allow it, and /privacy changes it any time.",
    noThanks: "No, thanks",
    granted: "Thanks: {{purpose}} is on. Change it any time with /privacy.",
    declined: "Fine: nothing is kept about you. Use /privacy if you change your mind.",
  },
  mydata: {
    exportTitle: "Your data",
    exportReady:
      "Here is everything Circolo keeps linked to you in {{brand}}'s communities, as a JSON file: {{count}} records.",
    eraseTitle: "Erase your data",
    eraseConfirm:
      "This erases everything Circolo keeps about you in {{brand}}'s communities ({{count}} records), on every linked account. Anonymous totals such as poll results stay. It cannot be undone.",
    eraseButton: "Erase my data",
    cancelButton: "Keep my data",
    erased: "Done: your data is erased. A note without your identity records only that an erasure happened, and when.",
    nothingToErase: "There is nothing left to erase.",
    kept: "Nothing was erased.",
  },
  link: {
    title: "Link your accounts",
    code: "On your other account, in a community of the same brand, type this within 10 minutes:",
    command: "/link {{code}}",
    linked: "Linked with: {{accounts}}. /mydata export and /mydata erase now cover all of them.",
    none: "No other account is linked.",
    current: "Linked accounts: {{accounts}}",
    account: "{{platform}} · {{community}}",
    unlinkButton: "Unlink my accounts",
    unlinked: "Your accounts are no longer linked.",
    notLinked: "This account is not linked to any other.",
  },
};

/** English messages of the privacy feature's error codes. */
export const privacyErrorsEn = {
  LINK_CODE_INVALID: "That link code doesn't work. Run /link on your other account to get a new one.",
  LINK_CODE_EXPIRED: "That link code has expired (they last 10 minutes). Run /link on your other account again.",
  LINK_SAME_ACCOUNT: "That code is for this same account. Type it on your other account.",
};
