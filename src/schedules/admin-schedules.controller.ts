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
import { parseBody, singleLine } from '../common/zod-body.js';
import {
  type BoundedField,
  CRON_MAX_LENGTH,
  SCHEDULE_BOUNDS,
  SUBJECT_MAX_LENGTH,
  TIMEZONE_MAX_LENGTH,
} from './schedule-rules.js';
import { SchedulesService } from './schedules.service.js';

/** A whole number within the field's bounds, the same ones the form and the service use. */
const bounded = (field: BoundedField) =>
  z.number().int().min(SCHEDULE_BOUNDS[field].min).max(SCHEDULE_BOUNDS[field].max).optional();

const fields = {
  list: z.string({ error: 'is required: a list slug' }).min(1).max(64),
  cron: z.string({ error: 'is required, e.g. "0 7 * * *"' }).min(1).max(CRON_MAX_LENGTH),
  timezone: z.string({ error: 'is required, e.g. "Asia/Baghdad"' }).min(1).max(TIMEZONE_MAX_LENGTH),
  subject: singleLine(SUBJECT_MAX_LENGTH).pipe(z.string().min(1, 'is required')),
  sinceLastDigest: z.boolean().optional(),
  sinceHours: bounded('sinceHours'),
  maxArticles: bounded('maxArticles'),
  minArticles: bounded('minArticles'),
  active: z.boolean().optional(),
};
const createSchema = z.object(fields);
const updateSchema = z.object(fields).partial();

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/admin/schedules')
export class AdminSchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @ApiOperation({ summary: 'Digest schedules, each with its next five runs' })
  async all() {
    return Promise.all(
      (await this.schedules.list()).map((schedule) => this.schedules.view(schedule)),
    );
  }

  @Post()
  @ApiOperation({
    summary: 'Schedule a recurring digest',
    description:
      'cron (5 fields) read in timezone (IANA). The digest takes the articles collected since this schedule’s previous digest (sinceLastDigest, the default; the first takes the last 24 h or sinceHours), or those published in the last sinceHours; at most maxArticles (10); fewer than minArticles (1) and the slot is skipped and recorded. {{date}} in the subject is the slot’s date.',
  })
  @ApiBody({ schema: z.toJSONSchema(createSchema, { io: 'input' }) as object })
  async create(@Body() raw: unknown) {
    const schedule = await this.schedules.create(parseBody(createSchema, raw));
    return this.schedules.view(schedule);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A schedule with its next runs and what its recent slots did' })
  async one(@Param('id') id: string) {
    return this.schedules.view(await this.schedules.get(id), true);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a schedule; {"active": false} pauses it' })
  @ApiBody({ schema: z.toJSONSchema(updateSchema, { io: 'input' }) as object })
  async update(@Param('id') id: string, @Body() raw: unknown) {
    const schedule = await this.schedules.update(id, parseBody(updateSchema, raw));
    return this.schedules.view(schedule, true);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule; the digests it sent stay' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.schedules.remove(id);
  }
}
