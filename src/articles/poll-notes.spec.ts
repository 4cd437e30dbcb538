import { emptyPollNote, readPollNote, writePollNote } from './poll-notes.js';

describe('a poll note', () => {
  it('counts each reason apart, and reads back what it wrote', () => {
    const note = emptyPollNote();
    note.skipped.noLink = 3;
    note.skipped.noTitle = 1;
    note.unknownEncoding = 'x-klingon';
    const text = writePollNote(note);
    expect(text).toBe(
      '3 items without a link were skipped; 1 item without a title was skipped; ' +
        'unknown encoding "x-klingon", read as UTF-8',
    );
    expect(readPollNote(text)).toEqual(note);
  });

  it('is empty when there is nothing to say, and reads the older combined count', () => {
    expect(writePollNote(emptyPollNote())).toBe('');
    expect(readPollNote('').skipped).toEqual(emptyPollNote().skipped);
    expect(
      readPollNote('4 items without a valid link or title were skipped').skipped.noLinkOrTitle,
    ).toBe(4);
  });
});
