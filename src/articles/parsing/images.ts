import he from 'he';
import { MAX_IMAGE_SIDE } from '../article-input.js';
import { resolveLink } from './links.js';
import { list, type Node, text } from './nodes.js';

/** The image picked for an item, with its size in pixels when the feed gives both sides. */
export interface Image {
  imageUrl: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
}

export const NO_IMAGE: Image = { imageUrl: null, imageWidth: null, imageHeight: null };

const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

/**
 * The first image among media:content (alone or in a media:group), media:thumbnail, image
 * enclosures and itunes:image. An enclosure without a type counts when its file is an image.
 */
export function mediaImage(item: Node, base: string): Image | null {
  const groups = list(item['media:group']) as Node[];
  const candidates = [
    ...list(item['media:content']),
    ...groups.flatMap((group) => list(group['media:content'])),
  ].map((node) => ({ node: node as Node, thumbnail: false }));
  candidates.push(
    ...[
      ...list(item['media:thumbnail']),
      ...groups.flatMap((group) => list(group['media:thumbnail'])),
    ].map((node) => ({ node: node as Node, thumbnail: true })),
    ...list(item.enclosure).map((node) => ({ node: node as Node, thumbnail: false })),
  );
  for (const { node, thumbnail } of candidates) {
    const url = resolveLink(String(node['@_url'] ?? ''), base);
    if (!url) continue;
    const type = String(node['@_type'] ?? '');
    const medium = String(node['@_medium'] ?? '');
    const isImage =
      thumbnail ||
      type.startsWith('image') ||
      medium === 'image' ||
      (!type && !medium && IMAGE_FILE.test(url));
    if (isImage) return { imageUrl: url, ...imageSize(node['@_width'], node['@_height']) };
  }
  const itunes = resolveLink(
    String((item['itunes:image'] as Node | undefined)?.['@_href'] ?? ''),
    base,
  );
  return itunes ? { imageUrl: itunes, imageWidth: null, imageHeight: null } : null;
}

/** Feeds without media elements often carry the lead image inside their HTML. */
export function firstImage(html: string, base: string): Image | null {
  for (const tag of html.match(/<img\b[^>]*>/gi) ?? []) {
    const attributes = tagAttributes(tag);
    const url = resolveLink(he.decode(attributes.get('src') ?? ''), base);
    // Tracking pixels and spacers are not a lead image.
    if (!url || attributes.get('width') === '1') continue;
    return { imageUrl: url, ...imageSize(attributes.get('width'), attributes.get('height')) };
  }
  return null;
}

/** An HTML tag's attributes by lower-case name; the first of a repeated name wins, as in browsers. */
function tagAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /\s([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const [, name, double, single, bare] of tag.matchAll(pattern)) {
    const key = name.toLowerCase();
    if (!attributes.has(key)) attributes.set(key, double ?? single ?? bare ?? '');
  }
  return attributes;
}

/**
 * Both sides as whole pixels within bounds, or neither: one side, "100%", 0 or 99999 is not a size
 * the digest can use.
 */
export function imageSize(width: unknown, height: unknown): Omit<Image, 'imageUrl'> {
  const imageWidth = pixels(width);
  const imageHeight = pixels(height);
  return imageWidth && imageHeight
    ? { imageWidth, imageHeight }
    : { imageWidth: null, imageHeight: null };
}

function pixels(value: unknown): number | null {
  const digits = typeof value === 'number' ? String(value) : text(value);
  if (!/^\d+$/.test(digits)) return null;
  const count = Number(digits);
  return count >= 1 && count <= MAX_IMAGE_SIDE ? count : null;
}
