import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PIXEL_GIF, unknownLinkPage } from './click-pages.js';
import { ClickTracking, type Visit } from './click-tracking.service.js';

/** Counted, never cached (a cached redirect is a click not counted), and the token never leaks on. */
const HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

/**
 * GET /r/:token, a tracked article link, and GET /o/:token.gif, the open pixel. Express answers
 * HEAD with the GET route: link scanners and mail gateways fetch links so, and are not readers.
 */
@ApiExcludeController()
@Controller()
export class ClicksController {
  private readonly unknownLink: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tracking: ClickTracking,
  ) {
    this.unknownLink = unknownLinkPage(config.SITE_NAME);
  }

  @Get('r/:token')
  async follow(
    @Param('token') token: string,
    @Query('r') ref: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const url = await this.tracking.follow(token, ref, visit(request));
    response.set(HEADERS);
    if (!url) {
      response.status(404).type('html').send(this.unknownLink);
      return;
    }
    response.redirect(302, url);
  }

  @Get('o/:file')
  async open(
    @Param('file') file: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const known =
      file.endsWith('.gif') && (await this.tracking.open(file.slice(0, -4), visit(request)));
    response.set(HEADERS);
    if (!known) {
      response.status(404).end();
      return;
    }
    response.type('gif').send(PIXEL_GIF);
  }
}

function visit(request: Request): Visit {
  return { counts: request.method !== 'HEAD' };
}
