"""What the benchmarks share: natter in tmux, and its figures from /proc."""

import os
import shlex
import time

import testbed
from testbed import Tmux

def cpu_seconds(pid):
    """CPU time of every thread of pid so far, in seconds: the
    scheduler's nanosecond count (/proc/PID/task/*/schedstat), not the
    10 ms ticks of /proc/PID/stat, which hide a 5 ms cost."""
    total = 0
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, task)) as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:  # a thread that ended meanwhile
            pass
    return total / 1e9


def rss_kib(pid):
    """Resident memory of pid, in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def switches(pid):
    """Context switches of every thread of pid so far."""
    total = 0
    for task in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/status" % (pid, task)) as f:
            for line in f:
                if "ctxt_switches" in line:
                    total += int(line.split(":")[1])
    return total


def idle_switches(pid, seconds):
    """Context switches of pid over seconds of idleness (after a second
    for what is under way to pass)."""
    time.sleep(1.0)
    before = switches(pid)
    time.sleep(seconds)
    return switches(pid) - before


def start_natter(tb, confdir, width, height, account="alice"):
    """natter's terminal UI in tmux for account (None: the accounts marked
    autoconnect); returns the screen and natter's pid, once the account is
    online (with None, at once)."""
    env = tb.natter_env()
    command = "exec " + " ".join(shlex.quote(arg) for arg in (
        ("env", "HOME=" + env["HOME"], "LANG=C.UTF-8",
         "NATTER_DATADIR=" + env.get("NATTER_DATADIR", ""),
         testbed.natter_binary(), "--config-dir", confdir)
        + (("-a", account) if account else ())))
    screen = Tmux(tb, command, width=width, height=height)
    if account:
        screen.wait_screen(lambda t: "online as" in t, what="%s online" % account)
    return screen, int(screen.pane_info("#{pane_pid}"))
