import type { Catalogue } from "./catalogue.en.ts";

/** Messaggi in italiano. */
export const it: Catalogue = {
  generic: {
    failure: "Qualcosa è andato storto da parte nostra. Riprova tra poco.",
    tryAgain: "Circolo non è disponibile per un momento. Riprova tra poco.",
  },
  errors: {
    INVALID_INPUT: "Non ha funzionato: {{problem}}",
    UNKNOWN_COMMAND: "Non conosco questo comando. Prova /help.",
    NOT_A_MODERATOR: "Solo i moderatori di questa community possono farlo.",
    CONSENT_REQUIRED: "Serve prima il tuo permesso: vedi /privacy.",
    COMMUNITY_NOT_FOUND: "Questa community non è (più) configurata con Circolo.",
    COMMUNITY_ONLY: "Usa questo comando nel server o nel gruppo della tua community.",
    STALE_OR_FORGED_ACTION: "Questo pulsante non è più valido. Esegui di nuovo il comando.",
    TEMPORARILY_UNAVAILABLE: "Circolo non è disponibile per un momento. Riprova tra poco.",
    DUPLICATE_UPDATE: "Già fatto.",
    SCHEDULE_NOT_FOUND: "Nessuna campagna programmata qui corrisponde a “{{id}}”. Vedi /campaign list.",
  },
  campaign: {
    title: "Campagne programmate",
    none: "In questa community non c'è nulla in programma.",
    line: "{{id}} · {{job}} · {{state}} · prossima: {{next}}",
    never: "nessuna",
    state: { active: "attiva", paused: "in pausa", cancelled: "annullata", finished: "conclusa" },
    paused: "{{id}} in pausa. Riprendila con /campaign resume {{id}}.",
    resumed: "{{id}} ripresa: prossima esecuzione {{next}}.",
    cancelled: "{{id}} annullata. Non verrà più eseguita.",
  },
  usage: {
    label: "Uso: {{usage}}",
  },
  help: {
    title: "Comandi di Circolo",
    intro: "Ecco cosa puoi fare:",
    moderatorSection: "Per i moderatori:",
  },
  privacy: {
    title: "La tua privacy con Circolo",
    notice:
      "Circolo non conserva nulla che ti identifichi se non dici di sì. Puoi cambiare idea in qualsiasi momento, avere una copia di ciò che conserviamo con /mydata export o cancellarlo con /mydata erase.",
    stored: "Cosa conserva Circolo su di te qui: {{summary}}",
    storedNothing: "nulla oltre a uno pseudonimo (un codice non reversibile, non il tuo id) e la data di ingresso.",
    purpose: {
      analytics: "Statistiche: conta la tua partecipazione nei report di questa community",
      personalization: "Personalizzazione: scegli sondaggi e offerte adatti a te",
      direct_messages: "Messaggi privati: permetti a Circolo di scriverti in privato",
    },
    stateOn: "attivo",
    stateOff: "disattivato",
    grant: "Consenti {{purpose}}",
    withdraw: "Disattiva {{purpose}}",
    purposeShort: {
      analytics: "statistiche",
      personalization: "personalizzazione",
      direct_messages: "messaggi privati",
    },
    updated: "Salvato: {{purpose}} ora è {{state}}.",
  },
  discord: {
    done: "Fatto.",
    formUnavailable: "Non è stato possibile aprire il modulo in tempo. Riprova.",
  },
  telegram: {
    privateChatClosed: "Non posso ancora scriverti in privato. Apri una chat privata con me e ti risponderò lì.",
    openPrivateChat: "Apri la chat privata",
    privateChatReady: "Grazie, ora posso scriverti qui. Invia di nuovo /{{command}} nel tuo gruppo.",
    privateChatReadyButton: "Grazie, ora posso scriverti qui. Premi di nuovo il pulsante nel tuo gruppo.",
    linkInvalid: "Questo link non è più valido. Invia di nuovo il comando nel tuo gruppo.",
    notAMember: "Non sei membro di quel gruppo, quindi non posso aprirlo per te.",
    arguments: {
      unknownFlag: "--{{flag}} non è un'opzione di /{{command}}",
      flagNeedsValue: "--{{flag}} richiede un valore",
      flagTakesNoValue: "--{{flag}} non accetta un valore",
      repeatedFlag: "--{{flag}} è indicato più di una volta",
      missing: "manca {{option}}",
      notANumber: "{{option}} deve essere un numero, non “{{value}}”",
      notABoolean: "{{option}} deve essere sì o no, non “{{value}}”",
      notAChoice: "{{option}} deve essere uno tra {{choices}}, non “{{value}}”",
      tooManyValues: "/{{command}} accetta al massimo {{count}} valori separati da |",
      unexpectedText: "/{{command}} non accetta testo qui: “{{value}}”",
      unclosedQuote: "delle virgolette sono aperte ma mai chiuse",
      missingSubcommand: "indica cosa fare: {{choices}}",
      unknownSubcommand: "“{{value}}” non è tra {{choices}}",
    },
  },
};
