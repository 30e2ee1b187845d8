#!/usr/bin/env python3
# Browser test of the web console (issue 13, ctest label `browser`): Debian's headless chromium via
# chromium-driver + python3-selenium against the REAL onestop-hub and onestop-kiosk binaries
# (ONESTOP_HUB_BIN / ONESTOP_KIOSK_BIN from build/*/test-env.sh). Sign-in fails and succeeds; a
# ticket pushed by `onestop-kiosk report` appears on the board without a reload; the desk accepts and
# dispatches it; the worker completes it on the phone page at 390x844 with a note and a camera photo
# (scaled down by the page, shown to the desk in the detail panel); the kiosk pulls `completed`,
# rates it 2/5 and the board shows the call-back; every page in every language has every catalog key.
# It must not change the hub's database behind the API. Exit 77 (skipped) only when chromium is missing.
import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..'))
WEB = os.path.join(SRC, 'server', 'web')
LANGS = ['zh-Hans', 'zh-Hant', 'en']


def fail(msg):
    print('FAIL: ' + msg, flush=True)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
    print('ok: ' + msg, flush=True)



def click(driver, css, timeout=10):
    """Clicks the element matching css. Live pages redraw cards when an event arrives, so an element
    found a moment ago may be gone: find it again until the click lands (or the time is up)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    until = time.time() + timeout
    while True:
        try:
            driver.find_element(By.CSS_SELECTOR, css).click()
            return
        except StaleElementReferenceException:
            if time.time() > until:
                raise
            time.sleep(0.05)


def find_browser():
    chrome = shutil.which('chromium') or shutil.which('chromium-browser')
    driver = shutil.which('chromedriver')
    try:
        import selenium  # noqa: F401
    except ImportError:
        driver = None
    if not chrome or not driver:
        print('*' * 78 + '\nSKIPPED: the console browser test needs chromium, chromium-driver and python3-selenium\n'
              '(run scripts/setup.sh, or apt-get install chromium chromium-driver python3-selenium)\n' + '*' * 78,
              flush=True)
        sys.exit(77)
    return chrome, driver


def static_catalog_check():
    cats = {l: json.load(open(os.path.join(WEB, 'i18n', l + '.json'), encoding='utf-8')) for l in LANGS}
    keys = set(cats['en'])
    for l in LANGS:
        check(set(cats[l]) == keys, 'catalog %s has the same keys as en (diff: %s)' % (l, sorted(set(cats[l]) ^ keys)))
        check(all(isinstance(v, str) and v for v in cats[l].values()), 'catalog %s has no empty text' % l)
    used = set()
    for name in os.listdir(WEB):
        if name.endswith('.html'):
            used |= set(re.findall(r'data-i18n(?:-placeholder)?="([^"]+)"', open(os.path.join(WEB, name), encoding='utf-8').read()))
    for name in os.listdir(os.path.join(WEB, 'js')):
        text = open(os.path.join(WEB, 'js', name), encoding='utf-8').read()
        used |= set(re.findall(r"\bt\('([a-z_]+\.[a-z_.-]+)'", text))
        # Literal keys in the action table and similar lists.
        used |= set(re.findall(r"'((?:action|column|sla|live)\.[a-z_]+)'", text))
        check('innerHTML' not in text and 'insertAdjacentHTML' not in text and 'document.write' not in text,
              'js/%s never writes HTML' % name)
    missing = sorted(k for k in used if k not in keys and not k.startswith('lang.'))
    check(not missing, 'every key the pages use is in the catalogs (missing: %s)' % missing)
    for name in os.listdir(WEB):
        if name.endswith('.html'):
            html = open(os.path.join(WEB, name), encoding='utf-8').read()
            check(not re.search(r'<script(?![^>]*\bsrc=)[^>]*>', html) and ' style=' not in html and 'onclick' not in html,
                  '%s has no inline script or style' % name)


def write_png(path, w, h):
    # A large photo-like test image (gradients and a pattern): the phone page must scale it down.
    rows = []
    for y in range(h):
        row = bytearray(b'\x00')
        for x in range(w):
            row += bytes(((x * 255) // w, (y * 255) // h, ((x // 40 + y // 40) % 2) * 180 + ((x * y) & 63)))
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    png = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
           chunk(b'IDAT', zlib.compress(b''.join(rows), 6)) + chunk(b'IEND', b''))
    with open(path, 'wb') as f:
        f.write(png)


class Proc:
    def __init__(self, args, log):
        self.log = open(log, 'w')
        self.p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()


def run(args, stdin=None):
    r = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail('%s exited %d: %s %s' % (' '.join(args), r.returncode, r.stdout, r.stderr))
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.join(SRC, 'docs', 'screenshots'))
    ap.add_argument('--keep', action='store_true')
    opts = ap.parse_args()
    static_catalog_check()
    chrome, driver_path = find_browser()
    hub_bin, kiosk_bin = os.environ.get('ONESTOP_HUB_BIN'), os.environ.get('ONESTOP_KIOSK_BIN')
    if not hub_bin or not kiosk_bin:
        fail('ONESTOP_HUB_BIN and ONESTOP_KIOSK_BIN must be set (run through build/*/test-env.sh)')

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    LIVE_REDRAW = (NoSuchElementException, StaleElementReferenceException)  # live pages redraw under a wait

    tmp = tempfile.mkdtemp(prefix='onestop-browser-')
    hub = Proc([hub_bin, 'serve', '--listen', '127.0.0.1:0', '--db', os.path.join(tmp, 'hub.db'), '--demo-data'],
               os.path.join(tmp, 'hub.log'))
    browsers = []
    try:
        line = hub.p.stdout.readline()
        m = re.match(r'listening (\S+)', line or '')
        if not m:
            fail('hub did not start: ' + open(os.path.join(tmp, 'hub.log')).read()[-2000:])
        url = 'http://' + m.group(1)
        check('demo console accounts created' in open(os.path.join(tmp, 'hub.log')).read(),
              'the hub says it created the demo console accounts')

        kdir = os.path.join(tmp, 'kiosk')

        def kiosk(*a, stdin=None):
            return run([kiosk_bin, '--data-dir', kdir, '--log-level', 'warn', '--hub', url] + list(a), stdin)

        ward = json.loads(kiosk('enroll', '--code', 'DEMO-WARD'))['binding']['location']
        kiosk('sync', '--once')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        asset, trade = db.execute("SELECT id, json_extract(data,'$.trade') FROM master WHERE entity='asset' AND "
                                  "json_extract(data,'$.location') LIKE ? ORDER BY id LIMIT 1", (ward + '-%',)).fetchone()
        team, lead = db.execute("SELECT json_extract(data,'$.team'), id FROM master WHERE entity='staff' AND "
                                "json_extract(data,'$.trade')=? AND json_extract(data,'$.role')='lead'", (trade,)).fetchone()
        db.close()

        def browser(w, h):
            o = webdriver.ChromeOptions()
            o.binary_location = chrome
            for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                      '--window-size=%d,%d' % (w, h), '--hide-scrollbars', '--force-device-scale-factor=1'):
                o.add_argument(a)
            d = webdriver.Chrome(service=Service(driver_path), options=o)
            # The viewport itself (not the window with its frame) is the device size under test.
            d.execute_cdp_cmd('Emulation.setDeviceMetricsOverride',
                              {'width': w, 'height': h, 'deviceScaleFactor': 1, 'mobile': w < 600})
            browsers.append(d)
            return d

        def wait(d, cond, what, timeout=10):
            try:
                return WebDriverWait(d, timeout, poll_frequency=0.1, ignored_exceptions=LIVE_REDRAW).until(lambda _: cond())
            except Exception:
                fail('timed out waiting for ' + what + '; page text: ' + d.find_element(By.TAG_NAME, 'body').text[:1500])

        def sign_in(d, user, password):
            d.get(url + '/console/')
            wait(d, lambda: d.find_element(By.ID, 'signin-button').text.strip() != '', 'the sign-in page')
            d.find_element(By.ID, 'user').clear()
            d.find_element(By.ID, 'user').send_keys(user)
            d.find_element(By.ID, 'password').clear()
            d.find_element(By.ID, 'password').send_keys(password)
            d.find_element(By.ID, 'signin-button').click()

        def missing_keys(d):
            return d.execute_script('return Array.from(window.__onestopMissingKeys || [])')

        # ---- desk at 1920x1080 -------------------------------------------------------------------------
        desk = browser(1920, 1080)
        desk.get(url + '/console/index.html')
        desk.execute_script("localStorage.setItem('onestop.lang','en')")
        sign_in(desk, 'desk', 'wrong-password')
        err = desk.find_element(By.ID, 'signin-error')
        wait(desk, lambda: err.is_displayed() and err.text, 'the sign-in error')
        check(err.text == 'Wrong user name or password.', 'a wrong password is refused on the page (%r)' % err.text)
        sign_in(desk, 'desk', 'onestop-demo')
        wait(desk, lambda: desk.execute_script('return window.__onestopBoardReady === true'), 'the board')
        check(desk.current_url.endswith('/console/board.html'), 'the desk lands on the board')
        check('onestop_console' not in desk.execute_script('return document.cookie'), 'the session cookie is HttpOnly')
        # A state-changing call without the CSRF header is refused, from the page's own origin too.
        status = desk.execute_script(
            "const r = await fetch('/v1/console/tickets/TK-000001/transition', {method:'POST', headers:"
            "{'Content-Type':'application/json'}, body: JSON.stringify({to:'accepted'})}); return r.status;")
        check(status == 403, 'a POST without X-CSRF-Token gets 403 (got %s)' % status)
        wait(desk, lambda: desk.find_element(By.ID, 'live').get_attribute('data-state') == 'on', 'the live badge')

        # ---- a request from a real kiosk shows up without reload ----------------------------------------
        lists = "return performance.getEntriesByType('resource').filter(r => r.name.includes('/v1/console/tickets?')).length"
        lists_before = desk.execute_script(lists)
        rep = json.loads(kiosk('report', '--code', 'https://any.host/a/' + asset, '--urgency', 'urgent',
                               '--note', 'monitor alarm keeps sounding'))
        t0 = time.time()
        kiosk('sync', '--once')
        db = sqlite3.connect(os.path.join(tmp, 'hub.db'))
        ticket = db.execute('SELECT id FROM tickets WHERE record_id=?', (rep['record_id'],)).fetchone()[0]
        db.close()
        card_sel = '.card[data-id="%s"]' % ticket
        desk.execute_script('window.__noReload = 1')
        wait(desk, lambda: desk.find_elements(By.CSS_SELECTOR, '[data-column="received"] ' + card_sel),
             'ticket %s on the board' % ticket, timeout=5)
        shown_after = time.time() - t0
        check(desk.execute_script('return window.__noReload') == 1, 'the board was not reloaded')
        # The event's view is applied in place: the page did not fetch the whole list again.
        check(desk.execute_script(lists) == lists_before,
              'the board applied the event without refetching the list (%s fetches before, %s after)'
              % (lists_before, desk.execute_script(lists)))
        check(shown_after < 2.5, 'the pushed ticket %s is on the board %.2f s after the push' % (ticket, shown_after))

        # ---- accept and dispatch it (the suggested team is the trade's) ---------------------------------
        click(desk, card_sel)
        wait(desk, lambda: desk.find_elements(By.CSS_SELECTOR, '#d-buttons [data-action="accepted"]'), 'the accept button')
        click(desk, '#d-buttons [data-action="accepted"]')
        wait(desk, lambda: desk.find_elements(By.CSS_SELECTOR, '[data-column="accepted"] ' + card_sel), 'the ticket accepted')
        wait(desk, lambda: desk.find_elements(By.CSS_SELECTOR, '#d-buttons [data-action="dispatched"]'), 'the dispatch button')
        team_sel = Select(desk.find_element(By.ID, 'd-team'))
        check(team_sel.first_selected_option.get_attribute('value') == team,
              'the suggested team is %s, the team of trade %s' % (team, trade))
        wait(desk, lambda: any(o.get_attribute('value') == lead for o in Select(desk.find_element(By.ID, 'd-worker')).options),
             'the team lead in the worker list')
        Select(desk.find_element(By.ID, 'd-worker')).select_by_value(lead)
        desk.find_element(By.ID, 'd-note').send_keys('please check today')
        click(desk, '#d-buttons [data-action="dispatched"]')
        wait(desk, lambda: desk.find_elements(By.CSS_SELECTOR, '[data-column="dispatched"] ' + card_sel), 'the ticket dispatched')
        # A forbidden move shows the lifecycle's reason (another desk dispatched meanwhile: 409).
        msg = desk.execute_script(
            "const r = await fetch('/v1/console/tickets/%s/transition', {method:'POST', headers:{'Content-Type':"
            "'application/json','X-CSRF-Token':sessionStorage.getItem('onestop.csrf')}, body: JSON.stringify({to:'dispatched',"
            "team:'%s'})}); return [r.status, (await r.json()).detail];" % (ticket, team))
        check(msg[0] == 409 and 'dispatched' in msg[1], 'a second dispatch gets 409 with the reason (%s)' % msg)
        os.makedirs(opts.out, exist_ok=True)
        click(desk, card_sel)
        wait(desk, lambda: desk.find_element(By.ID, 'd-title').text.startswith(ticket), 'the detail panel')
        time.sleep(0.3)
        desk.save_screenshot(os.path.join(opts.out, 'console-board.png'))
        check(True, 'board screenshot written to ' + os.path.join(opts.out, 'console-board.png'))

        # ---- the worker completes it on the phone at 390x844 -------------------------------------------
        phone = browser(390, 844)
        phone.get(url + '/console/index.html')
        phone.execute_script("localStorage.setItem('onestop.lang','zh-Hans')")
        sign_in(phone, lead.lower(), 'onestop-demo')
        wait(phone, lambda: phone.execute_script('return window.__onestopPhoneReady === true'), 'the phone page')
        check(phone.current_url.endswith('/console/phone.html'), 'a worker lands on the phone page')
        job = '.job[data-id="%s"]' % ticket
        wait(phone, lambda: phone.find_elements(By.CSS_SELECTOR, job), 'the job on the phone')
        width = phone.execute_script('return document.documentElement.scrollWidth')
        check(width <= 390, 'the phone page fits 390 px without sideways scrolling (%s)' % width)
        click(phone, job + ' [data-action="in_progress"]')
        wait(phone, lambda: phone.find_elements(By.CSS_SELECTOR, job + ' textarea'), 'the note field')
        phone.find_element(By.CSS_SELECTOR, job + ' textarea').send_keys('replaced the alarm board')
        # A photo from the camera: a 2400x1600 image the page scales to <= 960 px, <= 150 KiB of JPEG.
        shot = os.path.join(tmp, 'fault.png')
        write_png(shot, 2400, 1600)
        file_input = phone.find_element(By.CSS_SELECTOR, job + ' input[type="file"]')
        check(file_input.get_attribute('accept') == 'image/*' and file_input.get_attribute('capture') == 'environment',
              'the photo field opens the rear camera (accept=image/*, capture=environment)')
        file_input.send_keys(shot)
        preview_ok = ("const i = document.querySelector(arguments[0]); "
                      "return !!i && !i.hidden && i.complete && i.naturalWidth > 0 ? [i.naturalWidth, i.naturalHeight] : null")
        size = wait(phone, lambda: phone.execute_script(preview_ok, job + ' .job-photo-preview'), 'the photo preview', timeout=20)
        check(max(size) == 960, 'the page scaled the 2400x1600 photo to %dx%d' % tuple(size))
        # A lost session returns to sign-in and keeps the half-typed note.
        phone.delete_all_cookies()
        wait(phone, lambda: phone.find_elements(By.CSS_SELECTOR, job + ' [data-action="completed"]'), 'the complete button')
        click(phone, job + ' [data-action="completed"]')
        wait(phone, lambda: '/console/index.html' in phone.current_url, 'the return to sign-in after 401')
        check(phone.find_element(By.ID, 'signin-expired').is_displayed(), 'the sign-in page says the session ended')
        phone.find_element(By.ID, 'user').send_keys(lead.lower())
        phone.find_element(By.ID, 'password').send_keys('onestop-demo')
        phone.find_element(By.ID, 'signin-button').click()
        wait(phone, lambda: phone.find_elements(By.CSS_SELECTOR, job + ' textarea'), 'the job again after sign-in')
        note = phone.find_element(By.CSS_SELECTOR, job + ' textarea').get_attribute('value')
        check(note == 'replaced the alarm board', 'the half-typed note survived the sign-in (%r)' % note)
        check(phone.execute_script(preview_ok, job + ' .job-photo-preview') is not None, 'the prepared photo survived the sign-in')
        time.sleep(0.3)
        phone.save_screenshot(os.path.join(opts.out, 'console-phone.png'))
        click(phone, job + ' [data-action="completed"]')
        wait(phone, lambda: not phone.find_elements(By.CSS_SELECTOR, job), 'the job leaving the list')
        wait(desk, lambda: desk.find_elements(By.CSS_SELECTOR, '[data-column="completed"] ' + card_sel),
             'the completed ticket on the board')
        # The desk opens the ticket and sees the worker's photo, as the hub stored it.
        click(desk, card_sel)
        img_ok = ("const i = document.querySelector('#d-body .photos img'); "
                  "return !!i && i.complete && i.naturalWidth > 0 ? [i.naturalWidth, i.naturalHeight, i.getAttribute('src')] : null")
        w_, h_, src = wait(desk, lambda: desk.execute_script(img_ok), 'the completion photo in the detail panel')
        check(max(w_, h_) == 960, 'the desk sees the completion photo (%dx%d)' % (w_, h_))
        got = desk.execute_script("const r = await fetch(arguments[0]); const b = await r.blob(); "
                                  "return [r.status, r.headers.get('Content-Type'), b.size];", src)
        check(got[0] == 200 and got[1] == 'image/jpeg' and 0 < got[2] <= 150 * 1024,
              'the stored photo is a JPEG within the 150 KiB cap (%s)' % got)
        time.sleep(0.3)
        desk.save_screenshot(os.path.join(opts.out, 'console-detail-photo.png'))

        # ---- the kiosk sees it completed, rates it 2/5, the board shows the call-back --------------------
        kiosk('sync', '--once')
        k = sqlite3.connect(os.path.join(kdir, 'kiosk.db'))
        st = k.execute('SELECT status FROM tickets WHERE id=?', (ticket,)).fetchone()
        k.close()
        check(st and st[0] == 'completed', 'the kiosk store has %s completed (%s)' % (ticket, st))
        kiosk('rate', '--ticket', ticket, '--overall', '2', '--dim', 'timeliness=2', '--dim', 'attitude=3',
              '--dim', 'quality=2', '--comment', 'still noisy', '--staff', '70001',
              '--pin-stdin', stdin='246810\n')
        kiosk('sync', '--once')
        wait(desk, lambda: desk.find_elements(By.CSS_SELECTOR, '[data-column="callback"] ' + card_sel),
             'the rated ticket in the call-back column', timeout=5)
        click(desk, card_sel)
        wait(desk, lambda: 'rated' in desk.find_element(By.ID, 'd-title').text, 'the followed_up ticket detail')
        check(True, 'followed_up (rated 2/5) reached the board with an open call-back')

        # ---- every page in every language, no missing key -----------------------------------------------
        for d, pages in ((desk, ['index.html', 'board.html']), (phone, ['phone.html'])):
            for page in pages:
                for lang in LANGS:
                    d.execute_script("localStorage.setItem('onestop.lang', arguments[0])", lang)
                    d.get(url + '/console/' + page)
                    ready = {'index.html': "document.getElementById('signin-button').textContent !== ''",
                             'board.html': 'window.__onestopBoardReady === true',
                             'phone.html': 'window.__onestopPhoneReady === true'}[page]
                    if page == 'index.html':
                        d.execute_script("document.body.dataset.x = 1")
                    wait(d, lambda: d.execute_script('return ' + ready), '%s in %s' % (page, lang))
                    time.sleep(0.2)
                    mk = missing_keys(d)
                    text = d.find_element(By.TAG_NAME, 'body').text
                    check(not mk and not re.search(r'\[[a-z_]+\.[a-z_.-]+\]', text),
                          '%s in %s has every string (missing: %s)' % (page, lang, mk))
                    check(d.execute_script('return document.documentElement.lang') == lang, '%s declares lang %s' % (page, lang))
        desk.execute_script("localStorage.setItem('onestop.lang','zh-Hans')")
        desk.get(url + '/console/board.html')
        wait(desk, lambda: desk.execute_script('return window.__onestopBoardReady === true'), 'the board in zh-Hans')
        time.sleep(0.5)
        desk.save_screenshot(os.path.join(opts.out, 'console-board-zh-Hans.png'))
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
