import { Controller, Get, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { wantsHtml } from '../common/client-info.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { InboxMessage } from './delivered-message.js';
import { DevInboxService, KEEP } from './dev-inbox.service.js';
import {
  emailAlone,
  inboxIndex,
  inboxMessage,
  type InboxSite,
  sendInboxPage,
} from './dev-inbox-views.js';

/** /dev/inbox: what the embedded SMTP server received. Mounted only outside production without SMTP_URL. */
@ApiExcludeController()
@Controller('dev/inbox')
export class DevInboxController {
  constructor(
    private readonly inbox: DevInboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  index(@Req() request: Request, @Res() response: Response): void {
    const messages = this.inbox.list();
    if (!wantsHtml(request)) response.json(messages);
    else sendInboxPage(response, 200, inboxIndex(messages, this.site()));
  }

  @Get(':id')
  async show(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const message = await this.find(id);
    if (!wantsHtml(request)) response.json(message);
    else sendInboxPage(response, 200, inboxMessage(message, this.site()));
  }

  /** The email's own HTML, served with a sandbox CSP so nothing in it runs with this origin. */
  @Get(':id/html')
  async html(@Param('id') id: string, @Res() response: Response): Promise<void> {
    response
      .type('html')
      .set(
        'Content-Security-Policy',
        "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
      )
      .send(emailAlone(await this.find(id)));
  }

  /** The message as filed (an .eml file any mail client opens), envelope lines on top. */
  @Get(':id/raw')
  async raw(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const filed = await this.inbox.raw(id);
    if (!filed) throw notFound();
    response
      .type('message/rfc822')
      .attachment(`${id}.eml`)
      .set('Cache-Control', 'no-store')
      .send(filed);
  }

  private async find(id: string): Promise<InboxMessage> {
    const message = await this.inbox.get(id);
    if (!message) throw notFound();
    return message;
  }

  private site(): InboxSite {
    return {
      siteName: this.config.SITE_NAME,
      timeZone: this.config.DIGEST_TIMEZONE,
      folder: this.inbox.folderPath,
      keep: KEEP,
    };
  }
}

function notFound(): NotFoundException {
  return new NotFoundException('لا رسالة بهذا المعرّف في صندوق التطوير.');
}
