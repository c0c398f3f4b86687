import type { Catalogue } from "../i18n/catalogue.en.ts";
import type { privacyErrorsEn } from "./privacy.catalogue.en.ts";

/** I messaggi italiani della privacy: lo spazio `privacy` di catalogue.it.ts. */
export const privacyIt: Catalogue["privacy"] = {
  title: "La tua privacy con Circolo",
  notice:
    "Circolo non conserva nulla che ti identifichi se non dici di sì. Senza il tuo consenso ti conosce solo tramite uno pseudonimo (un codice non reversibile, non il tuo id) e conta in forma anonima ciò che fai. Le attività dettagliate vengono cancellate dopo {{days}} giorni, e tutto ciò che ti riguarda se non ti vediamo per lo stesso periodo. Avere una copia: /mydata export; cancellare tutto: /mydata erase; unire i tuoi account su altre piattaforme: /link. Se cancelli mentre un sondaggio, un'offerta o una sessione di domande è ancora in corso, ciò che ne hai usato (il tuo voto, i tuoi codici, le tue domande e i tuoi voti alle domande) continua a contare senza il tuo nome: un codice non reversibile, creato solo per quella campagna e cancellato quando finisce, impedisce di usare la cancellazione per votare o ritirare due volte.",
  noticeVersion: "Informativa privacy, versione {{version}}.",
  stored: "Cosa conserva Circolo su di te adesso:",
  storedLine: "{{section}}: {{count}}",
  section: {
    memberships: "iscrizioni (pseudonimo, data di ingresso, lingua, ruoli)",
    consents: "scelte di consenso",
    engagementEvents: "attività registrate a tuo nome",
    activityDays: "giorni in cui sei stato attivo",
    contactAddresses: "indirizzo della chat privata (cifrato)",
    linkedAccounts: "collegamenti tra account",
    pollVotes: "voti nei sondaggi",
    campaignAudiences: "campagne per cui sei stato scelto",
    directPrompts: "inviti privati",
    privateCopies: "copie private delle campagne",
    digestSubscriptions: "iscrizioni al digest",
    offerClaims: "codici delle offerte che hai richiesto",
    qaQuestions: "domande e voti nelle sessioni di Q&A",
  },
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
  ask: {
    question:
      "Una domanda veloce: Circolo può conservare qualcosa su di te? Non conserva nulla se non lo consenti, e con /privacy puoi cambiare idea quando vuoi.",
    noThanks: "No, grazie",
    granted: "Grazie: {{purpose}} è attivo. Puoi cambiarlo quando vuoi con /privacy.",
    declined: "Va bene: non conserviamo nulla su di te. Usa /privacy se cambi idea.",
  },
  mydata: {
    exportTitle: "I tuoi dati",
    exportReady:
      "Ecco tutto ciò che Circolo conserva collegato a te nelle community di {{brand}}, in un file JSON: {{count}} record.",
    eraseTitle: "Cancella i tuoi dati",
    eraseConfirm:
      "Questo cancella tutto ciò che Circolo conserva su di te nelle community di {{brand}} ({{count}} record), su tutti gli account collegati. I totali anonimi, come i risultati dei sondaggi, restano. Non si può annullare.",
    eraseButton: "Cancella i miei dati",
    cancelButton: "Tieni i miei dati",
    erased:
      "Fatto: i tuoi dati sono cancellati. Una nota senza la tua identità registra solo che c'è stata una cancellazione, e quando.",
    nothingToErase: "Non c'è più nulla da cancellare.",
    kept: "Non è stato cancellato nulla.",
  },
  link: {
    title: "Collega i tuoi account",
    code: "Sull'altro account, in una community dello stesso brand, scrivi questo entro 10 minuti:",
    command: "/link {{code}}",
    linked: "Collegato con: {{accounts}}. Ora /mydata export e /mydata erase valgono per tutti.",
    none: "Nessun altro account è collegato.",
    current: "Account collegati: {{accounts}}",
    account: "{{platform}} · {{community}}",
    unlinkButton: "Scollega i miei account",
    unlinked: "I tuoi account non sono più collegati.",
    notLinked: "Questo account non è collegato a nessun altro.",
  },
};

/** I messaggi italiani dei codici di errore della privacy. */
export const privacyErrorsIt: Record<keyof typeof privacyErrorsEn, string> = {
  LINK_CODE_INVALID: "Questo codice di collegamento non funziona. Usa /link sull'altro account per averne uno nuovo.",
  LINK_CODE_EXPIRED: "Questo codice è scaduto (vale 10 minuti). Usa di nuovo /link sull'altro account.",
  LINK_SAME_ACCOUNT: "Questo codice è per questo stesso account. Scrivilo sull'altro account.",
};
