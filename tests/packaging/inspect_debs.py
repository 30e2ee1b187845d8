#!/usr/bin/env python3
# Inspects the built .debs (issue 19) with dpkg-deb: names, computed dependencies, files with their
# owners and modes, conffiles and maintainer scripts; then unpacks them into a scratch root and runs
# `systemd-analyze verify` on the units and `sh -n` on the scripts. Installs nothing on this machine.
# usage: inspect_debs.py PACKAGES_DIR SOURCE_DIR
import glob, os, re, shutil, subprocess, sys, tempfile

pkg_dir, src = sys.argv[1], sys.argv[2]
failures, checks = [], [0]

def check(cond, what):
    checks[0] += 1
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)

def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout

def deb(name):
    found = glob.glob(os.path.join(pkg_dir, name + "_*.deb"))
    check(len(found) == 1, "one %s package in %s (found %s)" % (name, pkg_dir, found))
    return found[0] if found else None

def field(path, name):
    return run("dpkg-deb", "-f", path, name).strip()

def files(path):
    """path -> (mode string, owner/group, size) from dpkg-deb -c."""
    out = {}
    for line in run("dpkg-deb", "-c", path).splitlines():
        parts = line.split(None, 5)
        name = parts[5].split(" -> ")[0]
        out[name.lstrip(".")] = (parts[0], parts[1])
    return out

hub, kiosk = deb("onestop-hub"), deb("onestop-kiosk")
if not hub or not kiosk:
    print("0 passed, %d failed" % len(failures)); sys.exit(1)

# --- control fields: shlibdeps computed the library dependencies, the hand-listed ones are there ---
hub_dep, kiosk_dep = field(hub, "Depends"), field(kiosk, "Depends")
for lib in ("libsqlite3-0", "libsystemd0", "libsodium23", "libc6", "libstdc++6", "libcpp-httplib0.11"):
    check(lib in hub_dep, "onestop-hub Depends names %s (shlibdeps)" % lib)
for lib in ("libsdl2-2.0-0", "libcurl4", "libzxing2", "libsqlite3-0", "libc6"):
    check(lib in kiosk_dep, "onestop-kiosk Depends names %s (shlibdeps)" % lib)
check("cage" in kiosk_dep, "onestop-kiosk Depends on cage")
check(re.search(r"\(>= [0-9]", hub_dep) is not None, "library dependencies carry versions")
check(field(hub, "Architecture") == run("dpkg", "--print-architecture").strip(), "architecture is this machine's")

# --- files, owners and modes ---
hf, kf = files(hub), files(kiosk)
expect_hub = {
    "/usr/bin/onestop-hub": "-rwxr-xr-x",
    "/etc/onestop/hub.toml": "-rw-r--r--",
    "/lib/systemd/system/onestop-hub.service": "-rw-r--r--",
    "/usr/lib/sysusers.d/onestop-hub.conf": "-rw-r--r--",
    "/usr/share/onestop/web/index.html": "-rw-r--r--",
    "/usr/share/doc/onestop-hub/copyright": "-rw-r--r--",
    "/usr/share/doc/onestop-hub/changelog.Debian.gz": "-rw-r--r--",
    "/usr/share/lintian/overrides/onestop-hub": "-rw-r--r--",
}
expect_kiosk = {
    "/usr/bin/onestop-kiosk": "-rwxr-xr-x",
    "/usr/libexec/onestop-kiosk/kiosk-session": "-rwxr-xr-x",
    "/etc/onestop/kiosk.toml": "-rw-r--r--",
    "/lib/systemd/system/onestop-kiosk.service": "-rw-r--r--",
    "/usr/lib/sysusers.d/onestop-kiosk.conf": "-rw-r--r--",
    "/usr/share/onestop/assets/i18n/zh-Hans.json": "-rw-r--r--",
    "/usr/share/doc/onestop-kiosk/copyright": "-rw-r--r--",
}
for files_, expect, name in ((hf, expect_hub, "hub"), (kf, expect_kiosk, "kiosk")):
    for path, mode in expect.items():
        got = files_.get(path)
        check(got is not None and got[0] == mode and got[1] == "root/root",
              "%s: %s %s root/root (got %s)" % (name, path, mode, got))
    check(all(v[1] == "root/root" for v in files_.values()), "%s: every file is owned by root" % name)
    check(not any(v[0][-2] == "w" or v[0][5] == "w" for v in files_.values()), "%s: nothing group- or world-writable" % name)
    check(not any(p.startswith("/var/") for p in files_), "%s: ships nothing under /var (state is made at run time)" % name)
check(not set(hf) & set(kf) - {p for p in hf if p.endswith("/")}, "no file is in both packages")

# --- maintainer scripts and conffiles ---
with tempfile.TemporaryDirectory(prefix="onestop-debs-") as tmp:
    for path, name, conf in ((hub, "hub", "/etc/onestop/hub.toml"), (kiosk, "kiosk", "/etc/onestop/kiosk.toml")):
        ctl = os.path.join(tmp, name + "-control")
        run("dpkg-deb", "-e", path, ctl)
        for script in ("postinst", "prerm", "postrm"):
            p = os.path.join(ctl, script)
            check(os.path.exists(p) and oct(os.stat(p).st_mode & 0o777) == "0o755", "%s: %s present, 0755" % (name, script))
            check(subprocess.run(["sh", "-n", p]).returncode == 0, "%s: %s parses (sh -n)" % (name, script))
            check(open(p).readline().startswith("#!/bin/sh"), "%s: %s is a /bin/sh script" % (name, script))
        check(open(os.path.join(ctl, "conffiles")).read().split() == [conf], "%s: conffiles lists %s" % (name, conf))
        check(os.path.exists(os.path.join(ctl, "md5sums")), "%s: md5sums present" % name)
    postinst = open(os.path.join(tmp, "hub-control", "postinst")).read()
    check("migrate --if-exists" in postinst, "hub postinst migrates an existing database on upgrade")
    check("rm -rf /var/lib" not in postinst and "rm -rf /var/lib" not in open(os.path.join(tmp, "hub-control", "postrm")).read(),
          "hub scripts never delete the database")

    # --- unpack both into a scratch root; verify the units against it ---
    root = os.path.join(tmp, "root")
    for path in (hub, kiosk):
        run("dpkg-deb", "-x", path, root)
    check(os.access(os.path.join(root, "usr/bin/onestop-hub"), os.X_OK), "unpacked hub binary is executable")
    out = subprocess.run([os.path.join(root, "usr/bin/onestop-hub"), "--help"], capture_output=True, text=True)
    check(out.returncode == 0 and "backup" in out.stdout and "restore" in out.stdout,
          "the packaged hub runs and offers backup/restore")
    # The packaged hub.toml is valid for the packaged hub (migrate --check on a missing db fails only on the db).
    cfg = os.path.join(root, "etc/onestop/hub.toml")
    probe = subprocess.run([os.path.join(root, "usr/bin/onestop-hub"), "--config", cfg, "migrate", "--if-exists"],
                           capture_output=True, text=True)
    check(probe.returncode == 0 and "/var/lib/onestop-hub/hub.db" in probe.stdout,
          "packaged hub.toml parses and names /var/lib/onestop-hub/hub.db (%s)" % (probe.stdout + probe.stderr).strip())
    if shutil.which("systemd-analyze"):
        # The units refer to systemd's own targets (sysinit.target, network-online.target...): give the
        # scratch root this machine's copies, as an installed system has them.
        # (/lib is /usr/lib on a merged-/usr system: copy the real directory once.)
        host_units = os.path.realpath("/lib/systemd/system")
        if os.path.isdir(host_units):
            shutil.copytree(host_units, os.path.join(root, "lib/systemd/system"), symlinks=True, dirs_exist_ok=True)
        for unit in ("onestop-hub.service", "onestop-kiosk.service"):
            unit_path = os.path.join(root, "lib/systemd/system", unit)
            # --root makes ExecStart= paths resolve inside the unpacked packages; cage is not
            # installed there, so the kiosk unit's check of /usr/bin/cage is satisfied by a stub.
            os.makedirs(os.path.join(root, "usr/bin"), exist_ok=True)
            stub = os.path.join(root, "usr/bin/cage")
            if not os.path.exists(stub):
                open(stub, "w").write("#!/bin/sh\nexit 0\n"); os.chmod(stub, 0o755)
            r = subprocess.run(["systemd-analyze", "verify", "--man=no", "--root=" + root, unit_path],
                               capture_output=True, text=True)
            noise = [l for l in (r.stdout + r.stderr).splitlines()
                     if l.strip() and "onestop" in l]
            check(r.returncode == 0 and not noise, "systemd-analyze verify %s: %s" % (unit, noise or "clean"))
            sec = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--root=" + root, unit_path],
                                 capture_output=True, text=True)
            if unit == "onestop-hub.service" and sec.returncode == 0:
                m = re.search(r"Overall exposure level for \S+: ([0-9.]+)", sec.stdout + sec.stderr)
                check(m is not None and float(m.group(1)) <= 3.0,
                      "hub unit exposure (systemd-analyze security) <= 3.0 'OK' (got %s)" % (m.group(1) if m else "?"))
    else:
        check(False, "systemd-analyze is installed (scripts/setup.sh installs systemd)")

    # The kiosk session script reads [screen] blank_after_s from the packaged kiosk.toml and execs cage.
    fake = os.path.join(tmp, "fakebin")
    os.makedirs(fake)
    open(os.path.join(fake, "cage"), "w").write('#!/bin/sh\necho "cage $* ALLOW=${SDL_VIDEO_ALLOW_SCREENSAVER:-}"\n')
    for t in ("swayidle", "wlr-randr"):
        open(os.path.join(fake, t), "w").write("#!/bin/sh\n")
    for f in os.listdir(fake):
        os.chmod(os.path.join(fake, f), 0o755)
    session = os.path.join(root, "usr/libexec/onestop-kiosk/kiosk-session")
    script = open(session).read().replace("/usr/bin/cage", "cage")
    open(session, "w").write(script)
    env = dict(os.environ, PATH=fake + ":" + os.environ["PATH"])
    r = subprocess.run(["sh", session, os.path.join(root, "etc/onestop/kiosk.toml")], capture_output=True, text=True, env=env)
    check("swayidle -w timeout 600" in r.stdout and "ALLOW=1" in r.stdout and "--fullscreen" in r.stdout,
          "kiosk-session: blank_after_s=600 from kiosk.toml reaches swayidle, full screen (%s)" % r.stdout.strip()[:200])
    nob = os.path.join(tmp, "noblank.toml")
    open(nob, "w").write("[ui]\nfullscreen = true\n[screen]\nblank_after_s = 0\n")
    r = subprocess.run(["sh", session, nob], capture_output=True, text=True, env=env)
    check("swayidle" not in r.stdout and "ALLOW=\n" in r.stdout + "\n" and "run --fullscreen" in r.stdout,
          "kiosk-session: blank_after_s=0 never blanks (%s)" % r.stdout.strip()[:200])

print("%d passed, %d failed" % (checks[0] - len(failures), len(failures)))
sys.exit(1 if failures else 0)
