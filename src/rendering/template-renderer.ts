import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mjml2html from 'mjml';
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
const RAW = /\{\{\{\s*([a-z_]+)\s*\}\}\}/g;
const VARIABLE = /\{\{\s*([a-z_]+)\s*\}\}/g;
const PARTIAL = /\{\{>\s*([a-z0-9_-]+)\s*\}\}/g;

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
    return source
      .replace(RAW, (_match, key: string) => {
        if (key in blocks) return blocks[key];
        throw new Error(`templates/${name}: unknown block {{{${key}}}}`);
      })
      .replace(VARIABLE, (_match, key: string) => {
        if (key in values) return escape(values[key]);
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
