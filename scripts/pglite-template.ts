/**
 * Makes the empty PGlite cluster new data folders start from (see
 * packages/adapters/src/store-postgres/pglite-template.ts).
 */
import { makePgliteTemplate } from '../packages/adapters/src/store-postgres/pglite-template';

const t0 = performance.now();
const dir = await makePgliteTemplate();
console.log(`PGlite template: ${dir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
