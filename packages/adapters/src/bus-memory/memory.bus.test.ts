import { MemoryBus } from './memory.bus';
import { busContract } from './testing/bus.contract';

busContract('memory', async () => {
  const bus = new MemoryBus();
  return { a: bus, b: bus };
});
