import { accessSync, constants } from 'fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium package (installed by .ci/run when missing); playwright-core never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

// As /work/.library/env/machines/node.md says Chromium runs on this machine (root, closed network).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium for the browser tier; without it the test fails, saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tier needs Debian's chromium package ` +
        `(as root: apt-get install -y chromium). .ci/run installs it when it is missing.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
