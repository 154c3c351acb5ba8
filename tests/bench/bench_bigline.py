#!/usr/bin/python3
"""Benchmark: what a 1 MiB message costs on screen in the terminal UI.

natter runs in tmux (100x30) against the private Prosody; bob sends one
message of SIZE bytes (words, as test_hostile_ui's big body), which wraps
into some 20,000 rows. The benchmark waits until its end is on the screen,
then pages up PAGES times through it (Page Up, waiting for each page to
show) and prints natter's CPU time (/proc/PID/task/*/schedstat) for the
message to show, and per page; then the same for the small messages that
follow it while it is still on the screen (each a frame that redraws it).

Prints figures; fails only when natter does not show the pages at all.
Run: NATTER=src/natter tests/bench/bench_bigline.py [SIZE [PAGES]].
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from benchutil import cpu_seconds, start_natter  # noqa: E402
from testbed import Peer  # noqa: E402

SIZE = int(sys.argv[1]) if len(sys.argv) > 1 else 1024 * 1024
PAGES = int(sys.argv[2]) if len(sys.argv) > 2 else 20
SMALL = 20


def body(tb):
    bob = Peer(tb, "bob")
    screen, pid = start_natter(tb, tb.natter_config(["alice"]), 100, 30)
    screen.send_text("/msg " + tb.jid("bob"))
    screen.send_keys("Enter")
    screen.wait_screen(lambda t: "[2:" + tb.jid("bob") in t,
                       what="the conversation with bob shown")
    words, n = [], 0
    while 8 * (n + 1) <= SIZE:
        words.append("w%06d" % n)
        n += 1
    cpu_before = cpu_seconds(pid)
    started = time.monotonic()
    bob.send_message(tb.jid("alice"), " ".join(words) + " BIGEND")
    screen.wait_screen(lambda t: "BIGEND" in t, timeout=120, what="the big message's end")
    shown_cpu, shown_wall = cpu_seconds(pid) - cpu_before, time.monotonic() - started

    cpu_before = cpu_seconds(pid)
    previous = screen.screen()
    for page in range(PAGES):
        screen.send_keys("PageUp")
        previous = screen.wait_screen(lambda t, p=previous: t != p,
                                      what="page %d up" % (page + 1))
    time.sleep(0.3)  # the last frame drawn
    paging = cpu_seconds(pid) - cpu_before
    screen.send_keys("End")
    screen.wait_screen(lambda t: "BIGEND" in t, what="the end again")

    # Each small message is a frame with the big one still on the screen.
    time.sleep(0.3)
    cpu_before = cpu_seconds(pid)
    for i in range(SMALL):
        bob.send_message(tb.jid("alice"), "small %d" % i)
        screen.wait_screen(lambda t, i=i: "small %d" % i in t, what="small %d" % i)
    time.sleep(0.3)
    small = cpu_seconds(pid) - cpu_before

    print("bench_bigline: a message of %d bytes shown after %.0f ms CPU, %.0f ms wall"
          % (len(words) * 8 + 6, shown_cpu * 1000, shown_wall * 1000))
    print("bench_bigline: CPU per page up through it: %.1f ms (%d pages)"
          % (paging / PAGES * 1000, PAGES))
    print("bench_bigline: CPU per small message below it: %.1f ms (%d messages)"
          % (small / SMALL * 1000, SMALL))


# Prosody refuses stanzas over 256 KiB by default.
testbed.run_test(body, ui=True, prosody_extra="c2s_stanza_size_limit = 4*1024*1024")
