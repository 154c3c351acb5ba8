#!/usr/bin/python3
"""natter's terminal UI in tmux: start, type, read the screen.

A Tmux object owns one private tmux server (its own -L socket name and a
config file in the work directory) for the lifetime of a test; kill() ends
the server and removes its socket. Testbed.stop() calls kill().
"""

import os
import secrets
import subprocess
import time
import unicodedata

from tbcommon import (DEFAULT_TIMEOUT, EXIT_TIMEOUT, TestFailure,
                      wait_until)


class Tmux:
    """A private tmux server running one command in a detached session.

    The server has its own socket name (-L), no user configuration, the
    status line off (so the pane is the whole width x height) and
    remain-on-exit on (so the exit status of the command can be read).
    Testbed.stop() kills the server.
    """

    label = "tmux"

    def __init__(self, testbed, command, env=None, width=100, height=30,
                 session="natter"):
        self.testbed = testbed
        self.socket = "natter-test-%d-%s" % (os.getpid(),
                                             secrets.token_hex(4))
        self.session = session
        self.command = command
        self.conf_path = os.path.join(testbed.workdir, "tmux-%d.conf"
                                      % testbed.next_id())
        terminal = "tmux-256color" if _has_terminfo("tmux-256color") \
            else "screen"
        with open(self.conf_path, "w") as f:
            f.write("set -g default-terminal %s\n"
                    "set -g status off\n"
                    "set -g remain-on-exit on\n"
                    "set -g history-limit 5000\n" % terminal)
        self.env = dict(env if env is not None else os.environ)
        self.env.pop("TMUX", None)
        self.env["LANG"] = "C.UTF-8"
        self.env.pop("LC_ALL", None)
        self.last_screen = ""
        self.socket_path = None
        self.alive = True
        testbed.children.append(self)
        self.tmux("new-session", "-d", "-s", session, "-x", str(width),
                  "-y", str(height), command)
        self.socket_path = self.tmux("display-message", "-p",
                                     "#{socket_path}").strip()

    def tmux(self, *args, check_status=True):
        """Run one tmux command against our server; return its stdout."""
        argv = ["tmux", "-u", "-L", self.socket, "-f", self.conf_path] + \
            list(args)
        result = subprocess.run(argv, env=self.env, capture_output=True,
                                timeout=EXIT_TIMEOUT)
        if check_status and result.returncode != 0:
            raise TestFailure("%s failed (%d): %s" % (
                " ".join(argv), result.returncode,
                result.stderr.decode("utf-8", "replace")))
        return result.stdout.decode("utf-8", "replace")

    def screen(self):
        """The visible pane as text, one line per row."""
        self.last_screen = self.tmux("capture-pane", "-p", "-t",
                                     self.session)
        return self.last_screen

    def wait_screen(self, predicate, timeout=DEFAULT_TIMEOUT, what=None):
        """Poll the screen until predicate(text) holds; return the text.

        predicate: a callable on the screen text, or a string that must
        appear on it. Fails showing the last screen at the deadline.
        """
        if isinstance(predicate, str):
            needle = predicate
            what = what or repr(needle)
            predicate = lambda text: needle in text  # noqa: E731
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if predicate(text):
                return text
            if self.pane_dead():
                break
            if time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        raise TestFailure("screen never showed %s (%s)\n%s"
                          % (what or "the expected text",
                             "the program exited" if self.pane_dead()
                             else "timed out after %.1f s" % timeout,
                             self.screen_dump()))

    def screen_dump(self):
        lines = self.last_screen.splitlines()
        width = max([_columns(line) for line in lines] + [20])
        rule = "+" + "-" * width + "+"
        body = "\n".join("|%s%s|" % (line, " " * (width - _columns(line)))
                         for line in lines)
        return "last screen:\n%s\n%s\n%s" % (rule, body, rule)

    def send_text(self, text):
        """Type text literally (no key names interpreted)."""
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def send_keys(self, *keys):
        """Press keys by tmux name: Enter, M-2, C-c, ..."""
        self.tmux("send-keys", "-t", self.session, *keys)

    def pane_info(self, fmt):
        return self.tmux("display-message", "-p", "-t", self.session,
                         fmt, check_status=False).strip()

    def pane_dead(self):
        """True once the command has exited (or the session is gone)."""
        if not self.alive:
            return True
        return self.pane_info("#{pane_dead}") in ("1", "")

    def wait_exit(self, timeout=EXIT_TIMEOUT):
        """Wait until the command exits; return its status (None if unknown).
        """
        wait_until(self.pane_dead, timeout, "the program in tmux to exit")
        status = self.pane_info("#{pane_dead_status}")
        return int(status) if status.isdigit() else None

    def kill(self):
        if self.alive:
            self.tmux("kill-server", check_status=False)
            self.alive = False
        # tmux leaves its socket file behind; it is ours to remove.
        if self.socket_path and os.path.basename(self.socket_path) \
                == self.socket:
            try:
                os.unlink(self.socket_path)
            except FileNotFoundError:
                pass

    def diagnostics(self):
        return "---- tmux %s running %s ----\n%s" % (
            self.socket, self.command, self.screen_dump())


def _columns(text):
    """Terminal columns text takes: wide (CJK, emoji) characters take 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _has_terminfo(name):
    for base in ("/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"):
        if os.path.exists(os.path.join(base, name[0], name)):
            return True
    return False
