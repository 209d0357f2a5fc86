// Opens a notebook with knobs (plotting/knobs panels) in `make lab` with Debian's Chromium, runs
// it with Kernel › Restart & Run All, and turns its knobs through the page as a learner would:
// moves every slider of every panel to another position, picks another option in every select and
// clicks every button, each time waiting until the figure under the panel is redrawn. Then it waits until every
// cell has finished (the lab runs with a short DEEPNB_KNOBS_IDLE) and reports what it saw.
//
// usage: node knobs.js NOTEBOOK_URL OUT_DIR TIMEOUT_SECONDS
// Writes OUT_DIR/notebook.json (the notebook as the page holds it), OUT_DIR/before.png and
// OUT_DIR/after.png (the first panel and its figure), OUT_DIR/screenshot.png (the whole page),
// and prints one JSON line: {"moves": [...], ...}.
'use strict';
const fs = require('fs');
const path = require('path');
const { openNotebook, restartRunAll, notebookState, runScript } = require('./notebook_page');

// The figure a panel redraws: the first image in the outputs after the panel's own output.
function figureOf(panelIndex) {
  const panel = document.querySelectorAll('.deepnb-knobs')[panelIndex];
  if (!panel) return null;
  let area = panel.closest('.output_area');
  for (area = area && area.nextElementSibling; area; area = area.nextElementSibling) {
    const img = area.querySelector('img');
    if (img) return img.getAttribute('src');
  }
  return null;
}

runScript('knobs.js', async (url, outDir, timeout) => {
  fs.mkdirSync(outDir, { recursive: true });
  const { browser, page, consoleErrors } = await openNotebook(url, timeout);
  const moves = [];
  try {
    // figureOf runs inside the page.
    await page.evaluate((src) => { window.figureOf = (0, eval)('(' + src + ')'); }, figureOf.toString());
    await restartRunAll(page);
    const started = Date.now();

    // Each panel in turn: wait until its controls are live (GoNB appends them once the browser
    // has answered the cell) and its default figure is drawn, then turn each control.
    for (let panel = 0; ; panel++) {
      const more = await page.waitForFunction((i) => {
        const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code' && c.get_text().trim() !== '');
        const running = [...document.querySelectorAll('.input_prompt')].some((p) => p.textContent.includes('[*]'));
        const panels = document.querySelectorAll('.deepnb-knobs');
        if (panels.length > i && panels[i].querySelector('input, select, button')) return 'panel';
        if (!running && cells.every((c) => typeof c.input_prompt_number === 'number')) return 'done';
        return false;
      }, panel, { timeout, polling: 250 }).then((h) => h.jsonValue());
      if (more === 'done') break;
      await page.waitForFunction((i) => figureOf(i), panel, { timeout: 60000 });
      const panelBox = page.locator('.deepnb-knobs').nth(panel);
      const cell = panelBox.locator('xpath=ancestor::div[contains(@class, "code_cell")]');
      if (panel === 0) await cell.screenshot({ path: path.join(outDir, 'before.png') });

      const controls = [];
      for (const s of await panelBox.locator('input[type=range]').all()) controls.push({ kind: 'slider', el: s });
      for (const s of await panelBox.locator('select').all()) controls.push({ kind: 'select', el: s });
      for (const b of await panelBox.locator('button').all()) controls.push({ kind: 'button', el: b });
      for (const c of controls) {
        const label = await c.el.evaluate((e) => e.closest('.deepnb-knob').dataset.label);
        const before = await page.evaluate((i) => figureOf(i), panel);
        const t0 = Date.now();
        let from, to;
        if (c.kind === 'slider') {
          from = Number(await c.el.inputValue());
          const [lo, hi] = await c.el.evaluate((e) => [Number(e.min), Number(e.max)]);
          to = from === hi ? lo : hi; // the far end: a change big enough to see
          await c.el.fill(String(to));
        } else if (c.kind === 'button') {
          [from, to] = [0, 1]; // clicks
          await c.el.click();
        } else {
          from = Number(await c.el.evaluate((e) => e.selectedIndex));
          const n = await c.el.evaluate((e) => e.options.length);
          to = (from + 1) % n;
          await c.el.selectOption({ index: to });
        }
        let changed = true;
        try {
          await page.waitForFunction(([i, old]) => { const now = figureOf(i); return now && now !== old; },
            [panel, before], { timeout: 30000, polling: 50 });
        } catch (e) {
          changed = false;
        }
        moves.push({ panel, kind: c.kind, label, from, to, changed, redraw_ms: Date.now() - t0 });
      }
      if (panel === 0) await cell.screenshot({ path: path.join(outDir, 'after.png') });
    }
    const seconds = (Date.now() - started) / 1000;
    const state = await notebookState(page);
    state.status = await page.evaluate(() => [...document.querySelectorAll('.deepnb-knobs-status')].map((e) => e.textContent));
    fs.writeFileSync(path.join(outDir, 'notebook.json'), JSON.stringify(state.notebook));
    await page.screenshot({ path: path.join(outDir, 'screenshot.png'), fullPage: true });
    console.log(JSON.stringify({ moves, status: state.status, kernel_connected: state.kernelConnected,
      kernel_dead: state.kernelDead, seconds, console_errors: consoleErrors }));
  } finally {
    await browser.close();
  }
});
