#!/usr/bin/python3
"""Five accounts on two virtual hosts, connected at once from one natter.

The private Prosody serves localhost and example.net. natter has five
accounts (alice, bob, carol on localhost; dave, erin on example.net), all
marked autoconnect, started without -a; frank (a slixmpp peer) talks to
them. Asserts:
  - all five log in;
  - a message from frank to each lands on the account it was sent to;
  - a reply from each account reaches frank from that account's JID;
  - bob's connection goes through a proxy; cutting it makes bob alone
    reconnect (no other account has a session event meanwhile), and bob
    chats again afterwards;
  - carol's password changed on the server: her next login fails saying
    the authentication failed, while alice and dave keep chatting.
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from proxy import CutProxy  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

OTHER = "example.net"
ACCOUNTS = {"alice": "alice", "bob": "bob", "carol": "carol",
            "dave": "dave@" + OTHER, "erin": "erin@" + OTHER}


def bare(jid):
    return str(jid).split("/")[0]


def message_lands(natter, account, body):
    got = natter.wait_for(lambda e: e.get("event") == "message" and e.get("body") == body,
                          what="message %r" % body)
    check(got.get("account") == account, "%r arrived on account %r, not %r"
          % (body, got.get("account"), account))


def reply_reaches(tb, natter, frank, account, body):
    natter.ok("/msg -a %s %s %s" % (account, tb.jid("frank"), body))
    got = frank.wait_message(lambda m: m["body"] == body)
    check(bare(got["from"]) == tb.jid(ACCOUNTS[account]),
          "%r from account %s reached frank from %s" % (body, account, got["from"]))


def body(tb):
    proxy = CutProxy(tb.c2s_port)
    config = {user: {"group": name, "autoconnect": "yes"} for name, user in ACCOUNTS.items()}
    config["bob"]["port"] = proxy.port
    natter = Natter(tb, tb.natter_config(config), account=None)
    for name in ACCOUNTS:
        natter.wait_session("online", account=name)
    frank = Peer(tb, "frank")

    for name, user in ACCOUNTS.items():
        frank.send_message(tb.jid(user), "to %s" % name)
        message_lands(natter, name, "to %s" % name)
    for name in ACCOUNTS:
        reply_reaches(tb, natter, frank, name, "from %s" % name)

    # bob's link breaks: bob alone goes through losing and getting back
    # his session; the other four see nothing of it.
    mark = len(natter.events)
    proxy.cut()
    natter.wait_for(lambda e: e.get("event") == "session" and e.get("account") == "bob"
                    and e.get("state") == "online", since=mark, what="bob online again")
    others = [e for e in natter.events[mark:] if e.get("event") == "session"
              and e.get("account") != "bob"]
    check(not others, "a cut of bob's connection touched other accounts: %r" % others)
    frank.send_message(tb.jid("bob"), "to bob again")
    message_lands(natter, "bob", "to bob again")
    reply_reaches(tb, natter, frank, "bob", "bob is back")

    # carol's password changes on the server: her next login fails with
    # the reason; alice and dave chat on.
    tb.set_password("carol", "changed-elsewhere")
    natter.ok("/disconnect carol")
    natter.wait_session("disconnected", account="carol")
    mark = len(natter.events)
    natter.ok("/connect carol")
    failed = natter.wait_for(lambda e: e.get("event") == "session" and e.get("account") == "carol"
                             and e.get("state") == "disconnected", since=mark,
                             what="carol's login refused")
    check("authentication failed" in (failed.get("reason") or "") and failed.get("error"),
          "carol's failed login: %r" % failed)
    for name in ("alice", "dave"):
        frank.send_message(tb.jid(ACCOUNTS[name]), "still here, %s?" % name)
        message_lands(natter, name, "still here, %s?" % name)
        reply_reaches(tb, natter, frank, name, "%s still here" % name)
    time.sleep(0.5)
    late = [e for e in natter.events[mark:] if e.get("event") == "session"
            and e.get("account") != "carol"]
    check(not late, "carol's failure touched other accounts: %r" % late)
    natter.quit_cleanly()
    proxy.close()


if __name__ == "__main__":
    testbed.run_test(body, users=("alice", "bob", "carol", "frank", "dave@" + OTHER,
                                  "erin@" + OTHER), other_domain=OTHER)
