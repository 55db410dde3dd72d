import { chromium, type Browser } from 'playwright-core';
import { join } from 'node:path';

/** Debian Chromium, headless, with the flags this closed network needs (REAL-PARTS.md).
 * Playwright gives every launch a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const ARTIFACTS_DIR = join(process.cwd(), 'e2e', 'artifacts');
