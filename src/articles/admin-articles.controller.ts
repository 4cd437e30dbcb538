import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { parseBody } from '../common/zod-body.js';
import { articleInputSchema, normalizeArticle } from './article-input.js';
import { articleView, ArticlesService } from './articles.service.js';

const batchSchema = z.array(articleInputSchema).min(1).max(500);
const pushSchema = z.union([articleInputSchema, batchSchema]);
const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/admin/articles')
export class AdminArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Push one article or an array of them (from the CMS)',
    description: 'Idempotent by guid, else url; an edited article is updated, never duplicated.',
  })
  @ApiBody({ schema: z.toJSONSchema(pushSchema, { io: 'input' }) as object })
  async push(@Body() raw: unknown) {
    // By shape rather than through the union, so that a refusal names the field at fault.
    const body = Array.isArray(raw)
      ? parseBody(batchSchema, raw)
      : parseBody(articleInputSchema, raw);
    const inputs = Array.isArray(body) ? body : [body];
    const results: Awaited<ReturnType<ArticlesService['upsert']>>[] = [];
    for (const input of inputs) results.push(await this.articles.upsert(normalizeArticle(input)));
    if (!Array.isArray(body))
      return { ...articleView(results[0].article), outcome: results[0].outcome };
    const count = (outcome: string) =>
      results.filter((result) => result.outcome === outcome).length;
    return {
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      items: results.map((result) => ({ ...articleView(result.article), outcome: result.outcome })),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Articles, newest first' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async page(@Query() raw: unknown) {
    const query = parseBody(pageSchema, raw);
    return { items: (await this.articles.page(query.limit, query.offset)).map(articleView) };
  }
}
