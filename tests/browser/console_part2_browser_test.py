#!/usr/bin/env python3
# Browser test of the console part 2 (issue 14, ctest label `browser`): headless chromium against the
# REAL onestop-hub and onestop-kiosk binaries. A meal order placed on a kiosk appears in the dietitian's
# queue without a reload; the dietitian rejects it with a reason and the kiosk's My meals shows that
# reason after a sync; the kitchen sees the counts of another order (live) and its tray ticket; the
# administrator sees the version the kiosk reported, creates a notice the kiosk pulls, an enrollment
# code whose QR `onestop-kiosk scan` reports as an enrollment code and whose …/e/<code> address enrolls
# a second kiosk, creates a nurse (a PIN of the wrong length refused) who then signs in on the ward
# kiosk with that PIN and is deactivated, adds a dish on the catalogue page (a missing default-language
# name is refused in the page's language) and its photo (a PNG refused; the JPEG reaches the kiosk as a
# dish_photo entity), and revokes a terminal which then cannot sync.
# Every new page in every language has every catalog key. Screenshots go to --out.
# It must not change the hub's database behind the API. Exit 77 (skipped) only when chromium is missing.
import argparse
import base64
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from console_browser_test import LANGS, Proc, check, click, fail, find_browser, run, static_catalog_check, write_png  # noqa: E402

PAGES = {  # page: the flag its script sets when it has drawn its data
    'meals.html': '__onestopMealsReady',
    'kitchen.html': '__onestopKitchenReady',
    'assessment.html': '__onestopAssessReady',
    'admin.html': '__onestopAdminReady',
    'catalog.html': '__onestopCatalogReady',
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.join(os.path.dirname(os.path.dirname(HERE)), 'docs', 'screenshots'))
    ap.add_argument('--keep', action='store_true')
    opts = ap.parse_args()
    os.makedirs(opts.out, exist_ok=True)
    static_catalog_check()
    chrome, driver_path = find_browser()
    hub_bin, kiosk_bin = os.environ.get('ONESTOP_HUB_BIN'), os.environ.get('ONESTOP_KIOSK_BIN')
    if not hub_bin or not kiosk_bin:
        fail('ONESTOP_HUB_BIN and ONESTOP_KIOSK_BIN must be set (run through build/*/test-env.sh)')

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    LIVE_REDRAW = (NoSuchElementException, StaleElementReferenceException)  # live pages redraw under a wait
    from selenium.webdriver.support.ui import WebDriverWait

    tmp = tempfile.mkdtemp(prefix='onestop-browser2-')
    hub = Proc([hub_bin, 'serve', '--listen', '127.0.0.1:0', '--db', os.path.join(tmp, 'hub.db'), '--demo-data'],
               os.path.join(tmp, 'hub.log'))
    browsers = []
    try:
        m = re.match(r'listening (\S+)', hub.p.stdout.readline() or '')
        if not m:
            fail('hub did not start: ' + open(os.path.join(tmp, 'hub.log')).read()[-2000:])
        url = 'http://' + m.group(1)

        def kiosk_in(kdir, *a, stdin=None):
            return run([kiosk_bin, '--data-dir', kdir, '--log-level', 'warn', '--hub', url] + list(a), stdin)

        kdir = os.path.join(tmp, 'kiosk')

        def kiosk(*a, stdin=None):
            return kiosk_in(kdir, *a, stdin=stdin)

        ward = json.loads(kiosk('enroll', '--code', 'DEMO-WARD'))['binding']['location']
        kiosk('sync', '--once')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        beds = [r[0] for r in db.execute(
            "SELECT id FROM master WHERE entity='diet_order' AND json_extract(data,'$.diet')='regular' AND "
            "json_array_length(json_extract(data,'$.allergens'))=0 AND id LIKE ? ORDER BY id LIMIT 2", (ward + '-%',))]
        db.close()
        check(len(beds) == 2, 'two beds of %s with a regular diet and no allergies (%s)' % (ward, beds))

        def dish_for(bed):
            for line in kiosk('order', 'menu', '--bed', bed, '--slot', 'dinner').splitlines()[1:]:
                d = json.loads(line)
                if d.get('state') == 'allowed':
                    return d['menu_item']
            fail('no dinner dish allowed for ' + bed)

        def browser(w, h):
            o = webdriver.ChromeOptions()
            o.binary_location = chrome
            for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                      '--window-size=%d,%d' % (w, h), '--hide-scrollbars', '--force-device-scale-factor=1'):
                o.add_argument(a)
            d = webdriver.Chrome(service=Service(driver_path), options=o)
            d.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', {'width': w, 'height': h, 'deviceScaleFactor': 1, 'mobile': False})
            browsers.append(d)
            return d

        def wait(d, cond, what, timeout=10):
            try:
                return WebDriverWait(d, timeout, poll_frequency=0.1, ignored_exceptions=LIVE_REDRAW).until(lambda _: cond())
            except Exception:
                fail('timed out waiting for ' + what + '; page text: ' + d.find_element(By.TAG_NAME, 'body').text[:1500])

        def sign_in(d, user, lang='en'):
            d.get(url + '/console/index.html')
            d.execute_script("localStorage.setItem('onestop.lang', arguments[0])", lang)
            d.get(url + '/console/index.html')
            wait(d, lambda: d.find_element(By.ID, 'signin-button').text.strip() != '', 'the sign-in page')
            d.find_element(By.ID, 'user').send_keys(user)
            d.find_element(By.ID, 'password').send_keys('onestop-demo')
            d.find_element(By.ID, 'signin-button').click()

        def ready(d, page):
            wait(d, lambda: d.execute_script('return window.%s === true' % PAGES[page]), page)

        def missing_keys(d):
            return d.execute_script('return Array.from(window.__onestopMissingKeys || [])')

        # ---- dietitian: a kiosk order shows up live; reject it with a reason -----------------------------
        diet = browser(1600, 1000)
        sign_in(diet, 'dietitian')
        ready(diet, 'meals.html')
        check(diet.current_url.endswith('/console/meals.html'), 'the dietitian lands on the meal review')
        wait(diet, lambda: diet.find_element(By.ID, 'live').get_attribute('data-state') == 'on', 'the live badge')
        placed = json.loads(kiosk('order', 'place', '--bed', beds[0], '--slot', 'dinner', '--item', dish_for(beds[0]) + ':2',
                                  '--note', 'less salt please'))
        date = placed['payload']['date']
        kiosk('sync', '--once')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        order = db.execute('SELECT id FROM tickets WHERE record_id=?', (placed['record_id'],)).fetchone()[0]
        db.close()
        card = '.meal-card[data-id="%s"]' % order
        wait(diet, lambda: diet.find_elements(By.CSS_SELECTOR, card), 'the order in the queue without a reload', timeout=5)
        check(True, 'the kiosk order %s appeared in the dietitian queue without a reload' % order)
        c = diet.find_element(By.CSS_SELECTOR, card)
        check('Regular' in c.text and 'less salt please' in c.text, 'the card shows the diet and the note')
        diet.execute_script("document.getElementById('f-date').value = arguments[0]; "
                            "document.getElementById('f-date').dispatchEvent(new Event('change'))", date)
        time.sleep(0.5)
        diet.save_screenshot(os.path.join(opts.out, 'console-meals.png'))
        c = diet.find_element(By.CSS_SELECTOR, card)
        click(c, 'button[data-action="reject"]')
        err = c.find_element(By.CSS_SELECTOR, '.error')
        wait(diet, lambda: err.is_displayed(), 'the "reason first" message')
        reason = 'Fasting from midnight for surgery'
        c.find_element(By.CSS_SELECTOR, 'input.reason').send_keys(reason)
        click(c, 'button[data-action="reject"]')
        wait(diet, lambda: not diet.find_elements(By.CSS_SELECTOR, card), 'the rejected order to leave the queue')
        check(True, 'the dietitian rejected %s with a reason' % order)
        kiosk('sync', '--once')
        mine = [json.loads(line) for line in kiosk('order', 'list', '--bed', beds[0]).splitlines() if line.strip()]
        row = next((o for o in mine if o.get('ticket') == order), None)
        check(row is not None and reason in json.dumps(row, ensure_ascii=False),
              'the kiosk\'s My meals shows the reason (%s)' % (row and {k: row.get(k) for k in ('state', 'reason')}))

        # ---- kitchen: counts of another order, live; its tray ticket ---------------------------------------
        kit = browser(1600, 1000)
        sign_in(kit, 'kitchen')
        ready(kit, 'kitchen.html')
        check(kit.current_url.endswith('/console/kitchen.html'), 'the kitchen lands on its page')
        kit.execute_script("document.getElementById('f-date').value = arguments[0]; "
                           "document.getElementById('f-date').dispatchEvent(new Event('change'));"
                           "document.getElementById('t-slot').value = 'dinner';"
                           "document.getElementById('t-slot').dispatchEvent(new Event('change'))", date)
        wait(kit, lambda: kit.find_element(By.ID, 'live').get_attribute('data-state') == 'on', 'the kitchen live badge')
        dish = dish_for(beds[1])
        placed2 = json.loads(kiosk('order', 'place', '--bed', beds[1], '--slot', 'dinner', '--item', dish + ':3',
                                   '--note', 'cut into small pieces'))
        kiosk('sync', '--once')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        order2 = db.execute('SELECT id FROM tickets WHERE record_id=?', (placed2['record_id'],)).fetchone()[0]
        db.close()
        panel = '.slot-panel[data-slot="dinner"]'
        wait(kit, lambda: '3' in [td.text for td in kit.find_elements(By.CSS_SELECTOR, panel + ' td.num')],
             'the dinner count of 3 without a reload', timeout=5)
        check(True, 'the kitchen sees the new order counted (3 portions) without a reload')
        tk = '.tray-ticket[data-ticket="%s"]' % order2
        wait(kit, lambda: kit.find_elements(By.CSS_SELECTOR, tk), 'the tray ticket')
        t = kit.find_element(By.CSS_SELECTOR, tk)
        check(beds[1] in t.text and 'cut into small pieces' in t.text and order2 in t.text,
              'the tray ticket has bed, note and ticket number')
        check(not kit.find_elements(By.CSS_SELECTOR, '.tray-ticket[data-ticket="%s"]' % order), 'the rejected order has no tray ticket')
        time.sleep(0.3)
        kit.save_screenshot(os.path.join(opts.out, 'console-kitchen.png'))
        kit.execute_cdp_cmd('Emulation.setEmulatedMedia', {'media': 'print'})
        time.sleep(0.3)
        check(not kit.find_element(By.CSS_SELECTOR, 'header.topbar').is_displayed(), 'printing shows only the tray tickets')
        kit.save_screenshot(os.path.join(opts.out, 'console-kitchen-print.png'))
        kit.execute_cdp_cmd('Emulation.setEmulatedMedia', {'media': ''})

        # ---- manager: a repair done through the console and rated on the kiosk shows in the report -------
        mgr = browser(1600, 1000)
        sign_in(mgr, 'manager')
        wait(mgr, lambda: mgr.current_url.endswith('/console/board.html'), 'the manager on the board')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        asset, trade = db.execute("SELECT id, json_extract(data,'$.trade') FROM master WHERE entity='asset' AND "
                                  "json_extract(data,'$.location') LIKE ? ORDER BY id LIMIT 1", (ward + '-%',)).fetchone()
        team = db.execute("SELECT json_extract(data,'$.team') FROM master WHERE entity='staff' AND "
                          "json_extract(data,'$.trade')=? AND json_extract(data,'$.role')='lead'", (trade,)).fetchone()[0]
        db.close()
        rep = json.loads(kiosk('report', '--code', 'https://any.host/a/' + asset, '--note', 'display flickers'))
        kiosk('sync', '--once')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        repair = db.execute('SELECT id FROM tickets WHERE record_id=?', (rep['record_id'],)).fetchone()[0]
        db.close()
        move = ("const r = await fetch('/v1/console/tickets/' + arguments[0] + '/transition', {method: 'POST', headers: "
                "{'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('onestop.csrf')}, "
                "body: JSON.stringify(arguments[1])}); return r.status;")
        for body in ({'to': 'accepted'}, {'to': 'dispatched', 'team': team}, {'to': 'completed', 'note': 'replaced the cable'}):
            st = mgr.execute_script(move, repair, body)
            check(st == 200, 'the manager moves %s to %s (%s)' % (repair, body['to'], st))
        kiosk('sync', '--once')
        kiosk('rate', '--ticket', repair, '--overall', '4', '--dim', 'timeliness=4', '--dim', 'attitude=5',
              '--dim', 'quality=4', '--staff', '70001', '--pin-stdin', stdin='246810\n')
        kiosk('sync', '--once')
        mgr.get(url + '/console/assessment.html')
        ready(mgr, 'assessment.html')
        check('1' in [td.text for td in mgr.find_elements(By.CSS_SELECTOR, '#report tr.total td')][1:2],
              'the report counts the rating in this month')
        check(len(mgr.find_elements(By.CSS_SELECTOR, '#c-dist rect.bar')) == 5, 'the distribution chart is drawn')
        href = mgr.find_element(By.ID, 'csv').get_attribute('href')
        csv = mgr.execute_script("const r = await fetch(arguments[0]); return [r.status, await r.text()];", href)
        month = re.search(r'month=(\d{4}-\d{2})', href).group(1)
        cli = run([hub_bin, 'ratings', '--db', os.path.join(tmp, 'hub.db'), '--month', month, '--by', 'team', '--csv'])
        check(csv[0] == 200 and csv[1].replace('\r\n', '\n') == cli.replace('\r\n', '\n') and ',1,4.00,' in cli,
              'the console CSV equals `onestop-hub ratings --csv` (%r)' % cli[-120:])
        mgr.save_screenshot(os.path.join(opts.out, 'console-assessment.png'))

        # ---- admin: notice, enrollment code + QR, revoke -------------------------------------------------
        adm = browser(1600, 1100)
        sign_in(adm, 'admin')
        wait(adm, lambda: adm.current_url.endswith('/console/board.html'), 'the admin on the board')
        adm.get(url + '/console/admin.html')
        ready(adm, 'admin.html')
        term_id = json.loads(kiosk('status'))['terminal_id']
        row = 'tr[data-id="%s"]' % term_id
        wait(adm, lambda: adm.find_elements(By.CSS_SELECTOR, '#terminals ' + row), 'the kiosk in the terminals list')
        # What the kiosk reported on its last sync: app version, outbox depth, clock skew, last pull.
        cells = [c.text for c in adm.find_elements(By.CSS_SELECTOR, '#terminals %s td' % row)]
        check(re.fullmatch(r'\d+\.\d+\.\d+\S*', cells[4] or '') and cells[6] != '—' and cells[7] == '0' and cells[8].endswith('s'),
              'the terminals page shows the kiosk\'s reported version, last pull, outbox 0 and clock skew (%s)' % cells)
        # A notice ending before it starts is refused with the hub's reason.
        adm.find_element(By.ID, 'n-location').send_keys(ward)
        set_dt = "document.getElementById(arguments[0]).value = arguments[1]"
        adm.execute_script(set_dt, 'n-starts', '2030-01-02T02:00')
        adm.execute_script(set_dt, 'n-ends', '2030-01-02T01:00')
        adm.find_element(By.ID, 'n-text-zh-Hans').send_keys('计划停电：配电检修')
        adm.find_element(By.ID, 'n-text-en').send_keys('Planned power cut for switchgear work')
        adm.execute_script("document.getElementById('n-kind').value = 'power'")
        click(adm, '#notice-form button[type=submit]')
        nerr = adm.find_element(By.ID, 'n-error')
        wait(adm, lambda: nerr.is_displayed() and 'ends before it starts' in nerr.text, 'the notice error')
        check(True, 'a notice ending before it starts is refused: ' + nerr.text)
        adm.execute_script(set_dt, 'n-ends', '2030-01-02T06:00')
        click(adm, '#notice-form button[type=submit]')
        wait(adm, lambda: 'switchgear' in adm.find_element(By.ID, 'notices').text, 'the new notice in the list')
        kiosk('sync', '--once')
        k = sqlite3.connect(os.path.join(kdir, 'kiosk.db'))
        pulled = [r[0] for r in k.execute('SELECT data FROM notices')]
        k.close()
        check(any('switchgear' in p for p in pulled), 'the kiosk pulled the console notice')
        # Enrollment code: text and QR; the QR decodes to …/e/<code>; the code enrolls a second kiosk.
        adm.execute_script("document.getElementById('c-kind').value = 'ward'")
        adm.find_element(By.ID, 'c-location').send_keys(ward)
        click(adm, '#code-form button[type=submit]')
        wait(adm, lambda: adm.find_element(By.ID, 'c-code').text.strip() != '', 'the enrollment code')
        code = adm.find_element(By.ID, 'c-code').text.strip()
        wait(adm, lambda: adm.execute_script("const i = document.getElementById('c-qr'); return i.complete && i.naturalWidth > 0"), 'the QR image')
        qr_png = os.path.join(tmp, 'qr.png')
        adm.find_element(By.ID, 'c-qr').screenshot(qr_png)
        scanned = kiosk('scan', qr_png)
        check(('/e/' + code) in scanned, 'onestop-kiosk scan decodes the QR to …/e/%s (%s)' % (code, scanned.strip()[:160]))
        sym = json.loads(scanned.splitlines()[0])['symbols'][0]
        check(sym.get('enroll_code') == code and (sym.get('rejection') or {}).get('code') == 'label.enroll_code',
              'scan reports the QR as enrollment code %s, not as a label (%s)' % (code, json.dumps(sym)[:200]))
        # The kiosk is given the scanned address itself, not the code typed off the screen.
        enrolled = json.loads(kiosk_in(os.path.join(tmp, 'kiosk2'), 'enroll', '--code', sym['text']))
        check(enrolled['binding']['location'] == ward, 'the scanned …/e/<code> address enrolled a second kiosk at ' + ward)
        # Staff: a nurse created in the console (a PIN of the wrong length refused first) signs in on her
        # ward's kiosk with that PIN after its next pull; a wrong PIN does not.
        adm.find_element(By.ID, 'sf-new').click()
        adm.find_element(By.ID, 'sf-id').send_keys('80077')
        adm.find_element(By.ID, 'sf-name-zh-Hans').send_keys('林护士')
        adm.find_element(By.ID, 'sf-name-en').send_keys('Nurse Lin')
        adm.execute_script("const r = document.getElementById('sf-role'); r.value = 'nurse'; r.dispatchEvent(new Event('change'))")
        check(adm.find_element(By.ID, 'sf-ward').is_displayed() and not adm.find_element(By.ID, 'sf-team').is_displayed(),
              'a nurse is given a ward, not a team')
        adm.execute_script("document.getElementById('sf-ward').value = arguments[0]", ward)
        adm.find_element(By.ID, 'sf-badge').send_keys('NURSE-80077')
        adm.find_element(By.ID, 'sf-pin').send_keys('12345')
        click(adm, '#staff-form button[type=submit]')
        serr = adm.find_element(By.ID, 'sf-error')
        wait(adm, lambda: serr.is_displayed() and '6 to 12 digits' in serr.text, 'the PIN length error')
        check(adm.find_element(By.ID, 'sf-pin').get_attribute('value') == '', 'the PIN field is cleared after sending')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        check(db.execute("SELECT COUNT(*) FROM master WHERE entity='staff' AND id='80077'").fetchone()[0] == 0,
              'a refused staff form keeps nothing: ' + serr.text)
        db.close()
        adm.find_element(By.ID, 'sf-pin').send_keys('864213')
        click(adm, '#staff-form button[type=submit]')
        wait(adm, lambda: adm.find_element(By.ID, 'sf-result').is_displayed(), 'the staff member saved')
        wait(adm, lambda: adm.find_elements(By.CSS_SELECTOR, '#staff tr[data-id="80077"]'), 'the new nurse in the staff list')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        srow = json.loads(db.execute("SELECT data FROM master WHERE entity='staff' AND id='80077'").fetchone()[0])
        db.close()
        check(srow.get('ward') == ward and srow.get('pin_hash', '').startswith('$argon2id$') and srow.get('name', {}).get('en') == 'Nurse Lin',
              'the console saved the nurse with her ward and an Argon2id PIN hash')
        kiosk('sync', '--once')
        kiosk('rate', '--staff', '80077', '--pin-stdin', 'list', stdin='864213\n')
        r = subprocess.run([kiosk_bin, '--data-dir', kdir, '--log-level', 'warn', '--hub', url, 'rate', '--staff', '80077',
                            '--pin-stdin', 'list'], input='111111\n', capture_output=True, text=True, timeout=60)
        check(r.returncode != 0 and 'bad_credentials' in (r.stdout + r.stderr),
              'the new nurse signs in on her ward kiosk with the console PIN, not with a wrong one (%s)' % (r.stdout + r.stderr).strip()[:160])
        # Edit: deactivated from the console, she can no longer sign in after the next pull.
        click(adm, '#staff tr[data-id="80077"]')
        check(adm.find_element(By.ID, 'sf-name-en').get_attribute('value') == 'Nurse Lin', 'picking a row fills the staff form')
        adm.execute_script("document.getElementById('sf-active').checked = false")
        click(adm, '#staff-form button[type=submit]')
        wait(adm, lambda: adm.execute_script("const r = document.querySelector('#staff tr[data-id=\"80077\"]'); return !!r && r.classList.contains('revoked')"),
             'the nurse shown inactive')
        kiosk('sync', '--once')
        r = subprocess.run([kiosk_bin, '--data-dir', kdir, '--log-level', 'warn', '--hub', url, 'rate', '--staff', '80077',
                            '--pin-stdin', 'list'], input='864213\n', capture_output=True, text=True, timeout=60)
        check(r.returncode != 0, 'a deactivated nurse cannot sign in after the next pull (%s)' % (r.stdout + r.stderr).strip()[:160])
        adm.execute_script("document.getElementById('s-q').value = '8007'; document.getElementById('s-q').dispatchEvent(new Event('input'))")
        click(adm, '#staff tr[data-id="80077"]')
        adm.save_screenshot(os.path.join(opts.out, 'console-admin.png'))
        # Catalogue: a dish without its default-language (zh-Hans) name is refused in English, then saved.
        adm.get(url + '/console/catalog.html')
        ready(adm, 'catalog.html')
        adm.find_element(By.ID, 'd-new').click()
        adm.find_element(By.ID, 'd-id').send_keys('D990')
        adm.find_element(By.ID, 'd-name-en').send_keys('Steamed sea bass')
        click(adm, '#d-slots input[value="dinner"]')
        click(adm, '#d-diets input[value="regular"]')
        click(adm, '#d-allergens input[value="fish"]')
        adm.find_element(By.ID, 'd-n-energy_kcal').send_keys('320')
        adm.find_element(By.ID, 'd-n-sodium_mg').send_keys('610')
        click(adm, '#dish-form button[type=submit]')
        derr = adm.find_element(By.ID, 'd-error')
        wait(adm, lambda: derr.is_displayed() and 'Simplified Chinese' in derr.text, 'the dish name error')
        check(True, 'a dish without its zh-Hans name is refused: ' + derr.text)
        adm.find_element(By.ID, 'd-name-zh-Hans').send_keys('清蒸鲈鱼')
        click(adm, '#dish-form button[type=submit]')
        wait(adm, lambda: adm.find_element(By.ID, 'd-result').is_displayed(), 'the dish saved')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        row_d = db.execute("SELECT data FROM master WHERE entity='menu_item' AND id='D990'").fetchone()
        db.close()
        saved = json.loads(row_d[0]) if row_d else {}
        check(saved.get('nutrition', {}).get('sodium_mg') == 610 and saved.get('allergens') == ['fish'],
              'the catalogue page saved the dish with nutrition and allergens (%s)' % saved)
        # Dish photo: a PNG is refused as not a JPEG; a JPEG (drawn by the browser's canvas) is kept and
        # reaches the kiosk as its own dish_photo entity.
        png = os.path.join(tmp, 'not-a-jpeg.png')
        write_png(png, 64, 48)
        adm.find_element(By.ID, 'd-photo-file').send_keys(png)
        click(adm, '#d-photo-upload')
        perr = adm.find_element(By.ID, 'd-photo-error')
        wait(adm, lambda: perr.is_displayed() and 'not a JPEG' in perr.text, 'the not-a-JPEG error')
        check(True, 'a PNG is refused as a dish photo: ' + perr.text)
        b64 = adm.execute_script("const c = document.createElement('canvas'); c.width = 320; c.height = 240; const g = c.getContext('2d');"
                                 "const gr = g.createLinearGradient(0, 0, 320, 240); gr.addColorStop(0, '#f4a261'); gr.addColorStop(1, '#2a9d8f');"
                                 "g.fillStyle = gr; g.fillRect(0, 0, 320, 240); g.fillStyle = '#fff'; g.beginPath(); g.ellipse(160, 120, 110, 60, 0, 0, 7); g.fill();"
                                 "return c.toDataURL('image/jpeg', 0.85).split(',')[1];")
        jpg = os.path.join(tmp, 'dish.jpg')
        with open(jpg, 'wb') as f:
            f.write(base64.b64decode(b64))
        adm.find_element(By.ID, 'd-photo-file').send_keys(jpg)
        click(adm, '#d-photo-upload')
        wait(adm, lambda: adm.find_element(By.ID, 'd-photo-result').is_displayed(), 'the photo saved')
        wait(adm, lambda: adm.execute_script("const i = document.getElementById('d-photo-img'); return !i.hidden && i.complete && i.naturalWidth === 320"),
             'the saved photo shown from the hub')
        kiosk('sync', '--once')
        k = sqlite3.connect(os.path.join(kdir, 'kiosk.db'))
        kp = k.execute("SELECT data FROM dish_photos WHERE id='D990'").fetchone()
        k.close()
        check(kp and base64.b64decode(json.loads(kp[0])['data']) == open(jpg, 'rb').read(),
              'the kiosk pulled the photo as its own dish_photo entity, byte for byte')
        adm.execute_script("document.getElementById('d-q').value = 'D990'; document.getElementById('d-q').dispatchEvent(new Event('input'))")
        click(adm, '#dishes tr[data-id="D990"]')
        adm.execute_script('window.scrollTo(0, 0)')
        adm.save_screenshot(os.path.join(opts.out, 'console-catalog.png'))
        # Revoke the first kiosk: its next sync is refused.
        adm.get(url + '/console/admin.html')
        ready(adm, 'admin.html')
        click(adm, '#terminals %s button[data-action="revoke"]' % row)
        adm.switch_to.alert.accept()
        # The table is redrawn after the revoke: ask the page, not a possibly stale element.
        wait(adm, lambda: adm.execute_script("const r = document.querySelector(arguments[0]); return !!r && r.classList.contains('revoked')",
                                             '#terminals ' + row), 'the revoked row')
        time.sleep(1.2)  # the hub re-checks a cached token after 1 s
        r = subprocess.run([kiosk_bin, '--data-dir', kdir, '--log-level', 'warn', '--hub', url, 'sync', '--once'],
                           capture_output=True, text=True, timeout=60)
        check(r.returncode != 0 and 'no longer accepts' in (r.stdout + r.stderr),
              'the revoked kiosk cannot sync (exit %d: %s)' % (r.returncode, (r.stdout + r.stderr).strip()[:200]))

        # ---- every new page in every language, no missing key (the admin may open all five) -------------
        for page in PAGES:
            for lang in LANGS:
                adm.execute_script("localStorage.setItem('onestop.lang', arguments[0])", lang)
                adm.get(url + '/console/' + page)
                ready(adm, page)
                time.sleep(0.2)
                mk = missing_keys(adm)
                text = adm.find_element(By.TAG_NAME, 'body').text
                check(not mk and not re.search(r'\[[a-z_]+\.[a-z_0-9.-]+\]', text),
                      '%s in %s has every string (missing: %s)' % (page, lang, mk))
                check(adm.execute_script('return document.documentElement.lang') == lang, '%s declares lang %s' % (page, lang))
        for d, page in ((diet, 'meals.html'), (kit, 'kitchen.html'), (mgr, 'assessment.html'), (adm, 'admin.html'), (adm, 'catalog.html')):
            d.execute_script("localStorage.setItem('onestop.lang','zh-Hans')")
            d.get(url + '/console/' + page)
            ready(d, page)
            if page == 'kitchen.html':
                d.execute_script("document.getElementById('f-date').value = arguments[0]; "
                                 "document.getElementById('f-date').dispatchEvent(new Event('change'));"
                                 "document.getElementById('t-slot').value = 'dinner';"
                                 "document.getElementById('t-slot').dispatchEvent(new Event('change'))", date)
            time.sleep(0.5)
            d.save_screenshot(os.path.join(opts.out, 'console-%s-zh-Hans.png' % page[:-5]))
        print('PASS', flush=True)
    finally:
        for b in browsers:
            try:
                b.quit()
            except Exception:
                pass
        hub.stop()
        if not opts.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print('kept ' + tmp)


if __name__ == '__main__':
    main()
