import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { normalizeEmail } from '../common/email-address.js';
import { invalidFields, parseBody, singleLine } from '../common/zod-body.js';
import { BouncesRepository } from '../bounces/bounces.repository.js';
import type { Bounce } from '../bounces/entities/bounce.entity.js';
import type { Suppression } from '../subscribers/entities/suppression.entity.js';
import { SuppressionService } from '../subscribers/suppression.service.js';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { recordId } from '../common/record-id.js';

const REASONS = ['unsubscribed', 'hard_bounce', 'soft_bounce', 'complaint', 'manual'] as const;
const pageSchema = z.object({
  reason: z.enum(REASONS).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const addSchema = z.object({
  email: z.string({ error: 'is required' }).max(320),
  detail: singleLine(500).optional(),
});

function suppressionView(row: Suppression, report: Bounce | undefined) {
  return {
    id: String(row.id),
    // null once the person was erased: only the hash is kept.
    email: row.email,
    reason: row.reason,
    detail: row.detail,
    createdAt: new Date(row.createdAt).toISOString(),
    // The bounce or complaint report it came from (null for unsubscribes and manual entries).
    report: report ? reportView(report) : null,
  };
}

function reportView(report: Bounce) {
  return {
    id: String(report.id),
    type: report.type,
    reason: report.reasonCode,
    status: report.status,
    diagnostic: report.reason,
    campaignId: report.campaignId === null ? null : String(report.campaignId),
    receivedAt: new Date(report.createdAt).toISOString(),
  };
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/admin/suppressions')
export class AdminSuppressionsController {
  constructor(
    private readonly suppressions: SuppressionService,
    private readonly bounces: BouncesRepository,
  ) {}

  private async withReports(rows: Suppression[]) {
    const ids = rows.map((row) => row.bounceId).filter((id): id is number => id !== null);
    const reports = new Map((await this.bounces.byIds(ids)).map((report) => [report.id, report]));
    return rows.map((row) =>
      suppressionView(row, row.bounceId === null ? undefined : reports.get(row.bounceId)),
    );
  }

  @Get()
  @ApiOperation({
    summary:
      'Suppressed addresses, newest first, each with the report it came from; page with ?before=<last id>',
  })
  @ApiQuery({ name: 'reason', required: false, enum: REASONS })
  @ApiQuery({ name: 'before', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async page(@Query() raw: unknown) {
    const query = parseBody(pageSchema, raw);
    const rows = await this.suppressions.page(query);
    return {
      items: await this.withReports(rows),
      next: rows.length === query.limit ? String(rows[rows.length - 1].id) : null,
    };
  }

  @Post()
  @ApiOperation({ summary: 'Suppress an address by hand: no email goes to it again' })
  @ApiBody({ schema: z.toJSONSchema(addSchema, { io: 'input' }) as object })
  async add(@Body() raw: unknown) {
    const body = parseBody(addSchema, raw);
    const checked = normalizeEmail(body.email);
    if (!checked.ok) throw invalidFields({ email: checked.reason });
    await this.suppressions.add(checked.email, 'manual', true, body.detail ?? '');
    return suppressionView((await this.suppressions.find(checked.email))!, undefined);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Lift a suppression (say, a mailbox that works again); the address is not resubscribed',
  })
  async lift(@Param('id') id: string): Promise<void> {
    const key = recordId(id);
    const lifted = key !== null && (await this.suppressions.lift(key));
    if (!lifted) throw new NotFoundException(`No suppression with id ${id}.`);
  }
}
