import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

/**
 * The Dice gate on the Models page: int8 weights of the seeded demo classifier graded at a
 * threshold of 1 (some label always moves) is listed in red as rejected, naming the label, and
 * does not appear among the models a pipeline can pick.
 */
describe('optimised variants gate (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  });
  afterAll(async () => browser?.close());

  const pick = async (label: string, option: string) => {
    await page.getByTestId('variants').getByLabel(label, { exact: true }).click();
    // the panel is at the foot of a long page: the popper's options may sit below the fold
    const item = page.getByRole('option', { name: option }).first();
    await item.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('variants').getByLabel(label, { exact: true }).textContent(), { timeout: 10_000 }).toContain(option);
  };

  it('a rejected variant is listed in red with the failing labels and is not a model', async () => {
    await page.goto(`${baseURL}/models`);
    const panel = page.getByTestId('variants');
    await pick('Model', 'Demo tissue classifier');
    await pick('Kind', 'int8 weights only');
    await pick('Reference scan', 'Demo head phantom');
    await panel.getByTestId('variant-dice-threshold').fill('1');
    await panel.getByTestId('variant-create-submit').click();
    const row = panel.locator('tr[data-status="rejected"]');
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    expect(await row.getByTestId('variant-rejected').textContent()).toMatch(/^Rejected: Dice \d 0\.\d{3,} < 1/);
    expect(await row.getAttribute('class')).toContain('text-red-700'); // the row in red
    expect(await row.textContent()).toContain('Demo tissue classifier (int8 weights)');
    // not a model of the workspace: no card among the registered models after a reload
    await page.reload();
    const cards = page.getByTestId('models');
    await expect.poll(async () => (await cards.count()) && (await cards.textContent()), { timeout: 15_000 }).toContain('Demo tissue classifier');
    expect(await cards.textContent()).not.toContain('(int8 weights)');
    expect(await page.getByTestId('variants').locator('tr[data-status="rejected"]').count()).toBe(1);
  }, 120_000);
});
