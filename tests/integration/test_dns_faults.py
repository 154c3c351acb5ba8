#!/usr/bin/python3
"""Fault suite: DNS failing (issue 11).

natter runs in a private mount namespace whose /etc/resolv.conf names only
a DNS server this test runs on port 53 of a loopback address
(tests/testbed/dnsserver.py; options timeout:1 attempts:1), which answers, stays silent or answers
SERVFAIL as the test says. The account "named" gives server
xmpp.natter.test, a name only that DNS knows, so natter has to look it up
there; its A record points at 127.0.0.1 and its port is a proxy in front
of Prosody (tests/testbed/proxy.py) that the test can cut. Asserts:

  - DNS silent, account without server (domain localhost): the SRV lookups
    (_xmpp-client and _xmpps-client) are asked, time out, and natter falls
    back to the domain itself (RFC 6120 3.2.2) and logs in;
  - DNS silent, then NXDOMAIN, then SERVFAIL for the server's name: each
    /connect ends "disconnected" with error and a reason saying the
    server's name could not be resolved (and which name), without retrying
    on its own; while the silent lookup runs natter answers a command at
    once (before the lookup ends: the loop is not blocked) and it keeps
    running;
  - DNS answering again with an A record: /connect logs in;
  - online through the proxy, DNS failing (SERVFAIL, then silent), the
    connection cut: natter says it waits to reconnect, at least two
    further attempts fail on the name (each reported as waiting, with the
    reason and a delay that does not shrink), it never gives up, and it
    answers a command at once while a lookup hangs; once DNS answers
    again it comes back online by itself and a message it sends then
    reaches bob.
Needs root (unshare -m, mount --bind), as CI has.
"""

import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from dnsserver import (TYPE_A, TYPE_SRV, DnsServer,  # noqa: E402
                       natter_in_namespace, require_root, start,
                       write_resolv_conf)
from proxy import CutProxy  # noqa: E402
from tbcommon import scaled  # noqa: E402
from testbed import Peer, check  # noqa: E402

SERVER_NAME = "xmpp.natter.test"
UNRESOLVED = "cannot resolve the server's name"
# A command answered "at once", with room for a loaded machine (and for
# valgrind); what proves the loop free is that the answer comes before
# the lookup's end, which a silent DNS delays by 1 s (timeout:1).
AT_ONCE_S = scaled(1.5)


def session_events(natter, account, since):
    return [e for e in natter.events[since:]
            if e.get("event") == "session" and e.get("account") == account]


def settled(account):
    def match(event):
        return (event.get("event") == "session" and event.get("account") == account
                and event.get("state") in ("online", "disconnected"))
    match.__doc__ = "%s online or disconnected" % account
    return match


def answers_at_once(natter, pending):
    """natter answers /help msg at once, before the event `pending`
    (a predicate) that an unfinished lookup will bring: the loop is not
    waiting for the lookup."""
    mark = natter.mark()
    asked = time.monotonic()
    seq = natter.send("/help msg")
    result = natter.wait_for({"event": "result", "seq": seq}, timeout=10)
    took = time.monotonic() - asked
    check(result.get("ok") is True and took < AT_ONCE_S,
          "natter answered /help msg in %.1f s during a DNS lookup: %s"
          % (took, json.dumps(result)))
    events = natter.events[mark:]
    answered = events.index(result)
    check(not any(pending(e) for e in events[:answered]),
          "the lookup ended before natter answered /help msg: the loop "
          "waited for it\n%s" % natter.stdout_text())


def fallback_to_domain(natter, dns):
    """Scenario 1: SRV lookups unanswered, the domain itself is used."""
    dns.mode = "silent"
    asked = time.monotonic()
    natter.send("/connect alice")
    event = natter.wait_for(settled("alice"), timeout=15)
    check(event["state"] == "online", "no login after the SRV lookups timed "
          "out: %s\n%s" % (json.dumps(event), natter.stdout_text()))
    for service in ("_xmpp-client._tcp.localhost", "_xmpps-client._tcp.localhost"):
        check(dns.asked(service, TYPE_SRV), "natter asked no %s SRV record: %r"
              % (service, dns.queries))
    testbed.log("alice online %.1f s after /connect with DNS silent"
                % (time.monotonic() - asked))
    natter.ok("/disconnect alice")
    natter.wait_for({"event": "session", "account": "alice",
                     "state": "disconnected"})


def connect_fails(natter, dns, mode, hangs=False):
    """Scenarios 2 and 3: /connect named ends disconnected, with why."""
    dns.mode = mode
    before = dns.asked(SERVER_NAME, TYPE_A)
    mark = natter.mark()
    natter.send("/connect named")
    natter.wait_for({"event": "session", "account": "named",
                     "state": "connecting"}, since=mark)
    if hangs:
        answers_at_once(natter, settled("named"))
    event = natter.wait_for(settled("named"), since=mark, timeout=15)
    reason = event.get("reason") or ""
    check(event["state"] == "disconnected" and event.get("error") is True
          and reason.startswith(UNRESOLVED) and SERVER_NAME in reason,
          "DNS %s: /connect did not end disconnected for the name: %s\n%s"
          % (mode, json.dumps(event), natter.stdout_text()))
    check(dns.asked(SERVER_NAME, TYPE_A) > before,
          "DNS %s: natter did not ask our DNS for %s: %r"
          % (mode, SERVER_NAME, dns.queries))
    check(not [e for e in session_events(natter, "named", mark)
               if e.get("state") == "waiting"],
          "DNS %s: a first /connect that failed went on retrying\n%s"
          % (mode, natter.stdout_text()))
    check(natter.proc.poll() is None, "natter exited after DNS %s" % mode)
    testbed.log("DNS %s: %s" % (mode, reason))


def wait_dns_failure(natter, since):
    """The next retry failing on the name: the "waiting" event it brings
    (wait_for() returns each event once: an earlier one does not count)."""
    event = natter.wait_for(lambda e: e.get("event") == "session"
                            and e.get("account") == "named"
                            and e.get("state") in ("waiting", "online", "disconnected"),
                            since=since, timeout=20,
                            what="named waiting after a failed lookup")
    reason = event.get("reason") or ""
    check(event.get("state") == "waiting" and reason.startswith(UNRESOLVED)
          and SERVER_NAME in reason and "reconnecting in" in reason
          and event.get("error") is True and (event.get("retry_in") or 0) >= 1,
          "a retry that failed on DNS did not leave natter waiting to "
          "reconnect, with the reason: %s\n%s"
          % (json.dumps(event), natter.stdout_text()))
    return event


def lost_while_dns_fails(tb, natter, dns, proxy, bob):
    """Scenario 5: the connection lost while DNS fails; back by itself."""
    dns.mode = "servfail"
    mark = natter.mark()
    check(proxy.cut() >= 1, "the proxy had no connection to cut")
    lost = natter.wait_for({"event": "session", "account": "named",
                            "state": "waiting"}, since=mark)
    check("reconnecting in" in (lost.get("reason") or ""),
          "waiting without saying when: %s" % json.dumps(lost))
    failures = [wait_dns_failure(natter, mark)]
    # The next lookup hangs: natter waits for it without blocking.
    dns.mode = "silent"
    natter.wait_for({"event": "session", "account": "named",
                     "state": "connecting"}, since=natter.mark(), timeout=10)
    answers_at_once(natter, lambda e: e.get("event") == "session"
                    and e.get("account") == "named" and e.get("state") != "connecting")
    failures.append(wait_dns_failure(natter, mark))
    delays = [e["retry_in"] for e in failures]
    check(delays == sorted(delays) and delays[-1] > delays[0],
          "the delays between retries did not grow: %r" % delays)
    dns.mode = "answer"
    back = natter.wait_for(lambda e: e.get("event") == "session"
                           and e.get("account") == "named"
                           and e.get("state") in ("online", "disconnected"),
                           since=mark, timeout=20, what="named back online")
    check(back["state"] == "online", "natter did not come back once DNS "
          "answered: %s\n%s" % (json.dumps(back), natter.stdout_text()))
    check(not [e for e in session_events(natter, "named", mark)
               if e.get("state") == "disconnected"],
          "natter gave up reconnecting\n%s" % natter.stdout_text())
    testbed.log("back online (resumed: %s) after retries %r"
                % (back.get("resumed"), delays))
    natter.ok("/msg %s after the DNS came back" % bob.jid)
    bob.wait_message(lambda m: m["body"] == "after the DNS came back"
                     and m["from"].split("/")[0] == tb.jid("alice"))


def body(tb):
    require_root("test_dns_faults")
    dns = DnsServer()
    proxy = CutProxy(tb.c2s_port)
    try:
        wrapper = natter_in_namespace(
                tb, write_resolv_conf(tb, dns, "timeout:1 attempts:1"))
        natter = start(tb, wrapper, {
            # The domain (localhost) on the test Prosody's port.
            "alice": {"server": None},
            "named": {"group": "named", "jid": tb.jid("alice"),
                      "password": tb.password("alice"), "server": SERVER_NAME,
                      "port": proxy.port, "resource": "named"},
        })
        fallback_to_domain(natter, dns)
        connect_fails(natter, dns, "silent", hangs=True)
        connect_fails(natter, dns, "answer")    # NXDOMAIN: no such name
        connect_fails(natter, dns, "servfail")

        dns.mode = "answer"
        dns.addresses[SERVER_NAME] = ["127.0.0.1"]
        natter.send("/connect named")
        event = natter.wait_for(settled("named"), timeout=15)
        check(event["state"] == "online", "no login once the name resolved: %s\n%s"
              % (json.dumps(event), natter.stdout_text()))
        check(proxy.live() >= 1, "natter is online but not through the proxy")

        bob = Peer(tb, "bob")
        lost_while_dns_fails(tb, natter, dns, proxy, bob)
        natter.quit_cleanly()
    finally:
        proxy.close()
        dns.close()


if __name__ == "__main__":
    testbed.run_test(body)
