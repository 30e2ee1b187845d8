// Dietitian's meal review page (issue 14): the queue of pending and held orders beside each bed's
// current diet order, approve / reject with a reason the patient reads, and the diet order form.
// Live: every meal ticket event reloads the queue. Data goes into the page as textContent only;
// the rules are the hub's (409 answers carry its reason), never this page's.
'use strict';
(async () => {
  const O = OneStop;
  const ALLERGENS = ['milk', 'egg', 'fish', 'shellfish', 'soy', 'gluten', 'peanut', 'tree_nut', 'sesame'];
  let me, data = { orders: [], dishes: {}, diet_codes: [] };
  const drafts = {};  // reject reasons typed but not sent, by order id (kept across live reloads)
  try { me = await O.me(); } catch (e) { return; }
  await O.init(() => render());
  OneStopNav.render(me);
  document.getElementById('who').textContent = O.t('common.signed_in_as', { user: me.user });
  document.getElementById('signout').addEventListener('click', O.signOut);
  const fDate = document.getElementById('f-date'), fSlot = document.getElementById('f-slot');
  fDate.addEventListener('change', load);
  fSlot.addEventListener('change', load);

  const dietText = c => c ? O.tOr('dietcode.' + c, c) : O.t('meals.none');
  const allergenText = list => (list && list.length) ? list.map(a => O.tOr('allergen.' + a, a)).join(', ') : O.t('meals.no_allergens');

  async function load() {
    const q = new URLSearchParams();
    if (fDate.value) q.set('date', fDate.value);
    if (fSlot.value) q.set('slot', fSlot.value);
    try {
      data = await O.api('GET', '/v1/console/meals/queue?' + q);
    } catch (e) { return; }
    render();
    window.__onestopMealsReady = true;
  }

  function dietBlock(title, code, allergens, extra, differs) {
    const box = O.el('div', 'dietbox' + (differs ? ' differs' : ''));
    box.append(O.el('h4', '', title));
    box.append(O.el('div', 'diet-code', dietText(code)));
    const al = O.el('div', 'allergens');
    al.append(O.el('span', 'muted', O.t('diet.allergens') + ': '), O.el('strong', '', allergenText(allergens)));
    box.append(al);
    if (extra) box.append(O.el('div', 'muted small', extra));
    return box;
  }

  function card(o) {
    const c = O.el('article', 'meal-card' + (o.held ? ' held' : ''));
    c.dataset.id = o.id;
    const head = O.el('div', 'card-head');
    head.append(O.el('span', 'card-id', o.id), O.el('span', 'badge', O.t('slot.' + o.slot) + ' · ' + o.date),
                O.el('span', 'card-loc', o.location));
    if (o.late) head.append(O.el('span', 'badge late', O.t('meals.late')));
    head.append(O.el('span', 'badge', O.t('status.' + o.status)));
    if (o.held) head.append(O.el('span', 'badge hold', O.t('meals.on_hold')));
    c.append(head);
    const cols = O.el('div', 'diet-cols');
    const ordered = dietBlock(O.t('meals.ordered_under'), o.diet && o.diet.code, o.diet && o.diet.allergens, '', false);
    const items = O.el('ul', 'items');
    for (const it of o.items || []) {
      const li = O.el('li', '', O.name(data.dishes[it.menu_item]) || it.menu_item);
      li.append(O.el('span', 'qty', ' × ' + it.qty));
      items.append(li);
    }
    ordered.append(items);
    if (o.note) ordered.append(O.el('div', 'note', O.t('meals.note') + ': ' + o.note));
    const cur = o.current_diet;
    const current = dietBlock(O.t('meals.current_diet'), cur && cur.diet, cur && cur.allergens,
                              cur && cur.ordered_by ? O.t('meals.ordered_by', { who: cur.ordered_by }) : '', o.diet_differs);
    cols.append(ordered, current);
    c.append(cols);
    if (o.hold && o.hold.reason) c.append(O.el('p', 'hold-reason', O.t('meals.hold_since', { time: O.fmtTime(o.hold.since || '') })));
    const act = O.el('div', 'buttons');
    const approve = O.el('button', 'primary', O.t('meals.approve'));
    approve.dataset.action = 'approve';
    const reason = O.el('input', 'reason');
    reason.maxLength = 300;
    reason.placeholder = O.t('meals.reason_hint');
    reason.value = drafts[o.id] || '';
    reason.addEventListener('input', () => { drafts[o.id] = reason.value; });
    const reject = O.el('button', 'danger', O.t('meals.reject'));
    reject.dataset.action = 'reject';
    const err = O.el('p', 'error');
    err.hidden = true;
    err.setAttribute('role', 'alert');
    approve.addEventListener('click', () => review(o, 'approve', {}, err));
    reject.addEventListener('click', () => {
      if (!reason.value.trim()) { err.textContent = O.t('meals.reason_needed'); err.hidden = false; reason.focus(); return; }
      review(o, 'reject', { reason: reason.value.trim() }, err);
    });
    act.append(approve, reason, reject);
    c.append(act, err);
    return c;
  }

  async function review(o, action, body, err) {
    err.hidden = true;
    try {
      await O.api('POST', '/v1/console/meals/orders/' + o.id + '/' + action, body);
      delete drafts[o.id];
      await load();
    } catch (e) {
      err.textContent = e.status === 409 ? O.t('meals.refused', { detail: e.message }) : O.t('error.generic', { detail: e.message });
      err.hidden = false;
    }
  }

  function render() {
    const q = document.getElementById('queue');
    q.replaceChildren(...data.orders.map(card));
    document.getElementById('q-empty').hidden = data.orders.length > 0;
    document.getElementById('count').textContent = O.t('meals.count', { n: data.orders.length });
    fillDietForm();
  }

  // ---- diet order form ---------------------------------------------------------------------------
  const dBed = document.getElementById('d-bed'), dDiet = document.getElementById('d-diet'), dBy = document.getElementById('d-by');
  const dAll = document.getElementById('d-allergens'), dCur = document.getElementById('d-current');
  const dRes = document.getElementById('d-result'), dErr = document.getElementById('d-error');
  let checked = new Set();
  function fillDietForm() {
    const sel = dDiet.value;
    dDiet.replaceChildren(...(data.diet_codes || []).map(c => new Option(dietText(c), c)));
    if (sel) dDiet.value = sel;
    dAll.replaceChildren(...ALLERGENS.map(a => {
      const l = O.el('label', 'check');
      const box = O.el('input');
      box.type = 'checkbox';
      box.value = a;
      box.checked = checked.has(a);
      box.addEventListener('change', () => { if (box.checked) checked.add(a); else checked.delete(a); });
      l.append(box, O.el('span', '', O.tOr('allergen.' + a, a)));
      return l;
    }));
  }
  async function loadDiet() {
    dErr.hidden = true;
    dRes.hidden = true;
    if (!dBed.value.trim()) return;
    try {
      const r = await O.api('GET', '/v1/console/meals/diet?bed=' + encodeURIComponent(dBed.value.trim()));
      if (r.diet) {
        dCur.textContent = O.t('diet.current', { diet: dietText(r.diet.diet), allergens: allergenText(r.diet.allergens) });
        dDiet.value = r.diet.diet;
        checked = new Set(r.diet.allergens || []);
        dBy.value = r.diet.ordered_by || '';
      } else {
        dCur.textContent = O.t('diet.none');
        checked = new Set();
      }
      fillDietForm();
      dDiet.value = r.diet ? r.diet.diet : 'regular';
    } catch (e) { dErr.textContent = O.t('error.generic', { detail: e.message }); dErr.hidden = false; }
  }
  document.getElementById('d-load').addEventListener('click', loadDiet);
  document.getElementById('diet-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    dErr.hidden = true;
    dRes.hidden = true;
    try {
      const r = await O.api('POST', '/v1/console/meals/diet',
                            { bed: dBed.value.trim(), diet: dDiet.value, allergens: [...checked], ordered_by: dBy.value.trim() });
      dRes.textContent = O.t('diet.saved', { held: r.held, released: r.released });
      dRes.hidden = false;
      await loadDiet();
      dRes.hidden = false;
      await load();
    } catch (e) { dErr.textContent = O.t('error.generic', { detail: e.message }); dErr.hidden = false; }
  });

  // Live: a meal ticket changed (new order, hold, review elsewhere): reload, at most every 300 ms.
  let pending = null;
  O.live(v => {
    if (v.kind !== 'meal' || pending) return;
    pending = setTimeout(() => { pending = null; load(); }, 300);
  });
  await load();
})();
