import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BrowserCheck {
  screenshot: string | undefined;
  consoleErrors: string[];
  skipped: string | undefined;
}

/**
 * Opens the HTML report in headless Chromium (Debian's), keeps a screenshot, and collects what the page logged
 * to its console. No network: flags keep Chromium from reaching out.
 */
export async function checkInBrowser(
  htmlFile: string,
  screenshotFile: string,
  chromium = '/usr/bin/chromium',
): Promise<BrowserCheck> {
  if (!existsSync(chromium))
    return {
      screenshot: undefined,
      consoleErrors: [],
      skipped: `${chromium} is not installed (apt-get install chromium)`,
    };
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    '--enable-logging=stderr',
    '--v=0',
    '--window-size=1240,2200',
    `--user-data-dir=${screenshotFile}.profile`,
  ];
  const { stderr } = await run(chromium, [...flags, `--screenshot=${screenshotFile}`, `file://${htmlFile}`], {
    timeout: 60_000,
  });
  const consoleErrors = stderr.split('\n').filter((line) => /CONSOLE|Uncaught|ERROR:.*(javascript|render)/i.test(line));
  return { screenshot: existsSync(screenshotFile) ? screenshotFile : undefined, consoleErrors, skipped: undefined };
}
