#!/usr/bin/python3
"""The command line, the debug log, and leaving on SIGTERM.

Asserts:
  - --version and --help answer and exit 0; an unknown option exits 64, an
    unknown account (-a) exits 78, each saying what is wrong;
  - the terminal UI without a terminal says to use --headless (exit 70);
  - --debug-log writes the protocol (SENT/RECV lines) into a file that is
    0600 even when it existed with another mode, with the SASL exchange
    redacted and the password nowhere in it;
  - SIGTERM disconnects cleanly: natter reports disconnecting then
    disconnected, the contact sees alice's unavailable presence, exit 0.
"""

import json
import os
import signal
import stat
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def run(tb, *args):
    return subprocess.run([testbed.natter_binary()] + list(args),
                          capture_output=True, text=True, timeout=20,
                          stdin=subprocess.DEVNULL, env=tb.natter_env())


def options(tb, confdir):
    done = run(tb, "--version")
    check(done.returncode == 0 and done.stdout.startswith("natter "),
          "--version: %d %r" % (done.returncode, done.stdout))
    done = run(tb, "--help")
    check(done.returncode == 0 and "--config-dir" in done.stdout
          and "--debug-log" in done.stdout and "--headless" in done.stdout,
          "--help: %d %r" % (done.returncode, done.stdout))
    done = run(tb, "--no-such-option")
    check(done.returncode == 64 and "no-such-option" in done.stderr,
          "unknown option: %d %r" % (done.returncode, done.stderr))
    done = run(tb, "--headless", "--config-dir", confdir, "-a", "nobody")
    check(done.returncode == 78 and "nobody" in done.stderr,
          "unknown account: %d %r" % (done.returncode, done.stderr))
    done = run(tb, "--config-dir", confdir)
    check(done.returncode == 70 and "--headless" in done.stderr,
          "tty without a terminal: %d %r" % (done.returncode, done.stderr))


def debug_log(tb, confdir, log_path):
    with open(log_path, "w") as f:
        f.write("")
    os.chmod(log_path, 0o644)
    natter = Natter(tb, confdir, extra_args=["--debug-log", log_path])
    natter.wait_online()
    natter.quit_cleanly()
    mode = stat.S_IMODE(os.stat(log_path).st_mode)
    check(mode == 0o600, "debug log has mode %o" % mode)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    check("SENT" in text and "RECV" in text and "<presence" in text,
          "debug log lacks the protocol:\n%s" % text[-2000:])
    check("[redacted]" in text, "no SASL exchange redacted in the debug log")
    check(tb.password("alice") not in text, "the password is in the debug log")


def sigterm(tb, confdir):
    bob = Peer(tb, "bob")
    natter = Natter(tb, confdir)
    natter.wait_online()
    bob.wait_for(lambda e: e.get("event") == "presence"
                 and e.get("from", "").startswith(tb.jid("alice") + "/")
                 and e.get("type") == "available")
    os.kill(natter.pid, signal.SIGTERM)
    natter.wait_for({"event": "session", "state": "disconnecting"})
    gone = natter.wait_for({"event": "session", "state": "disconnected"})
    check(not gone.get("error"), "SIGTERM ended in an error: %s" % json.dumps(gone))
    bob.wait_for(lambda e: e.get("event") == "presence"
                 and e.get("from", "").startswith(tb.jid("alice") + "/")
                 and e.get("type") == "unavailable")
    status = natter.wait_exit()
    check(status == 0, "natter exited with status %s after SIGTERM\n%s"
          % (status, natter.diagnostics()))
    natter.check_clean()


def body(tb):
    confdir = tb.natter_config(["alice"])
    options(tb, confdir)
    debug_log(tb, confdir, os.path.join(tb.workdir, "debug.log"))
    sigterm(tb, confdir)


if __name__ == "__main__":
    testbed.run_test(body)
