#!/usr/bin/python3
"""natter search and natter export: the history from the command line.

bob writes to alice (accented and Cyrillic words), alice answers; then,
with natter stopped and again while it runs:
  - natter search creme finds "Crème brûlée?" (case and accents aside),
    exit 0, one line with account, conversation, sender and text;
  - москве (lower case) finds the Cyrillic message; a word nobody wrote finds nothing
    (exit 1);
  - --json: one object per result, the text exact;
  - --from alice@localhost finds only alice's answer; --in another JID
    and -a another account find nothing; --since tomorrow nothing,
    --until tomorrow everything;
  - a query FTS cannot read, or a date that is none: exit 64 with the
    reason; no history at all: exit 69;
  - /search in the running natter lists the same matches as command
    output (numbered, under a count) and as the result's "messages",
    says when nothing matches, refuses an unknown account;
  - natter export --format json gives every message oldest first, text
    exact; the text format a line each; --in and --since filter; a format
    that is none: exit 64.
"""

import datetime
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check, natter_binary  # noqa: E402


def search(confdir, *args):
    return subprocess.run([natter_binary(), "search", "--config-dir", confdir] + list(args),
                          capture_output=True, text=True, timeout=testbed.DEFAULT_TIMEOUT)


def export(confdir, *args):
    return subprocess.run([natter_binary(), "export", "--config-dir", confdir] + list(args),
                          capture_output=True, text=True, timeout=testbed.DEFAULT_TIMEOUT)


def body(tb):
    bob = Peer(tb, "bob")
    confdir = tb.natter_config(["alice"])
    natter = Natter(tb, confdir)
    natter.wait_online()
    for text in ("Crème brûlée tonight?", "Встреча в Москве"):
        bob.send_message(tb.jid("alice"), text)
        natter.wait_for({"event": "message", "body": text})
    natter.ok("/msg %s yes, creme brulee" % tb.jid("bob"))
    bob.wait_message(lambda m: m["body"] == "yes, creme brulee")
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()

    for running in (True, False):
        what = "while natter runs" if running else "after natter stopped"
        done = search(confdir, "crème")
        lines = done.stdout.splitlines()
        check(done.returncode == 0 and len(lines) == 2
              and any("alice  %s  <%s/peer> Crème brûlée tonight?" % (tb.jid("bob"), tb.jid("bob"))
                      in line for line in lines),
              "search crème %s: %r" % (what, done))
        done = search(confdir, "москве")
        check(done.returncode == 0 and "Встреча в Москве" in done.stdout, "Cyrillic: %r" % (done,))
        done = search(confdir, "nobodywrotethis")
        check(done.returncode == 1 and done.stdout == "", "nothing found: %r" % (done,))
        if running:
            # /search in the running natter: the same, as command output
            # (a count first, then the matches numbered), and as
            # "messages" in the result.
            result = natter.ok("/search crème")
            out = result.get("output") or []
            check(len(out) == 3
                  and out[0] == "2 messages of the history match 'crème', newest first"
                  and out[2].startswith("2  ")
                  and out[2].endswith("<%s/peer> Crème brûlée tonight?" % tb.jid("bob")),
                  "/search crème: %r" % out)
            found = result.get("messages") or []
            check([m.get("body") for m in found] == ["yes, creme brulee",
                                                     "Crème brûlée tonight?"],
                  "/search crème, messages: %r" % found)
            out = natter.ok("/search nobodywrotethis").get("output") or []
            check(out == ["nothing in the history matches 'nobodywrotethis'"],
                  "/search without results: %r" % out)
            refused = natter.command("/search -a nosuch creme")
            check(refused.get("ok") is False and "no account named 'nosuch'"
                  in (refused.get("error") or ""), "/search -a nosuch: %r" % refused)
            refused = natter.command('/search "unbalanced')
            check(refused.get("ok") is False, "/search with a bad query: %r" % refused)
            natter.quit_cleanly()

    done = search(confdir, "--json", "creme", "tonight")
    found = [json.loads(line) for line in done.stdout.splitlines()]
    check(len(found) == 1 and found[0]["body"] == "Crème brûlée tonight?"
          and found[0]["direction"] == "in" and found[0]["account"] == "alice"
          and found[0]["conversation"] == tb.jid("bob") and done.stdout.isascii(),
          "--json: %r" % (done,))
    done = search(confdir, "--from", tb.jid("alice"), "creme")
    check(done.returncode == 0 and len(done.stdout.splitlines()) == 1
          and "yes, creme brulee" in done.stdout, "--from: %r" % (done,))
    for args in (("--in", tb.jid("carol")), ("-a", "work"), ("--since", tomorrow)):
        done = search(confdir, *(args + ("creme",)))
        check(done.returncode == 1, "%r: %r" % (args, done))
    done = search(confdir, "--until", tomorrow, "creme")
    check(done.returncode == 0 and len(done.stdout.splitlines()) == 2, "--until: %r" % (done,))
    done = search(confdir, '"unbalanced')
    check(done.returncode == 64 and "cannot search" in done.stderr, "bad query: %r" % (done,))
    done = search(confdir, "--since", "last week", "creme")
    check(done.returncode == 64 and "not a date" in done.stderr, "bad date: %r" % (done,))
    empty = tb.natter_config(["carol"])
    done = search(empty, "creme")
    check(done.returncode == 69 and "no history" in done.stderr, "no history: %r" % (done,))

    # natter export: every message, oldest first; JSON exact, text readable.
    done = export(confdir, "--format", "json")
    exported = [json.loads(line) for line in done.stdout.splitlines()]
    check(done.returncode == 0 and [e["body"] for e in exported]
          == ["Crème brûlée tonight?", "Встреча в Москве", "yes, creme brulee"]
          and [e["direction"] for e in exported] == ["in", "in", "out"],
          "export json: %r" % (done,))
    done = export(confdir)
    lines = done.stdout.splitlines()
    check(done.returncode == 0 and len(lines) == 3 and lines[0].endswith(
          "alice  %s  <%s/peer> Crème brûlée tonight?" % (tb.jid("bob"), tb.jid("bob"))),
          "export txt: %r" % (done,))
    done = export(confdir, "--in", tb.jid("carol"))
    check(done.returncode == 0 and done.stdout == "", "export --in carol: %r" % (done,))
    done = export(confdir, "--since", tomorrow)
    check(done.returncode == 0 and done.stdout == "", "export --since tomorrow: %r" % (done,))
    done = export(confdir, "--format", "csv")
    check(done.returncode == 64 and "txt or json" in done.stderr, "bad format: %r" % (done,))


if __name__ == "__main__":
    testbed.run_test(body)
