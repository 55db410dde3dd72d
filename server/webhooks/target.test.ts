import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isPrivateAddress } from './target';

describe('webhook targets (SSRF guard)', () => {
  it('knows private, loopback, link-local, CGNAT, multicast and reserved addresses, v4, v6 and v4-mapped', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'ff02::1', '::ffff:10.0.0.1', '::FFFF:127.0.0.1', '64:ff9b::a00:1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('security: judges the IPv4 address every IPv6 form embeds (mapped, compatible, translated, NAT64, 6to4, Teredo), hex or dotted', () => {
    const refused = [
      '::ffff:7f00:1', // mapped, hex
      '::ffff:a9fe:a9fe', // mapped metadata endpoint
      '::127.0.0.1', // IPv4-compatible ::/96
      '::7f00:1',
      '::10.0.0.1',
      '::a9fe:a9fe',
      '::ffff:0:127.0.0.1', // IPv4-translated ::ffff:0:0:0/96
      '::ffff:0:c0a8:101',
      '64:ff9b::127.0.0.1', // NAT64 well-known prefix
      '64:ff9b::c0a8:101',
      '64:ff9b:1::808:808', // local-use NAT64 (RFC 8215): never public
      '2002:7f00:1::', // 6to4 of 127.0.0.1
      '2002:a00:1::1', // 6to4 of 10.0.0.1
      '2002:a9fe:a9fe::1', // 6to4 of 169.254.169.254
      '2002:c0a8:101:1::1', // 6to4 of 192.168.1.1
      '2001:0:a00:1::', // Teredo, server 10.0.0.1
      '2001:0:808:808::80ff:fffe', // Teredo, client (inverted) 127.0.0.1
      'fe80::1%eth0', // zone id
    ];
    for (const a of refused) expect(isPrivateAddress(a), a).toBe(true);
    const allowed = ['::ffff:808:808', '::8.8.8.8', '64:ff9b::8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2001:0:808:808::f7f7:f7f7', '2a00:1450:4001:82a::200e'];
    for (const a of allowed) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('security: refuses unspecified, broadcast, multicast, reserved, benchmarking, documentation and other special ranges (v4 and v6)', () => {
    const v4 = ['0.0.0.0', '0.1.2.3', '255.255.255.255', '224.0.0.251', '239.255.255.250', '240.0.0.1', '250.1.2.3', '198.18.0.1', '198.19.255.255', '192.0.2.1', '198.51.100.7', '203.0.113.9', '192.0.0.8', '192.88.99.1'];
    const v6 = ['::', '::1', 'ff02::1', 'ff0e::1', 'fec0::1', 'fc00::1', '100::1', '2001:db8::1', '3fff::1', '2001:2::1', '2001:10::1', '2001:20::1', '4000::1', 'e000::1'];
    for (const a of [...v4, ...v6]) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['198.20.0.1', '203.0.114.1', '223.255.255.254', '1.1.1.1', '2606:4700:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('security: refuses URL forms the WHATWG parser rewrites ([::127.0.0.1], [::ffff:127.0.0.1], [2002:7f00:1::], 0x7f.1)', async () => {
    for (const u of ['http://[::127.0.0.1]/', 'http://[::ffff:127.0.0.1]:8080/x', 'http://[0:0:0:0:0:ffff:169.254.169.254]/', 'http://[64:ff9b::10.0.0.1]/', 'http://[2002:7f00:1::]/', 'http://[::]/', 'http://0x7f.1/', 'http://0/', 'http://[::ffff:0:a00:1]/']) {
      await expect(checkWebhookTarget(new URL(u), false), u).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
    }
    await expect(checkWebhookTarget(new URL('http://[64:ff9b::8.8.8.8]/'), false)).resolves.toBeUndefined();
  });

  it('checks IP literals without DNS and lets everything through when allowed', async () => {
    await expect(checkWebhookTarget(new URL('http://[fe80::1]:8080/x'), false)).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
    await expect(checkWebhookTarget(new URL('https://8.8.8.8/hook'), false)).resolves.toBeUndefined();
    await expect(checkWebhookTarget(new URL('http://127.0.0.1/x'), true)).resolves.toBeUndefined();
  });
});
