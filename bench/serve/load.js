// A closed-loop HTTP load client: CLIENTS concurrent clients, each sending its next request as soon
// as the previous one is answered, for SECONDS, cycling through the URLs given (one per line on
// standard input). Prints requests/s, latency percentiles and errors, per URL kind and overall,
// and separately for the answers the server computed rather than kept (`x-entente-cache: miss`).
//   node load.js http://127.0.0.1:8080 < urls.txt
'use strict';
const http = require('node:http');

const base = new URL(process.argv[2] || 'http://127.0.0.1:8080');
const clients = Number(process.env.CLIENTS || 50);
const seconds = Number(process.env.SECONDS || 60);
const paths = require('node:fs').readFileSync(0, 'utf8').split('\n').map(s => s.trim()).filter(Boolean);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const results = []; // [kind, ms, ok]
const deadline = Date.now() + seconds * 1000;

function once(path) {
  return new Promise(resolve => {
    const started = process.hrtime.bigint();
    const req = http.get({ host: base.hostname, port: base.port, path, agent }, res => {
      res.resume();
      res.on('end', () => resolve([Number(process.hrtime.bigint() - started) / 1e6, res.statusCode === 200,
        res.headers['x-entente-cache'] === 'hit']));
    });
    req.on('error', () => resolve([Number(process.hrtime.bigint() - started) / 1e6, false, false]));
  });
}

async function client(i) {
  let n = i;
  while (Date.now() < deadline) {
    const path = paths[n++ % paths.length];
    const [ms, ok, kept] = await once(path);
    results.push([path.split('?')[0].split('/').pop(), ms, ok, kept]);
  }
}

function report(kind, rows) {
  const ms = rows.map(r => r[1]).sort((a, b) => a - b);
  const at = q => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  const errors = rows.filter(r => !r[2]).length;
  console.log(`${kind.padEnd(8)} ${String(rows.length).padStart(7)} req  ${(rows.length / seconds).toFixed(1).padStart(7)} req/s  ` +
    `p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms  errors ${errors}`);
}

(async () => {
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  console.log(`${clients} clients, ${seconds} s against ${base.origin}`);
  for (const kind of [...new Set(results.map(r => r[0]))].sort()) report(kind, results.filter(r => r[0] === kind));
  report('all', results);
  const computed = results.filter(r => !r[3]);
  if (computed.length) report('computed', computed);
  agent.destroy();
})();
