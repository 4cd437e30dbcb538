import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { embedScript } from './embed-script.js';

@ApiTags('public')
@Controller('embed')
export class EmbedController {
  private readonly script: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.script = embedScript(config.PUBLIC_URL, config.SIGNUP_CTA);
  }

  @Get('subscribe.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Drop-in signup box for the site' })
  get(): string {
    return this.script;
  }
}
