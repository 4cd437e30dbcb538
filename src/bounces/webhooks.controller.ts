import {
  Body,
  Controller,
  HttpCode,
  PayloadTooLargeException,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { invalidFields, parseBody } from '../common/zod-body.js';
import { BouncesService, type ReportOutcome } from './bounces.service.js';
import { BounceMessageRefused } from './reading/bounce-message.js';
import { UnsubscribeMail } from './unsubscribe-mail.service.js';
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
  constructor(
    private readonly bounces: BouncesService,
    private readonly unsubscribeMail: UnsubscribeMail,
  ) {}

  @Post('bounces')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report a bounce or complaint (WEBHOOK_SECRET as bearer token)',
    description:
      "For an ESP's own webhook, trusted as it says: hard: suppressed. soft: recorded; the third within 7 days suppresses. complaint: unsubscribed from every list and suppressed.",
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
      "A raw bounce (RFC 3464 or any common MTA's free text) or complaint report (ARF), as an MTA pipes it",
    description:
      "Each recipient is read on its own and classified (Sisimai's reasons). It acts only on recipients it matches to a message we sent (signed VERP return address, signed X-Nashra-Ref, or our Message-ID with the address it went to); others are recorded as unmatched. Hard: suppressed. Soft: recorded; the third from different messages within 7 days suppresses. Blocked (spam, policy, authentication): recorded, never suppressed. Complaint: unsubscribed and suppressed. Answers, per recipient, what was done and why. 422 when the message holds no report or passes a bound (nesting, recipients); 413 past 1 MB.",
  })
  async dsn(@Body() raw: unknown) {
    if (!Buffer.isBuffer(raw) || raw.toString('latin1').trim() === '') {
      throw invalidFields({ body: 'send the report itself (message/rfc822), not JSON or a form' });
    }
    let outcome: ReportOutcome;
    try {
      outcome = await this.bounces.process(raw);
    } catch (error) {
      if (error instanceof BounceMessageRefused) {
        if (error.code === 'too-large') throw new PayloadTooLargeException(error.message);
        throw invalidFields({ body: `${error.code}: ${error.message}` });
      }
      throw error;
    }
    if (outcome.kind === 'none') {
      throw invalidFields({ body: 'no bounce, delivery status or complaint report found' });
    }
    return outcome;
  }

  @Post('unsubscribe')
  @HttpCode(200)
  @ApiConsumes('message/rfc822', 'text/plain')
  @ApiOperation({
    summary:
      'Mail sent to the signed List-Unsubscribe mailto address (local+u-<signed>@domain), as an MTA pipes it',
    description:
      "The subscriber and list the signature in the message's own To, Delivered-To, X-Original-To or Envelope-To names leave, as with the https link; addresses quoted inside the message never count. 422 when the message was not sent to a valid signed address of ours (a forged one changes nothing), or is a delivery report or an automatic reply; 413 past 1 MB.",
  })
  async unsubscribe(@Body() raw: unknown) {
    if (!Buffer.isBuffer(raw) || raw.toString('latin1').trim() === '') {
      throw invalidFields({ body: 'send the message itself (message/rfc822), not JSON or a form' });
    }
    const outcome = await this.unsubscribeMail.handle(raw);
    if (!outcome || outcome.processed.length === 0) {
      throw invalidFields({
        body: outcome
          ? 'the signature of the unsubscribe address does not check'
          : 'the message was not sent to a signed unsubscribe address of ours',
      });
    }
    return outcome;
  }
}
