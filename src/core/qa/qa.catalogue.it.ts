import type { Catalogue } from "../i18n/catalogue.en.ts";
import type { qaErrorsEn } from "./qa.catalogue.en.ts";

/** I messaggi italiani delle sessioni di domande e risposte: lo spazio `qa` di catalogue.it.ts. */
export const qaIt: Catalogue["qa"] = {
  board: {
    title: "Domande e risposte: {{topic}}",
    intro: "Fai una domanda con /ask e vota (▲) quelle a cui vuoi una risposta.",
    introModerated:
      "Fai una domanda con /ask e vota (▲) quelle a cui vuoi una risposta. Le nuove domande compaiono dopo l'approvazione di un moderatore.",
    endsAt: "Termina {{when}}.",
    noEnd: "Resta aperta finché un moderatore non la chiude.",
    waiting: "In attesa di revisione: {{count}}.",
    empty: "Ancora nessuna domanda. Fai la prima!",
    line: "D{{number}} · ▲ {{votes}} · “{{text}}”",
    lineAnswered: "D{{number}} · ▲ {{votes}} · “{{text}}” · con risposta",
    more: "…e altre {{count}}.",
    closed: "Questa sessione di domande e risposte è chiusa. Grazie per le vostre domande!",
    erased: "(domanda rimossa)",
    upvoteButton: "▲ D{{number}}",
    askButton: "Fai una domanda",
    answerButton: "Rispondi (moderatori)",
    reviewButton: "Da revisionare ({{count}})",
  },
  opened: "La sessione di domande e risposte su “{{topic}}” è aperta in questo canale. {{end}}",
  openedQueue: "Le domande attendono l'approvazione: {{where}}",
  queueStaff: "le schede di revisione arrivano nel canale dello staff.",
  queuePrivate: "usa il pulsante Da revisionare della bacheca o /qa queue; solo i moderatori vedono la coda.",
  closedNow: "La sessione è chiusa; il riepilogo è pubblicato.",
  ask: {
    formTitle: "Fai una domanda",
    formField: "La tua domanda (10-500 caratteri)",
    hint: "Scrivi /ask seguito dalla tua domanda, per esempio: /ask Quando arriva il nuovo gusto?",
    published: "Grazie! La tua domanda è la D{{number}} sulla bacheca.",
    pending: "Grazie! La tua domanda D{{number}} comparirà dopo l'approvazione di un moderatore.",
  },
  upvote: {
    counted: "Hai votato la D{{number}}.",
    already: "Hai già votato la D{{number}}: il voto conta una volta sola. Puoi ritirarlo.",
    withdrawButton: "Ritira il mio voto",
    withdrawn: "Il tuo voto per la D{{number}} è ritirato.",
  },
  review: {
    title: "Domanda da revisionare · {{topic}}",
    question: "D{{number}}: “{{text}}”",
    approve: "Approva",
    reject: "Rifiuta",
    merge: "Unisci a…",
    back: "Indietro",
    into: "Alla D{{number}}",
    mergeTitle: "A quale domanda unire la D{{number}}?",
    noTargets: "Sulla bacheca non c'è ancora una domanda a cui unirla.",
    approved: "La D{{number}} è approvata ed è sulla bacheca.",
    rejected: "La D{{number}} è rifiutata.",
    merged: "La D{{number}} è unita alla D{{into}}.",
    queueTitle: "Coda di revisione · {{topic}}",
    queueEmpty: "Non c'è niente da revisionare.",
    queueLeft: "In attesa dopo questa: {{count}}.",
  },
  answer: {
    title: "Risposta alla D{{number}}",
    posted: "La tua risposta alla D{{number}} è pubblicata.",
    pickTitle: "A quale domanda stai rispondendo?",
    pickButton: "Rispondi alla D{{number}}",
    pickHint:
      "Rispondi nel gruppo con /answer <numero> | <la tua risposta>, per esempio: /answer 3 | La prossima settimana!",
    noneOpen: "Sulla bacheca non c'è una domanda senza risposta.",
    formTitle: "Rispondi alla D{{number}}",
    formField: "La tua risposta",
  },
  hidden: "La D{{number}} è nascosta dalla bacheca.",
  summary: {
    title: "Riepilogo domande e risposte: {{topic}}",
    asked: "Domande fatte: {{count}}",
    answered: "Con risposta: {{count}}",
    median: "Tempo mediano alla prima risposta: {{duration}}",
    medianNone: "Tempo mediano alla prima risposta: ancora nessuna risposta",
    topUnanswered: "Le domande più votate senza risposta:",
    allAnswered: "Ogni domanda sulla bacheca ha avuto una risposta.",
  },
  duration: {
    underMinute: "meno di un minuto",
    minutes: "{{minutes}} min",
    hours: "{{hours}} h {{minutes}} min",
    days: "{{days}} g {{hours}} h",
  },
  end: {
    invalid:
      "Non riesco a leggere la fine. Scrivi una durata (90m, 2h, 1d) o una data e un'ora locali (2026-12-01 18:00).",
    past: "la fine è nel passato.",
    tooFar: "una sessione di domande e risposte può durare al massimo 30 giorni.",
  },
};

/** I messaggi d'errore delle domande e risposte: nello spazio `errors` di catalogue.it.ts. */
export const qaErrorsIt: Record<keyof typeof qaErrorsEn, string> = {
  QA_CHANNEL_UNKNOWN: "Non riesco a capire quale canale sia. Usa il comando nel canale stesso.",
  QA_INVALID_END: "Quella fine non va bene: $t(qa.end.{{reason}})",
  QA_SESSION_EXISTS:
    "In questo canale c'è già una sessione di domande e risposte aperta. Chiudila prima con /qa close.",
  QA_SESSION_NOT_FOUND: "In questo canale non c'è una sessione di domande e risposte aperta.",
  QA_SESSION_CLOSED: "Questa sessione di domande e risposte è chiusa.",
  QA_BOARD_NOT_POSTED:
    "Non sono riuscito a pubblicare la bacheca in questo canale (controlla i miei permessi): nessuna sessione aperta.",
  QA_TEXT_REQUIRED: "Scrivi la tua domanda dopo il comando, per esempio: /ask Quando arriva il nuovo gusto?",
  QA_QUESTION_LENGTH: "Una domanda deve avere da {{min}} a {{max}} caratteri; la tua ne ha {{length}}.",
  QA_TOO_MANY_OPEN: "Hai già {{max}} domande aperte in questa sessione. Aspetta una risposta prima di farne un'altra.",
  QA_QUESTION_NOT_FOUND: "In questa sessione non c'è la domanda {{number}}.",
  QA_NOT_ON_BOARD: "Quella domanda non è sulla bacheca (è in revisione, nascosta, unita o rifiutata).",
  QA_OWN_QUESTION: "Non puoi votare la tua stessa domanda.",
  QA_NOT_UPVOTED: "Non hai votato quella domanda.",
  QA_ALREADY_DECIDED: "Un altro moderatore si è già occupato di quella domanda.",
  QA_MERGE_INVALID: "Una domanda si può unire solo a un'altra domanda sulla bacheca della stessa sessione.",
  QA_ANSWER_LENGTH: "Una risposta deve avere da 1 a {{max}} caratteri.",
  QA_ANSWER_REQUIRED:
    "Scrivi la risposta dopo il numero della domanda, per esempio: /answer 3 | La prossima settimana!",
  QA_ANSWER_NOT_POSTED:
    "Non sono riuscito a pubblicare la risposta nel canale della sessione (controlla i miei permessi).",
};
