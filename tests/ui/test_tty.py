#!/usr/bin/python3
"""natter's full-screen terminal UI, driven in tmux (100x30).

Asserts what the user sees:
  - the console window shows a line with "alice" and "online";
  - Tab completes a command name and then an account name;
  - typing "/msg bob@localhost hello from tmux" + Enter delivers the message
    to bob (a slixmpp peer);
  - M-2 shows window 2, the conversation with bob, holding that message;
  - bob's answer "reply 日本" appears on screen;
  - a hostile message (8-bit CSI, right-to-left override) shows inert;
  - switching windows redraws the screen in a few writes, not one per row;
  - /quit ends natter with status 0, with no sanitizer report on stderr
    (redirected to a file, so it cannot disturb the screen).
The tmux server is killed at the end whatever happens.
"""

import os
import shlex
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, Tmux, check  # noqa: E402

REPLY = "reply \u65e5\u672c"
HOSTILE = "\u009b31mRED \u202eevil words"


def write_calls(pid):
    """The process's write system calls so far (/proc/PID/io)."""
    with open("/proc/%d/io" % pid, encoding="ascii") as f:
        for line in f:
            if line.startswith("syscw:"):
                return int(line.split()[1])
    raise testbed.TestFailure("no syscw in /proc/%d/io" % pid)


def online_line(text):
    return any("alice" in line and "online" in line.lower()
               for line in text.splitlines())


def body(tb):
    bob = Peer(tb, "bob")
    confdir = tb.natter_config(["alice"])
    env = tb.natter_env()
    stderr_path = os.path.join(tb.workdir, "natter-tty.stderr")
    command = "exec " + " ".join(shlex.quote(arg) for arg in (
        "env", "HOME=" + env["HOME"],
        "XDG_CONFIG_HOME=" + env["XDG_CONFIG_HOME"],
        "XDG_DATA_HOME=" + env["XDG_DATA_HOME"],
        "XDG_STATE_HOME=" + env["XDG_STATE_HOME"],
        "XDG_CACHE_HOME=" + env["XDG_CACHE_HOME"],
        "XDG_RUNTIME_DIR=" + env["XDG_RUNTIME_DIR"],
        "LANG=C.UTF-8",
        testbed.natter_binary(), "--config-dir", confdir, "-a", "alice"))
    command += " 2>" + shlex.quote(stderr_path)
    screen = Tmux(tb, command, width=100, height=30)

    screen.wait_screen(online_line, what="a line with alice and online")

    # Tab completes from the command table: a command name, then an
    # account name (the input line is the last row of the screen).
    screen.send_text("/conn")
    screen.send_keys("Tab")
    screen.wait_screen(lambda t: t.rstrip("\n").splitlines()[-1].rstrip() == "/connect",
                       what="/conn completed to /connect")
    screen.send_text("al")
    screen.send_keys("Tab")
    screen.wait_screen(lambda t: t.rstrip("\n").splitlines()[-1].startswith(
        "/connect alice"), what="the account name completed")
    screen.send_keys("C-u")

    screen.send_text("/msg %s hello from tmux" % bob.jid)
    screen.send_keys("Enter")
    got = bob.wait_message(lambda m: m["from"].split("/")[0]
                           == tb.jid("alice"))
    check(got["body"] == "hello from tmux",
          "bob received %r, expected 'hello from tmux'" % got["body"])

    screen.send_keys("M-2")
    # The sent message, not the command line that was typed.
    screen.wait_screen(lambda text: any(
        "hello from tmux" in line and "/msg" not in line
        for line in text.splitlines()),
        what="window 2 with the message sent to bob")

    bob.send_message(tb.jid("alice"), REPLY)
    text = screen.wait_screen(REPLY, what="bob's reply %r" % REPLY)
    check("\x1b" not in text, "escape sequence in captured text")

    # Hostile text: an 8-bit CSI (U+009B, allowed in XML) that would turn
    # the screen red, and a right-to-left override. The sanitizer shows the
    # CSI as U+FFFD and drops the override: the words stay readable, in
    # order, and the next line is unharmed.
    bob.send_message(tb.jid("alice"), HOSTILE)
    text = screen.wait_screen(lambda t: "31mRED" in t and "evil" in t,
                              what="the hostile message, shown inert")
    line = next(l for l in text.splitlines() if "31mRED" in l)
    check("\ufffd31mRED" in line, "CSI not shown as U+FFFD: %r" % line)
    check("\u202e" not in text and "\u009b" not in text,
          "a control character reached the screen: %r" % line)
    check(line.index("RED") < line.index("evil"),
          "text reordered on screen: %r" % line)

    # A frame goes out in one write (one packet over SSH), not a write
    # per row: switching between the console and a full window 2 redraws
    # every row of the main area (the rest are the title, the chat states
    # sent to bob and GLib's own wakeups).
    for i in range(30):
        bob.send_message(tb.jid("alice"), "filler %d" % i)
    screen.wait_screen("filler 29", what="window 2 full of bob's lines")
    pid = int(screen.pane_info("#{pane_pid}"))
    writes = []
    for key in ("M-1", "M-2", "M-1"):
        before = write_calls(pid)
        screen.send_keys(key)
        screen.wait_screen(lambda t: (key == "M-2") == ("filler 29" in t),
                           what="window %s shown" % key[-1])
        time.sleep(0.3)  # anything still to come of that redraw
        writes.append(write_calls(pid) - before)
    if testbed.WRAPPED:
        # valgrind's own writes (its scheduler's pipe) are counted too.
        print("under valgrind: write calls per switch %s not checked" % writes)
    else:
        check(max(writes) <= 8, "switching windows took %s write calls: a "
              "write per row, not one per frame" % writes)

    screen.send_text("/quit")
    screen.send_keys("Enter")
    status = screen.wait_exit()
    with open(stderr_path, encoding="utf-8", errors="replace") as f:
        stderr = f.read()
    check(status in (0, None), "natter exited with status %s after /quit\n%s"
          "\nstderr:\n%s" % (status, screen.screen_dump(), stderr))
    for marker in testbed.SANITIZER_MARKERS:
        check(marker not in stderr, "sanitizer report on natter's stderr:\n%s"
              % stderr)
    screen.kill()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
