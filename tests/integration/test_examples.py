#!/usr/bin/python3
"""The scripting examples of the README and natter(1), run as written
(with this test bed's --config-dir and environment).

Asserts:
  - an alert from cron: natter send ops -- "backup failed on $(hostname)"
    run by sh reaches the recipient with the host name filled in;
  - tail -f LOG | natter send --lines: lines appended to LOG reach the
    recipient one by one while the pipeline runs;
  - the unread count for a tmux status line, natter ctl --unread | head -1,
    prints "0 unread, 0 highlights" beside a running natter;
  - examples/echo-bot -a alice: bob's message comes back as
    "you said: ..." from alice;
  - natter -x '/join ROOM' -x '/msg bob ...': the room is entered and bob
    gets the message.
"""

import os
import signal
import socket
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, check, natter_binary  # noqa: E402

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir)


def shell_env(tb, confdir):
    """natter on PATH, and what the examples need to find their natter."""
    env = tb.natter_env()
    env["PATH"] = os.path.dirname(os.path.abspath(natter_binary())) + ":" + env["PATH"]
    env["CONF"] = confdir
    return env


def sh(command, env, timeout=testbed.DEFAULT_TIMEOUT):
    return subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True,
                          timeout=timeout)


def body(tb):
    bob = Peer(tb, "bob")
    confdir = tb.natter_config(["alice"])
    env = shell_env(tb, confdir)
    bobjid = tb.jid("bob")

    done = sh('natter send --config-dir "$CONF" %s -- "backup failed on $(hostname)"'
              % bobjid, env)
    check(done.returncode == 0, "the cron example: %r" % (done,))
    bob.wait_message(lambda m: m["body"] == "backup failed on %s" % socket.gethostname())

    log = os.path.join(tb.workdir, "app.log")
    open(log, "w").close()
    pipeline = subprocess.Popen(["sh", "-c", 'tail -f %s | natter send --config-dir "$CONF"'
                                 ' --lines %s' % (log, bobjid)], env=env,
                                start_new_session=True)
    try:
        for i in range(3):
            with open(log, "a") as f:
                f.write("log line %d\n" % i)
            bob.wait_message(lambda m, i=i: m["body"] == "log line %d" % i)
            check(pipeline.poll() is None, "the tail -f pipeline ended")
    finally:
        os.killpg(pipeline.pid, signal.SIGTERM)
        pipeline.wait(timeout=testbed.DEFAULT_TIMEOUT)

    running = Natter(tb, confdir, env=env)
    running.wait_online()
    done = sh('natter ctl --config-dir "$CONF" --unread | head -1', env)
    check(done.stdout == "0 unread, 0 highlights\n", "the tmux example: %r" % (done,))
    running.quit_cleanly()

    bot = subprocess.Popen([os.path.join(TOP, "examples", "echo-bot"), "-a", "alice",
                            "--config-dir", confdir], env=env, start_new_session=True,
                           stdin=subprocess.DEVNULL)
    try:
        bob.wait_for(lambda e: e.get("event") == "presence"
                     and (e.get("from") or "").startswith(tb.jid("alice") + "/"),
                     what="the bot online")
        bob.send_message(tb.jid("alice"), "ping \u00e9")
        got = bob.wait_message(lambda m: m["body"] == "you said: ping \u00e9")
        check(got["from"].startswith(tb.jid("alice")), "the echo came from %r" % got["from"])
    finally:
        os.killpg(bot.pid, signal.SIGTERM)
        bot.wait(timeout=testbed.DEFAULT_TIMEOUT)

    room = "team@" + tb.muc_domain
    muc.create_room(bob, room, "bob")
    mark = bob.mark()
    started = Natter(tb, confdir, extra_args=("-x", "/join %s" % room,
                                              "-x", "/msg %s on my way" % bobjid))
    bob.wait_message(lambda m: m["body"] == "on my way")
    bob.wait_for(lambda e: e.get("event") == "presence" and e.get("from") == room + "/alice",
                 since=mark, what="alice entering the room")
    started.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
