import type { ArticleInput } from '../article-input.js';
import { isoDate } from './dates.js';
import { firstImage, mediaImage, NO_IMAGE } from './images.js';
import { resolveLink, withBase } from './links.js';
import { atomHtml, atomText } from './markup.js';
import { list, type Node, text } from './nodes.js';

/** An Atom 1.0 entry; `feedBase` is the feed's (xml:base over the feed's URL). */
export function atomEntry(entry: Node, feedBase: string): ArticleInput {
  const base = withBase(feedBase, entry['@_xml:base']);
  const links = list(entry.link) as Node[];
  const alternate =
    links.find((link) => !link['@_rel'] || link['@_rel'] === 'alternate') ??
    links.find((link) => link['@_rel'] !== 'enclosure' && link['@_rel'] !== 'self') ??
    links[0];
  const url = alternate
    ? resolveLink(String(alternate['@_href'] ?? ''), withBase(base, alternate['@_xml:base']))
    : '';
  const summary = atomHtml(entry.summary);
  const content = atomHtml(entry.content);
  const contentBase = withBase(base, (entry.content as Node | undefined)?.['@_xml:base']);
  return {
    url,
    title: atomText(entry.title),
    guid: text(entry.id) || undefined,
    summary: summary || content,
    ...(mediaImage(entry, base) ??
      enclosureImage(links, base) ??
      firstImage(content || summary, contentBase) ??
      NO_IMAGE),
    publishedAt: isoDate(text(entry.published) || text(entry.updated) || text(entry.issued)),
    author: text((list(entry.author)[0] as Node | undefined)?.name),
    categories: (list(entry.category) as Node[])
      .map((category) => String(category['@_label'] ?? category['@_term'] ?? '').trim())
      .filter(Boolean),
  };
}

function enclosureImage(links: Node[], base: string) {
  const image = links.find(
    (link) => link['@_rel'] === 'enclosure' && String(link['@_type'] ?? '').startsWith('image'),
  );
  const url = image ? resolveLink(String(image['@_href'] ?? ''), base) : '';
  return url ? { imageUrl: url, imageWidth: null, imageHeight: null } : null;
}
