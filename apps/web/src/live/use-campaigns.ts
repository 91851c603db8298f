/**
 * Subscribes to the `campaigns` topic: every campaign with its progress, pushed by the server as it moves (never
 * polled).
 */
import type { Campaign, CampaignsTopicEvent } from '@livespace/protocol/campaign';
import { useKeyedTopic, type TopicSpec } from './use-keyed-topic';

const CAMPAIGNS: TopicSpec<Campaign> = {
  key: (c) => c.id,
  apply(store, event) {
    const e = event as CampaignsTopicEvent;
    if (e.type === 'upsert') store.upsert(e.campaign);
  },
};

export function useCampaigns() {
  return useKeyedTopic('campaigns', CAMPAIGNS);
}
