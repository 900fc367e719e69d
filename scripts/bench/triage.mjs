// @ts-check
/**
 * Triage page speed in real Chromium with the built extension: the store is filled with N
 * synthetic items (written straight into IndexedDB), then the page is loaded and timed from
 * navigation to the table showing all N rows, and for a text filter, a risk filter and a sort
 * (from the input event to the next painted frame). `node scripts/bench/triage.mjs [N...]`
 * prints the figures; `measureTriage` returns them for `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../lib/browser.mjs';

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Fills the store of the open triage page with `n` items (and their details).
 * @param {import('puppeteer-core').Page} page
 * @param {number} n
 */
async function seed(page, n) {
  await page.evaluate(async (count) => {
    /** @type {IDBDatabase} */
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('telltale-triage');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['items', 'details'], 'readwrite');
    const items = tx.objectStore('items');
    const details = tx.objectStore('details');
    items.clear();
    details.clear();
    const sites = ['youtube', 'x', 'tiktok', 'generic'];
    const verdicts = ['likely-real', 'uncertain', 'likely-fake'];
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const key = `youtube:bench${i}`;
      const scored = i % 5 !== 0;
      const risk = scored ? (i * 37) % 101 : null;
      items.put({
        key,
        source: 'web',
        mediaId: key,
        site: sites[i % 4],
        url: `https://www.example.com/watch?v=bench${i}`,
        title: `Benchmark clip ${i} about topic ${i % 97}`,
        author: `@channel${i % 311}`,
        firstSeen: now - i * 60_000,
        lastSeen: now - i * 30_000,
        videoId: `v${String(i).padStart(20, '0')}`,
        state: scored ? 'scored' : 'insufficient',
        risk,
        verdict: scored ? verdicts[Math.min(2, Math.floor((risk ?? 0) / 34))] : null,
        final: true,
        cueScores: { blink: 0.3, temporal: 0.5, boundary: null, mesonet: 0.7 },
        fusionVersion: 'bench',
        analyserId: 'face-landmarker-1',
        modVerdict: i % 7 === 0 ? 'fake' : null,
        reviewedAt: i % 7 === 0 ? now : null,
        notes: i % 13 === 0 ? 'looked at this one' : '',
        tags: i % 11 === 0 ? ['politics'] : [],
      });
      const t = Array.from({ length: 80 }, (_, k) => k / 8);
      details.put({
        key,
        cues: {},
        fusion: null,
        face: null,
        frames: { sampled: 80, analysed: 80, dropped: 0 },
        series: { t, risk: t.map(() => risk), cues: { blink: t.map(() => 0.3) } },
        keyframes: [],
      });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, n);
}

/**
 * Times one UI action: from `act` to the first frame painted after the row count matches.
 * @param {import('puppeteer-core').Page} page
 * @param {string} action  'text' | 'risk' | 'sort' | 'clear'
 */
function timeAction(page, action) {
  return page.evaluate(async (which) => {
    const count = /** @type {HTMLElement} */ (document.querySelector('.tt-count'));
    const before = count.dataset.shown;
    /** @param {HTMLInputElement} input @param {string} value */
    const type = (input, value) => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const search = /** @type {HTMLInputElement} */ (document.querySelector('input[type=search]'));
    const risk = /** @type {HTMLInputElement} */ (document.querySelector('input[type=number]'));
    const start = performance.now();
    if (which === 'text') type(search, 'topic 42');
    else if (which === 'risk') type(risk, '60');
    else if (which === 'clear') {
      type(search, '');
      type(risk, '0');
    } else /** @type {HTMLElement} */ (document.querySelector('button[data-sort="risk"]')).click();
    // Wait for the render (the count changes, or for a sort the first row does), then a paint.
    const firstRow = () => document.querySelector('.tt-body .tt-row')?.getAttribute('data-key');
    const rowBefore = firstRow();
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      if (
        which === 'clear'
          ? count.dataset.shown === count.dataset.total
          : which === 'sort'
            ? firstRow() !== rowBefore
            : count.dataset.shown !== before
      )
        break;
    }
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - start;
  }, action);
}

/**
 * @param {number[]} counts
 * @param {{ repeats?: number }} [options]
 */
export async function measureTriage(counts, options = {}) {
  const repeats = options.repeats ?? 5;
  const session = await launchBrowser();
  /** @type {{ items: number, loadMs: number, textFilterMs: number, riskFilterMs: number, sortMs: number, domRows: number }[]} */
  const out = [];
  try {
    const page = await session.browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    const url = `chrome-extension://${session.extensionId}/triage.html`;
    await page.goto(url);
    await page.waitForSelector('.tt-count');
    for (const n of counts) {
      await seed(page, n);
      /** @type {number[]} */
      const loads = [];
      let domRows = 0;
      /** @type {Record<string, number[]>} */
      const actions = { text: [], risk: [], sort: [] };
      for (let r = 0; r < repeats; r++) {
        await page.goto(url);
        await page.waitForFunction(
          (c) => document.querySelector(`.tt-count[data-total="${c}"]`),
          { timeout: 120_000 },
          n,
        );
        loads.push(await page.evaluate(() => performance.now()));
        domRows = await page.$$eval('.tt-body .tt-row', (els) => els.length);
        for (const a of ['text', 'risk', 'sort']) {
          actions[a]?.push(await timeAction(page, a));
          // A sort leaves the filters empty: 'clear' would change nothing and wait out its
          // 600-frame deadline (about 10 s a repeat on a loaded machine).
          if (a !== 'sort') await timeAction(page, 'clear');
        }
      }
      out.push({
        items: n,
        loadMs: median(loads),
        textFilterMs: median(actions.text ?? []),
        riskFilterMs: median(actions.risk ?? []),
        sortMs: median(actions.sort ?? []),
        domRows,
      });
    }
  } finally {
    await session.close();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const counts = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const results = await measureTriage(counts.length > 0 ? counts : [1000, 10000]);
  console.log(
    '| items | page load to table (ms) | text filter (ms) | risk filter (ms) | sort by risk (ms) | rows in DOM |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const f = (/** @type {number} */ x) => x.toFixed(1);
    console.log(
      `| ${r.items} | ${f(r.loadMs)} | ${f(r.textFilterMs)} | ${f(r.riskFilterMs)} | ${f(r.sortMs)} | ${r.domRows} |`,
    );
  }
}
