#!/usr/bin/env python3
# `onestop-hub serve` under a real NOTIFY_SOCKET (issue 19): READY=1 arrives once the port answers,
# WATCHDOG=1 arrives every half WATCHDOG_USEC while the server answers its health probe and stops
# while it cannot answer (process frozen), and STOPPING=1 comes on SIGTERM. Without NOTIFY_SOCKET
# the hub runs as before. Uses only loopback and a datagram socket in a temporary directory.
import os, signal, socket, subprocess, sys, tempfile, time, urllib.request

HUB = os.environ.get("ONESTOP_HUB_BIN")
if not HUB:
    sys.exit("ONESTOP_HUB_BIN is not set (run through build/*/test-env.sh)")

failures = []
checks = [0]
def check(cond, what):
    checks[0] += 1
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)

def recv_all(sock, seconds):
    """Messages received within `seconds`, with their arrival times."""
    out, end = [], time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return out
        sock.settimeout(left)
        try:
            out.append((time.monotonic(), sock.recv(4096).decode()))
        except socket.timeout:
            return out

with tempfile.TemporaryDirectory(prefix="onestop-notify-") as tmp:
    path = os.path.join(tmp, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="1000000")  # WatchdogSec=1s -> ping every 0.5 s
    env.pop("WATCHDOG_PID", None)
    hub = subprocess.Popen([HUB, "serve", "--listen", "127.0.0.1:0", "--db", os.path.join(tmp, "hub.db")],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        sock.settimeout(20)
        t0, ready = time.monotonic(), sock.recv(4096).decode()
        check("READY=1" in ready.split("\n"), "first message is READY=1 (got %r)" % ready)
        line = hub.stdout.readline().strip()
        port = int(line.rsplit(":", 1)[1])
        # READY promises a bound port and an open database: the API answers right away.
        with urllib.request.urlopen("http://127.0.0.1:%d/v1/health" % port, timeout=5) as r:
            check(r.status == 200, "GET /v1/health answers 200 right after READY=1")
        msgs = recv_all(sock, 2.6)
        pings = [t for t, m in msgs if m == "WATCHDOG=1"]
        check(len(pings) >= 3, "at least 3 WATCHDOG=1 in 2.6 s at WatchdogSec=1s (every 0.5 s: 5; got %d)" % len(pings))
        gaps = [b - a for a, b in zip(pings, pings[1:])]
        # Below WatchdogSec, or systemd would kill a healthy hub (half of it, plus scheduling slack).
        check(all(g < 1.0 for g in gaps), "pings come more often than WatchdogSec (gaps %s)" % [round(g, 2) for g in gaps])

        # A frozen hub (SIGSTOP: a stand-in for a deadlock) sends nothing: systemd would kill it after
        # WatchdogSec. Pings must not come from a timer that runs whatever the server does.
        hub.send_signal(signal.SIGSTOP)
        recv_all(sock, 0.3)  # drain one that was in flight
        frozen = [m for _, m in recv_all(sock, 1.5) if m == "WATCHDOG=1"]
        check(len(frozen) == 0, "no WATCHDOG=1 while the hub is frozen (got %d)" % len(frozen))
        hub.send_signal(signal.SIGCONT)
        again = [m for _, m in recv_all(sock, 2.0) if m == "WATCHDOG=1"]
        check(len(again) >= 1, "WATCHDOG=1 resumes once the hub answers again")

        hub.send_signal(signal.SIGTERM)
        rc = hub.wait(timeout=30)
        tail = [m for _, m in recv_all(sock, 1.0)]
        check(rc == 0, "hub exits 0 on SIGTERM (rc %s)" % rc)
        check(any("STOPPING=1" in m for m in tail), "STOPPING=1 on the way out (got %r)" % tail)
    finally:
        if hub.poll() is None:
            hub.send_signal(signal.SIGCONT)
            hub.kill()
            hub.wait()

    # Without NOTIFY_SOCKET: serves as always, no crash, no message anywhere.
    env = dict(os.environ)
    env.pop("NOTIFY_SOCKET", None)
    hub = subprocess.Popen([HUB, "serve", "--listen", "127.0.0.1:0", "--db", os.path.join(tmp, "hub2.db")],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = int(hub.stdout.readline().strip().rsplit(":", 1)[1])
        with urllib.request.urlopen("http://127.0.0.1:%d/v1/health" % port, timeout=5) as r:
            check(r.status == 200, "without NOTIFY_SOCKET the hub serves normally")
        check(recv_all(sock, 0.5) == [], "and sends nothing to the old socket")
    finally:
        hub.send_signal(signal.SIGTERM)
        hub.wait(timeout=30)

print("%d passed, %d failed" % (checks[0] - len(failures), len(failures)))
sys.exit(1 if failures else 0)
