import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isPrivateAddress } from './webhook-target';

describe('webhook targets (SSRF guard)', () => {
  it('knows private, loopback, link-local, CGNAT, multicast and reserved addresses, v4, v6 and v4-mapped', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'ff02::1', '::ffff:10.0.0.1', '::FFFF:127.0.0.1', '64:ff9b::a00:1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('checks IP literals without DNS and lets everything through when allowed', async () => {
    await expect(checkWebhookTarget(new URL('http://[fe80::1]:8080/x'), false)).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
    await expect(checkWebhookTarget(new URL('https://8.8.8.8/hook'), false)).resolves.toBeUndefined();
    await expect(checkWebhookTarget(new URL('http://127.0.0.1/x'), true)).resolves.toBeUndefined();
  });
});
