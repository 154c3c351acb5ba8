#!/usr/bin/python3
"""Benchmark: CPU time per displayed message in the terminal UI.

natter runs in tmux (100x30) against the private Prosody; bob sends
COUNT messages in one burst; the benchmark waits until the last one is on
the screen and divides natter's CPU time over the burst (the scheduler's
time, /proc/PID/task/*/schedstat) by COUNT. Then it prints natter's resident memory, and
context switches over IDLE_SECONDS of idleness without the status bar
clock (the default: none) and with one (one wakeup a minute at most).

Prints figures; fails only when natter does not show the messages at all.
Run: make bench, or NATTER=src/natter tests/bench/bench_tty.py [COUNT].
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from benchutil import cpu_seconds, idle_switches, rss_kib, start_natter  # noqa: E402
from testbed import Peer  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
IDLE_SECONDS = 10


def start(tb, confdir):
    return start_natter(tb, confdir, 100, 30)


def idle(pid):
    return idle_switches(pid, IDLE_SECONDS)


def body(tb):
    bob = Peer(tb, "bob")
    confdir = tb.natter_config(["alice"])
    screen, pid = start(tb, confdir)
    last = "burst %d" % (COUNT - 1)

    # The conversation's window is shown before the burst starts.
    screen.send_text("/msg " + tb.jid("bob"))
    screen.send_keys("Enter")
    screen.wait_screen(lambda t: "[2:" + tb.jid("bob") in t,
                       what="the conversation with bob shown")
    idle_quiet = idle(pid)
    cpu_before = cpu_seconds(pid)
    started = time.monotonic()
    bob.send_burst(tb.jid("alice"), "burst", COUNT)
    screen.wait_screen(lambda t: last in t, timeout=300,
                       what="the last message of the burst on screen")
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(pid) - cpu_before
    rss = rss_kib(pid)

    screen.send_text("/set ui.status_time %H:%M")
    screen.send_keys("Enter")
    screen.wait_screen(lambda t: "ui.status_time = %H:%M" in t, what="the clock on")
    idle_clock = idle(pid)

    print("bench_tty: %d messages displayed in %.2f s wall" % (COUNT, elapsed))
    print("bench_tty: CPU per displayed message: %.1f us (natter total %.3f s)"
          % (cpu / COUNT * 1e6, cpu))
    print("bench_tty: RSS after the burst: %.1f MiB" % (rss / 1024))
    print("bench_tty: context switches in %d s idle: %d with the clock, "
          "%d without" % (IDLE_SECONDS, idle_clock, idle_quiet))


testbed.run_test(body, ui=True)
