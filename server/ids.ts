import { randomBytes } from 'node:crypto';

/**
 * Row ids: `<prefix>_<time><random>`, lowercase base36 time first so ids sort roughly by
 * creation, 12 random hex chars so concurrent processes never collide. They satisfy the
 * domain's Id pattern (A-Za-z0-9_-), so they can appear in URLs and logs unescaped.
 */
export function newId(prefix: 'pl' | 'pv' | 'run' | 'scan' | 'key' | 'ws' | 'usr' | 'wh' | 'whd' | 'rr' | 'rv' | 'rm' | 'rd' | 'ds' | 'dsv' | 'ev'): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;
}
