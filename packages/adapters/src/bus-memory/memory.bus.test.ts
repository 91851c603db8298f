import { MemoryBus } from './memory.bus';
import { busContract } from './bus.contract';

busContract('memory', async () => {
  const bus = new MemoryBus();
  return { a: bus, b: bus };
});
