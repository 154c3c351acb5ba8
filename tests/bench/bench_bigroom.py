#!/usr/bin/python3
"""Benchmark: entering big rooms in the terminal UI.

A fake MUC service (tests/testbed/fakeroom.py, an XEP-0114 component written
with slixmpp, reached through the private Prosody) floods whoever enters
one of its rooms the way a real service does: OCCUPANTS occupant
presences (non-anonymous), the self-presence, HISTORY messages, the
subject. natter runs in tmux (120x40) and enters three rooms of
OCCUPANTS (the median is printed too), then one of BIG occupants. For
each it prints:
natter's CPU time (/proc/PID/task/*/schedstat) from Enter on /join to
the screen showing the room settled (title with the subject and the
occupant count, the end-of-history rule), the wall time for that, and
natter's RSS before and after; then the bytes an occupant costs (the
RSS growth of the big room / BIG) and the context switches
over IDLE_SECONDS idle with every room joined.

Prints figures; fails only when natter does not show the rooms at all.
Run: make bench, or NATTER=src/natter tests/bench/bench_bigroom.py
[OCCUPANTS [BIG]].
"""

import os
import secrets
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from benchutil import cpu_seconds, idle_switches, rss_kib, start_natter  # noqa: E402
import fakeservice  # noqa: E402

OCCUPANTS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
BIG = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
HISTORY = 50
RUNS = 3
IDLE_SECONDS = 10
SERVICE = "bigroom.localhost"
SECRET = secrets.token_hex(8)
PORT = testbed.free_ports(1)[0]


def FakeRoom(tb, occupants):
    return fakeservice.FakeRoom(tb, SERVICE, SECRET, PORT, occupants, HISTORY)


def enter(screen, pid, room, occupants):
    """Enter room; return (cpu s, wall s, rss KiB before, after)."""
    rss_before = rss_kib(pid)
    cpu_before = cpu_seconds(pid)
    started = time.monotonic()
    screen.send_text("/join %s" % room)
    screen.send_keys("Enter")
    count = "%d occupants" % (occupants + 1)
    screen.wait_screen(lambda t: t.splitlines()[0].lstrip().startswith(room)
                       and count in t.splitlines()[0]
                       and "big room's subject" in t and "end of history" in t,
                       timeout=120,
                       what="%s entered and settled" % room)
    wall = time.monotonic() - started
    time.sleep(0.5)  # anything left to draw is drawn (natter idles after)
    return cpu_seconds(pid) - cpu_before, wall, rss_before, rss_kib(pid)


def body(tb):
    first = FakeRoom(tb, OCCUPANTS)
    screen, pid = start_natter(tb, tb.natter_config(["alice"]), 120, 40)
    time.sleep(1.0)  # the login burst passes

    runs = []
    for n in range(RUNS):
        cpu, wall, before, after = enter(screen, pid, "lounge%d@%s" % (n, SERVICE), OCCUPANTS)
        runs.append((cpu, wall))
        print("bench_bigroom: a room of %d occupants, %d history messages and a "
              "subject: %.0f ms CPU, %.0f ms wall, RSS %.1f -> %.1f MiB"
              % (OCCUPANTS, HISTORY, cpu * 1000, wall * 1000, before / 1024, after / 1024))
    print("bench_bigroom: median of %d: %.0f ms CPU, %.0f ms wall (the wall time is "
          "mostly the fake service's Python sending)" % (
              RUNS, sorted(r[0] for r in runs)[RUNS // 2] * 1000,
              sorted(r[1] for r in runs)[RUNS // 2] * 1000))
    first.kill()
    FakeRoom(tb, BIG)
    cpu2, wall2, before2, after2 = enter(screen, pid, "hall@" + SERVICE, BIG)
    print("bench_bigroom: a room of %d occupants, %d history messages and a "
          "subject: %.0f ms CPU, %.0f ms wall, RSS %.1f -> %.1f MiB"
          % (BIG, HISTORY, cpu2 * 1000, wall2 * 1000, before2 / 1024, after2 / 1024))
    print("bench_bigroom: memory per occupant: %.0f bytes (RSS growth of the "
          "%d-occupant room / %d)" % ((after2 - before2) * 1024 / BIG, BIG, BIG))
    print("bench_bigroom: context switches in %d s idle in both rooms: %d"
          % (IDLE_SECONDS, idle_switches(pid, IDLE_SECONDS)))


testbed.run_test(body, ui=True,
                 prosody_extra=fakeservice.component_config(SERVICE, SECRET, PORT))
