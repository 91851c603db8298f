/** The AI agents (the seed agents stored first, once) and our phone numbers, each cached in memory and kept current. */
import { SEED_AGENTS } from '@livespace/domain';
import { AgentDirectory } from './agent-directory';
import type { Core } from './core';
import { NumberDirectory } from './number-directory';

export async function openDirectories({ config, store, bus, clock, newId }: Core) {
  for (const seed of SEED_AGENTS) await store.createAgent(newId('agt'), seed.body, clock.now(), seed.key);
  const agents = new AgentDirectory(store, bus, config.LIVESPACE_DEFAULT_AGENT);
  await agents.start();
  const numbers = new NumberDirectory(store, bus);
  await numbers.start();
  return { agents, numbers };
}
