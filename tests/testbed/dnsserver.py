"""A DNS server the test controls, and natter run so that it asks it.

Tests of name resolution (test_dns_srv, test_dns_faults) run natter in a
private mount namespace whose /etc/resolv.conf (bound over the system's)
names this server, so natter's real resolver path (GResolver, the C
library's resolver) meets answers the test sets. It listens on port 53
(resolv.conf cannot name another) of a loopback address of its own,
127.0.0.2 or the next free one, so that such tests run in parallel:

  - records:   SRV records, name -> [(port, target)] in priority order;
  - addresses: A records, name -> ["127.0.0.1", ...]; an AAAA query for
               such a name gets NOERROR without answers;
  - mode:      "answer" (from the tables; a name in neither is NXDOMAIN),
               "silent" (every query dropped, never answered) or
               "servfail" (every query answered SERVFAIL, rcode 2);
  - delay:     seconds to wait before answering;
  - queries:   every (name, type) asked so far, in order.

One DnsServer per test (it binds the port); it answers in daemon threads
until close(). Needs root, as mounting does: require_root() says so.
"""

import os
import shlex
import socket
import struct
import threading
import time

import testbed

# Where the server listens: the first of these it can bind.
DNS_ADDRESSES = ["127.0.0.%d" % n for n in range(2, 255)]
TYPE_A = 1
TYPE_AAAA = 28
TYPE_SRV = 33

RCODE_NOERROR = 0
RCODE_SERVFAIL = 2
RCODE_NXDOMAIN = 3
MODES = ("answer", "silent", "servfail")


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def decode_question(packet):
    """(name in lower case, qtype, the question section as bytes)."""
    labels, pos = [], 12
    while packet[pos]:
        length = packet[pos]
        labels.append(packet[pos + 1:pos + 1 + length].decode("ascii", "replace"))
        pos += 1 + length
    qtype, _qclass = struct.unpack("!HH", packet[pos + 1:pos + 5])
    return ".".join(labels).lower(), qtype, packet[12:pos + 5]


class DnsServer:
    """Answers SRV and A queries from tables, or fails as told (mode)."""

    def __init__(self):
        self.records = {}     # SRV: name -> [(port, target)], in priority order
        self.addresses = {}   # A: name -> [IPv4 address]
        self.mode = "answer"
        self.delay = 0.0
        self.queries = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for address in DNS_ADDRESSES:
            try:
                self.sock.bind((address, 53))
                break
            except OSError:
                continue
        else:
            self.sock.close()
            raise testbed.TestFailure("no loopback address has port 53 free "
                                      "for the test DNS server")
        self.address = self.sock.getsockname()[0]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def asked(self, name, qtype=None):
        """How many queries for name (of qtype, if given) came so far."""
        return len([q for q in list(self.queries)
                    if q[0] == name and (qtype is None or q[1] == qtype)])

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

    def _answers(self, name, qtype):
        """(rcode, [(type, rdata)]) from the tables."""
        srv = self.records.get(name) or []
        addresses = self.addresses.get(name) or []
        if not srv and not addresses:
            return RCODE_NXDOMAIN, []
        if qtype == TYPE_SRV:
            return RCODE_NOERROR, [
                (TYPE_SRV, struct.pack("!HHH", priority, 5, port) + encode_name(target))
                for priority, (port, target) in enumerate(srv)]
        if qtype == TYPE_A:
            return RCODE_NOERROR, [(TYPE_A, socket.inet_aton(a)) for a in addresses]
        return RCODE_NOERROR, []   # AAAA and the rest: the name, no such data

    def _answer(self, packet, peer):
        try:
            name, qtype, question = decode_question(packet)
        except (IndexError, struct.error):
            return
        self.queries.append((name, qtype))
        mode = self.mode
        if mode == "silent":
            return
        if self.delay:
            time.sleep(self.delay)
        if mode == "servfail":
            rcode, answers = RCODE_SERVFAIL, []
        else:
            rcode, answers = self._answers(name, qtype)
        # QR, RD, RA and the rcode.
        reply = struct.pack("!HHHHHH", struct.unpack("!H", packet[:2])[0],
                            0x8180 | rcode, 1, len(answers), 0, 0) + question
        for rtype, rdata in answers:
            reply += struct.pack("!HHHIH", 0xC00C, rtype, 1, 60,
                                 len(rdata)) + rdata
        try:
            self.sock.sendto(reply, peer)
        except OSError:
            pass

    def close(self):
        self.sock.close()


def require_root(name):
    if os.geteuid() != 0:
        raise testbed.TestFailure("%s needs root for unshare -m and mount --bind "
                                  "(CI runs as root)" % name)


def write_resolv_conf(tb, dns, options="timeout:5 attempts:1"):
    """A resolv.conf naming only dns (a DnsServer); returns its path."""
    path = os.path.join(tb.workdir, "resolv.conf")
    with open(path, "w") as f:
        f.write("nameserver %s\noptions %s\n" % (dns.address, options))
    return path


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
    """A headless natter (testbed.Natter, no account connected) run
    through wrapper, with these accounts (as Testbed.natter_config)."""
    saved = os.environ["NATTER"]
    os.environ["NATTER"] = wrapper
    try:
        return testbed.Natter(tb, tb.natter_config(accounts), account=None)
    finally:
        os.environ["NATTER"] = saved
