#!/usr/bin/python3
"""In-band registration and password change (XEP-0077).

Prosody here allows registration. Asserts:

  - `natter register dave` creates dave@localhost with the password from
    accounts.ini: exit 0, "created" on stdout; natter then logs in as dave;
  - registering dave again fails (exit 1): the name is taken, in words;
  - /register from a running natter creates erin the same way (the
    session ends "disconnected" without error, reason "created");
  - a FIELD=VALUE that is not FIELD=VALUE is refused before connecting;
  - on a server that does not allow registration (the usual test bed),
    the refusal says so;
  - /password changes dave's password on the server and in accounts.ini
    (comments kept); a new natter logs in with it, the old one is refused;
  - in the terminal UI, /password is masked as typed and never reaches the
    input history file.
"""

import os
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check, natter_binary  # noqa: E402
from tmuxdriver import NatterScreen  # noqa: E402

PROSODY_EXTRA = """allow_registration = true
min_seconds_between_registrations = 0
"""


def register_cli(tb, confdir, account, *fields):
    env = tb.natter_env()
    return subprocess.run([natter_binary(), "--config-dir", confdir, "register", account]
                          + list(fields), capture_output=True, text=True, env=env,
                          timeout=60)


def account_config(tb, name, password, extra=None):
    values = {"jid": "%s@%s" % (name, tb.domain), "password": password}
    values.update(extra or {})
    return {name: values}


def cli(tb):
    confdir = tb.natter_config(account_config(tb, "dave", "dave-first-pw"), name="conf-dave")
    done = register_cli(tb, confdir, "dave")
    check(done.returncode == 0 and "created" in done.stdout,
          "natter register: exit %d, stdout %r, stderr %r"
          % (done.returncode, done.stdout, done.stderr))
    natter = Natter(tb, confdir, account="dave")
    natter.wait_online()
    natter.quit_cleanly()

    again = register_cli(tb, confdir, "dave")
    check(again.returncode == 1 and "taken" in again.stderr,
          "second registration: exit %d, stderr %r" % (again.returncode, again.stderr))
    bad = register_cli(tb, confdir, "dave", "nonsense")
    check(bad.returncode != 0 and "FIELD=VALUE" in bad.stderr,
          "malformed field: exit %d, stderr %r" % (bad.returncode, bad.stderr))
    missing = register_cli(tb, confdir, "nobody")
    check(missing.returncode != 0 and "no account named 'nobody'" in missing.stderr,
          "unknown account: %r" % missing.stderr)
    return confdir


def in_session(tb):
    confdir = tb.natter_config(account_config(tb, "erin", "erin-pw"), name="conf-erin")
    natter = Natter(tb, confdir, account=None)
    natter.ok("/register erin")
    ended = natter.wait_for({"event": "session", "account": "erin",
                             "state": "disconnected"})
    check(not ended.get("error") and "created" in (ended.get("reason") or ""),
          "/register ended with %r" % ended)
    natter.ok("/connect erin")
    natter.wait_for({"event": "session", "account": "erin", "state": "online"})
    natter.quit_cleanly()


def password(tb, confdir):
    path = os.path.join(confdir, "accounts.ini")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write("# dave's account, by hand\n" + text)
    natter = Natter(tb, confdir, account="dave")
    natter.wait_online()
    # accounts.ini could not keep a blank at the end: refused, unchanged.
    result = natter.command("/password trailing-blank ")
    check(result.get("ok") is False and "blank" in (result.get("error") or ""),
          "/password with a trailing blank: %r" % result)
    natter.ok("/password dave-second-pw")
    natter.wait_for(lambda e: e.get("event") == "log"
                    and "password is changed" in (e.get("text") or ""))
    natter.quit_cleanly()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    check("password = dave-second-pw" in text.replace("password=", "password = ")
          and "dave-first-pw" not in text and "# dave's account, by hand" in text,
          "accounts.ini after /password:\n%s" % text)
    check(os.stat(path).st_mode & 0o777 == 0o600, "accounts.ini is no longer 0600")
    natter = Natter(tb, confdir, account="dave")
    natter.wait_online()
    natter.quit_cleanly()
    old = tb.natter_config(account_config(tb, "dave", "dave-first-pw"), name="conf-old")
    natter = Natter(tb, old, account="dave")
    failed = natter.wait_login_failure()
    check("authentication failed" in (failed.get("reason") or ""),
          "the old password: %r" % failed)
    natter.quit_cleanly()


def masked(tb, confdir):
    screen = NatterScreen(tb, confdir, account="dave")
    screen.wait_screen(lambda t: "dave (online)" in t, what="dave online")
    screen.send_text("/password hunter2-secret")
    masked_line = "/password " + "*" * len("hunter2-secret")
    screen.wait_screen(lambda t: any(line.rstrip() == masked_line for line in t.splitlines()),
                       what="the password masked, one * per character")
    check("hunter2" not in screen.last_screen, "the password shows on the screen")
    screen.clear_input()
    screen.type_line("/win 1")
    screen.quit_cleanly()
    # The history holds the line typed after, never the password.
    with open(os.path.join(confdir, "input_history"), encoding="utf-8",
              errors="replace") as f:
        history = f.read()
    check("/win 1" in history, "the input history was not written:\n%s" % history)
    check("hunter2" not in history, "the password went to the input history")


def refused(tb):
    other = testbed.Testbed(os.path.join(tb.workdir, "no-registration"))
    try:
        confdir = other.natter_config(account_config(other, "frank", "frank-pw"),
                                      name="conf-frank")
        done = register_cli(other, confdir, "frank")
        check(done.returncode == 1 and "in-band registration is off" in done.stderr,
              "registration where it is off: exit %d, stderr %r"
              % (done.returncode, done.stderr))
    finally:
        other.stop()


def body(tb):
    confdir = cli(tb)
    in_session(tb)
    password(tb, confdir)
    masked(tb, confdir)
    refused(tb)


testbed.run_test(body, ui=True, prosody_extra=PROSODY_EXTRA)
