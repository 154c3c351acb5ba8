#!/usr/bin/python3
"""Benchmark: what a connected account costs.

natter's terminal UI (tmux, 120x60) starts without -a on N accounts, all
marked autoconnect, for N = 1, 5 and 20 (one private Prosody with 20
users). Once /account list shows every account online and natter has
been idle a second, it prints natter's resident memory, the memory per
account beyond the first, the CPU time since start (the logins, and the
/account list typed each second until all are online), and the context
switches over IDLE_SECONDS of idleness (an idle connected account must
add none).

Prints figures; fails only when the accounts do not all log in.
Run: make bench, or NATTER=src/natter tests/bench/bench_accounts.py
"""

import os
import re
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from benchutil import cpu_seconds, idle_switches, rss_kib, start_natter  # noqa: E402

COUNTS = (1, 5, 20)
USERS = tuple("user%02d" % i for i in range(max(COUNTS)))
IDLE_SECONDS = 10


def all_online(screen, count):
    """Types /account list (each second) until it shows count accounts
    online."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        screen.send_text("/account list")
        screen.send_keys("Enter")
        time.sleep(1.0)
        online = set(re.findall(r"^(user\d\d): \S+, online \(", screen.screen(), re.M))
        if len(online) >= count:
            return
    raise testbed.TestFailure("not every account came online:\n%s" % screen.screen_dump())


def body(tb):
    figures = []
    for count in COUNTS:
        config = {user: {"autoconnect": "yes"} for user in USERS[:count]}
        screen, pid = start_natter(tb, tb.natter_config(config), 120, 60, account=None)
        all_online(screen, count)
        time.sleep(1.0)
        figures.append((count, rss_kib(pid), cpu_seconds(pid), idle_switches(pid, IDLE_SECONDS)))
        screen.kill()
    base = figures[0][1]
    for count, rss, cpu, idle in figures:
        extra = ", %.0f KiB per account beyond the first" % ((rss - base) / (count - 1)) \
            if count > 1 else ""
        print("bench_accounts: %2d account%s online: RSS %.1f MiB%s; %.0f ms CPU since "
              "start; %d context switches in %d s idle"
              % (count, "s" if count > 1 else "", rss / 1024, extra, cpu * 1000, idle,
                 IDLE_SECONDS))


testbed.run_test(body, ui=True, users=USERS, rosters=False)
