// Catalogue page (issue 14): dishes (with a JPEG photo each), service teams and console accounts. It only collects the form
// and shows the hub's answer (translated by its problem code); every rule lives in the hub. The
// password field is cleared as soon as it is sent and never shown.
'use strict';
(async () => {
  const O = OneStop;
  let me, dishes = [], photos = {}, meta = { allergens: [], diets: [], slots: [] }, teams = [], trades = [], users = [], roles = [];
  try { me = await O.me(); } catch (e) { return; }
  await O.init(() => renderAll());
  OneStopNav.render(me);
  document.getElementById('who').textContent = O.t('common.signed_in_as', { user: me.user });
  document.getElementById('signout').addEventListener('click', O.signOut);
  const $ = id => document.getElementById(id);
  const show = (id, text) => { const e = $(id); e.textContent = text; e.hidden = !text; };
  const fail = (id, e) => show(id, e.status >= 400 && e.status < 500 ? O.t('meals.refused', { detail: O.problemText(e) }) : O.t('error.generic', { detail: e.message }));
  const headRow = keys => { const tr = O.el('tr'); keys.forEach(k => tr.append(O.el('th', '', O.t(k)))); return tr; };
  const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
  const NUTRIENTS = ['energy_kcal', 'protein_g', 'fat_g', 'carbohydrate_g', 'sodium_mg'];
  // Checkboxes for a list of codes, labelled from the catalogs (the legend stays).
  function checks(id, codes, keyPrefix, checked) {
    const box = $(id), legend = box.querySelector('legend');
    const keep = new Set(checked || [...box.querySelectorAll('input:checked')].map(i => i.value));
    box.replaceChildren(legend);
    for (const c of codes) {
      const l = O.el('label', 'check'), i = O.el('input');
      i.type = 'checkbox'; i.value = c; i.checked = keep.has(c);
      l.append(i, O.el('span', '', O.tOr(keyPrefix + c, c)));
      box.append(l);
    }
  }
  const checked = id => [...$(id).querySelectorAll('input:checked')].map(i => i.value);

  // ---- dishes ------------------------------------------------------------------------------------------
  async function loadDishes() {
    try {
      const [r, p] = await Promise.all([O.api('GET', '/v1/console/admin/dishes'), O.api('GET', '/v1/console/admin/dish-photos')]);
      dishes = r.dishes; meta = r;
      photos = {};
      for (const x of p.photos) photos[x.id] = x;
    } catch (e) { return fail('d-error', e); }
    renderDishes();
  }
  // The photo of the dish in the form: the hub's bytes (its hash in the URL, so a new photo shows at once).
  function renderPhoto() {
    const id = $('d-id').value.trim(), p = photos[id], img = $('d-photo-img');
    img.hidden = !p;
    $('d-photo-none').hidden = !!p;
    if (p) {
      const src = '/v1/console/admin/dishes/' + encodeURIComponent(id) + '/photo?v=' + encodeURIComponent(p.sha256);
      if (img.getAttribute('src') !== src) img.src = src;
      img.alt = O.t('catalog.photo');
    } else img.removeAttribute('src');
  }
  $('d-id').addEventListener('input', renderPhoto);
  $('d-photo-upload').addEventListener('click', async () => {
    show('d-photo-result', ''); show('d-photo-error', '');
    const id = $('d-id').value.trim(), file = $('d-photo-file').files[0];
    if (!file) return show('d-photo-error', O.t('catalog.photo_choose'));
    // Sent as base64 in JSON; the hub checks size, type and that it decodes.
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    let saved;
    try { saved = await O.api('POST', '/v1/console/admin/dishes/' + encodeURIComponent(id) + '/photo', { jpeg: btoa(bin) }); } catch (e) { return fail('d-photo-error', e); }
    $('d-photo-file').value = '';
    photos[id] = saved;
    show('d-photo-result', O.t('catalog.photo_saved', { id }));
    renderDishes();
  });
  function renderDishForm(d) {
    checks('d-slots', meta.slots, 'slot.', d ? d.slots : undefined);
    checks('d-diets', meta.diets.filter(x => x !== 'npo'), 'dietcode.', d ? d.diets : undefined);
    checks('d-allergens', meta.allergens, 'allergen.', d ? d.allergens : undefined);
    // Portion limits per diet: a number field per diet code (empty = no limit).
    const lim = $('d-limits'), limLegend = lim.querySelector('legend');
    const oldLim = {};
    lim.querySelectorAll('input').forEach(i => { if (i.value) oldLim[i.dataset.diet] = i.value; });
    lim.replaceChildren(limLegend);
    for (const c of meta.diets.filter(x => x !== 'npo')) {
      const l = O.el('label', 'check'), i = O.el('input');
      i.type = 'number'; i.min = 1; i.max = 20; i.dataset.diet = c; i.className = 'small-num';
      i.value = d ? ((d.diet_limits || {})[c] || '') : (oldLim[c] || '');
      l.append(O.el('span', '', O.tOr('dietcode.' + c, c)), i);
      lim.append(l);
    }
    const nut = $('d-nutrition'), nutLegend = nut.querySelector('legend');
    const oldNut = {};
    nut.querySelectorAll('input').forEach(i => { oldNut[i.dataset.key] = i.value; });
    nut.replaceChildren(nutLegend);
    for (const k of NUTRIENTS) {
      const l = O.el('label', 'check'), i = O.el('input');
      i.type = 'number'; i.min = 0; i.step = '0.1'; i.dataset.key = k; i.id = 'd-n-' + k; i.className = 'small-num';
      i.value = d ? ((d.nutrition || {})[k] ?? '') : (oldNut[k] || '');
      l.append(O.el('span', '', O.t('nutrient.' + k)), i);
      nut.append(l);
    }
    if (d) {
      $('d-id').value = d.id;
      for (const l of LANGS) $('d-name-' + l).value = (d.name || {})[l] || '';
    }
    renderPhoto();
  }
  function renderDishes() {
    const q = $('d-q').value.trim().toLowerCase();
    const hits = dishes.filter(d => !q || (d.id + ' ' + JSON.stringify(d.name)).toLowerCase().includes(q)).slice(0, 30);
    const rows = [headRow(['catalog.dish_id', 'admin.name', 'catalog.slots', 'catalog.diets', 'catalog.allergens', 'nutrient.energy_kcal', 'nutrient.sodium_mg', 'catalog.photo'])];
    for (const d of hits) {
      const tr = O.el('tr', 'pick');
      tr.dataset.id = d.id;
      const n = d.nutrition || {};
      tr.append(O.el('td', 'mono', d.id), O.el('td', '', O.name(d.name)),
                O.el('td', '', (d.slots || []).map(s => O.t('slot.' + s)).join(', ')),
                O.el('td', '', (d.diets || []).map(s => O.tOr('dietcode.' + s, s)).join(', ')),
                O.el('td', 'allergens', (d.allergens || []).map(s => O.tOr('allergen.' + s, s)).join(', ')),
                O.el('td', 'num', n.energy_kcal ?? '—'), O.el('td', 'num', n.sodium_mg ?? '—'),
                O.el('td', 'photo', photos[d.id] ? O.t('catalog.photo_kb', { kb: Math.ceil(photos[d.id].bytes / 1024) }) : '—'));
      tr.addEventListener('click', () => { show('d-result', ''); show('d-error', ''); renderDishForm(d); });
      rows.push(tr);
    }
    $('dishes').replaceChildren(...rows);
    renderDishForm();
  }
  $('d-q').addEventListener('input', renderDishes);
  $('d-new').addEventListener('click', () => { $('dish-form').reset(); renderDishForm({ id: '', name: {}, slots: [], diets: [], allergens: [] }); });
  $('dish-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    show('d-error', ''); show('d-result', '');
    const name = {};
    for (const l of LANGS) { const v = $('d-name-' + l).value.trim(); if (v) name[l] = v; }
    const diet_limits = {};
    $('d-limits').querySelectorAll('input').forEach(i => { if (i.value !== '') diet_limits[i.dataset.diet] = Number(i.value); });
    const nutrition = {};
    $('d-nutrition').querySelectorAll('input').forEach(i => { if (i.value !== '') nutrition[i.dataset.key] = Number(i.value); });
    const body = { id: $('d-id').value.trim(), name, slots: checked('d-slots'), diets: checked('d-diets'),
                   allergens: checked('d-allergens'), diet_limits, nutrition };
    let saved;
    try { saved = await O.api('POST', '/v1/console/admin/dishes', body); } catch (e) { return fail('d-error', e); }
    show('d-result', O.t('catalog.dish_saved', { id: saved.id }));
    await loadDishes();
  });

  // ---- teams ---------------------------------------------------------------------------------------------
  async function loadTeams() {
    try { const r = await O.api('GET', '/v1/console/admin/teams'); teams = r.teams; trades = r.trades; } catch (e) { return fail('tm-error', e); }
    renderTeams();
  }
  function renderTeams() {
    const rows = [headRow(['catalog.team_code', 'admin.name', 'catalog.trade', 'catalog.members'])];
    const tradeName = code => { const t = trades.find(x => x.code === code); return t ? O.name(t.name) : code; };
    for (const t of teams) {
      const tr = O.el('tr', 'pick');
      tr.dataset.code = t.code;
      tr.append(O.el('td', 'mono', t.code), O.el('td', '', O.name(t.name)), O.el('td', '', tradeName(t.trade)), O.el('td', 'num', String(t.members)));
      tr.addEventListener('click', () => {
        $('tm-code').value = t.code; $('tm-trade').value = t.trade;
        for (const l of LANGS) $('tm-name-' + l).value = (typeof t.name === 'object' ? t.name[l] : (l === 'zh-Hans' ? t.name : '')) || '';
      });
      rows.push(tr);
    }
    $('teams').replaceChildren(...rows);
    const sel = $('tm-trade'), keep = sel.value;
    sel.replaceChildren(...trades.map(t => new Option(O.name(t.name), t.code)));
    if (keep) sel.value = keep;
  }
  $('team-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    show('tm-error', '');
    const name = {};
    for (const l of LANGS) { const v = $('tm-name-' + l).value.trim(); if (v) name[l] = v; }
    try { await O.api('POST', '/v1/console/admin/teams', { code: $('tm-code').value.trim(), trade: $('tm-trade').value, name }); } catch (e) { return fail('tm-error', e); }
    await loadTeams();
  });

  // ---- console accounts ------------------------------------------------------------------------------------
  async function loadUsers() {
    try { const r = await O.api('GET', '/v1/console/admin/users'); users = r.users; roles = r.roles; } catch (e) { return fail('u-error', e); }
    renderUsers();
  }
  function renderUsers() {
    const rows = [headRow(['catalog.user_name', 'catalog.roles', 'admin.staff_id', 'admin.state', 'admin.actions'])];
    for (const u of users) {
      const tr = O.el('tr', 'pick' + (u.disabled ? ' revoked' : ''));
      tr.dataset.name = u.name;
      const state = u.disabled ? O.t('catalog.disabled') : u.locked ? O.t('catalog.locked') : O.t('admin.active');
      tr.append(O.el('td', 'mono', u.name), O.el('td', '', u.roles.map(r => O.t('role.' + r)).join(', ')),
                O.el('td', 'mono', u.staff_id || ''), O.el('td', '', state));
      const td = O.el('td');
      if (u.name !== me.user) {
        const b = O.el('button', u.disabled ? '' : 'danger', O.t(u.disabled ? 'catalog.enable' : 'catalog.disable'));
        b.dataset.action = u.disabled ? 'enable' : 'disable';
        b.addEventListener('click', async e => {
          e.stopPropagation();
          show('u-error', ''); show('u-result', '');
          try { await O.api('POST', '/v1/console/admin/users/' + encodeURIComponent(u.name), { disabled: !u.disabled }); } catch (err) { fail('u-error', err); }
          await loadUsers();
        });
        td.append(b);
      }
      tr.append(td);
      tr.addEventListener('click', () => { $('u-name').value = u.name; $('u-staff').value = u.staff_id || ''; checks('u-roles', roles, 'role.', u.roles); });
      rows.push(tr);
    }
    $('users').replaceChildren(...rows);
    checks('u-roles', roles, 'role.');
  }
  const userBody = () => ({ name: $('u-name').value.trim(), roles: checked('u-roles'), staff_id: $('u-staff').value.trim() });
  $('user-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    show('u-error', ''); show('u-result', '');
    const pw = $('u-password'), body = Object.assign(userBody(), { password: pw.value });
    pw.value = '';  // never kept on the page
    try { await O.api('POST', '/v1/console/admin/users', body); } catch (e) { return fail('u-error', e); }
    show('u-result', O.t('catalog.user_added', { name: body.name }));
    await loadUsers();
  });
  $('u-save-roles').addEventListener('click', async () => {
    show('u-error', ''); show('u-result', '');
    const b = userBody(), body = { roles: b.roles };
    if (b.staff_id) body.staff_id = b.staff_id;
    try { await O.api('POST', '/v1/console/admin/users/' + encodeURIComponent(b.name), body); } catch (e) { return fail('u-error', e); }
    show('u-result', O.t('catalog.roles_saved', { name: b.name }));
    await loadUsers();
  });
  $('u-set-password').addEventListener('click', async () => {
    show('u-error', ''); show('u-result', '');
    const pw = $('u-password'), password = pw.value, name = $('u-name').value.trim();
    pw.value = '';
    try { await O.api('POST', '/v1/console/admin/users/' + encodeURIComponent(name), { password }); } catch (e) { return fail('u-error', e); }
    show('u-result', O.t('catalog.password_set', { name }));
  });

  function renderAll() { renderDishes(); renderTeams(); renderUsers(); }
  await Promise.all([loadDishes(), loadTeams(), loadUsers()]);
  window.__onestopCatalogReady = true;
})();
