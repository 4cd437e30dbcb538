import { Module } from '@nestjs/common';
import { BouncesCoreModule } from '../../bounces/bounces-core.module.js';
import { SendLatencyRecorder } from '../../delivery/send-latency.recorder.js';
import { SentLedger } from '../../delivery/sent-ledger.js';
import { SubscribersCoreModule } from '../../subscribers/subscribers-core.module.js';
import { CampaignsCoreModule } from '../campaigns-core.module.js';
import { CampaignDeliveryService } from './campaign-delivery.service.js';
import { CampaignFanoutService } from './campaign-fanout.service.js';
import { CampaignSweeper } from './campaign-sweeper.js';
import { CampaignProcessor } from './campaign.processor.js';

/**
 * The worker side of sending a campaign: the "campaigns" queue's processor, the fan-out, the
 * batches and the sweeper. CampaignsModule imports it only in processes that run jobs; the
 * controls that start, pause and cancel a send are CampaignSendingService's, in every process.
 */
@Module({
  imports: [BouncesCoreModule, CampaignsCoreModule, SubscribersCoreModule],
  providers: [
    CampaignDeliveryService,
    CampaignFanoutService,
    CampaignProcessor,
    CampaignSweeper,
    SendLatencyRecorder,
    SentLedger,
  ],
})
export class SendPipelineModule {}
