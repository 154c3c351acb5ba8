#!/usr/bin/python3
"""Bad input gets a clear refusal, never a crash or silence.

Asserts:
  - /nosuchcommand: ok false, the error names "nosuchcommand";
  - /msg with no arguments: ok false with a usage line naming /msg;
  - /msg to a malformed JID (bad@@jid, @localhost): ok false, error given;
  - "/msg not a jid@@ x": "not" is a well-formed (domain) JID, so natter may
    send it; then the server's error must come back as an error event for
    that message id. Either way the user is told;
  - after all that natter still answers /help and exits 0 on /quit;
  - accounts.ini readable by others (mode 0644): natter refuses it with a
    message telling the user to chmod it, and never goes online;
  - a config directory others can open (0755): natter warns, naming it
    and "chmod 700", and still goes online.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check, wait_until  # noqa: E402


def refused(result, what):
    check(result.get("ok") is False,
          "%s was accepted: %s" % (what, json.dumps(result)))
    check(result.get("error"), "%s refused without an error text: %s"
          % (what, json.dumps(result)))


def bad_commands(tb):
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()

    result = natter.command("/nosuchcommand")
    refused(result, "/nosuchcommand")
    check("nosuchcommand" in result["error"],
          "error does not name the command: %r" % result["error"])

    result = natter.command("/msg")
    refused(result, "/msg without arguments")
    check("/msg" in (result.get("usage") or ""),
          "no usage line for /msg: %s" % json.dumps(result))

    for jid in ("bad@@jid", "@localhost", "alice@"):
        result = natter.command("/msg %s x" % jid)
        refused(result, "/msg to %s" % jid)

    seq = natter.send("/msg not a jid@@ x")
    result = natter.wait_for({"event": "result", "seq": seq})
    if result.get("ok") is False:
        check(result.get("error"), "refused without an error text: %s"
              % json.dumps(result))
    else:
        sent = natter.wait_for({"event": "message", "direction": "out",
                                "to": "not"})
        natter.wait_for({"event": "message", "type": "error",
                         "id": sent.get("id")})

    result = natter.command("/help")
    check(result.get("ok") is True and result.get("output"),
          "/help after bad input did not answer: %s" % json.dumps(result))
    natter.quit_cleanly()


def world_readable_config(tb):
    confdir = tb.natter_config(["alice"])
    os.chmod(os.path.join(confdir, "accounts.ini"), 0o644)
    natter = Natter(tb, confdir)

    def everything():
        return (b"".join(natter.raw_lines).decode("utf-8", "replace")
                + natter.stderr_text())

    def settled():
        # Waiting on either outcome: natter exits, or says chmod and stays.
        return natter.proc.poll() is not None or "chmod" in everything()

    wait_until(settled, testbed.DEFAULT_TIMEOUT,
               "natter to refuse accounts.ini with mode 0644")
    if natter.proc.poll() is not None:
        natter.wait_exit()      # also collects the rest of its stdout
    testbed.log("natter said (exit status %s):\n%s"
                % (natter.proc.poll(), everything()))
    check("chmod" in everything(),
          "natter did not tell the user to chmod accounts.ini\n%s"
          % natter.diagnostics())
    if natter.proc.poll() is None:
        natter.quit()
    check(not natter.find({"event": "session", "state": "online"}),
          "natter went online with a world-readable accounts.ini")
    natter.check_clean()


def open_directory(tb):
    """A config directory others can open (0755): natter warns, naming it
    and chmod 700, and goes on (its files are 0600 and checked)."""
    confdir = tb.natter_config(["alice"])
    os.chmod(confdir, 0o755)
    natter = Natter(tb, confdir)
    natter.wait_online()
    said = natter.wait_for(lambda e: "can be opened by others (mode 0755)" in (e.get("text") or "")
                           and ("chmod 700 %s" % confdir) in (e.get("text") or ""),
                           what="the warning about the directory")
    check(said.get("event") == "log" and said.get("level") in ("warning", "WARNING"),
          "not a warning: %r" % said)
    natter.quit_cleanly()


def body(tb):
    bad_commands(tb)
    world_readable_config(tb)
    open_directory(tb)


if __name__ == "__main__":
    testbed.run_test(body)
