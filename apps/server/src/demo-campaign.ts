/** The demo's outbound side: a slow campaign of virtual contacts, so the Campaigns screen moves while you look. */
import type { Actor, Agent } from '@livespace/protocol';
import type { CampaignService } from '@livespace/app';
import type { ContactDraft } from '@livespace/domain';

const DEMO_NAME = 'Demo: solar assessment outreach';
const CONTACTS = 240;
const NAMES = ['Ann', 'Bo', 'Cy', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Liv'];

/** Creates and starts the demo campaign once (a later demo start finds it and leaves it be). */
export async function startDemoCampaign(
  campaigns: CampaignService,
  agents: readonly Agent[],
  by: Actor,
): Promise<void> {
  const sales = agents.find((a) => /sales/i.test(a.name)) ?? agents[0];
  if (!sales || (await campaigns.list()).some((c) => c.name === DEMO_NAME)) return;
  const campaign = await campaigns.create(
    {
      name: DEMO_NAME,
      agentId: sales.id,
      maxConcurrentCalls: 4,
      callsPerMinute: 6,
      callingWindow: { start: '00:00', end: '24:00' },
      defaultTimeZone: 'UTC',
      maxAttempts: 2,
      retryDelayMinutes: { noAnswer: 3, busy: 2 },
      onVoicemail: 'leave_message',
      voicemailMessage:
        'Hi {{name}}, this is Sam from Brightline Energy about a free solar assessment. We will try you again later.',
    },
    by,
  );
  // Virtual numbers: the last digit picks who answers (docs/outbound.md), so the list is a realistic mix.
  const contacts: ContactDraft[] = Array.from({ length: CONTACTS }, (_, i) => ({
    line: i + 2,
    phone: `+1555013${String(i).padStart(4, '0')}`,
    name: NAMES[i % NAMES.length]!,
    timeZone: null,
    persona: null,
    variables: { name: NAMES[i % NAMES.length]! },
  }));
  await campaigns.importContacts(campaign.id, contacts, []);
  await campaigns.command(campaign.id, 'start');
}
