import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

/**
 * Model cards in the studio: the admin (demo visitor) edits a model's card and the pipeline's
 * card; the version panel shows the card pinned at publish; a clinician sees the model card
 * read-only.
 */
describe('model cards (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  const limits = `Not validated on paediatric scans (e2e ${Date.now()})`;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => browser?.close());

  const openFirstCard = async (p: Page) => {
    await p.goto(`${baseURL}/models`);
    await p.locator('[data-testid^="model-card-open-"]').first().click();
    await p.getByTestId('model-card-form').waitFor();
  };

  it('an admin saves a model card; it is there after a reload', async () => {
    await openFirstCard(page);
    await page.getByTestId('model-card-knownLimits').fill(limits);
    await page.getByTestId('model-card-labels').fill('0 background\n1 tissue #ff0000');
    await page.getByTestId('model-card-save').click();
    await page.getByText('edited in this workspace').waitFor({ timeout: 15_000 });
    await openFirstCard(page);
    expect(await page.getByTestId('model-card-knownLimits').inputValue()).toBe(limits);
    expect(await page.getByTestId('model-card-labels').inputValue()).toBe('0 background\n1 tissue #ff0000');
    // A label without a value is refused in words before anything is sent.
    await page.getByTestId('model-card-labels').fill('tissue');
    await page.getByTestId('model-card-problems').waitFor();
    expect(await page.getByTestId('model-card-save').isDisabled()).toBe(true);
  });

  it('the pipeline card saves, and each version shows its pinned card with "Not evaluated" and the history', async () => {
    await page.goto(`${baseURL}/`);
    await page.getByText('Demo: head phantom tissue classes').first().click();
    await page.waitForSelector('.react-flow__node');
    await page.getByTestId('tab-card').click();
    await page.getByTestId('pipeline-card-knownLimits').fill('Phantom scans only.');
    await page.getByTestId('pipeline-card-save').click();
    await page.getByTestId('toast-success').getByText('Pipeline card saved').waitFor({ timeout: 15_000 });
    await page.getByTestId('tab-versions').click();
    await page.locator('[data-testid^="version-card-open-"]').first().click();
    const card = page.getByTestId('version-card');
    await card.waitFor({ timeout: 15_000 });
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Version history');
    expect(text).toMatch(/v\d+\.\d+\.\d+/);
    expect(text).toContain('Evaluation results');
    await page.getByTestId('card-not-evaluated').waitFor();
    // Pinned at publish: the edit made just now is not in the seeded version's card.
    expect(text).not.toContain('Phantom scans only.');
  });

  it('a clinician reads the model card and cannot edit it', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const clinician = await context.newPage();
      await clinician.goto(`${baseURL}/api/auth/demo?as=clinician&next=/models`);
      await clinician.getByTestId('user-menu').getByTestId('role-badge').filter({ hasText: 'clinician' }).waitFor();
      await openFirstCard(clinician);
      expect(await clinician.getByTestId('model-card-knownLimits').inputValue()).toBe(limits);
      expect(await clinician.getByTestId('model-card-knownLimits').isDisabled()).toBe(true);
      expect(await clinician.getByTestId('model-card-save').count()).toBe(0);
      await clinician.getByText('Read-only: your role cannot edit models.').waitFor();
    } finally {
      await context.close();
    }
  });
});
