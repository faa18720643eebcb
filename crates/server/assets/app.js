// Entente workbench: one page, one view per hash route (#/network?since=..., #/dyad?a=AZE&b=ISR),
// so every view can be bookmarked and shared. Everything it shows comes from /api/v1/.
'use strict';

const view = () => document.getElementById('view');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ---- helpers ------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  return { name: path || 'network', params: new URLSearchParams(query || '') };
}

function go(name, params) {
  const clean = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined && v !== false) clean.set(k, v);
  const hash = `#/${name}${[...clean].length ? '?' + clean : ''}`;
  if (location.hash === hash) render(); else location.hash = hash;
}

async function api(path, params = {}, options = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) query.set(k, v);
  const url = `/api/v1/${path}${[...query].length ? '?' + query : ''}`;
  const response = await fetch(url, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? `${body.error.message} (${body.error.code})` : response.statusText);
  return body;
}

function post(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return api(path, {}, { method: 'POST', headers, body: JSON.stringify(body) });
}

function fail(error) {
  view().append(el('p', { class: 'error', role: 'alert', text: error.message }));
}

function controls(fields, onSubmit, extra = []) {
  const form = el('form', { class: 'controls' });
  for (const f of fields) {
    const input = f.options
      ? el('select', { name: f.name }, f.options.map(o => el('option', { value: o, selected: o === f.value }, o)))
      : el('input', { name: f.name, value: f.value ?? '', placeholder: f.placeholder ?? '', size: f.size ?? 10, type: f.type ?? 'text' });
    if (f.type === 'checkbox') input.checked = !!f.value;
    form.append(el('label', {}, f.label, input));
  }
  form.append(el('button', { type: 'submit' }, 'Show'), ...extra);
  form.addEventListener('submit', e => {
    e.preventDefault();
    const values = {};
    for (const f of fields) {
      const input = form.elements[f.name];
      values[f.name] = f.type === 'checkbox' ? (input.checked ? 'true' : '') : input.value.trim();
    }
    onSubmit(values);
  });
  return form;
}

// "1 event", "2 events".
const counted = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function fmt(x, digits = 2) {
  return x === null || x === undefined ? '' : typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(digits)) : String(x);
}

// Cooperation (+1) green to conflict (-1) red, through grey.
function signColour(ratio) {
  const t = Math.max(-1, Math.min(1, ratio ?? 0));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const grey = [156, 163, 175], green = [26, 152, 80], red = [215, 48, 39];
  const to = t >= 0 ? green : red, f = Math.abs(t);
  return `rgb(${mix(grey[0], to[0], f)},${mix(grey[1], to[1], f)},${mix(grey[2], to[2], f)})`;
}

// Text with byte-span highlights. `spans` are [{start, end, cls}] in bytes from the text's start:
// the store and the coder give byte offsets, and JavaScript strings count UTF-16 units.
function highlighted(text, spans) {
  const bytes = encoder.encode(text);
  const clamp = n => Math.max(0, Math.min(bytes.length, n));
  const points = new Set([0, bytes.length]);
  const valid = spans.filter(s => s.start !== null && s.end !== null && s.end > s.start);
  for (const s of valid) { points.add(clamp(s.start)); points.add(clamp(s.end)); }
  const cuts = [...points].sort((a, b) => a - b);
  const out = el('span', { class: 'highlighted' });
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [p, q] = [cuts[i], cuts[i + 1]];
    const piece = decoder.decode(bytes.slice(p, q));
    const covering = valid.filter(s => s.start <= p && s.end >= q);
    if (!covering.length) { out.append(piece); continue; }
    const top = covering[covering.length - 1];
    out.append(el('mark', { class: covering.map(s => s.cls).join(' '), title: top.title ?? top.cls }, piece));
  }
  return out;
}

const spanLegend = () => el('p', { class: 'legend' },
  el('mark', { class: 'source' }, 'source'), ' ', el('mark', { class: 'target' }, 'target'), ' ', el('mark', { class: 'trigger' }, 'trigger'),
  ' ', el('mark', { class: 'place' }, 'place'));

// One report of an event (a row of /api/v1/evidence): its sentence with source, target, trigger
// and, where this sentence is the one that named it, the place highlighted; then what was coded.
function reportCard(r) {
  const base = r.sentence_start;
  const spans = [
    { start: r.source_start - base, end: r.source_end - base, cls: 'source', title: `source ${r.source_code}` },
    { start: r.target_start - base, end: r.target_end - base, cls: 'target', title: `target ${r.target_code}` },
    { start: r.trigger_start - base, end: r.trigger_end - base, cls: 'trigger', title: `trigger, rule ${r.rule}` },
  ].filter(s => Number.isFinite(s.start));
  // The place's span comes from the report it was read from: other reports may hold other text there.
  const place = { start: r.location_start - base, end: r.location_end - base, cls: 'place', title: `place ${r.location_name}, ${r.location_country ?? ''}` };
  const bytes = encoder.encode(r.sentence ?? '');
  if (r.location_text && place.start >= 0 && place.end <= bytes.length
      && decoder.decode(bytes.slice(place.start, place.end)) === r.location_text) spans.push(place);
  const source = r.url ? el('a', { href: r.url, rel: 'noopener noreferrer', target: '_blank' }, r.outlet || r.url) : (r.outlet || '');
  const where = r.location_name ? ` · in ${r.location_name}${r.location_country ? ', ' + r.location_country : ''}` : '';
  return el('div', { class: 'evidence', 'data-event': r.event_id },
    el('div', {}, highlighted(r.sentence, spans)),
    el('div', { class: 'meta' }, `${r.date ?? 'undated'} · ${r.source_code} → ${r.target_code ?? ''} · CAMEO ${r.cameo} (quad ${r.quad_class}, Goldstein ${fmt(r.goldstein, 1)})${where} · rule ${r.rule} · ${r.doc} · `, source));
}

function table(rows, columns, onClick) {
  const head = el('tr', {}, columns.map(c => el('th', {}, c.label ?? c.key)));
  const body = rows.map(r => el('tr', { class: onClick ? 'clickable' : null, onclick: onClick ? () => onClick(r) : null, ...(r.__attrs || {}) },
    columns.map(c => el('td', { class: c.cls ? c.cls(r) : null }, c.render ? c.render(r) : fmt(r[c.key])))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, body));
}

// ---- Network ------------------------------------------------------------------------------

let cy = null;
let storeInfo = null;

function monthOf(date) { return date ? date.slice(0, 7) : ''; }
function addMonths(ym, n) {
  const [y, m] = ym.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String(total % 12 + 1).padStart(2, '0')}`;
}

async function renderNetwork(params) {
  const p = Object.fromEntries(params);
  view().append(el('h2', {}, 'Network'));
  const last = monthOf(storeInfo?.last_date), first = monthOf(storeInfo?.first_date);
  view().append(controls([
    { name: 'since', label: 'since', value: p.since, placeholder: 'YYYY-MM' },
    { name: 'until', label: 'until', value: p.until, placeholder: 'YYYY-MM' },
    { name: 'all', label: 'whole store', value: p.all, type: 'checkbox' },
    { name: 'focus', label: 'focus actor', value: p.focus, placeholder: 'AZE', size: 8 },
  ], v => go('network', v)));
  if (first && last) {
    // The time slider moves a 12-month window ending in the chosen month.
    const months = []; for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
    const end = p.until ? monthOf(p.until) : last;
    const slider = el('input', { type: 'range', min: 0, max: months.length - 1, value: Math.max(0, months.indexOf(end)), id: 'window-slider', 'aria-label': 'window end' });
    const label = el('span', { class: 'muted' });
    const show = () => { const m = months[slider.value]; label.textContent = `12 months to ${m}`; return m; };
    show();
    slider.addEventListener('input', show);
    slider.addEventListener('change', () => { const m = show(); go('network', { since: addMonths(m, -11), until: m, focus: p.focus }); });
    view().append(el('p', {}, 'Window: ', slider, ' ', label));
  }
  const query = { since: p.since, until: p.until, all: p.all ? 'true' : '' };
  const [net, balance] = await Promise.all([
    api('network', query),
    api('balance', { ...query, focus: p.focus, evidence: 0, limit: 200 }),
  ]);
  const graph = el('div', { id: 'graph', class: 'panel', 'data-window': net.window });
  const side = el('div', { class: 'panel', id: 'network-side' });
  view().append(el('p', { class: 'muted', id: 'network-window' }, `Window ${net.window}: ${net.nodes.length} actors, ${net.edges.length} edges. Click an edge to open its dyad.`));
  view().append(el('div', { class: 'grid' }, graph, side));
  drawNetwork(graph, net, balance, p.focus?.toUpperCase());
  side.append(el('h3', {}, `Unbalanced triangles${p.focus ? ' around ' + p.focus.toUpperCase() : ''}: ${balance.unbalanced_triads.length}`));
  for (const t of balance.unbalanced_triads) {
    side.append(el('div', { class: 'triad', 'data-triad': t.actors.join('-'), 'data-pivot': t.pivot },
      el('strong', {}, t.actors.join('–')), ` [${t.kind}] pivot `, el('strong', {}, t.pivot),
      el('div', { class: 'muted' }, Object.entries(t.signs).map(([k, s]) => `${k} ${s > 0 ? '+' : '−'}`).join(', '))));
  }
  side.append(el('h3', {}, 'Blocs'),
    el('p', {}, el('span', { class: 'swatch', style: 'background:#2563eb' }), balance.blocs[0].join(' ')),
    el('p', {}, el('span', { class: 'swatch', style: 'background:#ea580c' }), balance.blocs[1].join(' ')),
    el('p', { class: 'muted' }, `balanced share ${fmt(balance.balanced_share)}, frustration ${balance.frustration}`));
  side.append(el('h3', {}, 'Legend'), el('p', { class: 'legend' },
    el('span', {}, el('span', { class: 'swatch', style: `background:${signColour(1)}` }), 'cooperation'),
    el('span', {}, el('span', { class: 'swatch', style: `background:${signColour(0)}` }), 'neutral'),
    el('span', {}, el('span', { class: 'swatch', style: `background:${signColour(-1)}` }), 'conflict')),
    el('p', { class: 'muted' }, 'Node size: activity. Edge width: events and stated relations. Dashed red outline: an unbalanced triangle; thick border: its pivot.'));
}

function drawNetwork(container, net, balance, focus) {
  const activity = {};
  for (const e of net.edges) for (const n of [e.a, e.b]) activity[n] = (activity[n] || 0) + e.events + e.relations;
  const bloc = n => balance.blocs[0].includes(n) ? 0 : balance.blocs[1].includes(n) ? 1 : -1;
  const inTriad = new Set(), triadEdges = new Set(), pivots = new Set();
  for (const t of balance.unbalanced_triads) {
    t.actors.forEach(a => inTriad.add(a));
    Object.keys(t.signs).forEach(k => triadEdges.add(k));
    pivots.add(t.pivot);
  }
  const neighbours = new Set(focus ? [focus] : []);
  if (focus) for (const e of net.edges) { if (e.a === focus) neighbours.add(e.b); if (e.b === focus) neighbours.add(e.a); }
  let seed = 20240601;
  const random = () => { // mulberry32
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const elements = [
    // Nodes start at seeded pseudo-random places, so the force layout settles the same way every time.
    ...net.nodes.map(n => ({ position: { x: 600 * random(), y: 600 * random() }, data: { id: n, label: pivots.has(n) ? `${n} (pivot)` : n, size: 18 + 10 * Math.sqrt(activity[n] || 0), bloc: bloc(n), pivot: pivots.has(n) ? 1 : 0, faded: focus && !neighbours.has(n) ? 1 : 0 } })),
    ...net.edges.map(e => ({ data: {
      id: `${e.a}-${e.b}`, source: e.a, target: e.b, colour: signColour(e.coop_ratio),
      width: 1.5 + 2.5 * Math.log1p(e.events + e.relations), unbalanced: triadEdges.has(`${e.a}-${e.b}`) ? 1 : 0,
      faded: focus && e.a !== focus && e.b !== focus ? 1 : 0, edge: e } })),
  ];
  cy = cytoscape({
    container, elements, wheelSensitivity: 0.3,
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 110 },
    style: [
      { selector: 'node', style: { label: 'data(label)', width: 'data(size)', height: 'data(size)', 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': '#9ca3af' } },
      { selector: 'node[bloc = 0]', style: { 'background-color': '#2563eb' } },
      { selector: 'node[bloc = 1]', style: { 'background-color': '#ea580c' } },
      { selector: 'node[pivot = 1]', style: { 'border-width': 5, 'border-color': '#111827', 'font-weight': 'bold' } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(colour)', 'curve-style': 'bezier' } },
      { selector: 'edge[unbalanced = 1]', style: { 'line-style': 'dashed', 'underlay-color': '#d73027', 'underlay-opacity': 0.25, 'underlay-padding': 4 } },
      { selector: '[faded = 1]', style: { opacity: 0.2 } },
      { selector: 'edge:selected', style: { 'underlay-color': '#2563eb', 'underlay-opacity': 0.35 } },
    ],
  });
  window.cy = cy; // for the browser test and the curious
  const tip = document.getElementById('tooltip');
  cy.on('mouseover', 'edge', evt => {
    const e = evt.target.data('edge');
    const c = e.counts;
    tip.textContent = `${e.a}–${e.b}  sign ${e.sign > 0 ? '+' : e.sign < 0 ? '−' : '0'}  coop ratio ${fmt(e.coop_ratio)}\n` +
      `events ${e.events} (verbal coop ${c.verbal_coop}, material coop ${c.material_coop}, verbal conflict ${c.verbal_conflict}, material conflict ${c.material_conflict})\n` +
      `stated relations ${e.relations}, Goldstein sum ${fmt(e.goldstein_sum)}`;
    tip.hidden = false;
  });
  cy.on('mousemove', evt => { tip.style.left = `${evt.originalEvent.clientX + 14}px`; tip.style.top = `${evt.originalEvent.clientY + 14}px`; });
  cy.on('mouseout', 'edge', () => { tip.hidden = true; });
  cy.on('tap', 'edge', evt => { tip.hidden = true; const e = evt.target.data('edge'); go('dyad', { a: e.a, b: e.b }); });
  cy.on('tap', 'node', evt => go('actor', { actor: evt.target.id() }));
}

// ---- Dyad ---------------------------------------------------------------------------------

function periodBounds(row, by) {
  const start = row.start; // YYYY-MM-DD
  if (by === 'month') return [start.slice(0, 7), start.slice(0, 7)];
  if (by === 'year') return [start.slice(0, 4), start.slice(0, 4)];
  if (by === 'quarter') return [start.slice(0, 7), addMonths(start.slice(0, 7), 2)];
  const end = new Date(`${start}T00:00:00Z`); end.setUTCDate(end.getUTCDate() + 6);
  return [start, end.toISOString().slice(0, 10)];
}

async function renderDyad(params) {
  const p = Object.fromEntries(params);
  view().append(el('h2', {}, p.a && p.b ? `Dyad ${p.a.toUpperCase()}–${p.b.toUpperCase()}` : 'Dyad'));
  view().append(controls([
    { name: 'a', label: 'actor A', value: p.a, placeholder: 'AZE', size: 8 },
    { name: 'b', label: 'actor B', value: p.b, placeholder: 'ISR', size: 8 },
    { name: 'by', label: 'per', value: p.by || 'month', options: ['week', 'month', 'quarter', 'year'] },
    { name: 'directed', label: 'A → B only', value: p.directed, type: 'checkbox' },
  ], v => go('dyad', v)));
  if (!p.a || !p.b) { view().append(el('p', { class: 'muted' }, 'Name two actors, or click an edge in the network.')); return; }
  const by = p.by || 'month';
  const series = await api('dyad', { a: p.a, b: p.b, by, directed: p.directed ? 'true' : '' });
  const chart = el('div', { id: 'chart', class: 'panel' });
  const evidence = el('div', { class: 'panel', id: 'evidence' });
  view().append(chart);
  const rows = series.periods;
  const coop = r => r.counts.verbal_coop + r.counts.material_coop;
  const conflict = r => r.counts.verbal_conflict + r.counts.material_conflict;
  const showEvidence = (row) => {
    const [since, until] = row ? periodBounds(row, by) : ['', ''];
    document.querySelectorAll('tr[data-period]').forEach(tr => tr.classList.toggle('selected', row && tr.dataset.period === row.period));
    loadEvidence(evidence, p, since, until, row ? row.period : 'all periods');
  };
  const plot = echarts.init(chart);
  plot.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['cooperation', 'conflict', 'Goldstein sum'] },
    grid: { left: 50, right: 60, top: 56, bottom: 30 },
    xAxis: { type: 'category', data: rows.map(r => r.period) },
    yAxis: [{ type: 'value', name: 'events' }, { type: 'value', name: 'Goldstein' }],
    series: [
      { name: 'cooperation', type: 'bar', stack: 'n', data: rows.map(coop), itemStyle: { color: '#1a9850' },
        markPoint: { symbolSize: 36, data: rows.filter(r => r.milestones.length).map(r => ({ name: r.milestones.map(m => m.label).join(', '), coord: [r.period, coop(r) + conflict(r)], value: '★' })) } },
      { name: 'conflict', type: 'bar', stack: 'n', data: rows.map(conflict), itemStyle: { color: '#d73027' } },
      { name: 'Goldstein sum', type: 'line', yAxisIndex: 1, data: rows.map(r => r.goldstein_sum), itemStyle: { color: '#374151' } },
    ],
  });
  plot.on('click', e => showEvidence(rows[e.dataIndex]));
  view().append(el('h3', {}, 'Periods'), table(rows.filter(r => r.counts && (coop(r) + conflict(r) + r.relations) > 0)
    .map(r => ({ ...r, __attrs: { 'data-period': r.period } })), [
    { key: 'period' },
    { key: 'coop', label: 'cooperation', render: coop },
    { key: 'conflict', label: 'conflict', render: conflict },
    { key: 'goldstein_sum', label: 'Goldstein sum', cls: r => r.goldstein_sum >= 0 ? 'pos' : 'neg' },
    { key: 'coop_ratio', label: 'coop ratio' },
    { key: 'milestones', render: r => r.milestones.map(m => `${m.date} ${m.label}`).join('; ') },
  ], showEvidence));
  if (series.relations.length) {
    view().append(el('h3', {}, 'Stated relations'), table(series.relations, [
      { key: 'relation' }, { key: 'date' }, { key: 'doc' }, { key: 'sentence' }]));
  }
  view().append(el('h3', {}, 'Evidence'), spanLegend(), evidence);
  showEvidence(null);
}

async function loadEvidence(container, p, since, until, label) {
  container.replaceChildren(el('p', { class: 'muted' }, `Loading evidence for ${label}…`));
  try {
    const result = await api('evidence', { a: p.a, b: p.b, since, until, directed: p.directed ? 'true' : '', limit: 100 });
    container.replaceChildren(el('p', { class: 'muted' }, `${result.reports.length} reports, ${label}`), ...result.reports.map(reportCard));
  } catch (error) {
    container.replaceChildren(el('p', { class: 'error', text: error.message }));
  }
}

// ---- Actor --------------------------------------------------------------------------------

async function renderActor(params) {
  const p = Object.fromEntries(params);
  view().append(el('h2', {}, p.actor ? `Actor ${p.actor.toUpperCase()}` : 'Actor'));
  view().append(controls([
    { name: 'actor', label: 'actor', value: p.actor, placeholder: 'AZE', size: 8 },
    { name: 'since', label: 'since', value: p.since, placeholder: 'YYYY-MM' },
    { name: 'until', label: 'until', value: p.until, placeholder: 'YYYY-MM' },
    { name: 'all', label: 'whole store', value: p.all, type: 'checkbox' },
  ], v => go('actor', v)));
  if (!p.actor) { view().append(el('p', { class: 'muted' }, 'Name an actor, or click a node in the network.')); return; }
  const a = await api('actor', { actor: p.actor, since: p.since, until: p.until, all: p.all ? 'true' : '' });
  const other = e => e.a === a.actor ? e.b : e.a;
  const edgeColumns = [
    { key: 'partner', render: other }, { key: 'coop_ratio', label: 'coop ratio', cls: e => e.sign >= 0 ? 'pos' : 'neg' },
    { key: 'events' }, { key: 'relations', label: 'stated relations' }, { key: 'goldstein_sum', label: 'Goldstein sum' }];
  const openDyad = e => go('dyad', { a: a.actor, b: other(e) });
  view().append(el('p', { class: 'muted' }, `Window ${a.window}`));
  view().append(el('div', { class: 'grid' },
    el('div', {},
      el('h3', {}, 'Partners'), table(a.partners, edgeColumns, openDyad),
      el('h3', {}, 'Rivals'), table(a.rivals, edgeColumns, openDyad),
      el('h3', {}, 'Newest events'), table(a.recent_events, [
        { key: 'date' }, { key: 'source_code', label: 'source' }, { key: 'target_code', label: 'target' },
        { key: 'cameo' }, { key: 'goldstein' }, { key: 'sentence' }])),
    el('div', { class: 'panel' },
      el('h3', {}, 'Cross-pressure'),
      el('p', {}, a.cross_pressure ? `${fmt(a.cross_pressure.score)}: ${a.cross_pressure.hostile_pairs} of ${a.cross_pressure.partner_pairs} partner pairs are hostile to each other` : 'none'),
      el('h3', {}, 'Unbalanced triangles'),
      a.unbalanced_triads.map(t => el('div', { class: 'triad' }, `${t.actors.join('–')} [${t.kind}] pivot ${t.pivot}`)),
      el('h3', {}, 'Names that resolved to it'),
      table(a.names.slice(0, 25), [{ key: 'text', label: 'text' }, { key: 'actor_name', label: 'as' }, { key: 'code' }, { key: 'via' }, { key: 'mentions' }]))));
}

// ---- Events -------------------------------------------------------------------------------

const EVENT_FILTERS = ['actor', 'dyad', 'since', 'until', 'code', 'root', 'quad', 'plover', 'origin', 'text', 'in', 'near', 'modality'];

// The events view's filters, as set in the route, and their form fields: the map uses the same.
function eventFilters(p) {
  return Object.fromEntries(EVENT_FILTERS.filter(k => p[k]).map(k => [k, p[k]]));
}

function eventFilterFields(p) {
  return EVENT_FILTERS.map(k => ({
    name: k, label: k, value: p[k], size: k === 'text' ? 18 : k === 'near' ? 14 : 8,
    ...(k === 'in' ? { placeholder: 'TUR, TR.34' } : k === 'near' ? { placeholder: 'LAT,LON,KM' } : {}),
    ...(k === 'modality' ? { options: ['actual', 'all', 'intended', 'threatened', 'demanded', 'hypothetical'], value: p.modality || 'actual' } : {}),
    ...(k === 'origin' ? { options: ['', 'text', 'gdelt', 'icews'] } : {}),
  }));
}

async function renderEvents(params) {
  const p = Object.fromEntries(params);
  view().append(el('h2', {}, 'Events'));
  const filters = eventFilters(p);
  view().append(controls(eventFilterFields(p)
    .concat([{ name: 'order', label: 'order', value: p.order || 'oldest', options: ['oldest', 'newest'] }]), v => go('events', v)));
  const offset = Number(p.offset || 0), limit = 50;
  const page = await api('events', { ...filters, order: p.order, limit, offset });
  const download = format => `/api/v1/export?${new URLSearchParams({ ...filters, ...(p.order ? { order: p.order } : {}), format })}`;
  view().append(el('p', {},
    `Events ${offset + 1}–${offset + page.events.length} `,
    el('button', { class: 'secondary', disabled: offset === 0, onclick: () => go('events', { ...filters, order: p.order, offset: Math.max(0, offset - limit) }) }, '← previous'), ' ',
    el('button', { class: 'secondary', disabled: page.next_offset === null, onclick: () => go('events', { ...filters, order: p.order, offset: page.next_offset }) }, 'next →'), ' · download ',
    el('a', { href: download('csv'), download: 'events.csv' }, 'CSV'), ' ',
    el('a', { href: download('jsonl'), download: 'events.jsonl' }, 'JSONL'), ' ',
    el('a', { href: download('parquet'), download: 'events.parquet' }, 'Parquet'), ' · ',
    el('a', { href: `#/map?${new URLSearchParams(filters)}`, id: 'events-on-map' }, 'on the map')));
  view().append(table(page.events, [
    { key: 'event_id', label: 'id' }, { key: 'date' }, { key: 'source_code', label: 'source' }, { key: 'target_code', label: 'target' },
    { key: 'cameo' }, { key: 'quad_class', label: 'quad' }, { key: 'goldstein' }, { key: 'plover' }, { key: 'num_reports', label: 'reports' },
    { key: 'origin' }, { key: 'location_name', label: 'place' }, { key: 'sentence' }],
    e => e.target_code && go('dyad', { a: e.source_country || e.source_code, b: e.target_country || e.target_code })));
}

// ---- Map ----------------------------------------------------------------------------------

let mapChart = null;
let worldRegistered = null;

// The world outline (Natural Earth 1:110m, served by the binary), registered with ECharts once.
function registerWorld() {
  worldRegistered ??= fetch('/world/countries-110m.geojson')
    .then(r => { if (!r.ok) throw new Error(`world outline: ${r.status}`); return r.json(); })
    .then(outline => echarts.registerMap('world', outline))
    .catch(error => { worldRegistered = null; throw error; });
  return worldRegistered;
}

const QUADS = [
  { key: 'verbal_coop', label: 'verbal cooperation', colour: '#91cf60' },
  { key: 'material_coop', label: 'material cooperation', colour: '#1a9850' },
  { key: 'verbal_conflict', label: 'verbal conflict', colour: '#fc8d59' },
  { key: 'material_conflict', label: 'material conflict', colour: '#d73027' },
];

// The quad class most of a place's events are in (the lower class on a tie).
const dominantQuad = place => QUADS.reduce((best, q) => place.counts[q.key] > place.counts[best.key] ? q : best, QUADS[0]);
const placeColour = (place, by) => by === 'goldstein' ? signColour(place.goldstein_mean / 10) : dominantQuad(place).colour;
const placeLabel = place => [place.name, place.country].filter(Boolean).join(', ') + ` (${place.precision})`;
// The other names the events at a place's point give it (a country is placed at its capital).
const otherNames = place => place.names.slice(1).map(n => `${n.name ?? '?'} (${n.precision}, ${n.events})`).join(', ');
// Where a place is, as the `near` filter of the events at exactly that point.
const placeNear = place => `${place.lat},${place.lon},0`;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

const pointSize = events => 8 + 6 * Math.sqrt(events);
const labelFont = '11px system-ui, sans-serif';
const textWidth = (() => {
  const context = document.createElement('canvas').getContext('2d');
  return text => { context.font = labelFont; return context.measureText(text).width; };
})();

// Where each place's label goes: right of its point, else left, else nowhere, the busiest places
// first, so that no label covers another or another place's point (ECharts' own hideOverlap does
// not reach points on a map). Null for a place left unlabelled.
function labelledPlaces(chart, places) {
  const taken = places.map(place => {
    const [x, y] = chart.convertToPixel('geo', [place.lon, place.lat]);
    const r = pointSize(place.events) / 2;
    return { x1: x - r, y1: y - r, x2: x + r, y2: y + r, x, y, r };
  });
  const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  return places.map((place, i) => {
    const { x, y, r } = taken[i];
    const width = textWidth(place.name ?? '') + 2;
    const sides = { right: { x1: x + r + 3, x2: x + r + 5 + width }, left: { x1: x - r - 5 - width, x2: x - r - 3 } };
    for (const [side, span] of Object.entries(sides)) {
      const box = { ...span, y1: y - 8, y2: y + 8 };
      if (taken.some((t, j) => j !== i && overlaps(box, t))) continue;
      taken.push(box);
      return side;
    }
    return null;
  });
}

// The centre and zoom that frame the places (ECharts' zoom 1 shows the whole world).
function framing(places) {
  if (!places.length) return { center: [20, 20], zoom: 1 };
  const lons = places.map(p => p.lon), lats = places.map(p => p.lat);
  const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const zoom = Math.min(360 / Math.max(east - west, 1) / 2, 170 / Math.max(north - south, 1) / 2, 6);
  return { center: [(west + east) / 2, (south + north) / 2], zoom: Math.max(1, zoom) };
}

async function renderMap(params) {
  const p = Object.fromEntries(params);
  const colourBy = p.colour === 'goldstein' ? 'goldstein' : 'quad';
  view().append(el('h2', {}, 'Map'));
  const filters = eventFilters(p);
  view().append(controls(eventFilterFields(p)
    .concat([{ name: 'colour', label: 'colour by', value: colourBy, options: ['quad', 'goldstein'] }]), v => go('map', v)));
  const [summary] = await Promise.all([api('places', filters), registerWorld()]);
  view().append(el('p', { id: 'map-summary' },
    `${counted(summary.located, 'event')} at ${counted(summary.places_total, 'place')}. `,
    el('strong', { id: 'map-unlocated' }, `${summary.unlocated} of ${counted(summary.events, 'event')} ${summary.unlocated === 1 ? 'has' : 'have'} no place`),
    summary.unlocated === 1 ? ' and is not on the map. ' : ' and are not on the map. ',
    summary.truncated ? `The map shows the ${summary.places.length} places with the most events. ` : '',
    el('a', { href: `#/events?${new URLSearchParams(filters)}` }, 'List the events')));
  const container = el('div', { id: 'map', class: 'panel' });
  const side = el('div', { class: 'panel', id: 'map-side' });
  view().append(el('div', { class: 'grid' }, container, side));
  const legend = colourBy === 'goldstein'
    ? el('p', { class: 'legend' }, ...[-10, 0, 10].map(g => el('span', {}, el('span', { class: 'swatch', style: `background:${signColour(g / 10)}` }), `Goldstein ${g}`)))
    : el('p', { class: 'legend' }, ...QUADS.map(q => el('span', {}, el('span', { class: 'swatch', style: `background:${q.colour}` }), q.label)));
  const intro = () => side.replaceChildren(el('h3', {}, 'Legend'), legend,
    el('p', { class: 'muted' }, colourBy === 'goldstein'
      ? 'Point size: events. Colour: their mean Goldstein score.'
      : 'Point size: events. Colour: the quad class most of them are in.'),
    el('p', { class: 'muted' }, 'Click a place for its events and the sentences that report them.'));
  intro();
  const places = summary.places;
  const points = labelled => places.map((place, i) => ({
    name: place.name ?? '', value: [place.lon, place.lat, place.events],
    label: labelled[i] ? { show: true, position: labelled[i] } : { show: false },
    itemStyle: { color: placeColour(place, colourBy), borderColor: '#111827', borderWidth: 0.6, opacity: 0.9 },
  }));
  mapChart = echarts.init(container);
  window.ententeMap = mapChart;
  const { center, zoom } = framing(places);
  mapChart.setOption({
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: item => {
        const place = places[item.dataIndex];
        if (item.seriesType !== 'scatter' || !place) return escapeHtml(item.name ?? '');
        const counts = QUADS.filter(q => place.counts[q.key]).map(q => `${place.counts[q.key]} ${q.label}`).join(', ');
        const also = place.names.length > 1 ? `<br>also ${escapeHtml(otherNames(place))}` : '';
        return `<strong>${escapeHtml(placeLabel(place))}</strong>${also}<br>${place.events} events: ${escapeHtml(counts)}<br>mean Goldstein ${fmt(place.goldstein_mean, 1)}`;
      },
    },
    geo: {
      map: 'world', roam: true, center, zoom, scaleLimit: { min: 1, max: 60 },
      itemStyle: { areaColor: '#f3f4f6', borderColor: '#9ca3af', borderWidth: 0.5 },
      emphasis: { disabled: true }, select: { disabled: true }, tooltip: { show: false },
    },
    series: [{
      type: 'scatter', coordinateSystem: 'geo',
      data: points(places.map(() => null)),
      symbolSize: value => pointSize(value[2]),
      label: { position: 'right', formatter: '{b}', font: labelFont, color: '#111827' },
      emphasis: { scale: 1.3, label: { show: true } },
    }],
  });
  // Labels are placed once the map has its size, and again once a zoom or pan comes to rest.
  const chart = mapChart;
  const relabel = () => chart.setOption({ series: [{ data: points(labelledPlaces(chart, places)) }] });
  relabel();
  let resting = null;
  chart.on('georoam', () => { clearTimeout(resting); resting = setTimeout(() => chart.isDisposed() || relabel(), 150); });
  const rows = new Map();
  const choose = place => {
    rows.forEach((tr, p) => tr.classList.toggle('selected', p === place));
    showPlace(side, place, filters, intro);
  };
  mapChart.on('click', item => { if (item.seriesType === 'scatter') choose(places[item.dataIndex]); });
  view().append(el('h3', {}, 'Places'), table(places.map(place => ({ ...place, __attrs: { 'data-place': place.name ?? '' } })), [
    { key: 'name', label: 'place' }, { key: 'country' }, { key: 'adm1' }, { key: 'precision' }, { key: 'events' },
    ...QUADS.map(q => ({ key: q.key, label: q.label, render: r => r.counts[q.key] })),
    { key: 'goldstein_mean', label: 'mean Goldstein', render: r => fmt(r.goldstein_mean, 1), cls: r => r.goldstein_mean >= 0 ? 'pos' : 'neg' },
  ], row => choose(places.find(place => place.lat === row.lat && place.lon === row.lon))));
  view().querySelectorAll('tr[data-place]').forEach((tr, i) => rows.set(places[i], tr));
}

// A place's newest events, their reports with the sentences highlighted, and a link to all of them.
async function showPlace(side, place, filters, back) {
  const near = placeNear(place);
  const list = el('div', { id: 'place-evidence' }, el('p', { class: 'muted' }, 'Loading…'));
  side.replaceChildren(
    el('h3', { id: 'place-name', 'data-place': place.name ?? '' }, placeLabel(place)),
    el('p', { class: 'muted', hidden: place.names.length < 2 }, `Also placed here: ${otherNames(place)}`),
    el('p', {}, `${place.events} events · mean Goldstein ${fmt(place.goldstein_mean, 1)} · `,
      el('a', { href: `#/events?${new URLSearchParams({ ...filters, near })}` }, 'list them'), ' · ',
      el('a', { href: '#', onclick: e => { e.preventDefault(); back(); } }, 'legend')),
    spanLegend(), list);
  try {
    const listed = await api('events', { ...filters, near, order: 'newest', limit: 50 });
    const ids = listed.events.map(e => e.event_id);
    const { reports } = ids.length ? await api('evidence', { events: ids.join(','), limit: 50 }) : { reports: [] };
    const more = place.events > ids.length ? ` (the newest ${ids.length} of ${place.events} events)` : '';
    list.replaceChildren(el('p', { class: 'muted' }, `${reports.length} reports${more}`), ...reports.map(reportCard));
  } catch (error) {
    list.replaceChildren(el('p', { class: 'error', text: error.message }));
  }
}

// ---- Coding pad ---------------------------------------------------------------------------

async function renderPad(params) {
  const p = Object.fromEntries(params);
  view().append(el('h2', {}, 'Coding pad'));
  const text = el('textarea', { id: 'pad-text', placeholder: 'Paste an article or a paragraph…', 'aria-label': 'text to code' });
  text.value = sessionStorage.getItem('pad-text') || '';
  const date = el('input', { id: 'pad-date', placeholder: 'YYYY-MM-DD', value: p.date || '', size: 12 });
  const token = el('input', { id: 'pad-token', type: 'password', placeholder: 'token (to add to the store)', size: 24, value: sessionStorage.getItem('token') || '' });
  const out = el('div', { id: 'pad-out' });
  const code = async () => {
    sessionStorage.setItem('pad-text', text.value);
    out.replaceChildren(el('p', { class: 'muted' }, 'Coding…'));
    try {
      const body = { text: text.value, date: date.value.trim() || undefined };
      const [coded, explained] = await Promise.all([post('code', body), post('explain', body)]);
      showCoded(out, coded, explained);
    } catch (error) { out.replaceChildren(el('p', { class: 'error', text: error.message })); }
  };
  const store = async () => {
    sessionStorage.setItem('token', token.value);
    try {
      const title = text.value.trim().split('\n')[0].slice(0, 120);
      const s = await post('ingest', { id: `pad-${Date.now()}`, title, text: text.value, date: date.value.trim() || undefined }, token.value);
      out.prepend(el('p', { id: 'pad-stored' }, `Stored: ${s.documents_new} new documents, ${s.events_new} new events; the store holds ${s.store.events} events.`));
    } catch (error) { out.prepend(el('p', { class: 'error', text: error.message })); }
  };
  // Dropped text files are read in the browser and coded like pasted text.
  text.addEventListener('drop', async e => {
    const file = e.dataTransfer.files[0];
    if (!file) return;
    e.preventDefault();
    text.value = await file.text();
    code();
  });
  view().append(text, el('p', {}, 'date ', date, ' ', el('button', { id: 'pad-code', onclick: code }, 'Code'), ' ',
    token, ' ', el('button', { class: 'secondary', id: 'pad-store', onclick: store }, 'Add to store')), out);
  if (text.value) code();
}

function showCoded(out, coded, explained) {
  const spans = [];
  for (const m of coded.mentions) spans.push({ start: m.start, end: m.end, cls: 'mention', title: `${m.code} (${m.via})` });
  for (const e of coded.events) {
    if (e.negated) continue;
    spans.push({ start: e.source?.start, end: e.source?.end, cls: 'source', title: `source ${e.source?.code}` });
    if (e.target) spans.push({ start: e.target.start, end: e.target.end, cls: 'target', title: `target ${e.target.code}` });
    spans.push({ start: e.trigger.start, end: e.trigger.end, cls: 'trigger', title: `${e.cameo} ${e.rule}` });
    if (e.location?.text) spans.push({ start: e.location.start, end: e.location.end, cls: 'place', title: `place ${e.location.name}, ${e.location.country ?? ''}` });
  }
  out.replaceChildren(
    el('p', { class: 'muted', id: 'pad-summary' }, `${coded.events.length} events, ${coded.mentions.length} actor mentions, ${coded.relations.length} stated relations`),
    spanLegend(),
    el('div', { class: 'coded', id: 'pad-coded' }, highlighted(coded.text, spans)),
    el('h3', {}, 'Events'),
    table(coded.events, [
      { key: 'source', render: e => e.source?.code ?? '' }, { key: 'target', render: e => e.target?.code ?? '' },
      { key: 'cameo' }, { key: 'goldstein' }, { key: 'modality' }, { key: 'negated' },
      { key: 'trigger', render: e => e.trigger.text }, { key: 'place', render: e => e.location?.name ?? '' }, { key: 'rule' }, { key: 'sentence' }]),
    el('h3', {}, 'How each sentence was read'),
    ...explained.filter(x => x.candidates.length).map(x => el('details', {},
      el('summary', {}, x.sentence),
      table(x.candidates, [{ key: 'rule' }, { key: 'trigger' }, { key: 'source' }, { key: 'target' },
        { key: 'source_path', label: 'source path' }, { key: 'target_path', label: 'target path' }, { key: 'modality' }, { key: 'outcome' }]),
      el('pre', {}, x.tokens.filter(t => t.syntax).map((t, i) => `${t.text}\t${t.syntax.upos}\t${t.syntax.deprel}\t→ ${t.syntax.head === null ? 'root' : x.tokens[t.syntax.head].text}`).join('\n')))));
}

// ---- Alerts -------------------------------------------------------------------------------

async function renderAlerts(params) {
  const p = Object.fromEntries(params);
  view().append(el('h2', {}, 'Alerts'));
  view().append(controls([
    { name: 'by', label: 'per', value: p.by || 'quarter', options: ['week', 'month', 'quarter', 'year'] },
    { name: 'since', label: 'since', value: p.since, placeholder: 'YYYY-MM' },
  ], v => go('alerts', v)));
  const alerts = await api('alerts', { by: p.by || 'quarter', since: p.since });
  view().append(el('p', { class: 'muted' }, `${alerts.length} alerts. Click one to open its dyad.`));
  view().append(table(alerts, [
    { key: 'period' }, { key: 'dyad', render: x => `${x.a}–${x.b}` }, { key: 'kind' },
    { key: 'baseline', cls: x => x.baseline >= 0 ? 'pos' : 'neg' }, { key: 'current', cls: x => x.current >= 0 ? 'pos' : 'neg' },
    { key: 'change' }, { key: 'events' },
    { key: 'evidence', render: x => x.evidence.map(e => e.sentence).filter(Boolean).slice(0, 1).join('') }],
    x => go('dyad', { a: x.a, b: x.b, by: p.by || 'quarter' })));
}

// ---- shell --------------------------------------------------------------------------------

const VIEWS = { network: renderNetwork, dyad: renderDyad, actor: renderActor, events: renderEvents, map: renderMap, pad: renderPad, alerts: renderAlerts };

async function render() {
  const { name, params } = route();
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === name));
  document.getElementById('tooltip').hidden = true;
  if (cy) { cy.destroy(); cy = null; window.cy = null; }
  if (mapChart) { mapChart.dispose(); mapChart = null; window.ententeMap = null; }
  view().replaceChildren();
  view().dataset.view = name;
  view().dataset.ready = 'false';
  try {
    await (VIEWS[name] || renderNetwork)(params);
  } catch (error) {
    fail(error);
  }
  view().dataset.ready = 'true';
}

async function start() {
  try {
    const health = await api('health');
    storeInfo = health.store;
    document.getElementById('store-status').textContent = health.store
      ? `${health.store.documents} documents, ${health.store.counted_events} counted events ` +
        `(${health.store.events} stored)${health.writes ? '' : ' · read-only'}`
      : 'empty store';
  } catch (error) {
    document.getElementById('store-status').textContent = error.message;
  }
  window.addEventListener('hashchange', render);
  render();
}

window.addEventListener('DOMContentLoaded', start);
