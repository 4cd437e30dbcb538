import { InjectQueue } from '@nestjs/bullmq';
import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { AdminAuthGuard } from '../admin/admin-auth.guard.js';
import { safeHttpUrl } from '../common/html.js';
import { parseBody } from '../common/zod-body.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { Feed } from './entities/feed.entity.js';
import { scheduleFeed, unscheduleFeed } from './feed-schedules.js';

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
  constructor(
    @InjectRepository(Feed) private readonly feeds: Repository<Feed>,
    @InjectQueue(QUEUES.feeds) private readonly queue: Queue,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Feeds with the outcome of their last poll' })
  async all() {
    return (await this.feeds.find({ order: { id: 'ASC' } })).map(feedView);
  }

  @Post()
  @ApiOperation({
    summary: 'Register a feed (RSS 2.0, Atom 1.0 or WordPress /wp-json/wp/v2/posts?_embed)',
    description: 'Polled at once, then every pollMinutes (default 10).',
  })
  @ApiBody({ schema: z.toJSONSchema(createSchema, { io: 'input' }) as object })
  async create(@Body() raw: unknown) {
    const body = parseBody(createSchema, raw);
    const url = safeHttpUrl(body.url)!;
    if (await this.feeds.existsBy({ url }))
      throw new ConflictException('This feed is registered already.');
    const feed = await this.feeds.save({
      url,
      pollMinutes: body.pollMinutes,
      createdAt: new Date(),
    });
    await scheduleFeed(this.queue, feed);
    await this.pollSoon(feed.id);
    return feedView(await this.find(String(feed.id)));
  }

  @Get(':id')
  async one(@Param('id') id: string) {
    return feedView(await this.find(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change how often a feed is polled' })
  @ApiBody({ schema: z.toJSONSchema(updateSchema, { io: 'input' }) as object })
  async update(@Param('id') id: string, @Body() raw: unknown) {
    const feed = await this.find(id);
    const body = parseBody(updateSchema, raw);
    await this.feeds.update({ id: feed.id }, body);
    await scheduleFeed(this.queue, { id: feed.id, pollMinutes: body.pollMinutes });
    return feedView(await this.find(id));
  }

  @Post(':id/poll')
  @HttpCode(202)
  @ApiOperation({ summary: 'Poll a feed now' })
  async poll(@Param('id') id: string) {
    const feed = await this.find(id);
    await this.pollSoon(feed.id);
    return { status: 'queued' };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop polling a feed; its articles stay' })
  async remove(@Param('id') id: string): Promise<void> {
    const feed = await this.find(id);
    await unscheduleFeed(this.queue, feed.id);
    await this.feeds.delete({ id: feed.id });
  }

  private pollSoon(feedId: number) {
    return enqueue(this.queue, JOBS.pollFeed, { feedId }, { attempts: 1 });
  }

  private async find(id: string): Promise<Feed> {
    const feed = /^\d{1,9}$/.test(id) ? await this.feeds.findOneBy({ id: Number(id) }) : null;
    if (!feed) throw new NotFoundException(`No feed with id ${id}.`);
    return feed;
  }
}
