// Opens a notebook in `make lab` with Debian's Chromium, clicks Kernel › Restart & Run All, waits
// until no cell is busy, and reports what the page shows (used by tests/browser_test.go).
//
// usage: node run_all.js NOTEBOOK_URL OUT_DIR TIMEOUT_SECONDS
// Writes OUT_DIR/notebook.json (the notebook as the page holds it, outputs included),
// OUT_DIR/screenshot.png, OUT_DIR/widest_image.png (the output with the widest image), and prints
// one JSON line: {"images": N, "overflowing": [...], ...}.
'use strict';
const fs = require('fs');
const path = require('path');
const { openNotebook, restartRunAll, notebookState, runScript } = require('./notebook_page');

runScript('run_all.js', async (url, outDir, timeout) => {
  const { browser, page, consoleErrors } = await openNotebook(url, timeout);
  try {
    await restartRunAll(page);

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

    const state = await notebookState(page);
    Object.assign(state, await page.evaluate(() => ({
      // Images the browser rendered: PNG/JPEG outputs, inline SVG, and images inside HTML outputs.
      images: document.querySelectorAll('.output_area img, .output_area svg').length,
      // Images wider than the output area that holds them: cut off at its right edge.
      overflowing: [...document.querySelectorAll('.output_subarea > img, .output_subarea > svg, .output_subarea > div > svg')]
        .map((el) => {
          const area = el.closest('.output_subarea');
          const cell = [...document.querySelectorAll('.cell')].indexOf(el.closest('.cell'));
          return { cell, width: Math.round(el.getBoundingClientRect().width), area: Math.round(area.clientWidth) };
        }).filter((o) => o.width > o.area + 1),
    })));
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
});
