import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/auth/demo';
import { launchChromium } from './browser';

/**
 * People and keys in the browser (issue 4): an admin manages API keys and members in Settings;
 * a clinician signs in through the form and neither sees nor can call what their role forbids;
 * a wrong password keeps you on the sign-in page with the reason.
 */
const stamp = Date.now().toString(36);

/** runs.list with an API key and no cookies, as an integrator would call it. */
const runsWithKey = (baseURL: string, secret: string) => fetch(`${baseURL}/api/trpc/runs.list`, { headers: { authorization: `Bearer ${secret}` } });

async function appCodeOf(res: { json: () => Promise<unknown> }) {
  return ((await res.json()) as { error?: { data?: { appCode?: string } } }).error?.data?.appCode;
}

describe('sign-in, roles, members and API keys (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an admin creates an API key (secret shown once), revokes it, and adds a member', async () => {
    // No cookie yet: the embedded demo signs the visitor in as its admin and returns to /settings.
    await page.goto(`${baseURL}/settings`);
    await page.waitForURL(`${baseURL}/settings`);
    await page.getByTestId('keys-card').waitFor();
    await expect.poll(() => page.getByTestId('nav-audit').count()).toBe(1);
    expect(await page.getByTestId('nav-settings').count()).toBe(1);

    const name = `e2e key ${stamp}`;
    await page.getByTestId('key-create-open').click();
    await page.getByTestId('key-name').fill(name);
    await page.getByTestId('key-action-run.read').check();
    await page.getByTestId('key-create-submit').click();
    const secret = await page.getByTestId('key-secret').inputValue();
    expect(secret).toMatch(/^isk_[A-Za-z0-9_-]{43}$/);
    // The key works for what it was granted.
    expect((await runsWithKey(baseURL, secret)).status).toBe(200);

    // Once closed, the secret is gone from the page and the table shows only its prefix.
    await page.getByTestId('key-secret-done').click();
    const row = page.getByTestId(`key-row-${name}`);
    await row.waitFor();
    expect(await page.getByTestId('key-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(await row.textContent()).toContain(secret.slice(0, 12));
    expect(await row.getByTestId('key-state').textContent()).toContain('active');

    await page.getByTestId(`key-revoke-${name}`).click();
    await page.getByTestId(`key-revoke-${name}-confirm`).click();
    await expect.poll(() => row.getByTestId('key-state').textContent()).toContain('revoked');
    expect(await page.getByTestId(`key-revoke-${name}`).count()).toBe(0);
    const refused = await runsWithKey(baseURL, secret);
    expect(refused.status).toBe(401);
    expect(await appCodeOf(refused)).toBe('AUTH_KEY_REVOKED');

    // A new person: email, role, name and an initial password.
    const email = `e2e-${stamp}@example.test`;
    await page.getByTestId('member-add-open').click();
    await page.getByTestId('member-email').fill(email);
    await page.getByTestId('member-role').click();
    await page.getByRole('option', { name: 'engineer' }).click();
    await page.getByTestId('member-name').fill('E2E Engineer');
    await page.getByTestId('member-password').fill('e2e-password-123');
    await page.getByTestId('member-add-submit').click();
    const member = page.getByTestId(`member-row-${email}`);
    await member.waitFor();
    expect(await member.textContent()).toContain('E2E Engineer');
    expect(await page.getByTestId(`member-role-${email}`).textContent()).toContain('engineer');

    // Adding the same person twice is refused and said so.
    await page.getByTestId('member-add-open').click();
    await page.getByTestId('member-email').fill(email);
    await page.getByTestId('member-add-submit').click();
    await page.getByTestId('toast-error').filter({ hasText: 'already a member' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('an admin creates a workspace, lands in it empty, and switches back', async () => {
    await page.goto(`${baseURL}/settings`);
    const before = (await page.getByTestId('user-menu-workspace').textContent())?.trim();
    const name = `E2E study ${stamp}`;
    await page.getByTestId('workspace-create-open').click();
    await page.getByTestId('workspace-name').fill(name);
    await page.getByTestId('workspace-create').click();
    await page.waitForURL(`${baseURL}/`);
    await expect.poll(() => page.getByTestId('user-menu-workspace').textContent()).toBe(name);
    // Its own, empty pipeline list: the demo pipeline belongs to the other workspace.
    await page.getByText('No pipelines yet').waitFor();
    expect(await page.getByTestId('pipeline-list').count()).toBe(0);

    await page.getByTestId('user-menu').click();
    await page.getByTestId('workspace-ws_default').click();
    await page.waitForURL(`${baseURL}/`);
    await expect.poll(() => page.getByTestId('user-menu-workspace').textContent()).toBe(before);
    await page.getByTestId('pipeline-list').waitFor();
  });

  it('after sign-out, a clinician signs in with the form and cannot see or call the audit log', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(`${baseURL}/sign-in`);
    // Signed out for real: a tRPC call with the page's cookies has no principal.
    const anonymous = await page.request.get(`${baseURL}/api/trpc/audit.list?input=${encodeURIComponent('{}')}`);
    expect(anonymous.status()).toBe(401);

    await page.getByTestId('sign-in-email').fill('clinician@demo.local');
    await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL(`${baseURL}/`);

    // account.me has loaded (the menu names the clinician): only then does a hidden entry mean anything.
    await page.getByTestId('user-menu').getByTestId('role-badge').filter({ hasText: 'clinician' }).waitFor();
    await page.getByTestId('nav-pipelines').waitFor();
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    expect(await page.getByTestId('nav-costs').count()).toBe(0);
    expect(await page.getByTestId('nav-webhooks').count()).toBe(0);
    expect(await page.getByTestId('new-pipeline').count()).toBe(0);

    const res = await page.request.get(`${baseURL}/api/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ limit: 10 }))}`);
    expect(res.status()).toBe(403);
    expect(await appCodeOf(res)).toBe('PERMISSION_DENIED');

    // In the editor the clinician can look but not save or publish (read-only canvas: e2e/canvas-ux).
    await page.getByText('Demo: head phantom tissue classes').first().click();
    await page.waitForSelector('.react-flow__node');
    await page.getByTestId('read-only').waitFor();
    expect(await page.getByTestId('save-draft').count()).toBe(0);
    expect(await page.getByTestId('publish-open').count()).toBe(0);
  });

  it('a wrong password shows the reason and stays on the sign-in page; the right one goes to `next`', async () => {
    const fresh = await browser.newContext();
    try {
      const p = await fresh.newPage();
      await p.goto(`${baseURL}/sign-in?next=/runs`);
      // The embedded demo offers its three people.
      await p.getByTestId('demo-sign-in-clinician').waitFor();
      expect(await p.getByTestId('user-menu').count()).toBe(0);

      await p.getByTestId('sign-in-email').fill('admin@demo.local');
      await p.getByTestId('sign-in-password').fill('not-the-password');
      await p.getByTestId('sign-in-submit').click();
      await p.getByTestId('sign-in-error').waitFor();
      expect(await p.getByTestId('sign-in-error').textContent()).toMatch(/invalid email or password/i);
      expect(new URL(p.url()).pathname).toBe('/sign-in');
      expect((await fresh.cookies()).some((c) => c.name.includes('session_token'))).toBe(false);

      await p.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
      await p.getByTestId('sign-in-submit').click();
      await p.waitForURL(`${baseURL}/runs`);
    } finally {
      await fresh.close();
    }
  });
});
