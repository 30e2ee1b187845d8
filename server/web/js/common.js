// OneStop console, shared by every page: the language catalogs (i18n/*.json, text by key), the API
// helper (CSRF header, 401 -> sign-in keeping drafts, problem+json errors) and small DOM helpers.
// It must never put data into the page as HTML (textContent only) and never hold a UI string itself.
'use strict';
const OneStop = (() => {
  const LANGS = ['zh-Hans', 'zh-Hant', 'en'];
  const missing = new Set();
  let catalog = {};
  let lang = localStorage.getItem('onestop.lang');
  if (!LANGS.includes(lang)) {
    const nav = (navigator.language || 'en').toLowerCase();
    lang = nav.startsWith('zh') ? (/(tw|hk|mo|hant)/.test(nav) ? 'zh-Hant' : 'zh-Hans') : 'en';
  }

  // Text by key; a missing key shows as the key in brackets and is recorded (tests read it).
  function t(key, vars) {
    let s = catalog[key];
    if (typeof s !== 'string') { missing.add(key); return '[' + key + ']'; }
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split('{' + k + '}').join(String(v));
    return s;
  }
  // For codes that come from data (trades): the catalog's name when it has one, else the code.
  function tOr(key, fallback) { return typeof catalog[key] === 'string' ? catalog[key] : fallback; }
  // Master data names are {lang: text} or a string.
  function name(v) {
    if (v == null) return '';
    if (typeof v === 'string') return v;
    return v[lang] || v['en'] || v['zh-Hans'] || Object.values(v)[0] || '';
  }

  function applyI18n(root) {
    document.documentElement.lang = lang;
    (root || document).querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
    (root || document).querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    const sel = document.getElementById('lang');
    if (sel && !sel.options.length) {
      for (const l of LANGS) sel.add(new Option(t('lang.' + l), l));
      sel.addEventListener('change', () => setLang(sel.value));
    }
    if (sel) { for (const o of sel.options) o.textContent = t('lang.' + o.value); sel.value = lang; }
  }

  const listeners = [];
  async function loadCatalog(l) {
    const r = await fetch('i18n/' + l + '.json', { cache: 'no-cache' });
    catalog = await r.json();
  }
  async function setLang(l) {
    lang = l;
    localStorage.setItem('onestop.lang', l);
    await loadCatalog(l);
    applyI18n();
    listeners.forEach(f => f());
  }
  async function init(onLang) {
    if (onLang) listeners.push(onLang);
    await loadCatalog(lang);
    applyI18n();
  }

  class ApiError extends Error {
    constructor(status, problem) { super(problem.detail || problem.title || String(status)); this.status = status; this.problem = problem; }
  }
  // Where a 401 sends the user back to after signing in again; drafts stay in sessionStorage.
  function toSignIn(expired) {
    const page = location.pathname.split('/').pop() || 'board.html';
    location.href = 'index.html?next=' + encodeURIComponent(page) + (expired ? '&expired=1' : '');
  }
  async function api(method, path, body) {
    const headers = {};
    if (method !== 'GET') headers['X-CSRF-Token'] = sessionStorage.getItem('onestop.csrf') || '';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    if (r.status === 204) return null;
    const text = await r.text();
    let data = {};
    try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { detail: text }; }
    if (r.status === 401 && path !== '/v1/console/session') { toSignIn(true); throw new ApiError(401, data); }
    if (!r.ok) throw new ApiError(r.status, data);
    return data;
  }
  // The signed-in user (and a CSRF token for this tab), or off to sign-in.
  async function me() {
    const m = await api('GET', '/v1/console/session');
    sessionStorage.setItem('onestop.csrf', m.csrf);
    return m;
  }
  async function signOut() {
    try { await api('DELETE', '/v1/console/session'); } catch (e) { /* signed out anyway */ }
    sessionStorage.removeItem('onestop.csrf');
    location.href = 'index.html';
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function fmtDuration(s) {
    s = Math.max(0, Math.round(s));
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d > 0) return t('time.days_hours', { d, h });
    if (h > 0) return t('time.hours_minutes', { h, m });
    return t('time.minutes_seconds', { m, s: String(s % 60).padStart(2, '0') });
  }
  function fmtTime(iso) {
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString(lang === 'en' ? 'en-GB' : lang === 'zh-Hant' ? 'zh-TW' : 'zh-CN');
  }
  function locationText(v) { return (v.location_path || []).map(p => name(p.name)).join(' · ') || v.location; }

  // The live stream: EventSource resumes by itself with Last-Event-ID after a drop.
  function live(onTicket) {
    const badge = document.getElementById('live');
    const set = s => { if (badge) { badge.dataset.state = s; badge.textContent = t('live.' + s); } };
    set('connecting');
    const es = new EventSource('/v1/console/events');
    es.addEventListener('hello', () => set('on'));
    es.addEventListener('ticket', e => { set('on'); onTicket(JSON.parse(e.data)); });
    es.addEventListener('signed_out', () => { es.close(); toSignIn(true); });
    es.onerror = () => set('connecting');
    listeners.push(() => set(badge ? badge.dataset.state : 'on'));
    return es;
  }

  // A refusal in the user's language: the hub's problem `code` (or the slug of its type) names a
  // catalog entry problem.<code>; without one, the hub's own detail is shown as it is.
  function problemText(e) {
    const p = (e && e.problem) || {};
    const slug = typeof p.type === 'string' ? p.type.split('/').pop() : '';
    for (const k of [p.code, slug]) if (k && typeof catalog['problem.' + k] === 'string') return t('problem.' + k);
    return (e && e.message) || '';
  }

  window.__onestopMissingKeys = missing;
  return { t, tOr, name, init, api, me, signOut, el, fmtDuration, fmtTime, locationText, live, ApiError, lang: () => lang, toSignIn, problemText };
})();
