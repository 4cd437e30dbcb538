/**
 * What a successful poll tells besides its counts, kept in `feeds.last_error` in English (the API
 * returns it as is; the pages read it back with `readPollNote` and say it in Arabic): how many
 * items were skipped and why, and an encoding the feed declared that nobody knows.
 */
export interface PollNote {
  skipped: { noLink: number; noTitle: number; invalid: number; noLinkOrTitle: number };
  /** The label the feed declared, when it was unknown and the feed was read as UTF-8. */
  unknownEncoding: string | null;
}

export type SkipReason = 'noLink' | 'noTitle' | 'invalid';

const SENTENCES: Record<keyof PollNote['skipped'], string> = {
  noLink: 'without a link',
  noTitle: 'without a title',
  invalid: 'with invalid fields',
  // Written before the reasons were counted apart; still read, never written.
  noLinkOrTitle: 'without a valid link or title',
};

export function emptyPollNote(): PollNote {
  return {
    skipped: { noLink: 0, noTitle: 0, invalid: 0, noLinkOrTitle: 0 },
    unknownEncoding: null,
  };
}

/** «3 items without a link were skipped; 1 item without a title was skipped; unknown encoding …». */
export function writePollNote(note: PollNote): string {
  const parts = (Object.keys(SENTENCES) as (keyof PollNote['skipped'])[])
    .filter((reason) => note.skipped[reason] > 0)
    .map((reason) => {
      const count = note.skipped[reason];
      return `${count} ${count === 1 ? 'item' : 'items'} ${SENTENCES[reason]} ${count === 1 ? 'was' : 'were'} skipped`;
    });
  if (note.unknownEncoding !== null) parts.push(unknownEncoding(note.unknownEncoding));
  return parts.join('; ');
}

export function unknownEncoding(label: string): string {
  return `unknown encoding "${label.slice(0, 40)}", read as UTF-8`;
}

export function readPollNote(text: string): PollNote {
  const note = emptyPollNote();
  for (const part of text.split('; ')) {
    const encoding = /^unknown encoding "(.*)", read as UTF-8$/.exec(part);
    if (encoding) note.unknownEncoding = encoding[1];
    for (const [reason, words] of Object.entries(SENTENCES)) {
      const skipped = new RegExp(`^(\\d+) items? ${words} (?:was|were) skipped$`).exec(part);
      if (skipped) note.skipped[reason as keyof PollNote['skipped']] = Number(skipped[1]);
    }
  }
  return note;
}
