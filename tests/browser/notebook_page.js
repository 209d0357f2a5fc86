// What run_all.js and knobs.js share: Debian's Chromium opened on a notebook in `make lab` (the
// classic Notebook UI) with its kernel connected and idle, Kernel › Restart & Run All clicked as
// a user would, and the page's state read back. Never downloads a browser: it runs
// /usr/bin/chromium (or $CHROMIUM).
'use strict';
const { chromium } = require('playwright-core');

// openNotebook launches Chromium, opens url and waits until the notebook's kernel is connected and
// idle; it returns { browser, page, consoleErrors } (consoleErrors fills as the page logs errors).
// Autosave is turned off: a test must leave notebooks/ as it found it, outputs cleared.
async function openNotebook(url, timeout) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  try {
    const consoleErrors = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(url, { timeout });
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
      Jupyter.notebook.kernel.is_connected() && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'),
      null, { timeout });
    await page.evaluate(() => Jupyter.notebook.set_autosave_interval(0));
    return { browser, page, consoleErrors };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

// restartRunAll clicks Kernel › Restart & Run All and confirms the dialog.
async function restartRunAll(page) {
  await page.click('#kernellink');
  await page.click('#restart_run_all');
  await page.click('.modal-dialog .modal-footer button.btn-danger', { timeout: 10000 });
}

// notebookState returns the notebook as the page holds it (outputs included) and the kernel's state.
async function notebookState(page) {
  return page.evaluate(() => ({
    notebook: Jupyter.notebook.toJSON(),
    kernelConnected: Jupyter.notebook.kernel.is_connected(),
    kernelDead: document.querySelector('#kernel_indicator_icon.kernel_dead_icon') !== null,
  }));
}

// runScript runs main(url, outDir, timeoutMs) with the command line's arguments; an error prints
// one line prefixed with the script's name and exits 1.
function runScript(name, main) {
  const [url, outDir, timeoutArg] = process.argv.slice(2);
  const run = async () => {
    if (!url || !outDir) throw new Error(`usage: node ${name} NOTEBOOK_URL OUT_DIR TIMEOUT_SECONDS`);
    await main(url, outDir, 1000 * Number(timeoutArg || 300));
  };
  run().catch((e) => { console.error(name + ': ' + (e && e.message ? e.message.split('\n')[0] : e)); process.exit(1); });
}

module.exports = { openNotebook, restartRunAll, notebookState, runScript };
