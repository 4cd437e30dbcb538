import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { SafeHtml } from '../common/html.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { renderPage } from './page.js';

/** Sends an Arabic page with the status it deserves. */
@Injectable()
export class PageResponder {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  send(response: Response, status: number, title: string, body: SafeHtml): void {
    response
      .status(status)
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(renderPage({ title, siteName: this.config.SITE_NAME, body }));
  }

  get signupUrl(): string {
    return `${this.config.PUBLIC_URL}/subscribe`;
  }
}
