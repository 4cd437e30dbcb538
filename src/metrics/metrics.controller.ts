import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { bearerToken, sameSecret, sha256 } from '../common/secrets.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MetricsService } from './metrics.service.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.token = config.METRICS_TOKEN ? sha256(config.METRICS_TOKEN) : null;
  }

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of the whole deployment (METRICS_TOKEN if set)' })
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    const given = bearerToken(request);
    if (this.token && !(given && sameSecret(given, this.token))) {
      throw new UnauthorizedException(
        'GET /metrics wants "Authorization: Bearer <METRICS_TOKEN>".',
      );
    }
    const body = await this.metrics.render();
    response.set('Cache-Control', 'no-store').type(this.metrics.contentType()).send(body);
  }
}
