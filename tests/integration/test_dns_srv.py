#!/usr/bin/python3
"""Finding the server through DNS SRV records (RFC 6120 3.2, XEP-0368).

natter runs in a private mount namespace whose /etc/resolv.conf points at a
small DNS server this test runs on port 53 of a loopback address
(tests/testbed/dnsserver.py), so the real resolver path (GResolver) is used
against records the test controls. Asserts:
  - with no 'server' and no 'port', _xmpp-client._tcp.localhost leads natter
    to the test Prosody (STARTTLS) and it logs in, after the record of
    higher priority points at a port that refuses (the next one is tried);
  - when the next target then refuses the password, the reason says so
    (not the first target's refused connection);
  - with tls = direct, _xmpps-client._tcp.localhost leads to the direct-TLS
    port and it logs in;
  - with both kinds of records at the same priority, natter prefers direct
    TLS (XEP-0368): it logs in without trying the STARTTLS target, which
    refuses;
  - without SRV records natter falls back to the domain itself (RFC 6120
    3.2.2) on the configured port and logs in;
  - while the DNS answer is slow (2 s), natter keeps answering commands:
    the lookup does not block the loop.
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
from dnsserver import (TYPE_SRV, DnsServer, natter_in_namespace,  # noqa: E402
                       require_root, start, write_resolv_conf)
from testbed import check  # noqa: E402


def login(natter, account):
    natter.send("/connect %s" % account)
    event = natter.wait_for(lambda e: e.get("event") == "session"
                            and e.get("account") == account
                            and e.get("state") in ("online", "disconnected"))
    check(event["state"] == "online", "%s did not log in: %s"
          % (account, json.dumps(event)))


def body(tb):
    require_root("test_dns_srv")
    dns = DnsServer()
    try:
        wrapper = natter_in_namespace(tb, write_resolv_conf(tb, dns))
        # The first target refuses at once (a closed port on loopback):
        # natter must go on to the second (RFC 6120 3.2.1).
        dns.records["_xmpp-client._tcp.localhost"] = [(1, "127.0.0.1"),
                                                      (tb.c2s_port, "localhost")]
        natter = start(tb, wrapper, {
            "alice": {"server": None, "port": None},
            "direct": {"group": "direct", "jid": tb.jid("alice"),
                       "password": tb.password("alice"), "server": None,
                       "port": None, "tls": "direct", "resource": "direct"},
            "fallback": {"group": "fallback", "jid": tb.jid("alice"),
                         "password": tb.password("alice"), "server": None,
                         "resource": "fallback"},
            "both": {"group": "both", "jid": tb.jid("alice"),
                     "password": tb.password("alice"), "server": None,
                     "port": None, "resource": "both"},
            "wrongpw": {"group": "wrongpw", "jid": tb.jid("alice"),
                        "password": "a wrong password", "server": None,
                        "port": None, "resource": "wrongpw"},
        })
        login(natter, "alice")
        check(("_xmpp-client._tcp.localhost", TYPE_SRV) in dns.queries,
              "natter asked no SRV record: %r" % dns.queries)
        check(any(e.get("event") == "log" and "127.0.0.1 port 1" in e.get("text", "")
                  and "trying the next" in e.get("text", "") for e in natter.events),
              "no word of the refusing first target:\n%s" % natter.stdout_text())
        check(("_xmpps-client._tcp.localhost", TYPE_SRV) in dns.queries,
              "natter asked no _xmpps-client record: %r" % dns.queries)
        # The first target refuses, the second refuses the password: the
        # reason is the second's, not the first's refused connection.
        natter.send("/connect wrongpw")
        event = natter.wait_for(lambda e: e.get("event") == "session"
                                and e.get("account") == "wrongpw"
                                and e.get("state") in ("online", "disconnected"))
        check(event["state"] == "disconnected"
              and "authentication failed" in (event.get("reason") or ""),
              "a refused password after a refusing target is reported as: %s"
              % json.dumps(event))
        dns.records["_xmpps-client._tcp.localhost"] = [(tb.tls_port, "localhost")]
        login(natter, "direct")

        # Both kinds at priority 0: direct TLS first; the STARTTLS target
        # (port 1, refusing) is never tried.
        dns.records["_xmpp-client._tcp.localhost"] = [(1, "127.0.0.1")]
        mark = natter.mark()
        login(natter, "both")
        check(not any(e.get("event") == "log" and "port 1" in e.get("text", "")
                      for e in natter.events[mark:]),
              "natter tried STARTTLS before direct TLS:\n%s" % natter.stdout_text())

        # No records: the domain itself, on the configured port.
        dns.records.clear()
        dns.delay = 2.0
        natter.send("/connect fallback")
        asked = time.monotonic()
        result = natter.command("/help msg", timeout=5)
        check(result.get("ok") is True and time.monotonic() - asked < 1.5,
              "natter blocked while DNS was slow (%.1f s): %s"
              % (time.monotonic() - asked, json.dumps(result)))
        check(not natter.find({"event": "session", "account": "fallback",
                               "state": "online"}),
              "online before the DNS answer came")
        event = natter.wait_for(lambda e: e.get("event") == "session"
                                and e.get("account") == "fallback"
                                and e.get("state") in ("online", "disconnected"))
        check(event["state"] == "online", "fallback did not log in: %s"
              % json.dumps(event))
        natter.quit_cleanly()
    finally:
        dns.close()


if __name__ == "__main__":
    testbed.run_test(body)
