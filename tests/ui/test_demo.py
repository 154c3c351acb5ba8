#!/usr/bin/python3
"""make demo, as a newcomer runs it: tests/testbed/demo in a terminal.

Asserts what the newcomer sees and what is left afterwards:
  - the demo brings natter up logged in as alice (the console says online);
  - "/msg bob@localhost hello demo" gets "echo: hello demo" back from the
    echo bot, on screen;
  - /quit ends natter, and with it the demo's Prosody and echo bot: no
    process of the demo is left, and the demo exits 0.
"""

import os
import shlex
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Tmux, check  # noqa: E402

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                    "testbed", "demo")


def demo_processes(demo_dir):
    """Processes started by the demo (Prosody, the bot, natter): those that
    name its directory, but for the tmux server that runs the test."""
    out = subprocess.run(["ps", "-eo", "pid=,stat=,args="], capture_output=True,
                         text=True).stdout
    found = []
    for line in out.splitlines():
        pid, state, args = (line.split(None, 2) + ["", ""])[:3]
        if demo_dir in args and "tmux" not in args and not state.startswith("Z"):
            found.append("%s %s" % (pid, args[:80]))
    return found


def body(tb):
    demo_dir = os.path.join(tb.workdir, "demo")
    command = "exec env NATTER=%s %s %s" % (
        shlex.quote(testbed.natter_binary()), shlex.quote(DEMO),
        shlex.quote(demo_dir))
    screen = Tmux(tb, command, width=100, height=30)
    screen.wait_screen(lambda text: "online as alice@localhost" in text,
                       timeout=60, what="natter online in the demo")
    screen.send_text("/msg bob@localhost hello demo")
    screen.send_keys("Enter")
    screen.wait_screen("echo: hello demo", timeout=20,
                       what="the echo bot's answer")
    check(demo_processes(demo_dir), "no demo process found while it runs")
    screen.send_text("/quit")
    screen.send_keys("Enter")
    status = screen.wait_exit(timeout=30)
    check(status in (0, None), "the demo exited with status %s\n%s"
          % (status, screen.screen_dump()))
    testbed.wait_until(lambda: not demo_processes(demo_dir), timeout=15,
                       what="the demo's server and bot to stop (left: %s)"
                       % demo_processes(demo_dir))
    screen.kill()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
