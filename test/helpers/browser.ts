import fs from 'node:fs';
import type { TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Debian's Chromium headless. In CI a missing or broken browser fails the
 * test loudly; locally the test is skipped with the reason printed.
 */
export async function launchBrowser(t: TestContext): Promise<Browser | undefined> {
  const reason = fs.existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (apt-get install chromium)`;
  if (reason) return skipOrFail(t, reason);
  try {
    return await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true, // Playwright gives each launch a new empty profile.
      // The machine has no network but loopback: without these, Chromium keeps
      // trying Google's services and its connections are refused.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  } catch (err) {
    return skipOrFail(t, `Chromium did not start: ${(err as Error).message.split('\n')[0]}`);
  }
}

function skipOrFail(t: TestContext, reason: string): undefined {
  if (process.env.CI) throw new Error(`Browser test cannot run in CI: ${reason}`);
  console.log(`# skipping browser test: ${reason}`);
  t.skip(reason);
  return undefined;
}
