import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MJMLMinifyOptions } from 'mjml-core';
import { escapeHtml } from '../common/html.js';
import { MjmlProcess } from './mjml-process.js';

export type TemplateValues = Record<string, string>;

/**
 * A compiled template's text: literal strings, never scanned again, and between them the slots
 * each message fills in. Text from an article or a subscriber only ever lands in a string piece,
 * so nothing it says can become a slot.
 */
export type TemplatePiece = string | { slot: string };

export interface RenderedEmail {
  html: string;
  text: string;
}

/**
 * A template compiled once: MJML is turned into HTML with every per-message value left as a
 * slot, so each message only costs a string substitution.
 */
export class CompiledTemplate {
  readonly htmlParts: readonly TemplatePiece[];
  readonly textParts: readonly TemplatePiece[];

  /** A string is our own template text, where `[[key]]` marks a slot; pieces are kept as they are. */
  constructor(html: string | readonly TemplatePiece[], text: string | readonly TemplatePiece[]) {
    this.htmlParts = typeof html === 'string' ? slotPieces(html) : html;
    this.textParts = typeof text === 'string' ? slotPieces(text) : text;
  }

  render(values: TemplateValues): RenderedEmail {
    return {
      html: joinPieces(this.htmlParts, (key) => escapeHtml(values[key] ?? '')),
      text: joinPieces(this.textParts, (key) => values[key] ?? ''),
    };
  }
}

/** Template text split at its `[[key]]` slots. Only for text we wrote, never for a value. */
export function slotPieces(text: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push({ slot: match[1] });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

function joinPieces(pieces: readonly TemplatePiece[], value: (key: string) => string): string {
  return pieces.map((piece) => (typeof piece === 'string' ? piece : value(piece.slot))).join('');
}

const PLACEHOLDER = /\[\[([a-z_]+)\]\]/g;
/** `{{{block}}}` or `{{value}}`, matched in one pass so nothing filled in is read again. */
const SLOT = /\{\{\{\s*([a-z_]+)\s*\}\}\}|\{\{\s*([a-z_]+)\s*\}\}/g;
const PARTIAL = /\{\{>\s*([a-z0-9_-]+)\s*\}\}/g;

/** One MJML compiler for the process, shared by every renderer: compiles are rare and short. */
const mjmlCompiler = new MjmlProcess();

/**
 * htmlnano's safe preset, less what an email cannot afford: alt="" must stay (it is how an
 * image says it is decorative; collapsed to a bare `alt`, some clients drop it), and there is no
 * SVG to optimise (that module is ESM-only and would load for nothing).
 */
const MINIFY_OPTIONS = {
  minifyCss: false,
  minifySvg: false,
  removeEmptyAttributes: false,
  collapseBooleanAttributes: false,
} as MJMLMinifyOptions; // htmlnano takes all its module switches; the type names only a few.

/**
 * A value for MJML/HTML: escaped, and every "[" written as an entity, so no value can spell a
 * `[[key]]` slot in the compiled HTML; only the slots this code puts in are there to find.
 * (MJML and its minifier keep entities as they are; a reader's client shows "[".)
 */
function escapeMjmlValue(value: string): string {
  return escapeHtml(value).replace(/\[/g, '&#91;');
}

/** The text part needs no escaping: its values stay string pieces, never scanned for slots. */
function asText(value: string): string {
  return value;
}

/**
 * Reads `templates/NAME.mjml` and `templates/NAME.txt`. Inside them `{{> partial}}` pulls in
 * `templates/partials/partial.mjml` (ours, since MJML's own includes are off), and `{{key}}` is
 * a value: site values are escaped and baked in at compile time, per-message values become
 * placeholders. Editors change the look by editing these files.
 */
export class TemplateRenderer {
  constructor(private readonly directory: string) {}

  /**
   * `blocks` are markup this code built from escaped values (the digest's article cards), put in
   * where the template says `{{{name}}}`; nothing from outside reaches a template unescaped.
   */
  async compile(
    name: string,
    siteValues: TemplateValues,
    perMessageKeys: readonly string[],
    blocks: { mjml?: TemplateValues; text?: TemplateValues } = {},
  ): Promise<CompiledTemplate> {
    const source = this.expandPartials(this.read(`${name}.mjml`));
    const mjml = joinPieces(
      this.fill(name, source, siteValues, escapeMjmlValue, blocks.mjml, perMessageKeys),
      (key) => `[[${key}]]`,
    );
    const html = await mjmlCompiler.toHtml(mjml, {
      validationLevel: 'strict',
      ignoreIncludes: true,
      keepComments: false,
      fonts: {},
      // Gmail clips a message whose HTML passes ~102 KB, footer and unsubscribe link first.
      minify: true,
      minifyOptions: MINIFY_OPTIONS,
    });
    const text = this.fill(
      name,
      this.read(`${name}.txt`),
      siteValues,
      asText,
      blocks.text,
      perMessageKeys,
    );
    // Every "[" a value brought into the HTML is an entity now, so the slots found are ours.
    return new CompiledTemplate(html, text);
  }

  /** A partial filled with values: escaped for MJML, or as they are for the text part. */
  fragment(
    partial: string,
    kind: 'mjml' | 'txt',
    values: TemplateValues,
    blocks: TemplateValues = {},
  ): string {
    const source = this.read(join('partials', `${partial}.${kind}`));
    const pieces = this.fill(
      partial,
      source,
      values,
      kind === 'mjml' ? escapeMjmlValue : asText,
      blocks,
    );
    return joinPieces(pieces, (key) => {
      throw new Error(`templates/partials/${partial}: no slot [[${key}]] in a fragment`);
    });
  }

  /**
   * The template's text in pieces: our own text split at its `[[key]]` slots, `{{key}}` of a
   * per-message key as a slot, every value and block as one string piece. One pass: what is put
   * in is never scanned again, so an article whose title says "{{x}}", "{{{x}}}" or "[[x]]"
   * shows those characters instead of being read as a template.
   */
  private fill(
    name: string,
    source: string,
    values: TemplateValues,
    escape: (value: string) => string,
    blocks: TemplateValues = {},
    slots: readonly string[] = [],
  ): TemplatePiece[] {
    const pieces: TemplatePiece[] = [];
    let last = 0;
    for (const match of source.matchAll(SLOT)) {
      pieces.push(...slotPieces(source.slice(last, match.index)));
      last = match.index + match[0].length;
      const [, block, key] = match as unknown as [string, string | undefined, string | undefined];
      if (block !== undefined) {
        if (!Object.hasOwn(blocks, block)) {
          throw new Error(`templates/${name}: unknown block {{{${block}}}}`);
        }
        pieces.push(blocks[block]);
      } else if (slots.includes(key!)) {
        pieces.push({ slot: key! });
      } else if (Object.hasOwn(values, key!)) {
        pieces.push(escape(values[key!]));
      } else {
        throw new Error(`templates/${name}: unknown value {{${key}}}`);
      }
    }
    pieces.push(...slotPieces(source.slice(last)));
    return pieces;
  }

  private expandPartials(source: string, depth = 0): string {
    if (depth > 5) throw new Error('templates: partials nested more than 5 deep');
    return source.replace(PARTIAL, (_match, partial: string) =>
      this.expandPartials(this.read(join('partials', `${partial}.mjml`)), depth + 1),
    );
  }

  private read(file: string): string {
    return readFileSync(join(this.directory, file), 'utf8');
  }
}
