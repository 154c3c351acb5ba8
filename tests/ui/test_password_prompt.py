#!/usr/bin/python3
"""The password asked for in the input line, for an account without one.

alice and bob have neither password nor eval_password in accounts.ini;
natter starts on both (autoconnect). Asserts what the user sees:
  - the input line asks "password for alice (alice@localhost): " and
    what is typed shows as one '*' per character, never in clear;
  - Enter logs alice in with it; then bob is asked;
  - an empty answer leaves bob disconnected, the console saying how to
    be asked again; /connect bob asks again (Up recalls nothing of the
    history into the question), and bob logs in;
  - neither password reaches the input history file or accounts.ini.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import check  # noqa: E402
from tmuxdriver import NatterScreen  # noqa: E402


def input_row(screen):
    return screen.rows()[-1].rstrip()


def asked(screen, user, tb):
    prompt = "password for %s (%s): " % (user, tb.jid(user))
    screen.wait_screen(lambda t: screen.rows(t)[-1].startswith(prompt.rstrip()),
                       what="the question for %s's password" % user)
    return prompt


def body(tb):
    confdir = tb.natter_config({user: {"password": None, "autoconnect": "yes"}
                                for user in ("alice", "bob")})
    screen = NatterScreen(tb, confdir, account=None)

    prompt = asked(screen, "alice", tb)
    secret = tb.password("alice")
    screen.send_text(secret)
    screen.wait_screen(lambda t: input_row(screen) == prompt + "*" * len(secret),
                       what="alice's password masked, one * per character")
    check(secret not in screen.last_screen, "alice's password shows on the screen")
    screen.send_keys("Enter")
    screen.wait_screen(lambda t: "alice (online)" in t, what="alice online")

    asked(screen, "bob", tb)
    screen.send_keys("Enter")
    screen.wait_screen(lambda t: "no password given: /connect bob asks again" in t,
                       what="bob left without a password")
    check(input_row(screen) == "", "the input line after the question: %r"
          % input_row(screen))

    screen.send_text("/connect bob")
    screen.send_keys("Enter")
    prompt = asked(screen, "bob", tb)
    # The history is not there to go through into the question.
    screen.send_keys("Up", "C-p")
    screen.send_text("x")
    screen.wait_screen(lambda t: input_row(screen) == prompt + "*",
                       what="Up recalling nothing into the question")
    screen.send_keys("BSpace")
    secret = tb.password("bob")
    screen.send_text(secret)
    screen.send_keys("Enter")
    screen.wait_screen(lambda t: "bob (online)" in t, what="bob online")
    screen.send_text("/win 1")
    screen.send_keys("Enter")
    screen.quit_cleanly()

    with open(os.path.join(confdir, "input_history"), encoding="utf-8",
              errors="replace") as f:
        history = f.read()
    with open(os.path.join(confdir, "accounts.ini"), encoding="utf-8") as f:
        accounts = f.read()
    check("/connect bob" in history, "the input history was not written:\n%s" % history)
    for user in ("alice", "bob"):
        check(tb.password(user) not in history, "%s's password in the history" % user)
        check(tb.password(user) not in accounts, "%s's password in accounts.ini" % user)


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
