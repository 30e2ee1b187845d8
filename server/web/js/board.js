// The desk board: columns by state, cards with SLA clocks (ordered by the hub: breach, urgency,
// age), filters, a detail panel with the actions the lifecycle allows, live through SSE. It asks
// the hub for every move (the hub judges it) and shows a 409's reason; data goes in by textContent.
'use strict';
(async () => {
  const O = OneStop, t = O.t;
  const COLUMNS = ['received', 'accepted', 'dispatched', 'in_progress', 'completed', 'callback'];
  let me = null, tickets = [], byId = new Map(), selected = null, skew = 0, teams = [], detailSig = '';
  await O.init(() => { render(); if (selected) showDetail(selected); });
  try { me = await O.me(); } catch (e) { return; }
  document.getElementById('who').textContent = t('common.signed_in_as', { user: me.user });
  if (window.OneStopNav) OneStopNav.render(me);  // links to the other pages of this user's roles
  document.getElementById('signout').addEventListener('click', () => O.signOut());

  const filters = ['f-trade', 'f-kind', 'f-area', 'f-q'].map(id => document.getElementById(id));
  let timer = null;
  filters.forEach(f => f.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); }));

  // Teams (for the trade filter and dispatch) load alongside the first board fetch.
  async function loadTeams() {
    try { teams = (await O.api('GET', '/v1/console/teams')).teams; } catch (e) { teams = []; }
    const trades = [...new Set(teams.map(x => x.trade))].sort();
    for (const tr of trades) {
      const o = new Option(O.tOr('trade.' + tr, tr), tr);
      o.dataset.trade = tr;
      document.getElementById('f-trade').add(o);
    }
  }

  async function load() {
    const q = new URLSearchParams();
    const [trade, kind, area, text] = filters.map(f => f.value.trim());
    if (trade) q.set('trade', trade);
    if (kind) q.set('kind', kind);
    if (area) q.set('area', area);
    if (text) q.set('q', text);
    try {
      const r = await O.api('GET', '/v1/console/tickets?' + q);
      skew = Date.parse(r.server_time) - Date.now();
      tickets = r.tickets;
      render();
      if (selected) showDetail(selected, true);
    } catch (e) { /* 401 went to sign-in */ }
  }

  // SLA clock text and state for a card, counted on this page's clock corrected by the hub's time.
  function clock(v) {
    const now = Date.now() + skew;
    if (!v.sla.running) return { text: t('sla.stopped'), state: 'stopped' };
    const due = Date.parse(v.sla.responding ? v.sla.response_due_at : v.sla.completion_due_at);
    const label = v.sla.responding ? 'sla.response' : 'sla.completion';
    const left = (due - now) / 1000;
    if (left < 0) return { text: t('sla.overdue', { what: t(label), time: O.fmtDuration(-left) }), state: 'breached' };
    return { text: t('sla.left', { what: t(label), time: O.fmtDuration(left) }), state: left < 600 ? 'soon' : 'ok' };
  }

  function card(v) {
    const c = O.el('article', 'card');
    c.dataset.id = v.id;
    c.dataset.urgency = v.urgency;
    c.tabIndex = 0;
    const head = O.el('div', 'card-head');
    head.append(O.el('span', 'card-id', v.id), O.el('span', 'badge kind', t('kind.' + v.kind)),
      O.el('span', 'badge urgency-' + v.urgency, t('urgency.' + v.urgency)));
    c.append(head, O.el('div', 'card-loc', O.locationText(v)));
    if (v.asset) c.append(O.el('div', 'card-asset', v.asset.id + (v.asset.class_name ? ' · ' + O.name(v.asset.class_name) : '')));
    if (v.summary) c.append(O.el('div', 'card-summary', v.summary));
    const foot = O.el('div', 'card-foot');
    const k = clock(v);
    const sla = O.el('span', 'sla', k.text);
    sla.dataset.state = k.state;
    c.dataset.breached = String(k.state === 'breached');
    foot.append(sla, O.el('span', 'age', t('card.age', { time: O.fmtDuration(v.age_s) })));
    if (v.team) foot.append(O.el('span', 'assignee', O.name(v.team.name) + (v.worker ? ' · ' + O.name(v.worker.name) : '')));
    c.append(foot);
    if (selected === v.id) c.classList.add('selected');
    return c;
  }
  // One listener for all cards (a board may hold thousands).
  const columnsRoot = document.getElementById('columns');
  const cardOf = e => e.target.closest && e.target.closest('.card');
  columnsRoot.addEventListener('click', e => { const c = cardOf(e); if (c) showDetail(c.dataset.id); });
  columnsRoot.addEventListener('keydown', e => { const c = cardOf(e); if (c && e.key === 'Enter') showDetail(c.dataset.id); });

  // The hub's queue order (GET /v1/console/tickets): breached first, then urgency, then the oldest.
  const RANK = { emergency: 0, urgent: 1 };
  function before(a, b) {
    if (a.sla.breached !== b.sla.breached) return a.sla.breached;
    const ua = RANK[a.urgency] ?? 2, ub = RANK[b.urgency] ?? 2;
    if (ua !== ub) return ua < ub;
    return a.created_at < b.created_at;
  }
  // The list's filters as the hub applies them (trade, kind, area = a location code prefix, text).
  function accepts(v) {
    const [trade, kind, area, text] = filters.map(f => f.value.trim());
    if (trade && v.trade !== trade) return false;
    if (kind && v.kind !== kind) return false;
    if (area && v.location !== area && !v.location.startsWith(area + '-')) return false;
    return !text || JSON.stringify(v).toLowerCase().includes(text.toLowerCase());
  }
  let renderTimer = null;
  function applyEvent(v) {
    const onBoard = v.on_board;
    delete v.on_board;
    const at = tickets.findIndex(x => x.id === v.id);
    if (at >= 0) tickets.splice(at, 1);
    if (onBoard && accepts(v)) {
      let lo = 0, hi = tickets.length;  // after every ticket that goes before it (binary search)
      while (lo < hi) { const mid = (lo + hi) >> 1; if (before(v, tickets[mid])) hi = mid; else lo = mid + 1; }
      tickets.splice(lo, 0, v);
    }
    // Many events in a burst make one redraw.
    if (!renderTimer) renderTimer = setTimeout(() => { renderTimer = null; render(); }, 200);
    if (selected === v.id) showDetail(selected, true);
  }

  // A column shows the head of its queue (the hub orders it: breach, urgency, age) and grows on
  // request: at 5,000 open tickets, building and laying out every card took most of the second the
  // board may take to appear (bench/console_bench.py). The count always says how many there are.
  const STEP = 150, limits = {};
  function render() {
    const root = columnsRoot;
    root.replaceChildren();
    byId = new Map(tickets.map(v => [v.id, v]));
    for (const col of COLUMNS) {
      const items = tickets.filter(v => v.column === col);
      const section = O.el('section', 'column');
      section.dataset.column = col;
      const h = O.el('h2', null, t('column.' + col));
      h.append(O.el('span', 'count', String(items.length)));
      const list = O.el('div', 'cards');
      const limit = limits[col] || STEP;
      items.slice(0, limit).forEach(v => list.append(card(v)));
      if (items.length > limit) {
        const more = O.el('button', 'more', t('board.show_more', { n: items.length - limit }));
        more.dataset.column = col;
        more.addEventListener('click', () => { limits[col] = limit + STEP; render(); });
        list.append(more);
      }
      section.append(h, list);
      root.append(section);
    }
    document.getElementById('count').textContent = t('board.count', { n: tickets.length });
  }

  // Actions the lifecycle allows from each state (the hub checks again and answers 409 otherwise).
  const ACTIONS = {
    received: [['accepted', 'action.accept'], ['rejected', 'action.reject'], ['cancelled', 'action.cancel']],
    accepted: [['dispatched', 'action.dispatch'], ['rejected', 'action.reject'], ['cancelled', 'action.cancel']],
    dispatched: [['completed', 'action.complete_for'], ['cancelled', 'action.cancel']],
    in_progress: [['completed', 'action.complete_for'], ['cancelled', 'action.cancel']],
    completed: [['accepted', 'action.reopen']],
    followed_up: [['callback-done', 'action.callback_done'], ['accepted', 'action.reopen']],
  };

  async function fillWorkers(team) {
    const sel = document.getElementById('d-worker');
    sel.replaceChildren(new Option(t('action.whole_team'), ''));
    if (!team) return;
    try {
      const m = (await O.api('GET', '/v1/console/teams/' + encodeURIComponent(team) + '/members')).members;
      m.forEach(w => sel.add(new Option(O.name(w.name) + ' (' + w.id + ')' + (w.role === 'lead' ? ' · ' + t('action.lead') : ''), w.id)));
    } catch (e) { /* shown empty */ }
  }

  async function showDetail(id, refresh) {
    selected = id;
    const panel = document.getElementById('detail');
    let v;
    try { v = await O.api('GET', '/v1/console/tickets/' + encodeURIComponent(id)); } catch (e) { if (e.status === 404) closeDetail(); return; }
    // A live refresh leaves an unchanged panel alone: the desk may be about to click in it.
    const sig = v.id + '|' + v.updated_at + '|' + O.lang();
    if (refresh && sig === detailSig) return;
    detailSig = sig;
    panel.hidden = false;
    document.querySelectorAll('.card.selected').forEach(c => c.classList.remove('selected'));
    const sel = document.querySelector('.card[data-id="' + CSS.escape(id) + '"]');
    if (sel) sel.classList.add('selected');
    document.getElementById('d-title').textContent = v.id + ' · ' + t('status.' + v.status);
    const body = document.getElementById('d-body');
    body.replaceChildren();
    const dl = O.el('dl', 'fields');
    const row = (k, val) => { if (val) dl.append(O.el('dt', null, t(k)), O.el('dd', null, val)); };
    row('detail.kind', t('kind.' + v.kind));
    row('detail.urgency', t('urgency.' + v.urgency));
    row('detail.trade', O.tOr('trade.' + v.trade, v.trade));
    row('detail.location', O.locationText(v) + ' (' + v.location + ')');
    if (v.asset) row('detail.asset', v.asset.id + (v.asset.class_name ? ' · ' + O.name(v.asset.class_name) : ''));
    const d = v.detail || {};
    row('detail.description', d.description || d.text || '');
    row('detail.category', d.category || d.type || '');
    if (d.photo_bytes) row('detail.photo', t('detail.photo_kept', { kb: Math.ceil(d.photo_bytes / 1024) }));
    row('detail.created', O.fmtTime(v.created_at));
    if (v.team) row('detail.assigned', O.name(v.team.name) + (v.worker ? ' · ' + O.name(v.worker.name) : ''));
    row('detail.sla', clock(v).text);
    body.append(dl);
    body.append(O.el('h3', null, t('detail.history')));
    const hist = O.el('ol', 'history');
    for (const h of v.history || []) {
      const li = O.el('li');
      li.append(O.el('span', 'when', O.fmtTime(h.at)), O.el('span', 'what', t('status.' + h.status)), O.el('span', 'actor', h.actor || ''));
      if (h.note) li.append(O.el('div', 'note', h.note));
      hist.append(li);
    }
    body.append(hist);
    if (v.ratings && v.ratings.length) {
      body.append(O.el('h3', null, t('detail.ratings')));
      const ul = O.el('ul', 'ratings');
      v.ratings.forEach(r => ul.append(O.el('li', null, t('detail.rating_line', { round: r.round, overall: r.overall, rater: r.rater }) + (r.data && r.data.comment ? ' — ' + r.data.comment : ''))));
      body.append(ul);
    }
    // Photos: the request's own and the workers' completion photos, each opening full size.
    if (v.photos && v.photos.length) {
      body.append(O.el('h3', null, t('detail.photos')));
      const box = O.el('div', 'photos');
      for (const p of v.photos) {
        const fig = O.el('figure', 'photo');
        const a = O.el('a');
        a.href = p.url;
        a.target = '_blank';
        a.rel = 'noopener';
        const img = O.el('img');
        img.src = p.url;
        img.loading = 'lazy';
        img.alt = t(p.source === 'request' ? 'detail.photo_request' : 'detail.photo_completion', { actor: p.actor || '' });
        a.append(img);
        fig.append(a, O.el('figcaption', null, img.alt + ' · ' + O.fmtTime(p.at)));
        box.append(fig);
      }
      body.append(box);
    }
    if (v.asset_tickets && v.asset_tickets.length) {
      body.append(O.el('h3', null, t('detail.asset_tickets')));
      const ul = O.el('ul', 'asset-tickets');
      v.asset_tickets.forEach(x => ul.append(O.el('li', null, x.id + ' · ' + t('status.' + x.status) + ' · ' + O.fmtTime(x.created_at))));
      body.append(ul);
    }
    // Actions.
    const status = v.status === 'followed_up' && v.callback !== 'open' ? 'done' : v.status;
    const acts = ACTIONS[status] || [];
    const dispatch = document.getElementById('d-dispatch');
    dispatch.hidden = !acts.some(a => a[0] === 'dispatched');
    if (!dispatch.hidden && !refresh) {
      const ts = document.getElementById('d-team');
      ts.replaceChildren();
      // The team of the ticket's trade first: the suggestion.
      const sorted = [...teams].sort((a, b) => (b.trade === v.trade) - (a.trade === v.trade));
      sorted.forEach(x => ts.add(new Option(O.name(x.name) + (x.trade === v.trade ? ' ★ ' + t('action.suggested') : ''), x.code)));
      ts.onchange = () => fillWorkers(ts.value);
      await fillWorkers(ts.value);
    }
    const buttons = document.getElementById('d-buttons');
    buttons.replaceChildren();
    for (const [to, key] of acts) {
      const b = O.el('button', to === 'cancelled' || to === 'rejected' ? 'danger' : 'primary', t(key));
      b.dataset.action = to;
      b.addEventListener('click', () => act(v, to));
      buttons.append(b);
    }
    if (!refresh) {
      document.getElementById('d-error').hidden = true;
      const note = document.getElementById('d-note');
      note.value = sessionStorage.getItem('onestop.draft.' + v.id) || '';
      note.oninput = () => sessionStorage.setItem('onestop.draft.' + v.id, note.value);
    }
  }

  async function act(v, to) {
    const err = document.getElementById('d-error');
    err.hidden = true;
    const note = document.getElementById('d-note').value.trim();
    if ((to === 'cancelled' || to === 'rejected') && !note) {
      err.textContent = t('action.reason_needed');
      err.hidden = false;
      return;
    }
    try {
      if (to === 'callback-done') {
        await O.api('POST', '/v1/console/tickets/' + v.id + '/callback-done', {});
      } else {
        const body = { to, from: v.status };
        if (note) body.note = note;
        if (to === 'dispatched') {
          body.team = document.getElementById('d-team').value;
          const w = document.getElementById('d-worker').value;
          if (w) body.worker = w;
        }
        await O.api('POST', '/v1/console/tickets/' + v.id + '/transition', body);
      }
      sessionStorage.removeItem('onestop.draft.' + v.id);
      document.getElementById('d-note').value = '';
      await load();
      await showDetail(v.id);
    } catch (e) {
      if (e.status === 401) return;
      err.textContent = e.status === 409 ? t('error.conflict', { detail: e.message }) : t('error.generic', { detail: e.message });
      err.hidden = false;
      if (e.status === 409) { await load(); await showDetail(v.id, true); err.hidden = false; }
    }
  }

  function closeDetail() {
    selected = null;
    document.getElementById('detail').hidden = true;
    document.querySelectorAll('.card.selected').forEach(c => c.classList.remove('selected'));
  }
  document.getElementById('d-close').addEventListener('click', closeDetail);

  await Promise.all([loadTeams(), load()]);
  // bench/console_bench.py reads this: the first cards are in the DOM and laid out (offsetHeight
  // forces style and layout now rather than at the next frame).
  void document.body.offsetHeight;
  performance.mark('onestop-board-rendered');
  // Live: every event carries the ticket's fresh view, and the board applies it in place instead of
  // fetching the whole list again (≈ 0.35 s of hub time at 5,000 open tickets: 50 boards refetching
  // on every change at 200 changes/s would need many times the hub's cores; docs/benchmarks.md).
  // Filters are applied here the way the hub applies them; a full reload once a minute brings SLA
  // states and names up to date.
  O.live(v => { applyEvent(v); });
  setInterval(load, 60000);
  // SLA clocks tick on the page; the board reloads from the hub on every change event.
  setInterval(() => document.querySelectorAll('.card').forEach(c => {
    const v = byId.get(c.dataset.id);
    if (!v) return;
    const k = clock(v), s = c.querySelector('.sla');
    s.textContent = k.text;
    s.dataset.state = k.state;
    c.dataset.breached = String(k.state === 'breached');
  }), 1000);
  window.__onestopBoardReady = true;
})();
