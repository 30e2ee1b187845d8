// Sign-in page: posts {user, password}, keeps the CSRF token for this tab and goes to the page the
// user came from (a 401 elsewhere sends people here with ?next=), else by role: workers to the phone page.
'use strict';
(async () => {
  const O = OneStop;
  await O.init();
  const params = new URLSearchParams(location.search);
  const next = params.get('next');
  document.getElementById('signin-expired').hidden = params.get('expired') !== '1';
  const err = document.getElementById('signin-error');
  document.getElementById('signin').addEventListener('submit', async ev => {
    ev.preventDefault();
    err.hidden = true;
    const user = document.getElementById('user').value.trim();
    const password = document.getElementById('password').value;
    try {
      const m = await O.api('POST', '/v1/console/session', { user, password });
      sessionStorage.setItem('onestop.csrf', m.csrf);
      // Each role's own page first (js/nav.js): desk/manager/admin the board, workers the phone page,
      // the dietitian the meal review, the kitchen its production page.
      location.href = next && OneStopNav.pages.includes(next) ? next : OneStopNav.home(m.roles);
    } catch (e) {
      err.textContent = e.status === 429 ? O.t('signin.locked') : e.status === 401 ? O.t('signin.failed') : O.t('error.generic', { detail: e.message });
      err.hidden = false;
      document.getElementById('password').value = '';
    }
  });
})();
