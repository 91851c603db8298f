/**
 * The simulator: the built-in virtual phone network (a first-class carrier), whose callers follow personas and speak
 * with the offline voice. Calls from numbers mapped to no other carrier leave on it; `/api/simulator/*` drives it.
 */
import { DEFAULT_SIM_TIMING, SimulatorCarrier } from '@livespace/adapters/carrier-simulator/simulator.carrier';
import { SimCall } from '@livespace/adapters/carrier-simulator/sim-call';
import { simulatorRoutes } from '../routes/simulator.routes';
import type { Plug, ServerModule } from './module';

export interface SimulatorPlug extends Plug {
  simulator: SimulatorCarrier;
}

export const simulatorModule: ServerModule<SimulatorPlug> = {
  name: 'simulator',
  // Always: the demo's traffic, users' scripts and the tests call through it.
  enabled: () => true,
  connect({ config, providers, plane, answer, simTiming }) {
    const simulator = new SimulatorCarrier(
      providers.offlineTts,
      simTiming ?? {
        ...DEFAULT_SIM_TIMING,
        partialIntervalMs: config.LIVESPACE_PARTIAL_MS,
        ringMs: config.LIVESPACE_SIM_RING_MS,
        noAnswerMs: config.LIVESPACE_SIM_NO_ANSWER_MS,
      },
      Math.random,
      plane,
    );
    simulator.onIncoming((leg, meta) => {
      const actor = answer(leg, meta);
      if (actor) simulator.bindSession(actor.id, leg as Parameters<typeof simulator.bindSession>[1]);
    });
    return {
      simulator,
      carrier: { name: 'simulator', carrier: simulator },
      onPlaced: (sessionId, leg) => {
        if (leg instanceof SimCall) simulator.bindSession(sessionId, leg);
      },
      routes: (app, { auth, store, registry, durable }) =>
        simulatorRoutes(app, auth, store, simulator, (legId) => registry.byLegId(legId)?.id, durable),
      close: () => simulator.close(),
    };
  },
};
