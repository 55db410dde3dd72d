import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

/**
 * The engineer's edit of a model's input contract on the Models page: saved for this workspace
 * and shown as edited, an invalid contract refused in words, and "Use the file's contract" back.
 */
describe('model contract editor (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => browser?.close());

  it('saves an edited contract, refuses an invalid one, and reverts to the file', async () => {
    await page.goto(`${baseURL}/models`);
    // The card by its own test id: the edit button it is found by goes away while editing.
    const id = await page.locator('[data-testid^="model-"]').filter({ has: page.getByTestId('contract-edit') }).first().getAttribute('data-testid');
    const card = page.getByTestId(id!);
    await card.getByTestId('contract-edit').click();
    await card.getByTestId('contract-json').fill(JSON.stringify({ orientation: 'LIA', shape: [256, 256, 256], spacingMm: 1, intendedUse: 'contract editor e2e' }));
    await card.getByRole('button', { name: 'Save contract' }).click();
    const shown = card.getByTestId('model-contract');
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toContain('edited in this workspace');
    const text = await shown.textContent();
    expect(text).toContain('contract editor e2e');
    expect(text).toContain('LIA');
    expect(text).toContain('256 x 256 x 256 at 1 mm');

    await card.getByTestId('contract-edit').click();
    await card.getByTestId('contract-json').fill(JSON.stringify({ orientation: 'XYZ' }));
    await card.getByRole('button', { name: 'Save contract' }).click();
    await expect.poll(() => page.getByText('Contract not saved').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await shown.textContent()).toContain('contract editor e2e');
    await card.getByRole('button', { name: 'Cancel' }).click();

    await card.getByRole('button', { name: "Use the file's contract" }).click();
    await expect.poll(async () => (await card.getByTestId('model-contract').count()) === 0 || !(await card.getByTestId('model-contract').textContent())?.includes('edited in this workspace'), { timeout: 15_000 }).toBe(true);
    await page.reload();
    expect(await card.textContent()).not.toContain('contract editor e2e');
  });
});
