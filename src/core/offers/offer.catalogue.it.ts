import type { offerErrorsEn, offersEn } from "./offer.catalogue.en.ts";

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** I messaggi delle offerte in italiano (namespace `offers`). */
export const offersIt: Widen<typeof offersEn> = {
  heading: "Offerta {{number}}",
  left: "Rimasti: {{remaining}} su {{quantity}}",
  allClaimed: "Tutti richiesti.",
  validUntil: "Valida fino a {{when}}.",
  opens: "Si può richiedere da {{when}}.",
  terms: "Condizioni: {{terms}}",
  privately: "Il tuo codice arriva in privato: lo vedi solo tu.",
  claimButton: "Richiedi",
  detailsButton: "Dettagli",
  ended: "Questa offerta è terminata.",
  endedCounts: "Richiesti: {{claimed}} su {{quantity}}.",
  claimedTitle: "Il tuo codice per “{{title}}”",
  claimedHow: "Mostra questo codice in negozio. Vale una volta, fino a {{when}}.",
  yourCode: "Il tuo codice:",
  redeemedOn: "Usato {{when}}.",
  noClaimYet: "Non hai ancora richiesto questa offerta.",
  created:
    "L'offerta {{number}} è pubblicata: {{quantity}} codici, al massimo {{perMember}} per membro, validi fino a {{when}}. Membri che possono richiederla: {{reach}}.",
  scheduled: "L'offerta {{number}} sarà pubblicata qui {{starts}} e resterà valida fino a {{when}}.",
  closedNow: "L'offerta {{number}} è chiusa: niente più richieste. I codici già richiesti valgono fino a {{when}}.",
  listTitle: "Offerte",
  none: "Ancora nessuna offerta in questa community.",
  listLine:
    "{{number}}. {{title}} · {{state}} · richiesti {{claimed}} su {{quantity}} · usati {{redeemed}} · conversione {{conversion}} · tempo mediano di utilizzo {{median}} · fino a {{when}}",
  notAvailable: "n/d",
  hours: "{{hours}} h",
  state: { scheduled: "programmata", live: "attiva", closed: "chiusa" },
  invalid: {
    title_missing: "manca il titolo.",
    title_too_long: "il titolo supera i 100 caratteri.",
    description_too_long: "la descrizione supera i 1.000 caratteri.",
    terms_too_long: "le condizioni superano i 1.000 caratteri.",
    quantity_missing: "indica quanti codici ci sono (l'opzione quantity) oppure fornisci i codici del brand.",
    quantity_invalid: "la quantità deve essere un numero intero di almeno 1.",
    quantity_too_large: "un'offerta può avere al massimo 1.000.000 di codici.",
    per_member_invalid: "i codici per membro devono essere un numero intero da 1 a 100.",
    per_member_above_quantity: "un membro non può richiedere più codici di quanti ne abbia l'offerta.",
    starts_invalid:
      "Non riesco a leggere l'inizio. Scrivi now, una durata (2h, 3d) o una data e un'ora locali (2026-12-01 18:00).",
    starts_past: "l'inizio è nel passato.",
    starts_too_far: "un'offerta può iniziare al massimo tra 90 giorni.",
    ends_invalid:
      "Non riesco a leggere la fine. Scrivi una durata dall'inizio (2h, 7d, 1w) o una data e un'ora locali (2026-12-01 18:00).",
    ends_past: "la fine è nel passato.",
    ends_before_start: "la fine viene prima dell'inizio.",
    ends_too_far: "un'offerta può restare valida al massimo 90 giorni.",
    pool_empty: "l'elenco dei codici è vuoto.",
    pool_too_large: "un'offerta può avere al massimo 10.000 codici del brand.",
    pool_too_small: "la quantità supera i {{count}} codici forniti.",
    pool_code_invalid: "“{{code}}” non è un codice: usa da 1 a 64 lettere, cifre, - o _.",
    pool_duplicate: "“{{code}}” compare due volte: ogni codice deve essere diverso.",
    pool_code_in_use: "“{{code}}” appartiene già a un'altra offerta di questo brand.",
    channel_missing: "Non so in quale canale pubblicare.",
    unknown_segment:
      "Non conosco quel segmento. Usa everyone, roles, new_members, active, lapsed, language o personalization.",
    segment_needs_days: "questo segmento richiede un numero di giorni (l'opzione days, per esempio 30).",
    segment_days_range: "il numero di giorni deve essere tra 1 e 365.",
    segment_needs_roles: "il segmento roles richiede almeno un ruolo (l'opzione roles).",
    segment_needs_language: "il segmento language richiede una lingua (l'opzione language, per esempio it).",
    segment_bad_language: "una lingua è un codice di due o tre lettere come it o en.",
    invalid: "le impostazioni dell'offerta non sono valide.",
  },
};

/** I messaggi d'errore delle offerte (namespace `errors`). */
export const offerErrorsIt: Widen<typeof offerErrorsEn> = {
  INVALID_OFFER: "Non posso creare l'offerta: $t(offers.invalid.{{reason}})",
  OFFER_NOT_FOUND: "Qui non c'è un'offerta con quel numero.",
  OFFER_NOT_OPEN: "Questa offerta non si può ancora richiedere.",
  OFFER_CLOSED: "Questa offerta è terminata e non accetta più richieste.",
  OFFER_ALL_CLAIMED: "Tutti i codici di questa offerta sono stati richiesti. Grazie dell'interesse!",
  OFFER_LIMIT_REACHED:
    "Hai già {{limit}} codice/i di questa offerta, il massimo per un membro. Tocca Dettagli per rivedere il tuo codice.",
  OFFER_NOT_IN_SEGMENT: "Grazie dell'interesse! Questa offerta è pensata per un altro gruppo di membri.",
  OFFER_NOT_POSTED:
    "Non sono riuscito a pubblicare l'offerta in questo canale (controlla i miei permessi): non ho creato nulla.",
};
