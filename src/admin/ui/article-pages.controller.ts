import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ArticlesService } from '../../articles/articles.service.js';
import type { Feed } from '../../articles/entities/feed.entity.js';
import { FeedsService } from '../../articles/feeds.service.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { EditorSessionGuard } from '../../auth/editor-session.guard.js';
import { sessionOf } from '../../auth/request-actor.js';
import { sendAdminPage } from './admin-layout.js';
import { noticeFrom, redirectWithNotice } from './notices.js';
import { articlesPageBody } from './article-page.js';
import {
  type FeedFormError,
  type FeedFormValues,
  feedFormFromBody,
  feedFormFromFeed,
  feedInputFrom,
  feedServiceFailure,
  NEW_FEED_FORM,
} from './feed-form.js';
import { editFeedBody } from './feed-views.js';
import { field } from './form-failure.js';

const PAGE_SIZE = 50;

/**
 * The site's feeds (add, poll now, pause, edit, delete) and the articles collected from them or
 * pushed by the CMS.
 */
@ApiExcludeController()
@UseGuards(EditorSessionGuard)
@Controller('admin')
export class ArticlePagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly articles: ArticlesService,
    private readonly feeds: FeedsService,
  ) {}

  @Get('articles')
  async page(@Req() request: Request, @Res() response: Response, @Query() query: unknown) {
    await this.render(request, response, NEW_FEED_FORM, {
      notice: noticeFrom(query),
      offset: Number(field(query, 'offset')) || 0,
    });
  }

  @Post('feeds')
  async addFeed(@Req() request: Request, @Res() response: Response, @Body() body: unknown) {
    const values = feedFormFromBody(body);
    const input = feedInputFrom(values);
    if ('message' in input) return this.render(request, response, values, { error: input });
    try {
      await this.feeds.add(input.url, input.pollMinutes);
    } catch (error) {
      return this.render(request, response, values, { error: feedServiceFailure(error) });
    }
    redirectWithNotice(response, '/admin/articles', 'feed-added');
  }

  @Get('feeds/:id/edit')
  async edit(@Param('id') id: string, @Req() request: Request, @Res() response: Response) {
    const feed = await this.feeds.get(id);
    this.renderEdit(request, response, feed, feedFormFromFeed(feed));
  }

  @Post('feeds/:id')
  async save(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ) {
    const feed = await this.feeds.get(id);
    const values = feedFormFromBody(body);
    const input = feedInputFrom(values);
    if ('message' in input) return this.renderEdit(request, response, feed, values, input);
    try {
      await this.feeds.update(feed, input);
    } catch (error) {
      return this.renderEdit(request, response, feed, values, feedServiceFailure(error));
    }
    redirectWithNotice(response, '/admin/articles', 'feed-saved');
  }

  @Post('feeds/:id/poll')
  async poll(@Param('id') id: string, @Res() response: Response) {
    const feed = await this.feeds.get(id);
    // A page opened before the feed was paused still shows the button: say it is paused instead.
    if (feed.paused) return redirectWithNotice(response, '/admin/articles', 'feed-paused');
    await this.feeds.pollNow(feed);
    redirectWithNotice(response, '/admin/articles', 'feed-polled');
  }

  @Post('feeds/:id/pause')
  async pause(@Param('id') id: string, @Res() response: Response) {
    await this.feeds.update(await this.feeds.get(id), { paused: true });
    redirectWithNotice(response, '/admin/articles', 'feed-paused');
  }

  @Post('feeds/:id/resume')
  async resume(@Param('id') id: string, @Res() response: Response) {
    await this.feeds.update(await this.feeds.get(id), { paused: false });
    redirectWithNotice(response, '/admin/articles', 'feed-resumed');
  }

  @Post('feeds/:id/delete')
  async remove(@Param('id') id: string, @Res() response: Response) {
    await this.feeds.remove(await this.feeds.get(id));
    redirectWithNotice(response, '/admin/articles', 'feed-deleted');
  }

  private async render(
    request: Request,
    response: Response,
    form: FeedFormValues,
    page: { notice?: string; error?: FeedFormError; offset?: number },
  ) {
    const active = sessionOf(request);
    const offset = Math.max(0, Math.min(page.offset ?? 0, 100_000));
    const [feeds, articles] = await Promise.all([
      this.feeds.all(),
      this.articles.page(PAGE_SIZE, offset),
    ]);
    const body = articlesPageBody({
      feeds,
      articles,
      zone: this.config.DIGEST_TIMEZONE,
      csrfToken: active.session.csrfToken,
      form,
      formError: page.error?.message,
      offset,
      pageSize: PAGE_SIZE,
    });
    sendAdminPage(
      response,
      active,
      { title: 'المقالات والخلاصات', section: 'articles', notice: page.notice, body },
      page.error?.status ?? 200,
    );
  }

  private renderEdit(
    request: Request,
    response: Response,
    feed: Feed,
    values: FeedFormValues,
    error?: FeedFormError,
  ) {
    const active = sessionOf(request);
    sendAdminPage(
      response,
      active,
      {
        title: 'تعديل الخلاصة',
        section: 'articles',
        body: editFeedBody(feed, values, active.session.csrfToken, error?.message),
      },
      error?.status ?? 200,
    );
  }
}
