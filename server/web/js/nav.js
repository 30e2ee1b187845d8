// Links between the console's pages, by the signed-in user's roles (issue 14). It only shows links:
// the API checks every role itself, so a hidden link is convenience, never protection.
'use strict';
const OneStopNav = (() => {
  const PAGES = [
    ['board.html', 'nav.board', ['desk', 'manager', 'admin']],
    ['phone.html', 'nav.phone', ['worker']],
    ['meals.html', 'nav.meals', ['dietitian', 'admin']],
    ['kitchen.html', 'nav.kitchen', ['kitchen', 'dietitian', 'manager', 'admin']],
    ['assessment.html', 'nav.assessment', ['manager', 'admin']],
    ['admin.html', 'nav.admin', ['admin']],
    ['catalog.html', 'nav.catalog', ['admin']],
  ];
  // The first page a user's roles open (sign-in goes there).
  function home(roles) {
    for (const [page, , allowed] of PAGES) if (allowed.some(r => roles.includes(r))) return page;
    return 'board.html';
  }
  function render(me) {
    const nav = document.getElementById('pages');
    if (!nav) return;
    const here = location.pathname.split('/').pop();
    nav.replaceChildren();
    for (const [page, key, allowed] of PAGES) {
      if (!allowed.some(r => me.roles.includes(r))) continue;
      const a = OneStop.el('a', page === here ? 'current' : '', OneStop.t(key));
      a.href = page;
      a.dataset.i18n = key;
      nav.append(a);
    }
  }
  return { render, home, pages: PAGES.map(p => p[0]) };
})();
