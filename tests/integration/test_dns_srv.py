#!/usr/bin/python3
"""Finding the server through DNS SRV records (RFC 6120 3.2, XEP-0368).

natter runs in a private mount namespace whose /etc/resolv.conf points at a
small DNS server this test runs on 127.0.0.2:53, so the real resolver path
(GResolver) is used against records the test controls. Asserts:
  - with no 'server' and no 'port', _xmpp-client._tcp.localhost leads natter
    to the test Prosody (STARTTLS) and it logs in, after the record of
    higher priority points at a port that refuses (the next one is tried);
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
import shlex
import socket
import struct
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check  # noqa: E402

DNS_ADDRESS = "127.0.0.2"
TYPE_SRV = 33


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def decode_question(packet):
    labels, pos = [], 12
    while packet[pos]:
        length = packet[pos]
        labels.append(packet[pos + 1:pos + 1 + length].decode("ascii", "replace"))
        pos += 1 + length
    qtype, _qclass = struct.unpack("!HH", packet[pos + 1:pos + 5])
    return ".".join(labels).lower(), qtype, packet[12:pos + 5]


class DnsServer:
    """Answers SRV queries from a table; everything else is NXDOMAIN."""

    def __init__(self):
        self.records = {}   # name -> [(port, target)], in priority order
        self.delay = 0.0
        self.queries = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((DNS_ADDRESS, 53))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                packet, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            if len(packet) < 17:
                continue
            threading.Thread(target=self._answer, args=(packet, peer),
                             daemon=True).start()

    def _answer(self, packet, peer):
        name, qtype, question = decode_question(packet)
        self.queries.append((name, qtype))
        if self.delay:
            time.sleep(self.delay)
        records = self.records.get(name, []) if qtype == TYPE_SRV else []
        flags = 0x8180 if records else 0x8183   # NOERROR / NXDOMAIN
        reply = struct.pack("!HHHHHH", struct.unpack("!H", packet[:2])[0],
                            flags, 1, len(records), 0, 0) + question
        for priority, (port, target) in enumerate(records):
            rdata = struct.pack("!HHH", priority, 5, port) + encode_name(target)
            reply += struct.pack("!HHHIH", 0xC00C, TYPE_SRV, 1, 60,
                                 len(rdata)) + rdata
        try:
            self.sock.sendto(reply, peer)
        except OSError:
            pass

    def close(self):
        self.sock.close()


def natter_in_namespace(tb, resolv):
    """A wrapper that runs natter with our resolv.conf bound over the
    system's, in a mount namespace of its own."""
    wrapper = os.path.join(tb.workdir, "natter-with-test-dns")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nexec unshare -m sh -c 'mount --bind %s /etc/resolv.conf"
                " && exec \"$0\" \"$@\"' %s \"$@\"\n"
                % (shlex.quote(resolv), shlex.quote(testbed.natter_binary())))
    os.chmod(wrapper, 0o755)
    return wrapper


def start(tb, wrapper, accounts):
    saved = os.environ["NATTER"]
    os.environ["NATTER"] = wrapper
    try:
        return Natter(tb, tb.natter_config(accounts), account=None)
    finally:
        os.environ["NATTER"] = saved


def login(natter, account):
    natter.send("/connect %s" % account)
    event = natter.wait_for(lambda e: e.get("event") == "session"
                            and e.get("account") == account
                            and e.get("state") in ("online", "disconnected"))
    check(event["state"] == "online", "%s did not log in: %s"
          % (account, json.dumps(event)))


def body(tb):
    if os.geteuid() != 0:
        raise testbed.TestFailure("test_dns_srv needs root for unshare -m and "
                                  "mount --bind (CI runs as root)")
    dns = DnsServer()
    try:
        resolv = os.path.join(tb.workdir, "resolv.conf")
        with open(resolv, "w") as f:
            f.write("nameserver %s\noptions timeout:5 attempts:1\n" % DNS_ADDRESS)
        wrapper = natter_in_namespace(tb, resolv)
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
        })
        login(natter, "alice")
        check(("_xmpp-client._tcp.localhost", TYPE_SRV) in dns.queries,
              "natter asked no SRV record: %r" % dns.queries)
        check(any(e.get("event") == "log" and "127.0.0.1 port 1" in e.get("text", "")
                  and "trying the next" in e.get("text", "") for e in natter.events),
              "no word of the refusing first target:\n%s" % natter.stdout_text())
        check(("_xmpps-client._tcp.localhost", TYPE_SRV) in dns.queries,
              "natter asked no _xmpps-client record: %r" % dns.queries)
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
