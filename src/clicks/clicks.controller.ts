import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PIXEL_GIF, unknownLinkPage } from './click-pages.js';
import { ClickTracking } from './click-tracking.service.js';

/** Counted, never cached (a cached redirect is a click not counted), and the token never leaks on. */
const HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

/** GET /r/:token, a tracked article link, and GET /o/:token.gif, the open pixel. */
@ApiExcludeController()
@Controller()
export class ClicksController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tracking: ClickTracking,
  ) {}

  @Get('r/:token')
  async follow(
    @Param('token') token: string,
    @Query('r') ref: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const url = await this.tracking.follow(token, ref);
    response.set(HEADERS);
    if (!url) {
      response.status(404).type('html').send(unknownLinkPage(this.config.SITE_NAME));
      return;
    }
    response.redirect(302, url);
  }

  @Get('o/:file')
  async open(@Param('file') file: string, @Res() response: Response): Promise<void> {
    const counted = file.endsWith('.gif') && (await this.tracking.open(file.slice(0, -4)));
    response.set(HEADERS);
    if (!counted) {
      response.status(404).end();
      return;
    }
    response.type('gif').send(PIXEL_GIF);
  }
}
