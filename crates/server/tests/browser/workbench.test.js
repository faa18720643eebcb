// Browser test of `entente serve`: ingests the example articles into a new store, serves it, and
// drives the workbench in headless Chromium (Debian's /usr/bin/chromium, through playwright-core).
// Screenshots of every view go to $ARTEFACTS (default: ./artefacts).
//
//   ENTENTE=target/release/entente node crates/server/tests/browser/workbench.test.js
'use strict';

const { chromium } = require('playwright-core');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');

const root = path.resolve(__dirname, '../../../..');
const entente = path.resolve(root, process.env.ENTENTE || 'target/release/entente');
const artefacts = path.resolve(process.env.ARTEFACTS || path.join(__dirname, 'artefacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const token = 'browser-test-token';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

async function waitForHealth(base, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`entente serve exited with ${child.exitCode}`);
    try { const r = await fetch(`${base}/api/v1/health`); if (r.ok) return r.json(); } catch { /* not up yet */ }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('entente serve did not answer within 20 s');
}

async function ready(page) {
  await page.waitForSelector('#view[data-ready="true"]', { timeout: 30000 });
  const error = await page.$('#view .error');
  if (error) throw new Error(`the view shows an error: ${await error.textContent()}`);
}

async function step(name, fn) {
  const started = Date.now();
  await fn();
  console.log(`ok   ${name} (${Date.now() - started} ms)`);
}

async function main() {
  fs.mkdirSync(artefacts, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-browser-'));
  const store = path.join(work, 'seeds.duckdb');
  execFileSync(entente, ['--store', store, 'ingest', path.join(root, 'examples/articles')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const balance = execFileSync(entente, ['--store', store, 'balance', '--focus', 'AZE', '--format', 'json']).toString();
  const cliTriads = JSON.parse(balance).unbalanced_triads.map(t => `${t.actors.join('-')} pivot ${t.pivot}`);
  assert.ok(cliTriads.includes('AZE-ISR-TUR pivot AZE'), `entente balance --focus AZE: ${cliTriads}`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(entente, ['--store', store, 'serve', '--addr', `127.0.0.1:${port}`],
    { env: { ...process.env, ENTENTE_TOKEN: token }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', d => { log += d; });
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-chromium-'));
  let context;
  try {
    const health = await waitForHealth(base, server);
    const storedBefore = health.store.events;
    context = await chromium.launchPersistentContext(userData, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1400, height: 950 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] || await context.newPage();
    const problems = [];
    page.on('pageerror', e => problems.push(`page error: ${e.message}`));
    page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    // Nothing may be fetched from anywhere but the server.
    page.on('request', r => { if (!r.url().startsWith(base)) problems.push(`request outside the server: ${r.url()}`); });

    await step('network view shows AZE, ISR, TUR, IRN and the unbalanced AZE–ISR–TUR triad with pivot AZE', async () => {
      await page.goto(`${base}/#/network`);
      await ready(page);
      const nodes = await page.evaluate(() => window.cy.nodes().map(n => n.id()));
      for (const actor of ['AZE', 'ISR', 'TUR', 'IRN']) assert.ok(nodes.includes(actor), `${actor} in ${nodes}`);
      const triad = page.locator('.triad[data-triad="AZE-ISR-TUR"]');
      await triad.waitFor();
      assert.equal(await triad.getAttribute('data-pivot'), 'AZE');
      const marked = await page.evaluate(() => ({
        pivot: window.cy.getElementById('AZE').data('pivot'),
        edges: ['AZE-ISR', 'AZE-TUR', 'ISR-TUR'].map(id => window.cy.getElementById(id).data('unbalanced')),
      }));
      assert.deepEqual(marked, { pivot: 1, edges: [1, 1, 1] });
      // The status bar counts what the views count, and says how many more are stored.
      assert.equal(await page.locator('#store-status').textContent(),
        `${health.store.documents} documents, ${health.store.counted_events} counted events (${health.store.events} stored)`);
      await page.screenshot({ path: path.join(artefacts, 'network.png') });
    });

    await step('clicking the AZE–ISR edge opens the dyad with evidence "opened its embassy in Tel Aviv"', async () => {
      // A point on the edge that no node covers.
      const point = await page.evaluate(() => {
        const edge = window.cy.getElementById('AZE-ISR');
        // Rendered positions count from the container's padding edge, not its border box.
        const container = window.cy.container();
        const style = getComputedStyle(container);
        const rect = container.getBoundingClientRect();
        const box = {
          left: rect.left + container.clientLeft + parseFloat(style.paddingLeft),
          top: rect.top + container.clientTop + parseFloat(style.paddingTop),
        };
        const [a, b] = [edge.source().renderedPosition(), edge.target().renderedPosition()];
        for (const t of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7]) {
          const p = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
          const covered = window.cy.nodes().some(n => {
            const bb = n.renderedBoundingBox({ includeLabels: false });
            return p.x >= bb.x1 && p.x <= bb.x2 && p.y >= bb.y1 && p.y <= bb.y2;
          });
          if (!covered) return { x: box.left + p.x, y: box.top + p.y };
        }
        throw new Error('every point of the AZE-ISR edge is under a node');
      });
      await page.mouse.move(point.x, point.y);
      await page.mouse.click(point.x, point.y);
      await page.waitForURL(/#\/dyad\?a=AZE&b=ISR/);
      await ready(page);
      await page.locator('tr[data-period="2023-03"]').click();
      const evidence = page.locator('#evidence .evidence', { hasText: 'opened its embassy in Tel Aviv' }).first();
      await evidence.waitFor();
      assert.equal(await evidence.locator('mark.trigger').first().textContent(), 'opened its embassy in');
      assert.equal(await evidence.locator('mark.source').first().textContent(), 'Azerbaijan');
      await page.screenshot({ path: path.join(artefacts, 'dyad.png'), fullPage: true });
    });

    await step('actor view lists AZE\'s partners, rivals and names', async () => {
      await page.goto(`${base}/#/actor?actor=AZE`);
      await ready(page);
      await page.getByText('Names that resolved to it').waitFor();
      assert.ok((await page.locator('main').textContent()).includes('Hikmet Hajiyev'));
      await page.screenshot({ path: path.join(artefacts, 'actor.png'), fullPage: true });
    });

    await step('events view filters by dyad and offers downloads', async () => {
      await page.goto(`${base}/#/events?dyad=AZE:ISR`);
      await ready(page);
      const rows = await page.locator('main table tbody tr').count();
      assert.ok(rows > 0, 'AZE:ISR events listed');
      const csv = await page.locator('a[download="events.csv"]').getAttribute('href');
      const response = await fetch(base + csv);
      assert.equal(response.status, 200);
      assert.equal((await response.text()).trim().split('\n').length, rows + 1, 'the CSV holds the listed events and a header');
      const parquet = await fetch(base + await page.locator('a[download="events.parquet"]').getAttribute('href'));
      assert.equal(parquet.headers.get('content-type'), 'application/vnd.apache.parquet');
      const bytes = Buffer.from(await parquet.arrayBuffer());
      assert.equal(bytes.subarray(0, 4).toString() + bytes.subarray(-4).toString(), 'PAR1PAR1', 'a Parquet file');
      await page.screenshot({ path: path.join(artefacts, 'events.png') });
    });

    await step('map view draws the located events on the bundled world outline; clicking Istanbul shows its evidence', async () => {
      await page.goto(`${base}/#/map`);
      await ready(page);
      const places = await (await fetch(`${base}/api/v1/places`)).json();
      assert.match(await page.locator('#map-unlocated').textContent(), new RegExp(`^${places.unlocated} of ${places.events} events have no place$`));
      assert.ok(places.unlocated > 0 && places.located > 0, `located ${places.located}, unlocated ${places.unlocated}`);
      // The points ECharts draws are the places of the seeds' events, at their coordinates.
      const drawn = await page.evaluate(() => window.ententeMap.getOption().series[0].data.map(d => ({ name: d.name, value: d.value })));
      for (const [name, lat, lon] of [['Istanbul', 41.01, 28.95], ['Tel Aviv', 32.08, 34.78], ['Cairo', 30.06, 31.25], ['Baku', 40.38, 49.89]]) {
        const point = drawn.find(d => d.name === name);
        assert.ok(point, `${name} on the map: ${drawn.map(d => d.name)}`);
        assert.ok(Math.abs(point.value[0] - lon) < 0.05 && Math.abs(point.value[1] - lat) < 0.05, `${name} at ${point.value}`);
      }
      assert.equal(await page.locator('tr[data-place]').count(), drawn.length, 'a table row per point');
      // The outline is drawn: the map's world has Turkey's polygon.
      assert.ok(await page.evaluate(() => !!echarts.getMap('world').geoJSON.features.find(f => f.properties.name === 'Turkey')));
      await page.screenshot({ path: path.join(artefacts, 'map.png') });
      // A click on Istanbul's point, where ECharts drew it.
      const xy = await page.evaluate(() => {
        const chart = window.ententeMap;
        const index = chart.getOption().series[0].data.findIndex(d => d.name === 'Istanbul');
        const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, chart.getOption().series[0].data[index].value.slice(0, 2));
        const box = chart.getDom().getBoundingClientRect();
        return { x: box.left + x, y: box.top + y };
      });
      await page.mouse.move(xy.x, xy.y);
      await page.mouse.click(xy.x, xy.y);
      await page.locator('#place-name[data-place="Istanbul"]').waitFor();
      const evidence = page.locator('#place-evidence .evidence', { hasText: 'SOCAR' }).first();
      await evidence.waitFor();
      assert.equal(await evidence.locator('mark.place').first().textContent(), 'Istanbul');
      assert.ok((await evidence.locator('mark.trigger').count()) > 0, 'the trigger is highlighted');
      await page.screenshot({ path: path.join(artefacts, 'map-place.png') });
      // The same filter narrows the map: only Turkish places are left.
      await page.goto(`${base}/#/map?in=TUR`);
      await ready(page);
      const turkish = await page.evaluate(() => window.ententeMap.getOption().series[0].data.map(d => d.name));
      assert.deepEqual(turkish, ['Istanbul']);
    });

    await step('coding pad highlights the events of a pasted paragraph and stores it with the token', async () => {
      await page.goto(`${base}/#/pad`);
      await ready(page);
      await page.fill('#pad-text', 'Azerbaijan and Pakistan signed a defence cooperation agreement in Baku on 3 March 2025. ' +
        'Iran condemned the agreement the next day.');
      await page.fill('#pad-date', '2025-03-03');
      await page.click('#pad-code');
      await page.locator('#pad-coded mark.trigger').first().waitFor();
      const triggers = await page.locator('#pad-coded mark.trigger').allTextContents();
      assert.ok(triggers.length > 0, 'triggers highlighted');
      await page.screenshot({ path: path.join(artefacts, 'pad.png'), fullPage: true });
      await page.fill('#pad-token', token);
      await page.click('#pad-store');
      await page.locator('#pad-stored').waitFor();
      const after = await (await fetch(`${base}/api/v1/health`)).json();
      assert.ok(after.store.events > storedBefore, `events ${storedBefore} -> ${after.store.events}`);
    });

    await step('alerts view lists the turns', async () => {
      await page.goto(`${base}/#/alerts?by=quarter&since=2023-07`);
      await ready(page);
      await page.screenshot({ path: path.join(artefacts, 'alerts.png') });
    });

    assert.deepEqual(problems, [], 'no script errors, CSP violations or outside requests');
    assert.match(log, /"GET \/api\/v1\/network/, 'the access log has a line per request');
    console.log(`screenshots in ${artefacts}`);
  } finally {
    if (context) await context.close();
    server.kill('SIGINT');
    fs.rmSync(userData, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => { console.error(`FAIL ${error.stack || error}`); process.exit(1); });
