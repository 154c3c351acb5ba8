#!/usr/bin/python3
"""Connected and idle, natter does not wake up (DESIGN.md: "The loop").

Once online and quiet, sums voluntary and nonvoluntary context switches of
all natter's threads (/proc/PID/task/*/status), waits IDLE_SECONDS, sums
again. Fails if natter switched more than MAX_SWITCHES times; prints the
figure either way.

The IDLE_SECONDS wait is the measurement itself, not synchronisation.
Before it, the test waits (deadline QUIET_TIMEOUT) until natter has done a
full QUIET_WINDOW without a context switch, so the login burst (roster,
presence, carbons...) is not counted; a natter that never goes quiet is
measured anyway once the deadline passes, and fails.
"""

import glob
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check  # noqa: E402

IDLE_SECONDS = 10
MAX_SWITCHES = 5
QUIET_WINDOW = 1.0
QUIET_TIMEOUT = 10


def context_switches(pid):
    """Sum of context switches over all threads of pid, and thread count."""
    total = 0
    threads = 0
    for status in glob.glob("/proc/%d/task/*/status" % pid):
        try:
            with open(status) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches:",
                                        "nonvoluntary_ctxt_switches:")):
                        total += int(line.split(":")[1])
        except FileNotFoundError:   # a thread ended while we looked
            continue
        threads += 1
    check(threads > 0, "natter (pid %d) has gone" % pid)
    return total, threads


def wait_quiet(pid):
    deadline = time.monotonic() + QUIET_TIMEOUT
    last, _ = context_switches(pid)
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now, _ = context_switches(pid)
        if now != last:
            last, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= QUIET_WINDOW:
            return True
    testbed.log("natter never went %.1f s without a context switch within "
                "%d s" % (QUIET_WINDOW, QUIET_TIMEOUT))
    return False


def body(tb):
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    # One round trip so the command path has run once before measuring.
    natter.command("/help")
    wait_quiet(natter.pid)
    before, threads = context_switches(natter.pid)
    time.sleep(IDLE_SECONDS)  # the measurement window, not a synchronisation
    after, threads_after = context_switches(natter.pid)
    switches = after - before
    testbed.log("idle wakeups: %d context switches in %d s over %d threads "
                "(%d at the end)" % (switches, IDLE_SECONDS, threads,
                                     threads_after))
    print("natter idle: %d context switches in %d s" % (switches,
                                                       IDLE_SECONDS))
    check(switches <= MAX_SWITCHES,
          "natter woke up while idle: %d context switches in %d s "
          "(at most %d allowed)" % (switches, IDLE_SECONDS, MAX_SWITCHES))
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
