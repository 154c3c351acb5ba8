#!/usr/bin/python3
"""Scripting natter: start-up commands (-x) and the headless event schema.

Asserts:
  - the headless "ready" line names the event schema version (1);
  - natter -a alice -x "/msg bob ..." -x "/status away ...": once alice
    is online, the commands run in the order given (their results come
    with seq 0, the /msg one first), bob receives the message (once) and
    then alice's away presence with its text;
  - a failing -x command (an unknown one) reports its error and does not
    stop the ones after it;
  - with an account that cannot log in (nothing listens on its port), the
    commands still run once it has failed.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check, free_ports  # noqa: E402


def results(natter):
    return [e for e in natter.events if e.get("event") == "result"]


def body(tb):
    bob = Peer(tb, "bob")
    confdir = tb.natter_config(["alice"])
    natter = Natter(tb, confdir, extra_args=(
        "-x", "/msg %s written by -x" % tb.jid("bob"),
        "-x", "/nosuchcommand",
        "-x", "/status away set by -x"))
    ready = natter.wait_for({"event": "ready"})
    check(ready.get("schema") == 1, "ready line: %r" % ready)
    natter.wait_online()
    got = bob.wait_message(lambda m: m["body"] == "written by -x")
    natter.wait_for({"event": "result", "command": "status"}, what="the /status result")
    copies = [e for e in bob.events if e.get("event") == "message"
              and e.get("body") == "written by -x"]
    check(len(copies) == 1, "bob received %d copies of the -x message" % len(copies))
    check(got["from"].split("/")[0] == tb.jid("alice"), "the -x message came from %r"
          % got["from"])
    bob.wait_for(lambda e: e.get("event") == "presence" and e.get("show") == "away"
                 and e.get("status") == "set by -x"
                 and (e.get("from") or "").startswith(tb.jid("alice")),
                 what="alice away, set by -x")
    done = results(natter)
    check([(e.get("seq"), e.get("command"), e.get("ok")) for e in done]
          == [(0, "msg", True), (0, None, False), (0, "status", True)],
          "start-up results: %r" % done)
    check("nosuchcommand" in (done[1].get("error") or ""), "the unknown command: %r" % done[1])
    # Commands typed afterwards count from 1.
    result = natter.command("/status")
    check(result.get("seq") == 1 and result.get("ok"), "the first typed command: %r" % result)
    natter.quit_cleanly()

    # An account that fails: the commands run once it has.
    confdir = tb.natter_config({"alice": {"port": free_ports(1)[0]}})
    natter = Natter(tb, confdir, extra_args=("-x", "/account list"))
    natter.wait_session("disconnected")
    got = natter.wait_for({"event": "result", "command": "account"},
                          what="the -x command after the failure")
    check(got.get("ok") and any("alice:" in line for line in got.get("output") or []),
          "/account list from -x: %r" % got)
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
