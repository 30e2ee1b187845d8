#!/usr/bin/python3
# Console benchmark (issue 13 item 8), run by hand; results go to docs/benchmarks.md with the command.
# (1) board: a real onestop-hub with the demo hospital and N open tickets (pushed over HTTP by ward
#     terminals, some accepted/dispatched through the console API); headless Chromium opens the desk
#     board; time = navigation start -> the board's `onestop-board-rendered` performance mark.
# (2) live: one open board while terminals push R records/s: list fetches by the page, hub CPU, and
#     how far the board's counts lag behind (optionally against older pages, --peer-web-dir).
# (3) events: C consoles on GET /v1/console/events (plain sockets, not browsers) while ward terminals
#     push R records/s (one record per request); delay = push sent -> the event with that record's
#     text read by a console (an upper bound of commit -> received). It only uses the public API.
import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone

SRC = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))


def iso(ms=None):
    t = datetime.now(timezone.utc) if ms is None else datetime.fromtimestamp(ms / 1000, timezone.utc)
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


class Hub:
    def __init__(self, binary, tmp, web_dir=None):
        self.bin, self.db = binary, os.path.join(tmp, 'hub.db')
        self.log = open(os.path.join(tmp, 'hub.log'), 'w')
        # 50 consoles and the terminals all come from 127.0.0.1 here; on a ward they come from many
        # addresses, so the per-address connection cap (64) is raised for the run.
        self.p = subprocess.Popen([binary, 'serve', '--listen', '127.0.0.1:0', '--db', self.db, '--demo-data',
                                   '--max-conns-per-address', '512'] + (['--web-dir', web_dir] if web_dir else []),
                                  stdout=subprocess.PIPE, stderr=self.log, text=True)
        m = re.match(r'listening 127\.0\.0\.1:(\d+)', self.p.stdout.readline() or '')
        if not m:
            sys.exit('hub did not start; see ' + self.log.name)
        self.port = int(m.group(1))

    def conn(self):
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=60)

    def call(self, c, method, path, body=None, headers=None):
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body)
            h['Content-Type'] = 'application/json'
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        text = r.read()
        return r.status, r.getheader('Set-Cookie'), text

    def wards(self, n):
        db = sqlite3.connect(self.db)
        rows = db.execute("SELECT id FROM master WHERE entity='location' AND json_extract(data,'$.kind')='ward' "
                          "ORDER BY id LIMIT ?", (n,)).fetchall()
        out = []
        for (w,) in rows:
            beds = [r[0] for r in db.execute("SELECT id FROM master WHERE entity='location' AND id LIKE ? AND "
                                             "json_extract(data,'$.kind')='bed'", (w + '-%',))]
            assets = [r[0] for r in db.execute("SELECT id FROM master WHERE entity='asset' AND "
                                               "json_extract(data,'$.location') LIKE ?", (w + '-%',))]
            out.append((w, beds or [w], assets))
        db.close()
        return out

    def terminal(self, ward):
        code = subprocess.run([self.bin, 'enroll-code', '--db', self.db, '--kind', 'ward', '--location', ward],
                              capture_output=True, text=True, check=True).stdout.strip().split()[-1]
        c = self.conn()
        st, _, body = self.call(c, 'POST', '/v1/enroll', {'code': code, 'device': {'serial': 'bench-' + ward,
                                                                                 'kind': 'ward', 'app_version': 'bench'}})
        if st != 200:
            sys.exit('enroll failed: %s %s' % (st, body[:300]))
        e = json.loads(body)
        return {'id': e['terminal_id'], 'auth': {'Authorization': 'Bearer ' + e['token']}, 'conn': c}

    def sign_in(self, user='desk'):
        c = self.conn()
        st, cookie, body = self.call(c, 'POST', '/v1/console/session', {'user': user, 'password': 'onestop-demo'})
        if st != 200:
            sys.exit('sign-in failed: %s %s' % (st, body[:300]))
        return cookie.split(';')[0], json.loads(body)['csrf']

    def cpu_s(self):
        f = open('/proc/%d/stat' % self.p.pid).read().rsplit(')', 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf('SC_CLK_TCK')  # utime + stime

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            self.p.wait(20)


def record(bed, assets, text, rng):
    u = rng.random()
    p = {'location': bed, 'description': text, 'urgency': 'emergency' if u < 0.05 else 'urgent' if u < 0.25 else 'routine'}
    if assets and rng.random() < 0.6:
        p['asset'] = rng.choice(assets)
    return {'id': str(uuid.uuid4()), 'kind': 'repair_request', 'created_at': iso(), 'payload': p}


def push(hub, term, records):
    body = {'terminal_id': term['id'], 'records': records}
    try:
        st, _, text = hub.call(term['conn'], 'POST', '/v1/sync/push', body, term['auth'])
    except (ConnectionError, http.client.HTTPException):
        # The hub closes keep-alive connections idle for 5 s; the same record id is safe to resend.
        term['conn'].close()
        term['conn'] = hub.conn()
        st, _, text = hub.call(term['conn'], 'POST', '/v1/sync/push', body, term['auth'])
    body = text
    if st != 200:
        sys.exit('push failed: %s %s' % (st, body[:300]))
    res = json.loads(body)['results']
    bad = [r for r in res if r.get('status') != 'accepted']
    if bad:
        sys.exit('push refused: %s' % bad[:3])
    return [r['ref'] for r in res]


def seed(hub, n, rng):
    wards = hub.wards(10)
    terms = [hub.terminal(w) for w, _, _ in wards]
    texts = ['bed rail loose', 'call bell silent', 'tap dripping', 'light flickers', 'door closer broken',
             'monitor alarm keeps sounding', 'oxygen outlet hissing', 'window will not close', 'toilet blocked']
    ids = []
    t0 = time.time()
    while len(ids) < n:
        k = len(ids) // 500 % len(wards)
        _, beds, assets = wards[k]
        batch = [record(rng.choice(beds), assets, rng.choice(texts), rng) for _ in range(min(500, n - len(ids)))]
        ids += push(hub, terms[k], batch)
    pushed_s = time.time() - t0
    # Spread over the board's columns: some accepted, some of those dispatched (console API, one by one).
    cookie, csrf = hub.sign_in()
    c = hub.conn()
    h = {'Cookie': cookie, 'X-CSRF-Token': csrf}
    st, _, body = hub.call(c, 'GET', '/v1/console/teams', headers=h)
    teams = json.loads(body)['teams']
    for i, tid in enumerate(ids[: n // 6]):
        st, _, body = hub.call(c, 'POST', '/v1/console/tickets/%s/transition' % tid, {'to': 'accepted'}, h)
        if st != 200:
            sys.exit('accept failed: %s %s' % (st, body[:300]))
        if i % 2 == 0:
            st, _, body = hub.call(c, 'POST', '/v1/console/tickets/%s/transition' % tid,
                                   {'to': 'dispatched', 'team': rng.choice(teams)['code']}, h)
            if st != 200:
                sys.exit('dispatch failed: %s %s' % (st, body[:300]))
    hub.seeded = len(ids)
    print('seeded %d open tickets (%.1f s of pushes, %d accepted, %d of them dispatched)' %
          (len(ids), pushed_s, n // 6, (n // 6 + 1) // 2), flush=True)
    return terms, wards


MARK = "const m = performance.getEntriesByName('onestop-board-rendered'); return m.length ? m[0].startTime : null"
TOTAL = "return Array.from(document.querySelectorAll('.column h2 .count')).reduce((n, e) => n + Number(e.textContent), 0)"
FETCHES = "return performance.getEntriesByType('resource').filter(r => r.name.includes('/v1/console/tickets?')).length"


def desk_browser(hub):
    """Headless Chromium at 1920x1080, signed in as desk, on the board."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    o = webdriver.ChromeOptions()
    o.binary_location = shutil.which('chromium')
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1920,1080',
              '--force-device-scale-factor=1'):
        o.add_argument(a)
    d = webdriver.Chrome(service=Service(shutil.which('chromedriver')), options=o)
    url = 'http://127.0.0.1:%d/console/' % hub.port
    d.get(url + 'index.html')
    d.execute_script("localStorage.setItem('onestop.lang','zh-Hans')")
    d.find_element(By.ID, 'user').send_keys('desk')
    d.find_element(By.ID, 'password').send_keys('onestop-demo')
    d.find_element(By.ID, 'signin-button').click()
    while not d.current_url.endswith('board.html') or d.execute_script(MARK) is None:
        time.sleep(0.05)
    return d, url


def bench_board(hub, runs):
    d, url = desk_browser(hub)
    mark = MARK
    try:
        results = []
        for i in range(runs + 1):
            t0 = time.time()
            d.get(url + 'board.html')
            while True:
                m = d.execute_script(mark)
                if m is not None:
                    break
                time.sleep(0.01)
            outer = time.time() - t0
            cards = d.execute_script("return document.querySelectorAll('.card').length")
            total = sum(int(x) for x in d.execute_script(
                "return Array.from(document.querySelectorAll('.column h2 .count')).map(e => e.textContent)"))
            heap = d.execute_script("return performance.memory ? performance.memory.usedJSHeapSize : 0")
            fetch = d.execute_script("const e = performance.getEntriesByType('resource').filter(r => r.name.includes("
                                     "'/v1/console/tickets?')); return e.length ? [e[0].responseEnd - e[0].startTime, "
                                     "e[0].encodedBodySize, e[0].decodedBodySize, e[0].startTime, e[0].responseEnd] : [0, 0, 0, 0, 0]")
            print('  board run %d: mark %.0f ms (selenium saw it after %.0f ms), %d cards; tickets fetch %.0f ms '
                  '(%.0f..%.0f ms after navigation, %.2f MB gzip of %.1f MB JSON); JS heap %.0f MB%s'
                  % (i, m, outer * 1000, cards, fetch[0], fetch[3], fetch[4], fetch[1] / 1e6, fetch[2] / 1e6, heap / 1e6,
                     ' (warm-up, not counted)' if i == 0 else ''), flush=True)
            if total != hub.seeded:
                sys.exit('the board counts %d open tickets, %d were seeded' % (total, hub.seeded))
            if i > 0:
                results.append((m, cards, fetch[0]))
        ms = [r[0] for r in results]
        print('board: %d open tickets, the first %d cards of each column drawn (%d cards); navigation -> rendered median %.0f ms, max %.0f ms over %d runs; tickets fetch median %.0f ms'
              % (hub.seeded, 150, results[0][1], statistics.median(ms), max(ms), len(ms), statistics.median(r[2] for r in results)),
              flush=True)
        return ms
    finally:
        d.quit()


class Console(threading.Thread):
    """One console on the event stream: reads events and notes when each bench record's text arrives."""

    def __init__(self, hub, cookie, sent, stop):
        super().__init__(daemon=True)
        self.hub, self.cookie, self.sent, self.stop = hub, cookie, sent, stop
        self.delays, self.events, self.error = [], 0, None
        self.ready = threading.Event()
        self.sock = None

    def run(self):
        try:
            s = self.sock = socket.create_connection(('127.0.0.1', self.hub.port))
            s.sendall(('GET /v1/console/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n'
                       'Cookie: %s\r\n\r\n' % self.cookie).encode())
            f = s.makefile('rb')
            pat = re.compile(rb'"summary":"bench-(\d+)"')
            while not self.stop.is_set():
                line = f.readline()
                if not line:
                    if not self.stop.is_set():
                        self.error = 'stream closed'
                    return
                if line.startswith(b'event: hello'):
                    self.ready.set()
                elif line.startswith(b'data: '):
                    m = pat.search(line)
                    if m:
                        now = time.monotonic()
                        self.events += 1
                        t0 = self.sent.get(int(m.group(1)))
                        if t0 is not None:
                            self.delays.append(now - t0)
        except Exception as e:  # noqa: BLE001 - reported with the results
            if not self.stop.is_set():
                self.error = repr(e)


def bench_live(hub, terms, wards, rate, seconds, label):
    """One open board (headless Chromium) on the seeded hub while the terminals push: how often the
    page fetched the whole list, the hub's CPU, and how long after the last push the board's counts
    were right."""
    d, url = desk_browser(hub)
    try:
        d.execute_script('performance.setResourceTimingBufferSize(100000)')
        time.sleep(1)
        f0 = d.execute_script(FETCHES)
        cpu0, t0 = hub.cpu_s(), time.monotonic()
        sent, out = {}, []
        th = threading.Thread(target=lambda: out.append(run_pushers(hub, terms, wards, rate, seconds, sent)))
        th.start()
        # While they push: how far behind is the board? (records pushed but not counted yet)
        behind = []
        while th.is_alive():
            pushed = len(sent)
            behind.append(max(0, hub.seeded + pushed - d.execute_script(TOTAL)))
            time.sleep(0.25)
        th.join()
        if not out:
            sys.exit('the pushers failed')
        counter, push_lat, start = out[0]
        t_end = time.monotonic()
        cpu = (hub.cpu_s() - cpu0) / (t_end - t0)
        want = hub.seeded + counter[0]
        while d.execute_script(TOTAL) != want and time.monotonic() - t_end < 120:
            time.sleep(0.05)
        lag = time.monotonic() - t_end
        got = d.execute_script(TOTAL)
        fetches = d.execute_script(FETCHES) - f0
        print('live (%s): 1 board open on %d tickets while %d records were pushed in %.1f s (%.0f/s): %d list '
              'fetches by the page, hub CPU %.2f cores, push p99 %.0f ms; during the pushes the board was behind by '
              'median %d, max %d records (%d samples); counts %s %.1f s after the last push'
              % (label, hub.seeded, counter[0], t_end - start, counter[0] / (t_end - start), fetches, cpu,
                 pct(push_lat, 99) * 1000, statistics.median(behind), max(behind), len(behind),
                 'right' if got == want else 'STILL WRONG (%d of %d)' % (got, want), lag), flush=True)
        return got == want
    finally:
        d.quit()


def run_pushers(hub, terms, wards, rate, seconds, sent):
    """Each terminal pushes one record per request, rate/len(terms) records/s each, on a fixed
    schedule; record n says "bench-n" and sent[n] is when its push was sent."""
    n_terms = len(terms)
    per = rate / n_terms
    counter = [0]
    lock = threading.Lock()
    push_lat = []
    start = time.monotonic() + 0.5
    end = start + seconds

    errors = []

    def pusher(k):
        try:
            push_all(k)
        except BaseException as e:  # noqa: BLE001 - a failed pusher fails the run
            errors.append(repr(e))

    def push_all(k):
        term = terms[k]
        _, beds, assets = wards[k]
        r = random.Random(k)
        nxt = start + k / rate
        while nxt < end:
            d = nxt - time.monotonic()
            if d > 0:
                time.sleep(d)
            with lock:
                counter[0] += 1
                n = counter[0]
            rec = record(r.choice(beds), assets, 'bench-%d' % n, r)
            t0 = time.monotonic()
            sent[n] = t0
            push(hub, term, [rec])
            push_lat.append(time.monotonic() - t0)
            nxt += 1.0 / per

    ps = [threading.Thread(target=pusher, args=(k,)) for k in range(n_terms)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    if errors:
        sys.exit('a terminal failed to push: %s' % errors[:3])
    return counter, push_lat, start


def bench_events(hub, terms, wards, consoles, rate, seconds, rng):
    cookies = [hub.sign_in()[0] for _ in range(consoles)]
    sent, stop = {}, threading.Event()
    cs = [Console(hub, c, sent, stop) for c in cookies]
    for c in cs:
        c.start()
    for c in cs:
        if not c.ready.wait(10):
            sys.exit('a console did not get its hello event: %s' % c.error)
    counter, push_lat, start = run_pushers(hub, terms, wards, rate, seconds, sent)
    took = time.monotonic() - start
    time.sleep(3)  # let the last events arrive
    stop.set()
    for c in cs:
        try:
            c.sock.shutdown(socket.SHUT_RDWR)  # unblocks its readline
        except OSError:
            pass
        c.join(5)
    errors = [c.error for c in cs if c.error]
    delays = [d for c in cs for d in c.delays]
    expected = counter[0] * consoles
    n_terms = len(terms)
    print('events: %d consoles, %d terminals pushed %d records in %.1f s (%.0f records/s); push request p50 %.0f ms, '
          'p99 %.0f ms' % (consoles, n_terms, counter[0], took, counter[0] / took, pct(push_lat, 50) * 1000,
                           pct(push_lat, 99) * 1000), flush=True)
    print('events: %d of %d expected events received; delay push sent -> event read: p50 %.0f ms, p90 %.0f ms, '
          'p99 %.0f ms, max %.0f ms%s' % (len(delays), expected, pct(delays, 50) * 1000, pct(delays, 90) * 1000,
                                          pct(delays, 99) * 1000, max(delays) * 1000,
                                          ('; stream errors: %s' % errors[:3]) if errors else ''), flush=True)
    return delays, expected


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--hub', default=os.path.join(SRC, 'build', 'ci', 'server', 'onestop-hub'))
    ap.add_argument('--part', choices=['board', 'live', 'events', 'all'], default='all')
    ap.add_argument('--live-seconds', type=float, default=15)
    ap.add_argument('--live-rate', type=float, default=200)
    ap.add_argument('--peer-web-dir', help='live part again with these console pages (e.g. an older server/web)')
    ap.add_argument('--tickets', type=int, default=5000)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--consoles', type=int, default=50)
    ap.add_argument('--rate', type=float, default=200)
    ap.add_argument('--seconds', type=float, default=30)
    ap.add_argument('--keep', action='store_true')
    a = ap.parse_args()
    rng = random.Random(13)
    print('load average before: %.1f %.1f %.1f; %d cores' % (os.getloadavg() + (os.cpu_count(),)), flush=True)
    ok = True
    if a.part in ('board', 'all'):
        tmp = tempfile.mkdtemp(prefix='onestop-console-bench-')
        hub = Hub(a.hub, tmp)
        try:
            seed(hub, a.tickets, rng)
            ms = bench_board(hub, a.runs)
            ok &= max(ms) < 1000
        finally:
            hub.stop()
            if not a.keep:
                shutil.rmtree(tmp, ignore_errors=True)
    if a.part in ('live', 'all'):
        for label, web in (('this build', None), ('peer pages ' + (a.peer_web_dir or ''), a.peer_web_dir)):
            if label != 'this build' and not web:
                continue
            tmp = tempfile.mkdtemp(prefix='onestop-console-bench-')
            hub = Hub(a.hub, tmp, web)
            try:
                terms, wards = seed(hub, a.tickets, rng)
                ok &= bench_live(hub, terms, wards, a.live_rate, a.live_seconds, label) or label != 'this build'
            finally:
                hub.stop()
                if not a.keep:
                    shutil.rmtree(tmp, ignore_errors=True)
    if a.part in ('events', 'all'):
        tmp = tempfile.mkdtemp(prefix='onestop-console-bench-')
        hub = Hub(a.hub, tmp)
        try:
            wards = hub.wards(10)
            terms = [hub.terminal(w) for w, _, _ in wards]
            delays, expected = bench_events(hub, terms, wards, a.consoles, a.rate, a.seconds, rng)
            ok &= pct(delays, 99) < 1.0 and len(delays) == expected
        finally:
            hub.stop()
            if not a.keep:
                shutil.rmtree(tmp, ignore_errors=True)
    print('load average after: %.1f %.1f %.1f' % os.getloadavg())
    print('targets met' if ok else 'TARGET MISSED', flush=True)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
