import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClickStats } from './click-stats.service.js';
import { ClicksRepository } from './clicks.repository.js';
import { CampaignClick } from './entities/campaign-click.entity.js';
import { CampaignClickReader } from './entities/campaign-click-reader.entity.js';
import { ClickFlush } from './entities/click-flush.entity.js';

/**
 * The click tables and what reads them (a campaign's clicks, the month's most clicked
 * articles). Campaigns import it (so it is there in every role and in the CLI); global, so that
 * the editors' pages and the click routes use the same providers.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([CampaignClick, CampaignClickReader, ClickFlush])],
  providers: [ClicksRepository, ClickStats],
  exports: [ClicksRepository, ClickStats],
})
export class ClicksCoreModule {}
