/**
 * The demo (LIVESPACE_DEMO=1): the simulator's stream of inbound calls and messages, simulated human agents working
 * the queues, a slow outbound campaign, and a bound on the callbacks its callers book and on the recordings it keeps.
 */
import type {
  CampaignService,
  Escalations,
  PresenceService,
  RecordingService,
  SupervisorActions,
} from '@livespace/app';
import { DemoTraffic } from '@livespace/adapters/carrier-simulator/demo-traffic';
import type { SimulatorCarrier } from '@livespace/adapters/carrier-simulator/simulator.carrier';
import { flowQueues, type AgentDirectory } from './agent-directory';
import type { UserAccounts } from './auth/user-accounts';
import type { Core } from './core';
import { DemoHumanAgents } from './demo-agents';
import { DemoCallbacks } from './demo-callbacks';
import { startDemoCampaign } from './demo-campaign';
import { demoPairs } from './demo-pairs';
import { TALKING_PERSONAS } from './routes/simulator.routes';

/** How long the demo keeps its calls' recordings. */
const DEMO_RECORDINGS_KEPT_MS = 15 * 60_000;

/** The demo's callers book callbacks only while few are pending (demo-callbacks.ts); null outside the demo. */
export function openDemoCallbacks({ config, store, log }: Core): DemoCallbacks | null {
  return config.LIVESPACE_DEMO ? new DemoCallbacks({ store, bound: config.LIVESPACE_DEMO_CALLBACKS, log }) : null;
}

export interface Demo {
  /** The simulated human agents, who count as connected. */
  userIds(): string[];
  stop(): void;
}

export interface DemoDeps {
  simulator: SimulatorCarrier;
  demoCallbacks: DemoCallbacks | null;
  agents: AgentDirectory;
  accounts: UserAccounts;
  presence: PresenceService;
  escalations: Escalations;
  actions: SupervisorActions;
  recordings: RecordingService;
  campaigns: CampaignService;
}

/** Starts the demo when LIVESPACE_DEMO is set (null otherwise), once the server answers. */
export async function startDemo({ config, log, clock, store }: Core, deps: DemoDeps): Promise<Demo | null> {
  if (!config.LIVESPACE_DEMO) return null;
  const { demoCallbacks, agents } = deps;
  await demoCallbacks?.start();
  const traffic = new DemoTraffic(deps.simulator, {
    voiceCalls: config.LIVESPACE_DEMO_CALLS,
    conversations: config.LIVESPACE_DEMO_CONVERSATIONS,
    pairs: demoPairs(agents.all(), TALKING_PERSONAS),
    ...(demoCallbacks ? { callbackRoom: () => demoCallbacks.room() } : {}),
  });
  let demoAgents: DemoHumanAgents | null = null;
  if (config.LIVESPACE_DEMO_AGENTS > 0) {
    demoAgents = new DemoHumanAgents({
      store,
      accounts: deps.accounts,
      presence: deps.presence,
      escalations: deps.escalations,
      actions: deps.actions,
      clock,
      log: log.child({ component: 'demo-agents' }),
      opts: {
        count: config.LIVESPACE_DEMO_AGENTS,
        pickupMs: config.LIVESPACE_DEMO_PICKUP_SECONDS * 1000,
        handleMs: [config.LIVESPACE_DEMO_HANDLE_SECONDS[0] * 1000, config.LIVESPACE_DEMO_HANDLE_SECONDS[1] * 1000],
      },
    });
    await demoAgents
      .start(flowQueues(agents.all()))
      .catch((err: unknown) => log.warn({ err }, "the demo's simulated agents could not start"));
  }
  traffic.start();
  // The demo records its calls like any other, but keeps only the last quarter of an hour of them: a demo left
  // running for a day would otherwise fill the disk (~0.5 MB a second of audio at the demo's load).
  const demoRecordings = setInterval(
    () =>
      void deps.recordings
        .eraseOlderThan(new Date(clock.now().getTime() - DEMO_RECORDINGS_KEPT_MS))
        .catch((err: unknown) => log.warn({ err }, "erasing the demo's old recordings failed")),
    60_000,
  );
  demoRecordings.unref();
  const admin = await store.findUserByEmail(config.LIVESPACE_ADMIN_EMAIL);
  await startDemoCampaign(deps.campaigns, agents.all(), {
    id: admin?.id ?? 'system',
    name: admin?.name ?? 'Demo',
  }).catch((err: unknown) => log.warn({ err }, 'the demo campaign could not start'));
  return {
    userIds: () => demoAgents?.userIds() ?? [],
    stop() {
      traffic.stop();
      demoAgents?.close();
      demoCallbacks?.close();
      clearInterval(demoRecordings);
    },
  };
}
