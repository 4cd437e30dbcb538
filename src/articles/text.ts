import he from 'he';

/** Entities to characters, tags left as they are. */
export function decodeEntities(text: string): string {
  return he.decode(text);
}

/** HTML (as feeds carry it) to plain text: tags dropped, entities decoded, white space folded. */
export function htmlToText(html: string): string {
  return he
    .decode(
      html
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/li>/gi, '\n')
        .replace(/<[^>]*>/g, ' '),
    )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

// A hashtag: # after a space, an opening bracket or quote (not inside a URL or an entity), then
// letters, marks, digits or underscores in any script, Arabic included.
const HASHTAG = /(?<![^\s(«“"'])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;

/** The site's hashtags as tags: «#وزارة_الداخلية» → «وزارة الداخلية». */
export function hashtags(text: string): string[] {
  const found = [...text.matchAll(HASHTAG)].map((match) => match[1].replace(/_+/g, ' ').trim());
  return [...new Set(found)];
}

/** Removes the # and underscores of hashtags in running text, as readers see them on the site. */
export function unhashtag(text: string): string {
  return text.replace(HASHTAG, (match, tag: string) =>
    match.replace(`#${tag}`, tag.replace(/_+/g, ' ')),
  );
}

/** Cuts at a word boundary and adds «…»; never in the middle of a word. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.search(/\s\S*$/);
  return `${(space > max * 0.5 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s،,.؛:]+$/u, '')}…`;
}
