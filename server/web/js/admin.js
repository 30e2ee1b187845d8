// Administration page (issue 14): terminals with revoke, enrollment codes (text + the hub's QR as an
// <img> from a data: URL), outage notices (create / end) and staff members (create, edit, PIN). Every
// rule is the hub's (its problem code is translated); PIN fields are cleared after sending and never shown again.
'use strict';
(async () => {
  const O = OneStop;
  let me, terminals = [], notices = [], staff = [], staffMeta = { roles: [], wards: [], teams: [] }, editing = '';
  try { me = await O.me(); } catch (e) { return; }
  await O.init(() => renderAll());
  OneStopNav.render(me);
  document.getElementById('who').textContent = O.t('common.signed_in_as', { user: me.user });
  document.getElementById('signout').addEventListener('click', O.signOut);
  const show = (id, text) => { const e = document.getElementById(id); e.textContent = text; e.hidden = !text; };
  // A refusal (4xx) shows the hub's reason as it is; anything else is "something went wrong".
  const fail = (id, e) => show(id, e.status >= 400 && e.status < 500 ? O.t('meals.refused', { detail: O.problemText(e) }) : O.t('error.generic', { detail: e.message }));
  const when = iso => iso ? O.fmtTime(iso) : '—';
  const headRow = keys => { const tr = O.el('tr'); keys.forEach(k => tr.append(O.el('th', '', O.t(k)))); return tr; };

  // ---- terminals -----------------------------------------------------------------------------------
  async function loadTerminals() {
    try { terminals = (await O.api('GET', '/v1/console/admin/terminals')).terminals; } catch (e) { return fail('t-error', e); }
    renderTerminals();
  }
  function renderTerminals() {
    const rows = [headRow(['admin.terminal', 'admin.kind', 'admin.location', 'admin.enrolled', 'admin.app_version', 'admin.last_push',
                           'admin.last_pull', 'admin.outbox', 'admin.skew', 'admin.state', 'admin.actions'])];
    for (const t of terminals) {
      const tr = O.el('tr', t.revoked ? 'revoked' : '');
      tr.dataset.id = t.id;
      // Clock skew as the hub measured it at the terminal's last report (its clock minus the hub's).
      const skew = t.clock_skew_ms == null ? '—' : O.t('admin.skew_value', { s: (t.clock_skew_ms / 1000).toFixed(1) });
      const skewTd = O.el('td', t.clock_skew_ms != null && Math.abs(t.clock_skew_ms) > 60000 ? 'warn' : '', skew);
      if (skewTd.className) skewTd.title = O.t('admin.skew_warn');
      tr.append(O.el('td', 'mono', t.id), O.el('td', '', O.t('binding.' + t.kind)), O.el('td', '', t.location || '—'),
                O.el('td', '', when(t.enrolled_at)), O.el('td', 'mono', t.app_version || '—'), O.el('td', '', when(t.last_push_at)),
                O.el('td', '', when(t.last_pull_at)), O.el('td', 'num', t.outbox_depth == null ? '—' : String(t.outbox_depth)), skewTd,
                O.el('td', '', t.revoked ? O.t('admin.revoked_at', { time: when(t.revoked_at) }) : O.t('admin.active')));
      const td = O.el('td');
      if (!t.revoked) {
        const b = O.el('button', 'danger', O.t('admin.revoke'));
        b.dataset.action = 'revoke';
        b.addEventListener('click', async () => {
          if (!confirm(O.t('admin.revoke_confirm', { id: t.id }))) return;
          show('t-error', '');
          try { await O.api('POST', '/v1/console/admin/terminals/' + encodeURIComponent(t.id) + '/revoke', {}); } catch (e) { fail('t-error', e); }
          await loadTerminals();
        });
        td.append(b);
      }
      tr.append(td);
      rows.push(tr);
    }
    document.getElementById('terminals').replaceChildren(...rows);
  }

  // ---- enrollment codes ----------------------------------------------------------------------------
  let lastCode = null;
  document.getElementById('code-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    show('c-error', '');
    const kind = document.getElementById('c-kind').value;
    const body = { kind, ttl_hours: Number(document.getElementById('c-ttl').value || 24), origin: location.origin };
    const loc = document.getElementById('c-location').value.trim();
    if (loc) body.location = loc;
    try { lastCode = await O.api('POST', '/v1/console/admin/enroll-codes', body); } catch (e) { return fail('c-error', e); }
    renderCode();
  });
  function renderCode() {
    if (!lastCode) return;
    document.getElementById('code-out').hidden = false;
    // The SVG is the hub's, shown as an image (a data: URL): it is never parsed into this page.
    document.getElementById('c-qr').src = 'data:image/svg+xml;base64,' + btoa(lastCode.qr_svg);
    document.getElementById('c-qr').alt = O.t('admin.qr_alt');
    document.getElementById('c-code').textContent = lastCode.code;
    document.getElementById('c-url').textContent = lastCode.url;
    document.getElementById('c-expires').textContent = O.t('admin.expires', { time: when(lastCode.expires_at) }) + ' · ' +
      O.t('binding.' + lastCode.kind) + (lastCode.location ? ' ' + lastCode.location : '');
  }

  const NOTICE_STATES = { planned: 'notice.state_planned', active: 'notice.state_active', ended: 'notice.state_ended' };
  // ---- notices --------------------------------------------------------------------------------------
  async function loadNotices() {
    try { notices = (await O.api('GET', '/v1/console/admin/notices')).notices; } catch (e) { return fail('n-error', e); }
    renderNotices();
  }
  function renderNotices() {
    const rows = [headRow(['admin.notice_kind', 'admin.area', 'admin.starts', 'admin.ends', 'admin.text', 'admin.state', 'admin.actions'])];
    for (const n of notices) {
      const tr = O.el('tr', 'notice-' + n.state);
      tr.dataset.id = n.id;
      tr.append(O.el('td', '', O.tOr('notice.' + n.kind, n.kind)), O.el('td', '', n.location), O.el('td', '', when(n.starts_at)),
                O.el('td', '', when(n.ends_at)), O.el('td', '', O.name(n.text)), O.el('td', '', O.t(NOTICE_STATES[n.state] || 'notice.state_active')));
      const td = O.el('td');
      if (n.state !== 'ended') {
        const b = O.el('button', 'danger', O.t('admin.end_notice'));
        b.addEventListener('click', async () => {
          show('n-error', '');
          try { await O.api('POST', '/v1/console/admin/notices/' + n.id + '/end', {}); } catch (e) { fail('n-error', e); }
          await loadNotices();
        });
        td.append(b);
      }
      tr.append(td);
      rows.push(tr);
    }
    document.getElementById('notices').replaceChildren(...rows);
  }
  document.getElementById('notice-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    show('n-error', '');
    const iso = id => { const v = document.getElementById(id).value; return v ? new Date(v).toISOString() : ''; };
    const text = {};
    for (const l of ['zh-Hans', 'zh-Hant', 'en']) { const v = document.getElementById('n-text-' + l).value.trim(); if (v) text[l] = v; }
    const body = { kind: document.getElementById('n-kind').value, location: document.getElementById('n-location').value.trim(),
                   starts_at: iso('n-starts'), ends_at: iso('n-ends'), text };
    try { await O.api('POST', '/v1/console/admin/notices', body); } catch (e) { return fail('n-error', e); }
    ev.target.reset();
    await loadNotices();
  });

  // ---- staff members and PINs ----------------------------------------------------------------------
  const sq = document.getElementById('s-q');
  const $ = id => document.getElementById(id);
  const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
  async function loadStaff() {
    try { const r = await O.api('GET', '/v1/console/admin/staff'); staff = r.staff; staffMeta = r; } catch (e) { return fail('sf-error', e); }
    renderStaff();
  }
  function renderStaff() {
    const q = sq.value.trim().toLowerCase();
    const hits = staff.filter(s => !q || (s.id + ' ' + JSON.stringify(s.name) + ' ' + s.team + ' ' + s.ward).toLowerCase().includes(q)).slice(0, 12);
    const rows = [headRow(['admin.staff_id', 'admin.name', 'admin.team', 'admin.role', 'admin.has_pin', 'admin.state'])];
    for (const s of hits) {
      const tr = O.el('tr', 'pick' + (s.active ? '' : ' revoked'));
      tr.dataset.id = s.id;
      tr.append(O.el('td', 'mono', s.id), O.el('td', '', O.name(s.name)), O.el('td', '', s.team || s.ward || ''),
                O.el('td', '', O.tOr('staffrole.' + s.role, s.role)), O.el('td', '', s.has_pin ? O.t('admin.yes') : O.t('admin.no')),
                O.el('td', '', s.active ? O.t('admin.active') : O.t('admin.inactive')));
      tr.addEventListener('click', () => { $('p-id').value = s.id; fillStaffForm(s); });
      rows.push(tr);
    }
    $('staff').replaceChildren(...rows);
    renderStaffChoices();
  }
  // The role, ward and team lists come from the hub; a nurse has a ward, a lead or worker a team.
  function renderStaffChoices() {
    const fill = (id, items) => {
      const sel = $(id), keep = sel.value;
      sel.replaceChildren(...items);
      if (keep) sel.value = keep;
    };
    fill('sf-role', staffMeta.roles.map(r => new Option(O.tOr('staffrole.' + r, r), r)));
    fill('sf-ward', staffMeta.wards.map(w => new Option(w.code + ' ' + O.name(w.name), w.code)));
    fill('sf-team', staffMeta.teams.map(t => new Option(O.name(t.name), t.code)));
    roleChanged();
  }
  function roleChanged() {
    const nurse = $('sf-role').value === 'nurse';
    $('sf-ward-row').hidden = !nurse;
    $('sf-team-row').hidden = nurse;
  }
  $('sf-role').addEventListener('change', roleChanged);
  function fillStaffForm(s) {
    show('sf-result', ''); show('sf-error', '');
    editing = s ? s.id : '';
    $('sf-id').value = s ? s.id : '';
    for (const l of LANGS) $('sf-name-' + l).value = s && typeof s.name === 'object' ? (s.name[l] || '') : (s && l === 'zh-Hans' ? s.name : '');
    $('sf-role').value = s ? s.role : (staffMeta.roles[0] || '');
    if (s && s.ward) $('sf-ward').value = s.ward;
    if (s && s.team) $('sf-team').value = s.team;
    $('sf-badge').value = '';
    $('sf-pin').value = '';
    $('sf-active').checked = s ? s.active : true;
    roleChanged();
  }
  $('sf-new').addEventListener('click', () => fillStaffForm(null));
  $('staff-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    show('sf-error', ''); show('sf-result', '');
    const id = $('sf-id').value.trim(), name = {};
    for (const l of LANGS) { const v = $('sf-name-' + l).value.trim(); if (v) name[l] = v; }
    const role = $('sf-role').value, pinEl = $('sf-pin'), pin = pinEl.value;
    pinEl.value = '';  // never kept on the page
    const body = { id, create: id !== editing, name, role, active: $('sf-active').checked };
    if (role === 'nurse') body.ward = $('sf-ward').value; else body.team = $('sf-team').value;
    if ($('sf-badge').value.trim()) body.badge = $('sf-badge').value.trim();
    if (pin) body.pin = pin;
    let saved;
    try { saved = await O.api('POST', '/v1/console/admin/staff', body); } catch (e) { return fail('sf-error', e); }
    editing = saved.id;
    $('sf-badge').value = '';
    show('sf-result', O.t('admin.staff_saved', { id: saved.id }));
    await loadStaff();
  });
  sq.addEventListener('input', renderStaff);
  $('pin-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    show('p-error', '');
    show('p-result', '');
    const id = $('p-id').value.trim(), pinEl = $('p-pin');
    const pin = pinEl.value;
    pinEl.value = '';  // never kept on the page
    try { await O.api('POST', '/v1/console/admin/staff/' + encodeURIComponent(id) + '/pin', { pin }); } catch (e) { return fail('p-error', e); }
    show('p-result', O.t('admin.pin_set', { id }));
    await loadStaff();
  });

  function renderAll() { renderTerminals(); renderCode(); renderNotices(); renderStaff(); }
  await Promise.all([loadTerminals(), loadNotices(), loadStaff()]);
  window.__onestopAdminReady = true;
})();
