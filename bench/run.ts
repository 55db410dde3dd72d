// `npm run bench` entry (tsx bench/run.ts). tsx alone cannot resolve the extensionless
// `./x.node` imports of the node catalogue (it takes `.node` for a native addon), so register the
// CLI's `.node.ts` resolve fallback first, then load the benchmark itself.
import { register } from 'node:module';

register('../cli/resolve-node-ts.mjs', import.meta.url);
await import('./bench');
