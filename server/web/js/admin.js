// Administration page (issue 14): terminals with revoke, enrollment codes (text + the hub's QR as an
// <img> from a data: URL), outage notices (create / end) and staff PINs. Every rule is the hub's
// (its problem+json detail is shown); the PIN field is cleared after sending and never shown again.
'use strict';
(async () => {
  const O = OneStop;
  let me, terminals = [], notices = [], staff = [];
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

  // ---- staff and PINs -------------------------------------------------------------------------------
  const sq = document.getElementById('s-q');
  async function loadStaff() {
    try { staff = (await O.api('GET', '/v1/console/admin/staff')).staff; } catch (e) { return fail('p-error', e); }
    renderStaff();
  }
  function renderStaff() {
    const q = sq.value.trim().toLowerCase();
    const hits = staff.filter(s => !q || (s.id + ' ' + JSON.stringify(s.name) + ' ' + s.team + ' ' + s.ward).toLowerCase().includes(q)).slice(0, 12);
    const rows = [headRow(['admin.staff_id', 'admin.name', 'admin.team', 'admin.role', 'admin.has_pin'])];
    for (const s of hits) {
      const tr = O.el('tr', 'pick');
      tr.dataset.id = s.id;
      tr.append(O.el('td', 'mono', s.id), O.el('td', '', O.name(s.name)), O.el('td', '', s.team || s.ward || ''),
                O.el('td', '', s.role), O.el('td', '', s.has_pin ? O.t('admin.yes') : O.t('admin.no')));
      tr.addEventListener('click', () => { document.getElementById('p-id').value = s.id; document.getElementById('p-pin').focus(); });
      rows.push(tr);
    }
    document.getElementById('staff').replaceChildren(...rows);
  }
  sq.addEventListener('input', renderStaff);
  document.getElementById('pin-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    show('p-error', '');
    show('p-result', '');
    const id = document.getElementById('p-id').value.trim(), pinEl = document.getElementById('p-pin');
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
