import {
  Body,
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
import { z } from 'zod';
import { parseBody, singleLine } from '../common/zod-body.js';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { ListsService } from '../subscribers/lists.service.js';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { recordId } from '../common/record-id.js';

const listFields = {
  name: singleLine(200).pipe(z.string().min(1, 'is required')),
  description: z.string().max(2000).optional(),
  isDefault: z.boolean().optional(),
  isPublic: z.boolean().optional(),
};
const createListSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ only'),
  ...listFields,
});
const updateListSchema = z.object(listFields).partial();

export function listView(list: MailingList) {
  return {
    id: String(list.id),
    slug: list.slug,
    name: list.name,
    description: list.description,
    isDefault: list.isDefault,
    isPublic: list.isPublic,
    createdAt: new Date(list.createdAt).toISOString(),
  };
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/admin/lists')
export class AdminListsController {
  constructor(private readonly lists: ListsService) {}

  @Get()
  @ApiOperation({ summary: 'All lists' })
  async all() {
    return (await this.lists.all()).map(listView);
  }

  @Post()
  @ApiOperation({ summary: 'Create a list' })
  @ApiBody({ schema: z.toJSONSchema(createListSchema, { io: 'input' }) as object })
  async create(@Body() raw: unknown) {
    return listView(await this.lists.create(parseBody(createListSchema, raw)));
  }

  @Get(':id')
  async one(@Param('id') id: string) {
    return listView(await this.find(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or change a list; the slug stays' })
  @ApiBody({ schema: z.toJSONSchema(updateListSchema, { io: 'input' }) as object })
  async update(@Param('id') id: string, @Body() raw: unknown) {
    const list = await this.find(id);
    return listView(await this.lists.update(list, parseBody(updateListSchema, raw)));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a list and its subscriptions' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.lists.remove(await this.find(id));
  }

  private async find(id: string): Promise<MailingList> {
    const key = recordId(id);
    const list = key === null ? null : await this.lists.byId(key);
    if (!list) throw new NotFoundException(`No list with id ${id}.`);
    return list;
  }
}
