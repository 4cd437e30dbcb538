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
import { scheduleCreateSchema, scheduleUpdateSchema } from './schedule-input.js';
import { SchedulesService } from './schedules.service.js';

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
  @ApiBody({ schema: z.toJSONSchema(scheduleCreateSchema, { io: 'input' }) as object })
  async create(@Body() raw: unknown) {
    const schedule = await this.schedules.create(parseBody(scheduleCreateSchema, raw));
    return this.schedules.view(schedule);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A schedule with its next runs and what its recent slots did' })
  async one(@Param('id') id: string) {
    return this.schedules.view(await this.schedules.get(id), true);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a schedule; {"active": false} pauses it' })
  @ApiBody({ schema: z.toJSONSchema(scheduleUpdateSchema, { io: 'input' }) as object })
  async update(@Param('id') id: string, @Body() raw: unknown) {
    const schedule = await this.schedules.update(id, parseBody(scheduleUpdateSchema, raw));
    return this.schedules.view(schedule, true);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule; the digests it sent stay' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.schedules.remove(id);
  }
}
