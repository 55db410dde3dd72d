import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/auth/demo';
import { OFF_SITE_NEXT } from '../test/open-redirect';
import { launchChromium } from './browser';

/**
 * Issue 11 §6 in Debian Chromium against the production build: sign-in and sign-out work at
 * http://127.0.0.1:<port> (where the studio listens) and at http://localhost:<port>, and no
 * `next` payload, through the sign-in form, its demo buttons or the demo route, takes the
 * browser off the studio's origin. Every request to another host is recorded and aborted.
 */
describe('security: sign-in origins and redirects (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  const hosts = { '127.0.0.1': baseURL, localhost: baseURL.replace('127.0.0.1', 'localhost') };
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh browser profile whose requests off `origin` are recorded and never sent. */
  async function contextAt(origin: string): Promise<{ context: BrowserContext; offSite: string[] }> {
    const context = await browser.newContext();
    const offSite: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      offSite.push(url);
      return route.abort();
    });
    return { context, offSite };
  }

  const formCases = [
    { at: '127.0.0.1' as const, next: '/\\evil.example/x' },
    { at: 'localhost' as const, next: '/%09/evil.example/y' },
  ];
  it.each(formCases)('signs in with the form and out again at $at; next=$next stays on the studio', async ({ at, next }) => {
    const origin = hosts[at];
    const { context, offSite } = await contextAt(origin);
    try {
      const page = await context.newPage();
      // The payload as an attacker writes it into the link (not re-encoded).
      await page.goto(`${origin}/sign-in?next=${next}`);
      await page.getByTestId('sign-in-email').fill('clinician@demo.local');
      await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
      await page.getByTestId('sign-in-submit').click();
      await page.waitForURL(`${origin}/`);
      await page.getByTestId('user-menu').getByTestId('role-badge').filter({ hasText: 'clinician' }).waitFor();
      expect((await context.cookies(origin)).some((c) => c.name.includes('session_token'))).toBe(true);

      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.waitForURL(`${origin}/sign-in`);
      const anonymous = await page.request.get(`${origin}/api/trpc/audit.list?input=${encodeURIComponent('{}')}`);
      expect(anonymous.status()).toBe(401);
      expect(offSite).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a wrong password at localhost is refused for the password, not for the origin', async () => {
    const origin = hosts.localhost;
    const { context } = await contextAt(origin);
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/sign-in`);
      await page.getByTestId('sign-in-email').fill('engineer@demo.local');
      await page.getByTestId('sign-in-password').fill('not-the-password');
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('sign-in-error').waitFor();
      expect(await page.getByTestId('sign-in-error').textContent()).toMatch(/invalid email or password/i);
    } finally {
      await context.close();
    }
  });

  it('no next payload leaves the studio: demo route, sign-in page demo buttons, raw links', async () => {
    const origin = baseURL;
    const { context, offSite } = await contextAt(origin);
    const landed: { url: string; final: string }[] = [];
    try {
      const page = await context.newPage();
      // Where the browser lands is known once the navigation commits: no need to render the page.
      const visit = async (url: string, click?: string) => {
        await page.goto(url, { waitUntil: click ? 'load' : 'commit' });
        if (click) {
          await page.getByTestId(click).click();
          await page.waitForURL((u) => !u.pathname.startsWith('/sign-in') && !u.pathname.startsWith('/api/'), { waitUntil: 'commit' });
        }
        landed.push({ url, final: page.url() });
      };
      const raw = ['/\\evil.example/x', '/%09/evil.example/y', '//evil.example', '/\\\\evil', 'https://evil.example', '/%5C%5Cevil.example'];
      for (const next of raw) {
        await visit(`${origin}/api/auth/demo?as=clinician&next=${next}`);
        await visit(`${origin}/sign-in?next=${next}`, 'demo-sign-in-clinician');
      }
      for (const next of OFF_SITE_NEXT) {
        await visit(`${origin}/api/auth/demo?as=clinician&next=${encodeURIComponent(next)}`);
        await visit(`${origin}/sign-in?next=${encodeURIComponent(next)}`, 'demo-sign-in-clinician');
      }
      await visit(`${origin}/api/auth/demo?as=clinician&next=${encodeURIComponent('/runs')}`);
    } finally {
      await context.close();
    }
    expect(offSite).toEqual([]);
    expect(landed).toHaveLength((6 + OFF_SITE_NEXT.length) * 2 + 1);
    for (const { url, final } of landed) expect({ url, origin: new URL(final).origin }).toEqual({ url, origin });
    expect(new URL(landed.at(-1)!.final).pathname).toBe('/runs');
  });
});
