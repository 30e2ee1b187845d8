// Kitchen page (issue 14): counts per slot, ward and dish for a date (held orders are not counted);
// late orders with the promised time counting down and a "delivered" button; tray tickets of one
// slot for printing (one per order: bed, diet and texture, allergens in bold, dishes, note, number).
// Live: every meal ticket event reloads. Data only as textContent; per-dish counts are the hub's.
'use strict';
(async () => {
  const O = OneStop;
  let me, data = null, skew = 0;
  try { me = await O.me(); } catch (e) { return; }
  await O.init(() => render());
  OneStopNav.render(me);
  document.getElementById('who').textContent = O.t('common.signed_in_as', { user: me.user });
  document.getElementById('signout').addEventListener('click', O.signOut);
  const fDate = document.getElementById('f-date'), tSlot = document.getElementById('t-slot'), tPaper = document.getElementById('t-paper');
  const canDeliver = me.roles.includes('kitchen') || me.roles.includes('admin');
  const canChange = canDeliver || me.roles.includes('dietitian');
  fDate.addEventListener('change', load);
  tSlot.addEventListener('change', renderTickets);
  tPaper.addEventListener('change', () => { document.body.dataset.paper = tPaper.value; });
  document.body.dataset.paper = tPaper.value;
  document.getElementById('print').addEventListener('click', () => window.print());

  const dietText = c => c ? O.tOr('dietcode.' + c, c) : O.t('meals.none');
  const dishName = (id, fallback) => O.name(data.dishes[id]) || fallback || id;

  async function load() {
    const q = fDate.value ? '?date=' + fDate.value : '';
    try {
      data = await O.api('GET', '/v1/console/meals/kitchen' + q);
    } catch (e) { return; }
    skew = Date.parse(data.server_time) - Date.now();
    if (!fDate.value) {
      fDate.value = data.date;
      // The next meal still to come, by the hour in the hospital's time zone (not the browser's).
      const h = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: data.time_zone })
        .format(new Date(Date.parse(data.server_time))));
      tSlot.value = h < 8 ? 'breakfast' : h < 13 ? 'lunch' : h < 19 ? 'dinner' : 'late';
    }
    render();
    window.__onestopKitchenReady = true;
  }

  function slotPanel(s) {
    const p = O.el('div', 'slot-panel');
    p.dataset.slot = s.slot;
    const h = O.el('h3', '', O.t('slot.' + s.slot));
    h.append(O.el('span', 'muted small', ' ' + O.t('kitchen.totals', { orders: s.orders, portions: s.portions })));
    p.append(h);
    if (s.held.length) p.append(O.el('p', 'hold-reason', O.t('kitchen.held', { n: new Set(s.held.map(l => l.ticket)).size })));
    if (!s.counts.length) { p.append(O.el('p', 'muted', O.t('kitchen.no_orders'))); return p; }
    const table = O.el('table', 'counts');
    const head = O.el('tr');
    for (const k of ['kitchen.ward', 'kitchen.dish', 'kitchen.qty']) head.append(O.el('th', '', O.t(k)));
    table.append(head);
    for (const c of s.counts) {
      const tr = O.el('tr');
      tr.append(O.el('td', '', c.ward), O.el('td', '', dishName(c.dish, c.dish_name)), O.el('td', 'num', String(c.qty)));
      table.append(tr);
    }
    p.append(table);
    return p;
  }

  function lateCard(o) {
    const c = O.el('article', 'late-card');
    c.dataset.id = o.id;
    const head = O.el('div', 'card-head');
    head.append(O.el('span', 'card-id', o.id), O.el('span', 'card-loc', o.location), O.el('span', 'badge', O.t('status.' + o.status)));
    if (o.held) head.append(O.el('span', 'badge hold', O.t('meals.on_hold')));
    c.append(head);
    c.append(O.el('div', 'small', (o.items || []).map(it => dishName(it.menu_item) + ' × ' + it.qty).join(', ')));
    if (o.note) c.append(O.el('div', 'note', O.t('meals.note') + ': ' + o.note));
    const err = O.el('p', 'error');
    err.hidden = true;
    const refused = e => {
      err.textContent = e.status >= 400 && e.status < 500 ? O.t('meals.refused', { detail: O.problemText(e) }) : O.t('error.generic', { detail: e.message });
      err.hidden = false;
    };
    const act = async (what, body) => {
      err.hidden = true;
      try { await O.api('POST', '/v1/console/meals/orders/' + o.id + '/' + what, body); await load(); } catch (e) { refused(e); }
    };
    if (o.delivered) {
      // Delivered in the last 12 hours: only "not eaten" is left to record.
      c.classList.add('delivered');
      if (o.not_eaten) c.append(O.el('span', 'badge', O.t('kitchen.not_eaten_marked')));
      else if (canChange) {
        const b = O.el('button', '', O.t('kitchen.not_eaten'));
        b.dataset.action = 'not-eaten';
        b.addEventListener('click', () => act('not-eaten', {}));
        c.append(b);
      }
      c.append(err);
      return c;
    }
    const due = O.el('div', 'countdown');
    due.dataset.due = o.due_at || '';
    c.append(due);
    // Not reviewed yet: the dietitian approves before the kitchen may deliver (the hub refuses otherwise).
    if (o.status === 'received') c.append(O.el('div', 'badge hold', O.t('kitchen.awaiting_review')));
    else if (canDeliver) {
      const b = O.el('button', 'primary', O.t('kitchen.delivered'));
      b.dataset.action = 'delivered';
      b.addEventListener('click', () => act('delivered', {}));
      c.append(b);
    }
    if (canChange) {
      // Late change: fewer portions (0 drops a dish) or void, with a reason the patient reads.
      const form = O.el('div', 'late-change');
      const qty = {};
      for (const it of o.items || []) {
        const l = O.el('label', 'check'), i = O.el('input');
        i.type = 'number'; i.min = 0; i.max = it.qty; i.value = it.qty; i.className = 'small-num';
        qty[it.menu_item] = i;
        l.append(O.el('span', '', dishName(it.menu_item)), i);
        form.append(l);
      }
      const reason = O.el('input');
      reason.maxLength = 200;
      reason.placeholder = O.t('kitchen.change_reason');
      reason.className = 'change-reason';
      const mod = O.el('button', '', O.t('kitchen.reduce'));
      mod.dataset.action = 'modify';
      mod.addEventListener('click', () => act('modify', { reason: reason.value.trim(),
        items: Object.entries(qty).map(([menu_item, i]) => ({ menu_item, qty: Number(i.value) })) }));
      const vd = O.el('button', 'danger', O.t('kitchen.void'));
      vd.dataset.action = 'void';
      vd.addEventListener('click', () => act('void', { reason: reason.value.trim() }));
      form.append(reason, mod, vd);
      c.append(form);
    }
    c.append(err);
    return c;
  }

  // Countdowns tick every second against the hub's clock (skew measured at load).
  function tick() {
    const now = Date.now() + skew;
    document.querySelectorAll('.countdown').forEach(el => {
      const due = Date.parse(el.dataset.due);
      if (isNaN(due)) { el.textContent = ''; return; }
      const left = (due - now) / 1000;
      el.dataset.state = left < 0 ? 'overdue' : left < 300 ? 'soon' : 'ok';
      const at = new Date(due).toLocaleTimeString(O.lang() === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit' });
      el.textContent = left < 0 ? O.t('kitchen.overdue', { time: O.fmtDuration(-left), at })
                                : O.t('kitchen.due_in', { time: O.fmtDuration(left), at });
    });
  }
  setInterval(tick, 1000);

  function ticket(tk) {
    const c = O.el('article', 'tray-ticket');
    c.dataset.ticket = tk.ticket;
    const head = O.el('div', 'tray-head');
    head.append(O.el('span', 'tray-bed', tk.bed), O.el('span', 'tray-no', tk.ticket));
    c.append(head);
    c.append(O.el('div', 'tray-meta', O.t('slot.' + tk.slot) + ' · ' + tk.date + (tk.due_at ? ' · ' + O.t('kitchen.due_at', { at: O.fmtTime(tk.due_at) }) : '')));
    c.append(O.el('div', 'tray-diet', dietText(tk.diet)));
    const al = O.el('div', 'tray-allergens');
    al.append(O.el('span', '', O.t('diet.allergens') + ': '));
    al.append(O.el('strong', '', tk.allergens.length ? tk.allergens.map(a => O.tOr('allergen.' + a, a)).join(', ') : O.t('meals.no_allergens')));
    c.append(al);
    const ul = O.el('ul', 'tray-items');
    for (const it of tk.items) {
      const li = O.el('li', '', dishName(it.dish, it.dish_name));
      li.append(O.el('strong', 'qty', ' × ' + it.qty));
      ul.append(li);
    }
    c.append(ul);
    if (tk.note) c.append(O.el('div', 'tray-note', O.t('meals.note') + ': ' + tk.note));
    if (tk.status === 'completed') c.append(O.el('div', 'tray-done', O.t('kitchen.ticket_done')));
    return c;
  }

  function renderTickets() {
    if (!data) return;
    const list = data.tickets.filter(t => t.slot === tSlot.value);
    document.getElementById('tickets-title').textContent = O.t('kitchen.tickets_title', { slot: O.t('slot.' + tSlot.value), n: list.length });
    document.getElementById('tickets').replaceChildren(...list.map(ticket));
    document.getElementById('tickets-empty').hidden = list.length > 0;
  }

  function render() {
    if (!data) return;
    document.getElementById('slots').replaceChildren(...data.slots.map(slotPanel));
    const portions = data.slots.reduce((n, s) => n + s.portions, 0);
    document.getElementById('summary').textContent = O.t('kitchen.summary', { date: data.date, portions });
    document.getElementById('late').replaceChildren(...data.late.map(lateCard));
    document.getElementById('late-empty').hidden = data.late.length > 0;
    renderTickets();
    tick();
  }

  let pending = null;
  O.live(v => {
    if (v.kind !== 'meal' || pending) return;
    pending = setTimeout(() => { pending = null; load(); }, 300);
  });
  await load();
})();
