import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { refuseUnlessFormOrJson } from '../common/form-or-json.js';
import { z } from 'zod';
import { arabicCount, NOUNS } from '../common/arabic-count.js';
import { clientInfo, wantsHtml } from '../common/client-info.js';
import { parseBody } from '../common/zod-body.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PageResponder } from '../pages/page-responder.js';
import { UNSUBSCRIBE_LINK_TTL_HOURS } from '../tokens/links.js';
import { unsubscribeRequestSchema } from './dto/unsubscribe-request.dto.js';
import { pages } from './pages/public-pages.js';
import { UnsubscribeRequestService } from './unsubscribe-request.service.js';

const TITLE = 'إلغاء الاشتراك';

/** Leaving without the link: type the address, get a link to leave by email. */
@ApiTags('public')
@Controller('unsubscribe')
export class UnsubscribeRequestController {
  constructor(
    private readonly requests: UnsubscribeRequestService,
    private readonly pages: PageResponder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Leave without the link: a page asking for the address (Arabic, RTL)' })
  page(@Res() response: Response): void {
    this.pages.send(response, 200, TITLE, this.form());
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a link to leave, sent by email',
    description:
      'JSON or form. Always 202 {"status":"pending"} for a well-formed address, whether or not it is subscribed; 422 for a malformed one; 429 with Retry-After when rate-limited (as signups). Only a subscriber who has not left already receives the link, which expires after 24 hours.',
  })
  @ApiBody({ schema: z.toJSONSchema(unsubscribeRequestSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 202, schema: { example: { status: 'pending' } } })
  async request(
    @Req() request: Request,
    @Res() response: Response,
    @Body() raw: unknown,
  ): Promise<void> {
    refuseUnlessFormOrJson(request);
    const html = wantsHtml(request);
    try {
      await this.requests.request(parseBody(unsubscribeRequestSchema, raw), clientInfo(request));
    } catch (error) {
      if (html && error instanceof HttpException && error.getStatus() === 422) {
        const message =
          'العنوان الذي أدخلته لا يبدو عنوان بريد إلكتروني صحيحاً. صحّحه ثم اضغط «أرسل إليّ رابط الإلغاء».';
        return this.pages.send(response, 422, TITLE, this.form(message, typedEmail(raw)));
      }
      throw error;
    }
    if (html) {
      const body = pages.unsubscribeRequested(linkLifetime(UNSUBSCRIBE_LINK_TTL_HOURS));
      return this.pages.send(response, 202, 'تحقّق من بريدك', body);
    }
    response.status(202).json({ status: 'pending' });
  }

  /** Posted to the host that served it, as the signup form is (see SignupController). */
  private form(error?: string, typed?: string) {
    const basePath = new URL(this.config.PUBLIC_URL).pathname.replace(/\/$/, '');
    return pages.unsubscribeRequest({ action: `${basePath}/unsubscribe`, error, typed });
  }
}

/** «يوم واحد», «١٢ ساعة» */
function linkLifetime(hours: number): string {
  return hours % 24 === 0 ? arabicCount(hours / 24, NOUNS.day) : arabicCount(hours, NOUNS.hour);
}

/** What the visitor typed, to put back in the form; only a string, whatever the body held. */
function typedEmail(raw: unknown): string | undefined {
  const email = ((raw ?? {}) as Record<string, unknown>).email;
  return typeof email === 'string' ? email.slice(0, 320) : undefined;
}
