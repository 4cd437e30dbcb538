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
import { AdminAuthGuard } from '../admin/admin-auth.guard.js';
import { safeHttpUrl } from '../common/html.js';
import { parseBody } from '../common/zod-body.js';
import { Feed } from './entities/feed.entity.js';
import { FeedsService } from './feeds.service.js';

const pollMinutes = z.number().int().min(1, 'at least 1 minute').max(1440, 'at most a day');
const createSchema = z.object({
  url: z
    .string()
    .max(2000)
    .refine((value) => safeHttpUrl(value) !== null, 'must be an http(s) URL'),
  pollMinutes: pollMinutes.default(10),
});
const updateSchema = z.object({ pollMinutes });

function feedView(feed: Feed) {
  return {
    id: String(feed.id),
    url: feed.url,
    title: feed.title,
    pollMinutes: feed.pollMinutes,
    lastPolledAt: feed.lastPolledAt ? new Date(feed.lastPolledAt).toISOString() : null,
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
  @ApiBody({ schema: z.toJSONSchema(createSchema, { io: 'input' }) as object })
  async create(@Body() raw: unknown) {
    const body = parseBody(createSchema, raw);
    return feedView(await this.feeds.add(safeHttpUrl(body.url)!, body.pollMinutes));
  }

  @Get(':id')
  async one(@Param('id') id: string) {
    return feedView(await this.feeds.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change how often a feed is polled' })
  @ApiBody({ schema: z.toJSONSchema(updateSchema, { io: 'input' }) as object })
  async update(@Param('id') id: string, @Body() raw: unknown) {
    const feed = await this.feeds.get(id);
    await this.feeds.setPollMinutes(feed, parseBody(updateSchema, raw).pollMinutes);
    return feedView(await this.feeds.get(id));
  }

  @Post(':id/poll')
  @HttpCode(202)
  @ApiOperation({ summary: 'Poll a feed now' })
  async poll(@Param('id') id: string) {
    await this.feeds.pollNow((await this.feeds.get(id)).id);
    return { status: 'queued' };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop polling a feed; its articles stay' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.feeds.remove(await this.feeds.get(id));
  }
}
