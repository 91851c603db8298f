import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { busContract } from '../bus-memory/testing/bus.contract';
import { RedisBus } from './redis.bus';

const url = process.env.REDIS_URL;
if (url) {
  busContract('Redis (REDIS_URL)', async () => {
    const prefix = `livespace-test-${randomBytes(4).toString('hex')}:`;
    return { a: await RedisBus.open(url, prefix), b: await RedisBus.open(url, prefix) };
  });
} else {
  describe('Bus contract: Redis', () => {
    it('runs when REDIS_URL is set', { skip: 'REDIS_URL is not set' }, () => {});
  });
}
