import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mjml2html from 'mjml';
import type { MJMLMinifyOptions } from 'mjml-core';
import { escapeHtml } from '../common/html.js';

export type TemplateValues = Record<string, string>;

export interface RenderedEmail {
  html: string;
  text: string;
}

/**
 * A template compiled once: MJML is turned into HTML with every per-message value left as a
 * placeholder, so each message only costs a string substitution.
 */
export class CompiledTemplate {
  /** The compiled HTML and text, with `[[key]]` where each message's values go. */
  constructor(
    readonly htmlParts: string,
    readonly textParts: string,
  ) {}

  render(values: TemplateValues): RenderedEmail {
    return {
      html: substitute(this.htmlParts, (key) => escapeHtml(values[key] ?? '')),
      text: substitute(this.textParts, (key) => values[key] ?? ''),
    };
  }
}

const PLACEHOLDER = /\[\[([a-z_]+)\]\]/g;
/** `{{{block}}}` or `{{value}}`, matched in one pass so nothing filled in is read again. */
const SLOT = /\{\{\{\s*([a-z_]+)\s*\}\}\}|\{\{\s*([a-z_]+)\s*\}\}/g;
const PARTIAL = /\{\{>\s*([a-z0-9_-]+)\s*\}\}/g;

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

const WHOLE_PLACEHOLDER = /^\[\[[a-z_]+\]\]$/;

/**
 * Escapes a value for MJML/HTML. "[[" is escaped too, so text from an article can never become a
 * per-message placeholder; the placeholders this code puts in pass through as they are.
 */
function escapeMjmlValue(value: string): string {
  return WHOLE_PLACEHOLDER.test(value) ? value : escapeHtml(value).replace(/\[\[/g, '&#91;[');
}

/** The same for the text part, where entities mean nothing: a zero-width space splits "[[". */
function escapeTextValue(value: string): string {
  return WHOLE_PLACEHOLDER.test(value) ? value : value.replace(/\[\[/g, '[\u200b[');
}

function substitute(text: string, value: (key: string) => string): string {
  return text.replace(PLACEHOLDER, (_match, key: string) => value(key));
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
    const values = {
      ...siteValues,
      ...Object.fromEntries(perMessageKeys.map((key) => [key, `[[${key}]]`])),
    };
    const mjml = this.fill(
      name,
      this.expandPartials(this.read(`${name}.mjml`)),
      values,
      escapeMjmlValue,
      blocks.mjml,
    );
    const result = await mjml2html(mjml, {
      validationLevel: 'strict',
      ignoreIncludes: true,
      keepComments: false,
      fonts: {},
      // Gmail clips a message whose HTML passes ~102 KB, footer and unsubscribe link first.
      minify: true,
      minifyOptions: MINIFY_OPTIONS,
    });
    const text = this.fill(name, this.read(`${name}.txt`), values, escapeTextValue, blocks.text);
    return new CompiledTemplate(result.html, text);
  }

  /** A partial filled with values: escaped for MJML, or as they are for the text part. */
  fragment(
    partial: string,
    kind: 'mjml' | 'txt',
    values: TemplateValues,
    blocks: TemplateValues = {},
  ): string {
    const source = this.read(join('partials', `${partial}.${kind}`));
    return this.fill(
      partial,
      source,
      values,
      kind === 'mjml' ? escapeMjmlValue : escapeTextValue,
      blocks,
    );
  }

  private fill(
    name: string,
    source: string,
    values: TemplateValues,
    escape: (value: string) => string,
    blocks: TemplateValues = {},
  ): string {
    // One pass: a value or block put in is never scanned again, so an article whose title says
    // "{{x}}" or "{{{x}}}" shows those characters instead of being read as a template.
    return source.replace(SLOT, (_match, block: string | undefined, key: string | undefined) => {
      if (block !== undefined) {
        if (block in blocks) return blocks[block];
        throw new Error(`templates/${name}: unknown block {{{${block}}}}`);
      }
      if (key! in values) return escape(values[key!]);
      throw new Error(`templates/${name}: unknown value {{${key}}}`);
    });
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
