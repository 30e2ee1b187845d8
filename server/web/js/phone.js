// The workers' phone page: my jobs (dispatched to me or my team), where and what was reported,
// start, complete with a note and an optional photo from the phone camera (scaled down here to the
// terminals' photo cap before it is sent). Notes and photos being prepared are kept in sessionStorage,
// so a 401 (sign in again) loses nothing. Data goes in by textContent only.
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
        c.append(label, photoField(v), b);
      }
      root.append(c);
    }
  }

  // The photo field of a job: camera (or a file), a preview, and a remove button. The prepared photo
  // (base64 JPEG) waits in sessionStorage until the job is completed.
  function photoField(v) {
    const key = 'onestop.photo.' + v.id;
    const box = O.el('div', 'job-photo');
    const title = O.el('span', 'job-photo-title', t('phone.photo'));
    // The native file control words itself in the browser's language: a label in ours stands in for it.
    const label = O.el('label', 'job-photo-pick', t('phone.photo_take'));
    const input = O.el('input', 'job-photo-input');
    input.type = 'file';
    input.accept = 'image/*';
    input.setAttribute('capture', 'environment');
    label.append(input);
    const preview = O.el('img', 'job-photo-preview');
    preview.alt = t('phone.photo');
    const status = O.el('span', 'job-photo-status muted');
    const remove = O.el('button', 'job-photo-remove', t('phone.photo_remove'));
    remove.type = 'button';
    const show = () => {
      const data = sessionStorage.getItem(key);
      preview.hidden = remove.hidden = !data;
      if (data) {
        preview.src = 'data:image/jpeg;base64,' + data;
        status.textContent = t('phone.photo_ready', { kb: Math.ceil(data.length * 3 / 4 / 1024) });
      } else {
        preview.removeAttribute('src');
        status.textContent = '';
      }
    };
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      status.textContent = t('phone.photo_working');
      err.hidden = true;
      try {
        sessionStorage.setItem(key, await shrink(file));
      } catch (e) {
        sessionStorage.removeItem(key);
        err.textContent = t('phone.photo_bad');
        err.hidden = false;
      }
      input.value = '';
      show();
    });
    remove.addEventListener('click', () => { sessionStorage.removeItem(key); show(); });
    box.append(title, label, preview, status, remove);
    show();
    return box;
  }

  // Like a terminal photo (kiosk/core/photo.h): at most 960 px on the long side and 150 KiB of JPEG.
  // Quality steps down first, then the size; the hub checks the result again.
  const MAX_SIDE = 960, MAX_BYTES = 150 * 1024;
  async function shrink(file) {
    const img = await createImageBitmap(file, { imageOrientation: 'from-image' });
    let side = MAX_SIDE, quality = 0.85;
    for (;;) {
      const scale = Math.min(1, side / Math.max(img.width, img.height));
      const c = document.createElement('canvas');
      c.width = Math.max(1, Math.round(img.width * scale));
      c.height = Math.max(1, Math.round(img.height * scale));
      c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
      const blob = await new Promise(r => c.toBlob(r, 'image/jpeg', quality));
      if (!blob) throw new Error('encode');
      if (blob.size <= MAX_BYTES) {
        const url = await new Promise((ok, bad) => { const f = new FileReader(); f.onload = () => ok(f.result); f.onerror = bad; f.readAsDataURL(blob); });
        return url.slice(url.indexOf(',') + 1);
      }
      if (quality > 0.5) quality -= 0.15;
      else if (side > 240) { side = Math.round(side * 0.75); quality = 0.8; }
      else throw new Error('too large');
    }
  }

  async function move(v, to, note) {
    err.hidden = true;
    try {
      const body = { to, from: v.status };
      if (note) body.note = note;
      const photo = to === 'completed' ? sessionStorage.getItem('onestop.photo.' + v.id) : null;
      if (photo) body.photo = { mime: 'image/jpeg', bytes: Math.floor(photo.length * 3 / 4) - (photo.endsWith('==') ? 2 : photo.endsWith('=') ? 1 : 0), data: photo };
      await O.api('POST', '/v1/console/tickets/' + v.id + '/transition', body);
      sessionStorage.removeItem('onestop.draft.' + v.id);
      sessionStorage.removeItem('onestop.photo.' + v.id);
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
