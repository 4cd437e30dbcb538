import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Links } from '../tokens/links.js';
import { PageResponder } from '../pages/page-responder.js';
import { type TokenPurpose, TokenService } from '../tokens/token.service.js';
import { ListsService } from './lists.service.js';
import { MembershipService } from './membership.service.js';
import { pages } from './pages/public-pages.js';

const preferencesSchema = z.object({
  lists: z.union([z.string().transform((value) => [value]), z.array(z.string())]).optional(),
  action: z.enum(['save', 'leave']).optional(),
});

/**
 * The links in emails. GET only shows a page with one button, because mail scanners fetch links;
 * POST acts. Unsubscribing also answers RFC 8058 one-click POSTs: 200, no redirect, no cookie.
 */
@ApiTags('public')
@Controller()
export class LinksController {
  constructor(
    private readonly tokens: TokenService,
    private readonly membership: MembershipService,
    private readonly lists: ListsService,
    private readonly links: Links,
    private readonly pages: PageResponder,
  ) {}

  @Get('confirm/:token')
  @ApiOperation({ summary: 'Confirmation page: one button, changes nothing' })
  confirmPage(@Param('token') token: string, @Res() response: Response): void {
    if (!this.verify(token, 'confirm', response)) return;
    this.pages.send(response, 200, 'تأكيد الاشتراك', pages.confirmPrompt(`/confirm/${token}`));
  }

  @Post('confirm/:token')
  @ApiOperation({ summary: 'Confirm a signup (idempotent)' })
  async confirm(@Param('token') token: string, @Res() response: Response): Promise<void> {
    const claims = this.verify(token, 'confirm', response);
    if (!claims) return;
    const outcome = await this.membership.confirm(claims.subscriberId, claims.ref);
    if (outcome === 'gone') return this.badLink(response, false);
    const body = pages.confirmed(
      this.links.preferences(claims.subscriberId),
      outcome === 'already-confirmed',
    );
    this.pages.send(response, 200, 'تم تأكيد اشتراكك', body);
  }

  @Get('unsubscribe/:token')
  @ApiOperation({ summary: 'Unsubscribe page: one button, changes nothing' })
  async unsubscribePage(@Param('token') token: string, @Res() response: Response): Promise<void> {
    const claims = this.verify(token, 'unsubscribe', response);
    if (!claims) return;
    const list = claims.ref ? await this.lists.byId(claims.ref) : null;
    const body = pages.unsubscribePrompt(`/unsubscribe/${token}`, list?.name ?? null);
    this.pages.send(response, 200, 'إلغاء الاشتراك', body);
  }

  @Post('unsubscribe/:token')
  @ApiOperation({
    summary: 'Unsubscribe; also RFC 8058 one-click (body List-Unsubscribe=One-Click)',
    description:
      'Answers 200 with no redirect, cookie or CSRF token; repeating it changes nothing more.',
  })
  async unsubscribe(@Param('token') token: string, @Res() response: Response): Promise<void> {
    const claims = this.verify(token, 'unsubscribe', response);
    if (!claims) return;
    const subscriber = await this.membership.unsubscribe(claims.subscriberId, claims.ref);
    if (!subscriber) return this.badLink(response, false);
    const body = pages.unsubscribed(
      this.links.preferences(subscriber.id),
      this.pages.signupUrl,
      subscriber.status === 'unsubscribed',
    );
    this.pages.send(response, 200, 'تم إلغاء اشتراكك', body);
  }

  @Get('preferences/:token')
  @ApiOperation({ summary: 'Preference centre' })
  async preferencesPage(@Param('token') token: string, @Res() response: Response): Promise<void> {
    await this.showPreferences(token, response, false);
  }

  @Post('preferences/:token')
  @ApiOperation({ summary: 'Save preferences (lists on and off, or leave all)' })
  async savePreferences(
    @Param('token') token: string,
    @Body() raw: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const claims = this.verify(token, 'preferences', response);
    if (!claims) return;
    const subscriber = await this.membership.subscriber(claims.subscriberId);
    if (!subscriber) return this.badLink(response, false);
    if (subscriber.status !== 'confirmed') return this.showPreferences(token, response, false);
    const form = preferencesSchema.safeParse(raw ?? {});
    const slugs = form.success ? (form.data.lists ?? []) : [];
    const leave = form.success && form.data.action === 'leave';
    const publicLists = await this.lists.publicLists();
    const chosen = leave ? [] : publicLists.filter((list) => slugs.includes(list.slug));
    await this.membership.setLists(
      subscriber.id,
      chosen.map((list) => list.id),
    );
    await this.showPreferences(token, response, true);
  }

  private async showPreferences(token: string, response: Response, saved: boolean): Promise<void> {
    const claims = this.verify(token, 'preferences', response);
    if (!claims) return;
    const subscriber = await this.membership.subscriber(claims.subscriberId);
    if (!subscriber) return this.badLink(response, false);
    if (subscriber.status !== 'confirmed') {
      return this.pages.send(
        response,
        200,
        'نشراتك البريدية',
        pages.preferencesAfterLeaving(this.pages.signupUrl),
      );
    }
    const body = pages.preferences({
      action: `/preferences/${token}`,
      email: subscriber.email,
      lists: await this.lists.publicLists(),
      active: await this.membership.activeListIds(subscriber.id),
      saved,
    });
    this.pages.send(response, 200, 'نشراتك البريدية', body);
  }

  /**
   * A forged, malformed or other-purpose token is a 400 page; an expired one a 410. A bad
   * unsubscribe link (the one sent on request expires) points to GET /unsubscribe for a new one.
   */
  private verify(token: string, purpose: TokenPurpose, response: Response) {
    const claims = this.tokens.verify(token, purpose);
    if (!claims) {
      this.badLink(response, this.tokens.isExpired(token, purpose), purpose === 'unsubscribe');
    }
    return claims;
  }

  private badLink(response: Response, expired: boolean, leaving = false): void {
    const status = expired ? 410 : 400;
    const requestUrl = leaving ? this.links.unsubscribeRequestPage : undefined;
    this.pages.send(
      response,
      status,
      'رابط غير صالح',
      pages.badLink(expired, this.pages.signupUrl, requestUrl),
    );
  }
}
