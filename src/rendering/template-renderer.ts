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
  constructor(
    private readonly htmlParts: string,
    private readonly textParts: string,
  ) {}

  render(values: TemplateValues): RenderedEmail {
    return {
      html: substitute(this.htmlParts, (key) => escapeHtml(values[key] ?? '')),
      text: substitute(this.textParts, (key) => values[key] ?? ''),
    };
  }
}

const PLACEHOLDER = /\[\[([a-z_]+)\]\]/g;
const VARIABLE = /\{\{\s*([a-z_]+)\s*\}\}/g;
const PARTIAL = /\{\{>\s*([a-z0-9_-]+)\s*\}\}/g;

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

  async compile(
    name: string,
    siteValues: TemplateValues,
    perMessageKeys: readonly string[],
  ): Promise<CompiledTemplate> {
    const fill = (source: string, escape: (value: string) => string) =>
      source.replace(VARIABLE, (match, key: string) => {
        if (perMessageKeys.includes(key)) return `[[${key}]]`;
        if (key in siteValues) return escape(siteValues[key]);
        throw new Error(`templates/${name}: unknown value {{${key}}}`);
      });
    const mjml = fill(this.expandPartials(this.read(`${name}.mjml`)), escapeHtml);
    const result = await mjml2html(mjml, {
      validationLevel: 'strict',
      ignoreIncludes: true,
      keepComments: false,
      fonts: {},
    });
    const text = fill(this.read(`${name}.txt`), (value) => value);
    return new CompiledTemplate(result.html, text);
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
