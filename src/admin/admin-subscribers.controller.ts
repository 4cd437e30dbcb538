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
  Req,
  Res,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { clientInfo } from '../common/client-info.js';
import { normalizeEmail } from '../common/email-address.js';
import { invalidFields, parseBody, singleLine } from '../common/zod-body.js';
import { ListsService } from '../subscribers/lists.service.js';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { CsvHeaderError } from './csv-import.js';
import { receiveCsvUpload } from './csv-upload.js';
import { SubscriberAdminService } from './subscriber-admin.service.js';
import { type ImportSummary, SubscriberImporter } from './subscriber-importer.js';
import { subscriberView } from './subscriber-view.js';
import { recordId } from '../common/record-id.js';

const addSchema = z.object({
  email: z.string({ error: 'is required and must be a string' }).max(320),
  name: singleLine(200).optional(),
  lists: z
    .array(z.string(), { error: 'must be an array of list slugs' })
    .min(1, 'name at least one list')
    .max(50),
  status: z
    .literal('confirmed', {
      error: 'may only be "confirmed" (omit it to send a confirmation email)',
    })
    .optional(),
});

const pageSchema = z.object({
  search: z.string().max(254).optional(),
  status: z.enum(['pending', 'confirmed', 'unsubscribed']).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const importQuerySchema = z.object({
  list: z.string({ error: 'is required: the slug of the list to import into' }).min(1),
  confirmed: z.enum(['true', 'false']).default('false'),
});

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/admin/subscribers')
export class AdminSubscribersController {
  constructor(
    private readonly admin: SubscriberAdminService,
    private readonly importer: SubscriberImporter,
    private readonly lists: ListsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Subscribers, newest first; page with ?before=<last id>' })
  @ApiQuery({ name: 'search', required: false, description: 'part of the email address' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'confirmed', 'unsubscribed'] })
  @ApiQuery({ name: 'before', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async page(@Query() raw: unknown) {
    const query = parseBody(pageSchema, raw);
    const rows = await this.admin.page(query);
    return {
      items: rows.map((row) => subscriberView(row)),
      next: rows.length === query.limit ? String(rows[rows.length - 1].id) : null,
    };
  }

  @Post()
  @ApiOperation({
    summary: 'Add a subscriber',
    description:
      'With status "confirmed" the editor records consent given elsewhere; without it the address gets a confirmation email.',
  })
  @ApiBody({ schema: z.toJSONSchema(addSchema, { io: 'input' }) as object })
  async add(@Body() raw: unknown, @Req() request: Request) {
    const body = parseBody(addSchema, raw);
    const checked = normalizeEmail(body.email);
    if (!checked.ok) throw invalidFields({ email: checked.reason });
    const lists = await this.lists.resolve(body.lists);
    const subscriber = await this.admin.add(
      { email: checked.email, name: body.name ?? '' },
      lists,
      body.status === 'confirmed',
      clientInfo(request).ip,
    );
    return subscriberView(
      subscriber,
      lists.map((list) => list.slug),
    );
  }

  @Post('import')
  @ApiOperation({
    summary: 'Import a CSV (multipart, columns email,name)',
    description:
      'Streams the file; answers {imported, skipped, errors}. Existing and suppressed addresses are skipped.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'list', required: true })
  @ApiQuery({ name: 'confirmed', required: false, enum: ['true', 'false'] })
  async import(@Query() raw: unknown, @Req() request: Request) {
    const query = parseBody(importQuerySchema, raw);
    const [list] = await this.lists.resolve([query.list]);
    if (!request.is('multipart/form-data')) {
      throw new UnsupportedMediaTypeException('Send the CSV as multipart/form-data.');
    }
    const options = {
      confirmed: query.confirmed === 'true',
      source: 'import',
      ip: clientInfo(request).ip,
    };
    let summary: ImportSummary | undefined;
    try {
      await receiveCsvUpload(request, async (file) => {
        summary = await this.importer.import(file, list, options);
      });
    } catch (error) {
      // A CsvUnreadable (a row csv-parse could not read) is its own 422, with the row.
      if (error instanceof CsvHeaderError) throw invalidFields({ file: error.message });
      throw error;
    }
    return summary;
  }

  @Get('export')
  @ApiOperation({ summary: 'Export as CSV (streamed)' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'confirmed', 'unsubscribed'] })
  async export(
    @Query('status') status: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const parsed = pageSchema.shape.status.safeParse(status);
    if (!parsed.success)
      throw invalidFields({ status: 'must be pending, confirmed or unsubscribed' });
    response.type('text/csv; charset=utf-8').attachment('subscribers.csv');
    await this.admin.exportCsv(parsed.data, response);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscriber with their lists' })
  async one(@Param('id') id: string) {
    const { subscriber, lists } = await this.admin.get(parseId(id));
    return subscriberView(subscriber, lists);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase a subscriber (GDPR)',
    description:
      'Removes their personal data; keeps a hashed suppression entry if they had unsubscribed.',
  })
  async erase(@Param('id') id: string): Promise<void> {
    await this.admin.erase(parseId(id));
  }
}

function parseId(id: string): number {
  const key = recordId(id);
  if (key === null) throw new NotFoundException(`No subscriber with id ${id}.`);
  return key;
}
