// Loads TypeScript sources in plain Node: tsx's loader plus the `.node.ts` resolve fallback.
// Usage: `node --import ./cli/register.mjs <file.ts>` (the CLI and the worker process use it).
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
// Registered after tsx so it runs first and can retry what tsx could not resolve.
register('./resolve-node-ts.mjs', import.meta.url);
