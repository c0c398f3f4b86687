/** English messages. The shape of this object is the type every other catalogue must match. */
export const en = {
  generic: {
    failure: "Something went wrong on our side. Please try again in a moment.",
    tryAgain: "Circolo is briefly unavailable. Please try again in a moment.",
  },
  errors: {
    INVALID_INPUT: "That didn't work: {{problem}}",
    UNKNOWN_COMMAND: "I don't know that command. Try /help.",
    NOT_A_MODERATOR: "Only this community's moderators can do that.",
    CONSENT_REQUIRED: "This needs your permission first: see /privacy.",
    COMMUNITY_NOT_FOUND: "This community isn't set up with Circolo (any more).",
    COMMUNITY_ONLY: "Use this command inside your community's server or group.",
    STALE_OR_FORGED_ACTION: "This button is no longer valid. Please run the command again.",
    TEMPORARILY_UNAVAILABLE: "Circolo is briefly unavailable. Please try again in a moment.",
    DUPLICATE_UPDATE: "Already done.",
    SCHEDULE_NOT_FOUND: "No campaign schedule here matches “{{id}}”. See /campaign list.",
  },
  campaign: {
    title: "Scheduled campaigns",
    none: "Nothing is scheduled in this community.",
    line: "{{id}} · {{job}} · {{state}} · next: {{next}}",
    never: "none",
    state: { active: "active", paused: "paused", cancelled: "cancelled", finished: "finished" },
    paused: "Paused {{id}}. Resume it with /campaign resume {{id}}.",
    resumed: "Resumed {{id}}: next run {{next}}.",
    cancelled: "Cancelled {{id}}. It will not run again.",
  },
  usage: {
    label: "Usage: {{usage}}",
  },
  help: {
    title: "Circolo commands",
    intro: "Here is what you can do:",
    moderatorSection: "For moderators:",
  },
  privacy: {
    title: "Your privacy with Circolo",
    notice:
      "Circolo keeps nothing that identifies you unless you say yes. You can change your mind at any time, take a copy of what we keep with /mydata export, or erase it with /mydata erase.",
    stored: "What Circolo keeps about you here: {{summary}}",
    storedNothing: "nothing beyond a pseudonym (a one-way code, not your account id) and the date you joined.",
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
  },
  discord: {
    done: "Done.",
    formUnavailable: "That form could not be opened in time. Please try again.",
  },
  telegram: {
    privateChatClosed: "I can't write to you privately yet. Open a private chat with me and I'll answer there.",
    openPrivateChat: "Open the private chat",
    privateChatReady: "Thanks, now I can write to you here. Send /{{command}} again in your group.",
    privateChatReadyButton: "Thanks, now I can write to you here. Press the button in your group again.",
    linkInvalid: "This link is no longer valid. Send the command again in your group.",
    notAMember: "You are not a member of that group, so I can't open it for you.",
    arguments: {
      unknownFlag: "--{{flag}} is not an option of /{{command}}",
      flagNeedsValue: "--{{flag}} needs a value",
      flagTakesNoValue: "--{{flag}} takes no value",
      repeatedFlag: "--{{flag}} is given more than once",
      missing: "{{option}} is missing",
      notANumber: "{{option}} must be a number, not “{{value}}”",
      notABoolean: "{{option}} must be yes or no, not “{{value}}”",
      notAChoice: "{{option}} must be one of {{choices}}, not “{{value}}”",
      tooManyValues: "/{{command}} takes at most {{count}} values separated by |",
      unexpectedText: "/{{command}} takes no text here: “{{value}}”",
      unclosedQuote: "a quote is opened but never closed",
      missingSubcommand: "say what to do: {{choices}}",
      unknownSubcommand: "“{{value}}” is not one of {{choices}}",
    },
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every catalogue must have. */
export type Catalogue = Widen<typeof en>;
