/**
 * Reads a bounce's MIME once into a BounceMessage. mailsplit's Splitter walks the tree as a
 * stream (no recursion), which keeps message/delivery-status as its own part; mailparser's
 * simpleParser would merge it into the text.
 */
import { Readable } from 'node:stream';
import { Splitter, type MimeNode } from '@zone-eu/mailsplit';
import type { BounceMessage } from './failed-recipient.js';
import { decodeCharset, decodeTransfer, htmlToText, parseHeaderBlock } from './mime-text.js';

export const BOUNCE_LIMITS = { maxBytes: 1024 * 1024, maxDepth: 20, maxRecipients: 100 } as const;

export type RefusalCode = 'too-large' | 'too-deep' | 'too-many-recipients' | 'unreadable';

/** A message we will not read: too large, too deeply nested, too many recipients, or broken. */
export class BounceMessageRefused extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'BounceMessageRefused';
  }
}

interface NodeInfo {
  depth: number;
  /** Inside an attached original message: its parts are not the report's own text. */
  returned: boolean;
}

interface Collected {
  headers: Map<string, string>;
  plain: string[];
  html: string[];
  deliveryStatus: string[];
  feedbackReport: string[];
  returnedHeaders: Map<string, string> | null;
}

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const HEADER_TYPES = new Set(['text/rfc822-headers', 'message/global-headers', 'message/global']);
/** Slices fed to the splitter, so a refusal stops the work between slices. */
const SLICE = 64 * 1024;

export async function readBounceMessage(raw: Buffer | string): Promise<BounceMessage> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (bytes.length > BOUNCE_LIMITS.maxBytes) {
    throw new BounceMessageRefused(
      'too-large',
      `message of ${bytes.length} bytes is over the limit`,
    );
  }
  const collected = await splitParts(repairFoldedBoundary(bytes));
  const deliveryStatus = joinOrNull(collected.deliveryStatus);
  const recipientCount =
    (deliveryStatus ?? '').match(/^(final|original)-recipient:/gim)?.length ?? 0;
  if (recipientCount > BOUNCE_LIMITS.maxRecipients * 2) {
    throw new BounceMessageRefused('too-many-recipients', 'the report names too many recipients');
  }
  const body = readableBody(collected, bytes);
  return {
    headers: collected.headers,
    subject: collected.headers.get('subject') ?? '',
    from: addressOf(collected.headers.get('from') ?? ''),
    body,
    deliveryStatus,
    feedbackReport: joinOrNull(collected.feedbackReport),
    returnedHeaders: collected.returnedHeaders,
  };
}

async function splitParts(bytes: Buffer): Promise<Collected> {
  const collected: Collected = {
    headers: new Map(),
    plain: [],
    html: [],
    deliveryStatus: [],
    feedbackReport: [],
    returnedHeaders: null,
  };
  const infos = new Map<MimeNode, NodeInfo>();
  let current: MimeNode | null = null;
  let chunks: Buffer[] = [];
  const flush = (): void => {
    if (current && !current.multipart) takeLeaf(current, Buffer.concat(chunks), infos, collected);
    chunks = [];
  };
  const splitter = new Splitter({ maxHeadSize: BOUNCE_LIMITS.maxBytes });
  const input = Readable.from(slices(bytes), { objectMode: false });
  try {
    for await (const chunk of input.pipe(splitter)) {
      const item = chunk as { type: string };
      if (item.type === 'node') {
        flush();
        current = chunk as MimeNode;
        const info = describe(current, infos);
        if (info.depth > BOUNCE_LIMITS.maxDepth) {
          throw new BounceMessageRefused('too-deep', 'the message nests too many MIME levels');
        }
        infos.set(current, info);
        takeNodeHeaders(current, info, collected);
      } else if (item.type === 'body') {
        chunks.push((chunk as { value: Buffer }).value);
      }
    }
    flush();
  } catch (error) {
    input.destroy();
    splitter.destroy();
    if (error instanceof BounceMessageRefused) throw error;
    throw new BounceMessageRefused(
      'unreadable',
      `the MIME structure cannot be read: ${String(error)}`,
    );
  }
  return collected;
}

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += SLICE) yield bytes.subarray(at, at + SLICE);
}

function describe(node: MimeNode, infos: Map<MimeNode, NodeInfo>): NodeInfo {
  const parent = node.parentNode ? infos.get(node.parentNode as MimeNode) : undefined;
  if (!parent) return { depth: 0, returned: false };
  const parentNode = node.parentNode as MimeNode;
  return { depth: parent.depth + 1, returned: parent.returned || parentNode.rfc822 };
}

function takeNodeHeaders(node: MimeNode, info: NodeInfo, collected: Collected): void {
  const isTop = info.depth === 0;
  const isReturnedRoot =
    !isTop && node.parentNode !== false && (node.parentNode as MimeNode).rfc822;
  if (!isTop && !(isReturnedRoot && collected.returnedHeaders === null)) return;
  const headers = parseHeaderBlock(decodeCharset(node.getHeaders(), ''));
  if (isTop) collected.headers = headers;
  else collected.returnedHeaders = headers;
}

function takeLeaf(
  node: MimeNode,
  raw: Buffer,
  infos: Map<MimeNode, NodeInfo>,
  collected: Collected,
): void {
  const info = infos.get(node);
  if (!info) return;
  const type = node.contentType || 'text/plain';
  if (info.returned && !STATUS_TYPES.has(type)) return;
  const text = decodeCharset(decodeTransfer(raw, node.encoding || ''), node.charset || '').replace(
    /\r\n?/g,
    '\n',
  );
  if (STATUS_TYPES.has(type)) collected.deliveryStatus.push(text);
  else if (type === 'message/feedback-report') collected.feedbackReport.push(text);
  else if (HEADER_TYPES.has(type) || type === 'message/rfc822')
    keepReturnedHeaders(text, collected);
  else if (type === 'text/html') collected.html.push(text);
  else if (type.startsWith('text/')) collected.plain.push(text);
}

/** A returned message given as text (headers part, or an rfc822 part the splitter left whole). */
function keepReturnedHeaders(text: string, collected: Collected): void {
  if (collected.returnedHeaders !== null) return;
  const headers = parseHeaderBlock(text);
  if (headers.size > 0) collected.returnedHeaders = headers;
}

/**
 * Some MTAs fold a Content-Type without indenting the next line (`;\nboundary="x"`), which
 * hides every part. Indenting that line is the repair; Latin-1 keeps the bytes as they were.
 */
function repairFoldedBoundary(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  if (!/;[ \t]*\r?\nboundary=/i.test(text)) return bytes;
  return Buffer.from(text.replace(/;[ \t]*(\r?\n)(boundary=)/gi, ';$1\t$2'), 'latin1');
}

/**
 * The report's text; when the MIME gave none at all (a boundary that never appears), the raw
 * text after the headers, so the readers of free text still see the words.
 */
function readableBody(collected: Collected, bytes: Buffer): string {
  const text =
    collected.plain.length > 0
      ? collected.plain.join('\n')
      : collected.html.map(htmlToText).join('\n');
  if (text.trim() !== '' || collected.deliveryStatus.length > 0) return text;
  const raw = decodeCharset(bytes, '').replace(/\r\n?/g, '\n');
  const start = raw.indexOf('\n\n');
  return start < 0 ? '' : raw.slice(start + 2);
}

function joinOrNull(texts: string[]): string | null {
  return texts.length > 0 ? texts.join('\n') : null;
}

/** The address inside a From value: the part in angle brackets, else the first word with an @. */
export function addressOf(value: string): string {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  if (bracketed) return bracketed[1].toLowerCase();
  const bare = /[^\s<>"(),;:]+@[^\s<>"(),;:]+/.exec(value);
  return bare ? bare[0].toLowerCase() : '';
}
