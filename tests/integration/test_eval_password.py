#!/usr/bin/python3
"""eval_password: the password comes from a command run in the background.

Asserts:
  - a command printing the password (with a final newline) logs in;
  - a failing command is reported with its exit status and the first line
    of its stderr, and natter stays usable;
  - a command printing nothing is refused with words saying so;
  - a command that takes long can be cancelled with /disconnect, at once,
    leaving no zombie process and no open pipe behind;
  - the command's stdin is /dev/null (it cannot eat natter's input);
  - a command that leaves a child holding its output still logs in at
    once, and the child is ended.
"""

import json
import os
import shlex
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check  # noqa: E402


def children(pid):
    """The processes whose parent is pid, as (pid, state) pairs."""
    out = subprocess.run(["ps", "-o", "pid=,stat=", "--ppid", str(pid)],
                         capture_output=True, text=True).stdout
    return [tuple(line.split()[:2]) for line in out.splitlines() if line.strip()]


def pipes(pid):
    count = 0
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            if os.readlink("/proc/%d/fd/%s" % (pid, fd)).startswith("pipe:"):
                count += 1
        except OSError:
            pass
    return count


def body(tb):
    password = tb.password("alice")
    confdir = tb.natter_config({
        "alice": {"password": None,
                  "eval_password": "printf '%%s\\n' %s" % shlex.quote(password)},
        "failing": {"group": "failing", "password": None,
                    "eval_password": "echo 'no such key in store' >&2; exit 3"},
        "empty": {"group": "empty", "password": None,
                  "eval_password": "cat"},
        "lingering": {"group": "lingering", "jid": tb.jid("alice"),
                      "resource": "lingering", "password": None,
                      "eval_password": "printf '%%s\\n' %s; sleep 61.25 &"
                                       % shlex.quote(password)},
        "slow": {"group": "slow", "password": None,
                 "eval_password": "sleep 60; echo %s" % shlex.quote(password)},
    })
    # tb.natter_config keys accounts by user; the extra groups are alice too.
    natter = Natter(tb, confdir)
    natter.wait_online()

    natter.send("/connect failing")
    failed = natter.wait_for({"event": "session", "account": "failing",
                              "state": "disconnected"})
    reason = failed.get("reason", "")
    check(failed.get("error") is True and "status 3" in reason
          and "no such key in store" in reason,
          "failing eval_password reported as %s" % json.dumps(failed))

    # stdin is /dev/null: cat prints nothing at once instead of reading
    # natter's input.
    natter.send("/connect empty")
    empty = natter.wait_for({"event": "session", "account": "empty",
                             "state": "disconnected"})
    check("printed no password" in empty.get("reason", ""),
          "empty eval_password reported as %s" % json.dumps(empty))

    # The command exits but leaves a child holding its stdout: the password
    # it printed is used at once and the child is ended.
    started = time.monotonic()
    natter.send("/connect lingering")
    event = natter.wait_for(lambda e: e.get("event") == "session"
                            and e.get("account") == "lingering"
                            and e.get("state") in ("online", "disconnected"))
    check(event["state"] == "online" and time.monotonic() - started < 5,
          "lingering eval_password: %s after %.1f s"
          % (json.dumps(event), time.monotonic() - started))
    testbed.wait_until(lambda: not subprocess.run(
        ["pgrep", "-f", "sleep 61.25"], capture_output=True).stdout,
        timeout=5, what="the child eval_password left behind to be ended")

    pipes_before = pipes(natter.pid)
    for _ in range(2):
        natter.send("/connect slow")
        natter.wait_for({"event": "session", "account": "slow",
                         "state": "connecting"})
        started = time.monotonic()
        result = natter.command("/disconnect slow")
        check(result.get("ok") is True, "/disconnect slow: %s" % json.dumps(result))
        natter.wait_for({"event": "session", "account": "slow",
                         "state": "disconnected"}, timeout=5)
        check(time.monotonic() - started < 2,
              "cancelling eval_password took %.1f s" % (time.monotonic() - started))
    # The killed shells are reaped by natter's loop: wait for it.
    testbed.wait_until(lambda: not children(natter.pid), timeout=10,
                       what="the cancelled eval_password commands to be gone "
                            "(children: %s)" % children(natter.pid))
    check(pipes(natter.pid) <= pipes_before,
          "pipes left open: %d before, %d after" % (pipes_before, pipes(natter.pid)))

    result = natter.command("/help connect")
    check(result.get("ok") is True, "natter stopped answering: %s" % json.dumps(result))
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
