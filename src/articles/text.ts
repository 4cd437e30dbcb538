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

// A link to a tag's page on the site: rel="tag" (WordPress, Blogger) or …/tag/…, …/hashtag/….
const TAG_LINK = /\brel\s*=\s*["']?[^"'>]*\btag\b|\bhref\s*=\s*["'][^"']*\/(?:tags?|hashtags?)\//i;

/**
 * Turns the site's tag links into hashtags («<a rel="tag">اقتصاد</a>» → «#اقتصاد»), so they become
 * tags like hashtags do, and leave the summary with them when they end the post.
 */
export function tagLinksAsHashtags(html: string): string {
  // Bounded lengths keep a hostile feed from making this scan quadratic.
  return html.replace(
    /<a\b([^>]{0,2000})>([^<]{0,200})<\/a>/gi,
    (link, attributes: string, text: string) => {
      if (!TAG_LINK.test(attributes)) return link;
      const word = text.trim().replace(/^#/, '').replace(/\s+/g, '_');
      return word ? ` #${word} ` : ' ';
    },
  );
}

const HASHTAG_WORD = /^#[\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*[,،]?$/u;
const SEPARATOR = /^[,،·|•\-–—]$/u;
const SENTENCE_END = /[.!?؟…»”"')\]]$/u;
const TAGS_LABEL =
  /(?:^|\n)[^\S\n]*(?:الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية|tags|tagged)[^\S\n]*:?[^\S\n]*$/iu;

/**
 * The hashtags a post ends with («…نحو الصعود. #اقتصاد #أسواق») are its tags, not its text: they
 * leave the summary (hashtags() keeps them as tags), or the digest would end on stray words
 * («…الصعود. اقتصاد»). A hashtag inside a sentence stays: it is a word of that sentence, and so is
 * one that ends a sentence without its full stop («ارتفعت أسعار #النفط»).
 */
export function withoutTrailingHashtags(text: string): string {
  const pieces = text.split(/(\s+)/); // words, with the white space between them
  let start = -1;
  for (let index = pieces.length - 1; index >= 0; index--) {
    const piece = pieces[index];
    if (piece.trim() === '' || SEPARATOR.test(piece)) continue;
    if (!HASHTAG_WORD.test(piece)) break;
    start = index;
  }
  if (start < 0) return text;
  const before = pieces.slice(0, start).join('');
  const unlabelled = before.replace(TAGS_LABEL, '');
  const kept = before.trimEnd();
  const afterSentence =
    unlabelled !== before ||
    kept === '' ||
    before.slice(kept.length).includes('\n') ||
    SENTENCE_END.test(kept);
  return afterSentence ? unlabelled.trimEnd() : text;
}

/** Cuts at a word boundary and adds «…»; never in the middle of a word. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.search(/\s\S*$/);
  return `${(space > max * 0.5 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s،,.؛:]+$/u, '')}…`;
}

// "The post <title> appeared first on <site>." (WordPress, Yoast SEO), in English and Arabic.
const FIRST_APPEARED = [
  /\s*(?:The|This) (?:post|article|story)\s[\s\S]{0,500}?(?:appeared first|first appeared) (?:on|in|at)\s[^\n]{0,300}$/i,
  /\s*ظهرت? (?:المقالة|المقال|التدوينة)\s[\s\S]{0,500}?\sأولاً? (?:على|في)\s[^\n]{0,300}$/u,
];

// "Continue reading <title> →" and its kin, when they open a line or follow a sentence or «…».
const READ_MORE =
  /(^|\n|[.!?؟…»”\]]\s*)(?:→\s*)?(?:continue reading|read more|read the rest|read the full (?:article|story)|keep reading|lire la suite|weiterlesen|leia mais|continuar lendo|seguir leyendo|leer más|continua a leggere|تابع القراءة|تابع قراءة|اقرأ المزيد|إقرأ المزيد|أكمل القراءة|اكمل القراءة|متابعة القراءة|واصل القراءة|لقراءة المزيد|للمزيد)(?![\p{L}\p{N}])[^\n]{0,200}$/iu;

/**
 * Removes what CMSs append to a post in their feeds: WordPress's "The post … appeared first on …",
 * "Continue reading …"-style links (in English, Arabic and a few others), and turns a closing
 * «[…]» into «…».
 */
export function withoutFeedTails(text: string): string {
  let result = text;
  for (const pattern of FIRST_APPEARED) result = result.replace(pattern, '');
  result = result.replace(READ_MORE, (_match, before: string) => before.trimEnd());
  return result.replace(/\s*\[\s*(?:…|\.\.\.)\s*\]\s*$/u, '…').trimEnd();
}
