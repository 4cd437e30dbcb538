import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CompiledTemplate, TemplateRenderer } from './template-renderer.js';

export const TEMPLATES_DIR = join(import.meta.dirname, '..', '..', 'templates');

/**
 * The confirmation goes to whatever address a stranger typed, so it carries nothing they typed:
 * no name (issue 16). The name greets its owner once they have confirmed, in the welcome.
 */
const PER_MESSAGE_KEYS: Record<string, readonly string[]> = {
  confirm: ['confirm_url', 'lists', 'expiry'],
  welcome: ['greeting', 'lists', 'unsubscribe_url', 'preferences_url'],
  // Asked for by whoever typed the address: like the confirmation, it carries nothing they typed.
  unsubscribe: ['unsubscribe_url', 'expiry'],
};

/** Compiles each transactional template once per process, with the site's values baked in. */
@Injectable()
export class EmailTemplates {
  private readonly renderer = new TemplateRenderer(TEMPLATES_DIR);
  private readonly compiled = new Map<string, Promise<CompiledTemplate>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get(name: keyof typeof PER_MESSAGE_KEYS): Promise<CompiledTemplate> {
    let template = this.compiled.get(name);
    if (!template) {
      template = this.renderer.compile(name, this.siteValues(), PER_MESSAGE_KEYS[name]);
      template.catch(() => this.compiled.delete(name));
      this.compiled.set(name, template);
    }
    return template;
  }

  private siteValues(): Record<string, string> {
    return {
      site_name: this.config.SITE_NAME,
      site_address: this.config.SITE_ADDRESS,
      site_url: this.config.SITE_URL ?? this.config.PUBLIC_URL,
    };
  }
}

/** «مرحباً سارة،» or «مرحباً،» */
export function greeting(name: string): string {
  return name ? `مرحباً ${name}،` : 'مرحباً،';
}

/** «7 أيام», «يوم واحد», «48 ساعة» */
export function arabicDuration(hours: number): string {
  if (hours % 24 !== 0) return hours === 1 ? 'ساعة واحدة' : `${hours} ساعة`;
  const days = hours / 24;
  if (days === 1) return 'يوم واحد';
  if (days === 2) return 'يومين';
  return days <= 10 ? `${days} أيام` : `${days} يوماً`;
}
