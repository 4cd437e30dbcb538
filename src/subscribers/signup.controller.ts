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
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { clientInfo, wantsHtml } from '../common/client-info.js';
import { parseBody } from '../common/zod-body.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PageResponder } from '../pages/page-responder.js';
import { signupSchema } from './dto/signup.dto.js';
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
    const lists = await this.lists.publicLists();
    const body = pages.signup({
      cta: this.config.SIGNUP_CTA,
      lists,
      action: `${this.config.PUBLIC_URL}/api/subscriptions`,
    });
    this.pages.send(response, 200, 'اشترك بنشرتنا البريدية', body);
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
    if (!request.is(['application/json', 'application/x-www-form-urlencoded'])) {
      throw new UnsupportedMediaTypeException(
        'Send application/json or application/x-www-form-urlencoded.',
      );
    }
    const html = wantsHtml(request);
    const source = html ? 'form' : 'api';
    try {
      await this.signup.request(parseBody(signupSchema, raw), clientInfo(request), source);
    } catch (error) {
      if (html && error instanceof HttpException && error.getStatus() === 422) {
        const message =
          'العنوان الذي أدخلته لا يبدو عنوان بريد إلكتروني صحيحاً، أو أن النشرة المختارة غير موجودة.';
        return this.pages.send(
          response,
          422,
          'تعذّر الاشتراك',
          pages.invalidSignup(message, this.pages.signupUrl),
        );
      }
      throw error;
    }
    if (html) return this.pages.send(response, 202, 'تحقّق من بريدك', pages.checkInbox());
    response.status(202).json({ status: 'pending' });
  }
}
