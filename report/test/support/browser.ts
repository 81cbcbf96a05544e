import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface PageCheck {
  /** console errors, page errors and any request that is not a local file */
  problems: string[];
  charts: { id: string; paths: number; width: number; x: number; y: number }[];
  text: string;
}

/** Opens an HTML file in headless Chromium, collects its charts and problems, saves a full-page screenshot. */
export async function openInChromium(file: string, screenshot: string, inspect?: (page: Page) => Promise<void>): Promise<PageCheck> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (scripts/install-system-deps.sh)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("request", (r) => !r.url().startsWith("file:") && problems.push(`network request: ${r.url()}`));
    await page.goto(`file://${path.resolve(file)}`);
    const charts = await page.$$eval("figure.chart", (figs) =>
      figs.map((f) => {
        const box = f.getBoundingClientRect();
        return { id: f.id, paths: f.querySelectorAll("svg path").length, width: box.width, x: box.x, y: box.y };
      }),
    );
    mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    if (inspect) await inspect(page);
    return { problems, charts, text: await page.innerText("body") };
  } finally {
    await browser.close();
  }
}
