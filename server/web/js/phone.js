// The workers' phone page: my jobs (dispatched to me or my team), where and what was reported,
// start, complete with a note. Notes being typed are kept in sessionStorage, so a 401 (sign in
// again) loses nothing. Data goes in by textContent only.
'use strict';
(async () => {
  const O = OneStop, t = O.t;
  let me = null, jobs = [], shown = '';
  await O.init(() => render(true));
  try { me = await O.me(); } catch (e) { return; }
  document.getElementById('who').textContent = t('common.signed_in_as', { user: me.user });
  document.getElementById('signout').addEventListener('click', () => O.signOut());
  const err = document.getElementById('p-error');

  async function load() {
    try {
      jobs = (await O.api('GET', '/v1/console/tickets')).tickets.filter(v => v.status === 'dispatched' || v.status === 'in_progress');
      render(false);
    } catch (e) { /* 401 went to sign-in */ }
  }

  // Rebuilt only when the jobs changed (or the language): a worker typing a note keeps focus.
  function render(force) {
    const sig = JSON.stringify(jobs.map(v => [v.id, v.status, v.updated_at]));
    if (!force && sig === shown) return;
    shown = sig;
    const root = document.getElementById('jobs');
    root.replaceChildren();
    document.getElementById('empty').hidden = jobs.length > 0;
    for (const v of jobs) {
      const c = O.el('article', 'job');
      c.dataset.id = v.id;
      c.dataset.urgency = v.urgency;
      const head = O.el('div', 'card-head');
      head.append(O.el('span', 'card-id', v.id), O.el('span', 'badge kind', t('kind.' + v.kind)),
        O.el('span', 'badge urgency-' + v.urgency, t('urgency.' + v.urgency)), O.el('span', 'badge status', t('status.' + v.status)));
      c.append(head);
      c.append(O.el('div', 'job-where', O.locationText(v)));
      if (v.asset) c.append(O.el('div', 'card-asset', v.asset.id + (v.asset.class_name ? ' · ' + O.name(v.asset.class_name) : '')));
      c.append(O.el('div', 'card-summary', v.summary || t('phone.no_text')));
      c.append(O.el('div', 'age', t('card.age', { time: O.fmtDuration(v.age_s) })));
      const key = 'onestop.draft.' + v.id;
      if (v.status === 'dispatched') {
        const b = O.el('button', 'primary big', t('phone.start'));
        b.dataset.action = 'in_progress';
        b.addEventListener('click', () => move(v, 'in_progress', ''));
        c.append(b);
      } else {
        const label = O.el('label', null, t('phone.note'));
        const note = O.el('textarea', 'job-note');
        note.rows = 3;
        note.maxLength = 500;
        note.value = sessionStorage.getItem(key) || '';
        note.addEventListener('input', () => sessionStorage.setItem(key, note.value));
        label.append(note);
        const b = O.el('button', 'primary big', t('phone.complete'));
        b.dataset.action = 'completed';
        b.addEventListener('click', () => move(v, 'completed', note.value.trim()));
        c.append(label, b);
      }
      root.append(c);
    }
  }

  async function move(v, to, note) {
    err.hidden = true;
    try {
      const body = { to, from: v.status };
      if (note) body.note = note;
      await O.api('POST', '/v1/console/tickets/' + v.id + '/transition', body);
      sessionStorage.removeItem('onestop.draft.' + v.id);
      await load();
    } catch (e) {
      if (e.status === 401) return;
      err.textContent = e.status === 409 ? t('error.conflict', { detail: e.message }) : t('error.generic', { detail: e.message });
      err.hidden = false;
      await load();
    }
  }

  await load();
  let pending = null;
  O.live(() => { clearTimeout(pending); pending = setTimeout(load, 150); });
  window.__onestopPhoneReady = true;
})();
