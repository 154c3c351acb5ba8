#!/usr/bin/python3
"""Certificates: wrong ones refused in words, pins accepted, changes refused.

A small TLS server of the test's own presents chosen certificates (natter
connects with direct TLS, XEP-0368); a TCP proxy lets one account reach
either it or Prosody. Asserts:

  - a certificate for another name (signed by an authority natter
    trusts) is refused: "it is for example.org, not localhost";
  - an expired one: "it expired on ...";
  - a self-signed one: "no authority you trust vouches for it";
    each with its SHA-256 fingerprint, and never online;
  - trust on first use: Prosody's self-signed certificate is refused,
    /tls show describes it (fingerprint, not verified), /tls trust pins
    it, and the next /connect logs in;
  - a pinned account shown another certificate refuses it, naming both
    fingerprints, even one an authority it trusts vouches for (checked
    before authentication); /tls revoke removes the pin (the next refusal is the
    plain "not trusted" one);
  - /tls errors: unknown action, unknown account, revoke without a pin.
"""

import os
import socket
import ssl
import subprocess
import sys
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from proxy import CutProxy  # noqa: E402
from testbed import Natter, cert_fingerprint, check  # noqa: E402


def openssl(*args):
    result = subprocess.run(["openssl"] + list(args), capture_output=True,
                            text=True)
    check(result.returncode == 0, "openssl %s: %s" % (args[0], result.stderr))


class Certs:
    """A test authority and certificates made with the openssl tool."""

    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.ca = self.path("ca.pem")
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                self.path("ca.key"), "-out", self.ca, "-days", "2", "-subj",
                "/CN=natter test authority", "-addext",
                "basicConstraints=critical,CA:TRUE", "-addext",
                "keyUsage=keyCertSign")

    def path(self, name):
        return os.path.join(self.dir, name)

    def make(self, name, host, days=2, signed=True):
        key, cert = self.path(name + ".key"), self.path(name + ".pem")
        subject = ["-subj", "/CN=%s" % host, "-addext",
                   "subjectAltName=DNS:%s" % host]
        if not signed:
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                    "-out", cert, "-days", str(days), *subject)
            return cert, key
        csr = self.path(name + ".csr")
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                "-out", csr, *subject)
        openssl("x509", "-req", "-in", csr, "-CA", self.ca, "-CAkey",
                self.path("ca.key"), "-CAcreateserial", "-out", cert,
                "-days", str(days), "-copy_extensions", "copyall")
        return cert, key


class TlsServer:
    """Accepts direct TLS connections presenting one certificate; speaks
    no XMPP (natter must refuse before it would)."""

    def __init__(self, cert, key):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,),
                             daemon=True).start()

    def _handle(self, client):
        try:
            with self.context.wrap_socket(client, server_side=True) as tls:
                tls.settimeout(10)
                while tls.recv(4096):
                    pass
        except (OSError, ssl.SSLError):
            pass

    def close(self):
        self.listener.close()


def refused_with(tb, certs, name, cert_key, words, fingerprint_of=None, not_shown=None):
    server = TlsServer(*cert_key)
    try:
        confdir = tb.natter_config({"alice": {
            "tls": "direct", "port": server.port, "trust_cafile": certs.ca}},
            name="conf-%s" % name)
        natter = Natter(tb, confdir)
        failed = natter.wait_login_failure()
        reason = failed.get("reason") or ""
        fingerprint = cert_fingerprint(fingerprint_of or cert_key[0])
        check(not_shown is None or not_shown.lower() not in reason.lower(),
              "%s: the reason shows the authority's fingerprint: %r" % (name, reason))
        check(failed.get("error") is True, "%s: not an error: %r" % (name, failed))
        check(words in reason, "%s: reason %r does not say %r" % (name, reason, words))
        check(fingerprint.lower() in reason.lower(),
              "%s: reason %r lacks the fingerprint %s" % (name, reason, fingerprint))
        natter.command("/help")
        check(not natter.find({"event": "session", "state": "online"}),
              "%s: online with a refused certificate" % name)
        natter.quit_cleanly()
    finally:
        server.close()


def output_of(natter, line):
    result = natter.command(line)
    return result, "\n".join(result.get("output") or [])


def trust_on_first_use(tb, certs):
    other = TlsServer(*certs.make("other", tb.domain, signed=False))
    valid = TlsServer(*certs.make("valid", tb.domain))
    proxy = CutProxy(tb.tls_port)
    try:
        # The test authority is trusted, but Prosody's certificate is
        # self-signed: refused until pinned.
        confdir = tb.natter_config({"alice": {
            "tls": "direct", "port": proxy.port, "trust_cafile": certs.ca}},
            name="conf-pin")
        natter = Natter(tb, confdir)
        prosody = tb.fingerprint
        failed = natter.wait_login_failure()
        check(prosody.lower() in (failed.get("reason") or "").lower(),
              "first refusal %r lacks %s" % (failed.get("reason"), prosody))
        result, text = output_of(natter, "/tls show")
        check(result.get("ok") is True and prosody in text and "verified    no" in text
              and "no certificate pinned" in text, "/tls show before the pin:\n%s" % text)
        result, text = output_of(natter, "/tls trust")
        check(result.get("ok") is True and prosody in text, "/tls trust: %r %s"
              % (result, text))
        # With --config-dir, natter keeps its data there too.
        pin = os.path.join(confdir, "certs", "alice.pin")
        check(os.stat(pin).st_mode & 0o777 == 0o600
              and os.stat(os.path.dirname(pin)).st_mode & 0o777 == 0o700,
              "the pin is not 0600 in a 0700 directory")
        mark = natter.mark()
        natter.ok("/connect")
        online = natter.wait_for(lambda e: e.get("event") == "session"
                                 and e.get("state") in ("online", "disconnected"),
                                 since=mark)
        check(online["state"] == "online", "pinned certificate refused: %r" % online)
        result, text = output_of(natter, "/tls show")
        check("pinned %s" % prosody in text, "/tls show after the pin:\n%s" % text)
        natter.ok("/disconnect")
        natter.wait_session("disconnected")

        # Another certificate where the pinned one was expected.
        proxy.target = ("127.0.0.1", other.port)
        mark = natter.mark()
        natter.ok("/connect")
        failed = natter.wait_for({"event": "session", "state": "disconnected"}, since=mark)
        reason = failed.get("reason") or ""
        presented = cert_fingerprint(certs.path("other.pem"))
        check("not the one you pinned" in reason and prosody in reason
              and presented in reason, "changed certificate refused with %r" % reason)

        # Even one an authority vouches for: the pin decides.
        proxy.target = ("127.0.0.1", valid.port)
        mark = natter.mark()
        natter.ok("/connect")
        failed = natter.wait_for({"event": "session", "state": "disconnected"}, since=mark)
        reason = failed.get("reason") or ""
        check("not the one you pinned" in reason
              and cert_fingerprint(certs.path("valid.pem")) in reason,
              "valid but unpinned certificate refused with %r" % reason)
        proxy.target = ("127.0.0.1", other.port)

        natter.ok("/tls revoke")
        mark = natter.mark()
        natter.ok("/connect")
        failed = natter.wait_for({"event": "session", "state": "disconnected"}, since=mark)
        check("not trusted" in (failed.get("reason") or ""),
              "after /tls revoke: %r" % failed.get("reason"))

        for line, words in (("/tls frob", "not show, trust or revoke"),
                            ("/tls show nobody", "no account named 'nobody'"),
                            ("/tls revoke", "no pinned certificate")):
            result = natter.command(line)
            check(result.get("ok") is False and words in (result.get("error") or ""),
                  "%s: %r" % (line, result))
        natter.quit_cleanly()
    finally:
        proxy.close()
        other.close()
        valid.close()


def body(tb):
    certs = Certs(tb.workdir)
    refused_with(tb, certs, "wrong-host", certs.make("wrong", "example.org"),
                 "it is for example.org, not localhost")
    refused_with(tb, certs, "expired", certs.make("expired", tb.domain, days=-1),
                 "it expired on")
    refused_with(tb, certs, "self-signed", certs.make("self", tb.domain, signed=False),
                 "no authority you trust vouches for it")
    # Signed by an authority natter does not know, which the server sends
    # along: verification fails at the authority, yet what natter shows
    # (and would pin) is the server's own certificate.
    foreign = Certs(os.path.join(tb.workdir, "foreign"))
    leaf, key = foreign.make("leaf", tb.domain)
    chain = foreign.path("chain.pem")
    with open(chain, "w") as out:
        for part in (leaf, foreign.ca):
            with open(part) as f:
                out.write(f.read())
    refused_with(tb, certs, "foreign-chain", (chain, key),
                 "no authority you trust vouches for it", fingerprint_of=leaf,
                 not_shown=cert_fingerprint(foreign.ca))
    trust_on_first_use(tb, certs)


testbed.run_test(body)
