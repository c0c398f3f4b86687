/** What the members and moderators did during the demo, counted as they did it. */
export class Tally {
  interactions = 0;
  joined = 0;
  consentsGranted = 0;
  consentsWithdrawn = 0;
  erasures = 0;
  pollsPosted = 0;
  votes = 0;
  offers = 0;
  claims = 0;
  redemptions = 0;
  questions = 0;
  upvotes = 0;
  answers = 0;
  digestsPosted = 0;
}
