import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { invalidFields, parseBody } from '../common/zod-body.js';
import { bounceKind } from './bounce-kind.js';
import { BouncesService } from './bounces.service.js';
import { parseReport } from './report-parser.js';
import { WebhookAuthGuard } from './webhook-auth.guard.js';

const bounceSchema = z.object({
  email: z.string({ error: 'is required' }).max(320),
  type: z.enum(['hard', 'soft', 'complaint'], { error: 'must be hard, soft or complaint' }),
  reason: z.string().max(2000).optional(),
  messageId: z.string().max(500).optional(),
});

@ApiTags('webhooks')
@ApiSecurity('bearer')
@UseGuards(WebhookAuthGuard)
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly bounces: BouncesService) {}

  @Post('bounces')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report a bounce or complaint (WEBHOOK_SECRET as bearer token)',
    description:
      'hard: suppressed. soft: recorded; the third within 7 days suppresses. complaint: unsubscribed from every list and suppressed.',
  })
  @ApiBody({ schema: z.toJSONSchema(bounceSchema, { io: 'input' }) as object })
  async bounce(@Body() raw: unknown) {
    return this.bounces.record(parseBody(bounceSchema, raw));
  }

  @Post('dsn')
  @HttpCode(200)
  @ApiConsumes('message/rfc822', 'multipart/report', 'text/plain')
  @ApiOperation({
    summary:
      'A raw delivery status notification (RFC 3464) or complaint report (ARF), as an MTA pipes it',
    description:
      'Failed with a 5.x.x status (but 5.2.2, mailbox full) is a hard bounce; delayed or 4.x.x is soft; an ARF report is a complaint. Answers what was done for each recipient.',
  })
  async dsn(@Body() raw: unknown) {
    if (typeof raw !== 'string' || raw.trim() === '') {
      throw invalidFields({ body: 'send the report itself (message/rfc822), not JSON or a form' });
    }
    const report = parseReport(raw);
    if (!report) {
      throw invalidFields({
        body: 'no delivery status or complaint report found (expected multipart/report)',
      });
    }
    if (report.kind === 'feedback') {
      if (!report.email) throw invalidFields({ body: 'the complaint report names no recipient' });
      const outcome = await this.bounces.record({
        email: report.email,
        type: 'complaint',
        reason: `feedback report: ${report.feedbackType}`,
        messageId: report.original.messageId,
        ref: report.original.ref,
      });
      return { processed: [outcome] };
    }
    const processed = [];
    for (const recipient of report.recipients) {
      const type = bounceKind(recipient);
      if (!type) continue;
      processed.push(
        await this.bounces.record({
          email: recipient.email,
          type,
          reason: [recipient.status, recipient.diagnostic].filter(Boolean).join(' '),
          messageId: report.original.messageId,
          ref: report.original.ref,
        }),
      );
    }
    return { processed };
  }
}
