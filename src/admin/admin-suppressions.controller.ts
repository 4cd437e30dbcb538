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

function suppressionView(row: Suppression) {
  return {
    id: String(row.id),
    // null once the person was erased: only the hash is kept.
    email: row.email,
    reason: row.reason,
    detail: row.detail,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/admin/suppressions')
export class AdminSuppressionsController {
  constructor(private readonly suppressions: SuppressionService) {}

  @Get()
  @ApiOperation({ summary: 'Suppressed addresses, newest first; page with ?before=<last id>' })
  @ApiQuery({ name: 'reason', required: false, enum: REASONS })
  @ApiQuery({ name: 'before', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async page(@Query() raw: unknown) {
    const query = parseBody(pageSchema, raw);
    const rows = await this.suppressions.page(query);
    return {
      items: rows.map(suppressionView),
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
    return suppressionView((await this.suppressions.find(checked.email))!);
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
