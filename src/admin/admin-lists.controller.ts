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
import { Repository } from 'typeorm';
import { z } from 'zod';
import { parseBody, singleLine } from '../common/zod-body.js';
import { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { AdminAuthGuard } from './admin-auth.guard.js';

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
  constructor(@InjectRepository(MailingList) private readonly lists: Repository<MailingList>) {}

  @Get()
  @ApiOperation({ summary: 'All lists' })
  async all() {
    return (await this.lists.find({ order: { id: 'ASC' } })).map(listView);
  }

  @Post()
  @ApiOperation({ summary: 'Create a list' })
  @ApiBody({ schema: z.toJSONSchema(createListSchema, { io: 'input' }) as object })
  async create(@Body() raw: unknown) {
    const body = parseBody(createListSchema, raw);
    if (await this.lists.existsBy({ slug: body.slug })) {
      throw new ConflictException(`A list with slug "${body.slug}" exists already.`);
    }
    const list = await this.lists.save({ description: '', ...body, createdAt: new Date() });
    return listView(list);
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
    const body = parseBody(updateListSchema, raw);
    await this.lists.update({ id: list.id }, body);
    return listView(await this.find(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a list and its subscriptions' })
  async remove(@Param('id') id: string): Promise<void> {
    const list = await this.find(id);
    await this.lists.delete({ id: list.id });
  }

  private async find(id: string): Promise<MailingList> {
    const list = /^\d{1,9}$/.test(id) ? await this.lists.findOneBy({ id: Number(id) }) : null;
    if (!list) throw new NotFoundException(`No list with id ${id}.`);
    return list;
  }
}
