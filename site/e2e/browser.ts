// Headless Debian Chromium driven by playwright-core: Playwright cannot download its own
// browsers here, so it drives the distribution's binary with a fresh profile.
import { execSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const SHOTS = new URL("screenshots/", import.meta.url).pathname;

function chromiumPath(): string {
  try {
    return execSync("command -v chromium", { shell: "/bin/sh" }).toString().trim();
  } catch {
    throw new Error("Chromium is not installed: apt-get install -y chromium (make site-test does it when run as root)");
  }
}

export async function openBrowser(): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "hypetrack-e2e-"));
  // Each run starts with an empty folder, so no picture from an older run is mistaken for this one's.
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
