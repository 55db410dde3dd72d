import { afterEach, describe, expect, it, vi } from 'vitest';

const forged = { 'x-forwarded-for': '198.51.100.7, 10.0.0.1', 'x-real-ip': '198.51.100.8', 'user-agent': 'ua' };

/** env is read at import: each case stubs it, then loads the module afresh. */
async function originFor(proxies: string) {
  vi.stubEnv('STUDIO_TRUSTED_PROXIES', proxies);
  vi.resetModules();
  const { requestAudit } = await import('./log');
  return requestAudit(new Request('http://127.0.0.1/x', { headers: forged })).origin;
}

describe('security: the audit origin believes forwarded headers only behind configured proxies', () => {
  afterEach(() => vi.unstubAllEnvs());
  it('records no address from X-Forwarded-For or X-Real-IP without trusted proxies', async () => {
    expect(await originFor('')).toEqual({ userAgent: 'ua' });
  });
  it('records the right-most hop that is not a trusted proxy', async () => {
    expect(await originFor('10.0.0.1')).toEqual({ ip: '198.51.100.7', userAgent: 'ua' });
  });
});

describe('audit CSV export', () => {
  it('quotes every field and neutralises formulas in user-supplied text (OWASP CSV injection)', async () => {
    const { toCsv } = await import('./log');
    const event = {
      id: 'e1', at: '2026-01-01T00:00:00.000Z', actor: { type: 'user', id: '=cmd|"/c calc"!A1' }, action: 'version.gate.overridden', objectType: 'version', objectId: '+v1',
      details: { reason: 'x' }, origin: null, workspaceId: 'ws', prevHash: null, hash: 'h', keyId: null,
    } as never;
    const [, row] = toCsv([event]).split('\r\n');
    expect(row).toContain(`"'=cmd|""/c calc""!A1"`);
    expect(row).toContain(`"'+v1"`);
    expect(row).toContain('"version.gate.overridden"');
  });
});
