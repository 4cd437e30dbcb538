import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { parseBody } from '../common/zod-body.js';
import { Feed } from './entities/feed.entity.js';
import { feedCreateSchema, feedUpdateSchema } from './feed-input.js';
import { FeedsService } from './feeds.service.js';
import { isoOrNull } from '../common/iso-time.js';

function feedView(feed: Feed) {
  return {
    id: String(feed.id),
    url: feed.url,
    title: feed.title,
    pollMinutes: feed.pollMinutes,
    paused: feed.paused,
    lastPolledAt: isoOrNull(feed.lastPolledAt),
    lastStatus: feed.lastStatus,
    lastError: feed.lastError,
    lastNew: feed.lastNew,
    lastUpdated: feed.lastUpdated,
  };
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/admin/feeds')
export class AdminFeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get()
  @ApiOperation({ summary: 'Feeds with the outcome of their last poll' })
  async all() {
    return (await this.feeds.all()).map(feedView);
  }

  @Post()
  @ApiOperation({
    summary: 'Register a feed (RSS 2.0, Atom 1.0 or WordPress /wp-json/wp/v2/posts?_embed)',
    description: 'Polled at once, then every pollMinutes (default 10).',
  })
  @ApiBody({ schema: z.toJSONSchema(feedCreateSchema, { io: 'input' }) as object })
  async create(@Body() raw: unknown) {
    const body = parseBody(feedCreateSchema, raw);
    return feedView(await this.feeds.add(body.url, body.pollMinutes));
  }

  @Get(':id')
  async one(@Param('id') id: string) {
    return feedView(await this.feeds.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a feed: its URL, how often it is polled, or pause it (paused: true)',
    description:
      'A paused feed is not polled until paused: false; a new URL or a resume polls it at once.',
  })
  @ApiBody({ schema: z.toJSONSchema(feedUpdateSchema, { io: 'input' }) as object })
  async update(@Param('id') id: string, @Body() raw: unknown) {
    const feed = await this.feeds.get(id);
    return feedView(await this.feeds.update(feed, parseBody(feedUpdateSchema, raw)));
  }

  @Post(':id/poll')
  @HttpCode(202)
  @ApiOperation({ summary: 'Poll a feed now (409 while it is paused)' })
  async poll(@Param('id') id: string) {
    await this.feeds.pollNow(await this.feeds.get(id));
    return { status: 'queued' };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop polling a feed and forget it; its articles stay' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.feeds.remove(await this.feeds.get(id));
  }
}
