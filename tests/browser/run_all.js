// Opens a notebook in `make lab` with Debian's Chromium, clicks Kernel › Restart & Run All, waits
// until no cell is busy, and reports what the page shows (used by tests/browser_test.go).
//
// usage: node run_all.js NOTEBOOK_URL OUT_DIR TIMEOUT_SECONDS
// Writes OUT_DIR/notebook.json (the notebook as the page holds it, outputs included),
// OUT_DIR/screenshot.png, OUT_DIR/widest_image.png (the output with the widest image), and prints one JSON line: {"images": N, "overflowing": [...], ...}.
// Never downloads a browser: it runs /usr/bin/chromium (or $CHROMIUM).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

async function main() {
  const [url, outDir, timeoutArg] = process.argv.slice(2);
  if (!url || !outDir) throw new Error('usage: node run_all.js NOTEBOOK_URL OUT_DIR TIMEOUT_SECONDS');
  const timeout = 1000 * Number(timeoutArg || 300);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  const consoleErrors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(url, { timeout });
    // The classic Notebook UI: wait until its kernel is connected and idle.
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
      Jupyter.notebook.kernel.is_connected() && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'),
      null, { timeout });

    // Kernel › Restart & Run All, then confirm, as a user would.
    // The test must leave notebooks/ as it found it (outputs cleared): no autosave.
    await page.evaluate(() => Jupyter.notebook.set_autosave_interval(0));
    await page.click('#kernellink');
    await page.click('#restart_run_all');
    await page.click('.modal-dialog .modal-footer button.btn-danger', { timeout: 10000 });

    // Done: every non-empty code cell has a number in its prompt, none shows [*], kernel idle.
    const started = Date.now();
    await page.waitForFunction(() => {
      const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code' && c.get_text().trim() !== '');
      const busy = document.querySelectorAll('.input_prompt').length === 0 ||
        [...document.querySelectorAll('.input_prompt')].some((p) => p.textContent.includes('[*]'));
      return !busy && cells.every((c) => typeof c.input_prompt_number === 'number') &&
        document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
    }, null, { timeout, polling: 500 });
    const seconds = (Date.now() - started) / 1000;

    const state = await page.evaluate(() => ({
      notebook: Jupyter.notebook.toJSON(),
      // Images the browser rendered: PNG/JPEG outputs, inline SVG, and images inside HTML outputs.
      images: document.querySelectorAll('.output_area img, .output_area svg').length,
      // Images wider than the output area that holds them: cut off at its right edge.
      overflowing: [...document.querySelectorAll('.output_subarea > img, .output_subarea > svg, .output_subarea > div > svg')]
        .map((el) => {
          const area = el.closest('.output_subarea');
          const cell = [...document.querySelectorAll('.cell')].indexOf(el.closest('.cell'));
          return { cell, width: Math.round(el.getBoundingClientRect().width), area: Math.round(area.clientWidth) };
        }).filter((o) => o.width > o.area + 1),
      kernelConnected: Jupyter.notebook.kernel.is_connected(),
      kernelDead: document.querySelector('#kernel_indicator_icon.kernel_dead_icon') !== null,
    }));
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'notebook.json'), JSON.stringify(state.notebook));
    await page.screenshot({ path: path.join(outDir, 'screenshot.png'), fullPage: true });
    // The output holding the widest image, scrolled into view: whether it is seen whole.
    const widest = await page.evaluate(() => {
      const els = [...document.querySelectorAll('.output_subarea img, .output_subarea svg')].filter((el) => !el.parentElement.closest('svg'));
      if (els.length === 0) return false;
      const el = els.reduce((a, b) => (b.getBoundingClientRect().width > a.getBoundingClientRect().width ? b : a));
      el.closest('.output_area').setAttribute('data-deepnb-widest', '');
      return true;
    });
    if (widest) await page.locator('[data-deepnb-widest]').screenshot({ path: path.join(outDir, 'widest_image.png') });
    console.log(JSON.stringify({ images: state.images, kernel_connected: state.kernelConnected,
      kernel_dead: state.kernelDead, overflowing: state.overflowing, seconds, console_errors: consoleErrors }));
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error('run_all.js: ' + (e && e.message ? e.message.split('\n')[0] : e)); process.exit(1); });
