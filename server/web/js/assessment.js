// Monthly assessment page (issue 14): the hub's report table for a month and grouping, the CSV link
// (the hub's own CSV, the same as `onestop-hub ratings --csv`), and SVG charts drawn here with DOM
// calls (no library, no HTML strings): distribution 1–5, mean and satisfaction over 12 months, and
// ratings / completed tickets per month. It computes no figure the hub did not send.
'use strict';
(async () => {
  const O = OneStop;
  const SVG = 'http://www.w3.org/2000/svg';
  let me, data = null, sla = null;
  try { me = await O.me(); } catch (e) { return; }
  await O.init(() => render());
  OneStopNav.render(me);
  document.getElementById('who').textContent = O.t('common.signed_in_as', { user: me.user });
  document.getElementById('signout').addEventListener('click', O.signOut);
  const fMonth = document.getElementById('f-month'), fBy = document.getElementById('f-by');
  fMonth.addEventListener('change', load);
  fBy.addEventListener('change', load);

  async function load() {
    const q = new URLSearchParams({ by: fBy.value });
    if (fMonth.value) q.set('month', fMonth.value);
    const err = document.getElementById('a-error');
    err.hidden = true;
    try {
      data = await O.api('GET', '/v1/console/reports/monthly?' + q);
    } catch (e) { err.textContent = O.t('error.generic', { detail: e.message }); err.hidden = false; return; }
    if (!fMonth.value) fMonth.value = data.month;
    try {
      sla = await O.api('GET', '/v1/console/reports/sla?month=' + encodeURIComponent(data.month));
    } catch (e) { err.textContent = O.t('error.generic', { detail: e.message }); err.hidden = false; sla = null; }
    document.getElementById('sla-csv').href = '/v1/console/reports/sla?format=csv&month=' + encodeURIComponent(data.month);
    q.set('month', data.month);
    q.set('format', 'csv');
    document.getElementById('csv').href = '/v1/console/reports/monthly?' + q;
    render();
    window.__onestopAssessReady = true;
  }

  const num = (v, d) => (v === null || v === undefined) ? '' : Number(v).toFixed(d);
  function groupName(g) {
    if (g === '-') return O.t('assess.not_dispatched');
    if (data.by === 'trade') return O.tOr('trade.' + g, g);
    if (data.by === 'kind') return O.tOr('kind.' + g, g);
    return data.names[g] ? O.name(data.names[g]) + ' (' + g + ')' : g;
  }

  function render() {
    if (!data) return;
    document.getElementById('zone').textContent = O.t('assess.zone', { zone: data.zone });
    document.getElementById('callbacks').textContent = O.t('assess.callbacks', data.callbacks);
    const table = document.getElementById('report');
    const cols = ['assess.group', 'assess.ratings', 'assess.mean', 'assess.n1', 'assess.n2', 'assess.n3', 'assess.n4', 'assess.n5',
                  'assess.satisfaction', 'assess.completed', 'assess.response_mean', 'assess.response_median',
                  'assess.completion_mean', 'assess.completion_median'];
    const head = O.el('tr');
    cols.forEach(k => head.append(O.el('th', '', O.t(k))));
    const rows = [head];
    const row = (g, total) => {
      const tr = O.el('tr', total ? 'total' : '');
      const cells = [total ? O.t('assess.all') : groupName(g.group), String(g.ratings), g.ratings ? num(g.mean, 2) : '',
                     ...g.dist.map(String), g.ratings ? num(g.satisfaction_pct, 1) + '%' : '', String(g.completed),
                     g.responded ? num(g.response_mean_min, 1) : '', g.responded ? num(g.response_median_min, 1) : '',
                     g.completed ? num(g.completion_mean_min, 1) : '', g.completed ? num(g.completion_median_min, 1) : ''];
      cells.forEach((c, i) => tr.append(O.el('td', i ? 'num' : '', c)));
      return tr;
    };
    data.groups.forEach(g => rows.push(row(g, false)));
    rows.push(row(data.total, true));
    table.replaceChildren(...rows);
    document.getElementById('a-empty').hidden = data.groups.length > 0;
    drawDist();
    drawTrend();
    drawVolume();
    drawGroups();
    renderSla();
  }

  // ---- SVG helpers -------------------------------------------------------------------------------
  function svgEl(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function axes(svg, x0, y0, w, h, max, ticks, fmt) {
    for (let i = 0; i <= ticks; i++) {
      const y = y0 + h - (h * i) / ticks;
      svg.append(svgEl('line', { x1: x0, y1: y, x2: x0 + w, y2: y, class: 'grid' }));
      svg.append(svgEl('text', { x: x0 - 6, y: y + 4, class: 'tick', 'text-anchor': 'end' }, fmt((max * i) / ticks)));
    }
  }
  const shortMonth = m => m.slice(2).replace('-', '/');

  function drawDist() {
    const svg = document.getElementById('c-dist');
    svg.replaceChildren();
    const d = data.total.dist, max = Math.max(1, ...d);
    const x0 = 40, y0 = 10, w = 370, h = 170, bw = w / 5;
    axes(svg, x0, y0, w, h, max, Math.min(4, max), v => String(Math.round(v)));  // whole counts only
    d.forEach((n, i) => {
      const bh = (h * n) / max;
      svg.append(svgEl('rect', { x: x0 + i * bw + 10, y: y0 + h - bh, width: bw - 20, height: bh, class: 'bar s' + (i + 1) }));
      svg.append(svgEl('text', { x: x0 + i * bw + bw / 2, y: y0 + h + 18, 'text-anchor': 'middle', class: 'tick' }, '★' + (i + 1)));
      if (n) svg.append(svgEl('text', { x: x0 + i * bw + bw / 2, y: y0 + h - bh - 4, 'text-anchor': 'middle', class: 'val' }, String(n)));
    });
  }

  function drawTrend() {
    const svg = document.getElementById('c-trend');
    svg.replaceChildren();
    const t = data.trend, x0 = 40, y0 = 10, w = 520, h = 170, step = t.length > 1 ? w / (t.length - 1) : w;
    axes(svg, x0, y0, w, h, 5, 5, v => v.toFixed(0));
    const line = (vals, cls, max) => {
      const pts = [];
      vals.forEach((v, i) => { if (v !== null) pts.push([x0 + i * step, y0 + h - (h * v) / max]); });
      if (pts.length) svg.append(svgEl('polyline', { points: pts.map(p => p.join(',')).join(' '), class: 'line ' + cls }));
      pts.forEach(p => svg.append(svgEl('circle', { cx: p[0], cy: p[1], r: 3, class: 'dot ' + cls })));
    };
    line(t.map(m => m.ratings ? m.mean : null), 'mean', 5);
    line(t.map(m => m.ratings ? m.satisfaction_pct / 20 : null), 'sat', 5);  // 100 % drawn at 5
    t.forEach((m, i) => svg.append(svgEl('text', { x: x0 + i * step, y: y0 + h + 18, 'text-anchor': 'middle', class: 'tick' }, shortMonth(m.month))));
    svg.append(svgEl('text', { x: x0 + w + 6, y: 20, class: 'legend mean' }, O.t('assess.mean')));
    svg.append(svgEl('text', { x: x0 + w + 6, y: 38, class: 'legend sat' }, O.t('assess.satisfaction')));
  }

  function drawVolume() {
    const svg = document.getElementById('c-volume');
    svg.replaceChildren();
    const t = data.trend, max = Math.max(1, ...t.map(m => Math.max(m.ratings, m.completed)));
    const x0 = 40, y0 = 10, w = 520, h = 170, bw = w / t.length;
    axes(svg, x0, y0, w, h, max, Math.min(4, max), v => String(Math.round(v)));
    t.forEach((m, i) => {
      const a = (h * m.completed) / max, b = (h * m.ratings) / max;
      svg.append(svgEl('rect', { x: x0 + i * bw + 4, y: y0 + h - a, width: bw / 2 - 4, height: a, class: 'bar completed' }));
      svg.append(svgEl('rect', { x: x0 + i * bw + bw / 2, y: y0 + h - b, width: bw / 2 - 4, height: b, class: 'bar rated' }));
      svg.append(svgEl('text', { x: x0 + i * bw + bw / 2, y: y0 + h + 18, 'text-anchor': 'middle', class: 'tick' }, shortMonth(m.month)));
    });
    svg.append(svgEl('text', { x: x0 + w + 6, y: 20, class: 'legend completed' }, O.t('assess.completed')));
    svg.append(svgEl('text', { x: x0 + w + 6, y: 38, class: 'legend rated' }, O.t('assess.ratings')));
  }

  // Mean rating per group over the 12 months: one line per group, the 8 groups with most ratings.
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  function drawGroups() {
    const svg = document.getElementById('c-groups');
    svg.replaceChildren();
    const t = data.trend, x0 = 40, y0 = 10, w = 480, h = 170, step = t.length > 1 ? w / (t.length - 1) : w;
    const volume = {};
    t.forEach(m => Object.entries(m.groups || {}).forEach(([g, v]) => { volume[g] = (volume[g] || 0) + v.ratings; }));
    const groups = Object.keys(volume).filter(g => volume[g] > 0).sort((a, b) => volume[b] - volume[a]).slice(0, PALETTE.length);
    axes(svg, x0, y0, w, h, 5, 5, v => v.toFixed(0));
    t.forEach((m, i) => svg.append(svgEl('text', { x: x0 + i * step, y: y0 + h + 18, 'text-anchor': 'middle', class: 'tick' }, shortMonth(m.month))));
    if (!groups.length) {
      svg.append(svgEl('text', { x: x0 + w / 2, y: y0 + h / 2, 'text-anchor': 'middle', class: 'tick' }, O.t('assess.empty')));
      return;
    }
    groups.forEach((g, k) => {
      const pts = [];
      t.forEach((m, i) => { const v = (m.groups || {})[g]; if (v && v.ratings) pts.push([x0 + i * step, y0 + h - (h * v.mean) / 5]); });
      const color = PALETTE[k];
      if (pts.length > 1) svg.append(svgEl('polyline', { points: pts.map(p => p.join(',')).join(' '), fill: 'none', stroke: color, 'stroke-width': 2 }));
      pts.forEach(p => svg.append(svgEl('circle', { cx: p[0], cy: p[1], r: 3, fill: color })));
      const label = groupName(g);
      svg.append(svgEl('text', { x: x0 + w + 10, y: 20 + k * 18, fill: color, class: 'legend' }, label.length > 22 ? label.slice(0, 21) + '…' : label));
    });
  }

  // SLA breaches per day of the month (the hub's count; the CSV is the hub's own).
  function renderSla() {
    const svg = document.getElementById('c-sla'), table = document.getElementById('sla');
    svg.replaceChildren();
    if (!sla) { table.replaceChildren(); return; }
    document.getElementById('sla-total').textContent = O.t('assess.sla_total', { response: sla.total.response, completion: sla.total.completion, tickets: sla.tickets });
    const head = O.el('tr');
    ['assess.sla_date', 'assess.sla_response', 'assess.sla_completion'].forEach(k => head.append(O.el('th', '', O.t(k))));
    const rows = [head];
    sla.days.forEach(d => {
      const tr = O.el('tr');
      tr.append(O.el('td', '', d.date), O.el('td', 'num', String(d.response)), O.el('td', 'num', String(d.completion)));
      rows.push(tr);
    });
    table.replaceChildren(...rows);
    // Every day of the month on the axis, two bars per day.
    const [y, mo] = sla.month.split('-').map(Number), ndays = new Date(y, mo, 0).getDate();
    const byDay = {};
    sla.days.forEach(d => { byDay[Number(d.date.slice(8))] = d; });
    const max = Math.max(1, ...sla.days.map(d => Math.max(d.response, d.completion)));
    const x0 = 40, y0 = 10, w = 520, h = 170, bw = w / ndays;
    axes(svg, x0, y0, w, h, max, Math.min(4, max), v => String(Math.round(v)));
    for (let day = 1; day <= ndays; day++) {
      const d = byDay[day] || { response: 0, completion: 0 }, x = x0 + (day - 1) * bw;
      const a = (h * d.response) / max, b = (h * d.completion) / max;
      if (a) svg.append(svgEl('rect', { x: x + 1, y: y0 + h - a, width: bw / 2 - 1, height: a, class: 'bar sla-response' }));
      if (b) svg.append(svgEl('rect', { x: x + bw / 2, y: y0 + h - b, width: bw / 2 - 1, height: b, class: 'bar sla-completion' }));
      if (day === 1 || day % 5 === 0) svg.append(svgEl('text', { x: x + bw / 2, y: y0 + h + 18, 'text-anchor': 'middle', class: 'tick' }, String(day)));
    }
    svg.append(svgEl('text', { x: x0 + w + 6, y: 20, class: 'legend sla-response' }, O.t('assess.sla_response')));
    svg.append(svgEl('text', { x: x0 + w + 6, y: 38, class: 'legend sla-completion' }, O.t('assess.sla_completion')));
  }

  await load();
})();
