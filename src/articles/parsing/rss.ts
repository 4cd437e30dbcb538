import type { ArticleInput } from '../article-input.js';
import { isoDate } from './dates.js';
import { firstImage, mediaImage, NO_IMAGE } from './images.js';
import { absoluteHttpUrl, resolveLink, withBase } from './links.js';
import { rawHtml, rssText } from './markup.js';
import { attribute, list, type Node, text } from './nodes.js';

/** An RSS 0.9x/2.0 or RDF (RSS 1.0) item; `base` is the channel's (xml:base over the feed's URL). */
export function rssItem(item: Node, channelBase: string): ArticleInput {
  const base = withBase(channelBase, item['@_xml:base']);
  const guid = text(item.guid);
  const guidIsLink = attribute(item.guid, 'isPermaLink').toLowerCase() !== 'false';
  const link =
    resolveLink(text(item.link), withBase(base, attribute(item.link, 'xml:base'))) ||
    resolveLink(attribute(item, 'rdf:about'), base) ||
    (guidIsLink ? absoluteHttpUrl(guid) : '');
  const description = rawHtml(text(item.description));
  const content = rawHtml(text(item['content:encoded']));
  return {
    url: link,
    title: rssText(item.title),
    guid: guid || undefined,
    summary: description || content,
    ...(mediaImage(item, base) ?? firstImage(content || description, base) ?? NO_IMAGE),
    publishedAt: isoDate(
      text(item.pubDate) ||
        text(item['dc:date']) ||
        text(item['atom:updated']) ||
        text(item.pubdate),
    ),
    author: text(item['dc:creator']) || text(item.author) || text(item['itunes:author']),
    categories: list(item.category).map(text).filter(Boolean),
  };
}
