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
import { clientInfo, wantsHtml } from '../common/client-info.js';
import type { SafeHtml } from '../common/html.js';
import { parseBody } from '../common/zod-body.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PageResponder } from '../pages/page-responder.js';
import { NAME_HAS_LINK, signupSchema } from './dto/signup.dto.js';
import { ListsService } from './lists.service.js';
import { pages } from './pages/public-pages.js';
import { SignupService } from './signup.service.js';

@ApiTags('public')
@Controller()
export class SignupController {
  constructor(
    private readonly signup: SignupService,
    private readonly lists: ListsService,
    private readonly pages: PageResponder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('subscribe')
  @ApiOperation({ summary: 'Hosted signup page (Arabic, RTL)' })
  async page(@Res() response: Response): Promise<void> {
    const body = await this.signupForm();
    this.pages.send(response, 200, 'اشترك بنشرتنا البريدية', body);
  }

  /**
   * The hosted form posts to the host that served it (a path, not PUBLIC_URL): opened at
   * 127.0.0.1 or behind another name, a form aimed at PUBLIC_URL is blocked by the page's own
   * `form-action 'self'`, and the button silently does nothing.
   */
  private async signupForm(error?: string, raw?: unknown): Promise<SafeHtml> {
    const basePath = new URL(this.config.PUBLIC_URL).pathname.replace(/\/$/, '');
    return pages.signup({
      cta: this.config.SIGNUP_CTA,
      lists: await this.lists.publicLists(),
      action: `${basePath}/api/subscriptions`,
      error,
      typed: raw === undefined ? undefined : typedFields(raw),
    });
  }

  @Post('api/subscriptions')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Sign up (double opt-in)',
    description:
      'JSON or form. Always 202 {"status":"pending"} for a well-formed address, whatever its state; 422 for a malformed one; 429 with Retry-After when rate-limited.',
  })
  @ApiBody({ schema: z.toJSONSchema(signupSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 202, schema: { example: { status: 'pending' } } })
  async subscribe(
    @Req() request: Request,
    @Res() response: Response,
    @Body() raw: unknown,
  ): Promise<void> {
    refuseUnlessFormOrJson(request);
    const html = wantsHtml(request);
    const source = html ? 'form' : 'api';
    try {
      await this.signup.request(parseBody(signupSchema, raw), clientInfo(request), source);
    } catch (error) {
      if (html && error instanceof HttpException && error.getStatus() === 422) {
        const message = refusedName(error)
          ? 'لا يقبل حقل الاسم روابط أو عناوين مواقع؛ اكتب اسمك وحده ثم اضغط «اشترك».'
          : 'العنوان الذي أدخلته لا يبدو عنوان بريد إلكتروني صحيحاً، أو أن النشرة المختارة غير موجودة. صحّحه ثم اضغط «اشترك».';
        return this.pages.send(response, 422, 'تعذّر الاشتراك', await this.signupForm(message, raw));
      }
      throw error;
    }
    if (html) return this.pages.send(response, 202, 'تحقّق من بريدك', pages.checkInbox());
    response.status(202).json({ status: 'pending' });
  }
}

/** Whether the 422 is about the name alone (a link in it), not the address or the lists. */
function refusedName(error: HttpException): boolean {
  const fields = (error.getResponse() as { fields?: Record<string, string> }).fields ?? {};
  return Object.keys(fields).length === 1 && fields.name === NAME_HAS_LINK;
}

/** What the visitor typed, to put back in the form; only strings, whatever the body held. */
function typedFields(raw: unknown): { email?: string; name?: string; lists?: string[] } {
  const body = (raw ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 320) : undefined);
  const lists = [body.lists].flat().filter((slug): slug is string => typeof slug === 'string');
  return { email: text(body.email), name: text(body.name), lists };
}
