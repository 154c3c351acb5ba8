#!/usr/bin/python3
"""Real-server test bed for natter's integration and UI tests.

Owns, for the lifetime of one Testbed object (one test script):
  - a private Prosody 0.12 listening on 127.0.0.1 only, on ports of its own,
    with a throwaway data directory, a generated self-signed certificate and
    the accounts alice, bob and carol (mutual roster subscriptions);
  - the natter processes (class Natter) and slixmpp peers (class Peer,
    each a peer.py subprocess) started through it; Testbed.stop() ends them
    all, then Prosody.

Everything lives under the work directory handed to Testbed(); nothing is
written elsewhere (natter gets HOME and XDG_* pointing inside it too).

This module is the one tests import; it re-exports the rest:
  tbcommon.py    TestFailure, check, wait_until, dependency checks
  clients.py     Natter (headless natter) and Peer (slixmpp, via peer.py)
  tmuxdriver.py  Tmux (natter's terminal UI in a private tmux server)

Waiting is always on an event with a deadline: a JSON line arriving on a
child's stdout (threading.Condition), a log line appearing, a port accepting
connections. No test sleeps a fixed time to synchronise.

Typical use (see tests/integration/*.py):

    import testbed
    def body(tb):
        conf = tb.natter_config(["alice"])
        n = testbed.Natter(tb, conf)
        n.wait_for({"event": "session", "state": "online"})
        ...
    testbed.run_test(body)
"""

import base64
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import traceback

from tbcommon import (DEFAULT_TIMEOUT, EXIT_TIMEOUT, PYTHON,
                      DependencyError, TestFailure, check, log, natter_binary,
                      require_dependencies, tail, terminate, wait_log_line, wait_until,
                      WRAPPED)
from clients import SANITIZER_MARKERS, CtlEvents, JsonLinesProcess, Natter, Peer, run_ctl
from tmuxdriver import Tmux

# What tests use, from here and from the modules this one gathers.
__all__ = [
    "DEFAULT_TIMEOUT", "EXIT_TIMEOUT", "PYTHON", "DependencyError",
    "TestFailure", "check", "log", "natter_binary", "require_dependencies",
    "tail", "terminate", "wait_until", "wait_log_line", "SANITIZER_MARKERS",
    "JsonLinesProcess", "Natter", "Peer", "Tmux", "Testbed", "run_test", "run_ctl",
    "CtlEvents",
    "free_ports", "cert_fingerprint", "make_workdir", "DOMAIN", "MUC_DOMAIN",
]

DOMAIN = "localhost"
MUC_DOMAIN = "conference." + DOMAIN
# Modules Prosody loads whether asked or not (its autoload list):
# without_modules disables them.
AUTOLOADED = ("offline", "presence", "message", "iq", "c2s")

# Prosody's modules, as a server of the day has them (without_modules
# takes some away: e.g. "bookmarks" for a server with XEP-0048 only).
MODULES = ("roster", "saslauth", "tls", "disco", "carbons", "pep", "private",
           "blocklist", "vcard4", "vcard_legacy", "version", "uptime", "time",
           "ping", "mam", "smacks", "csi_simple", "bookmarks", "offline",
           "register", "admin_shell")
DEFAULT_USERS = ("alice", "bob", "carol")
PROSODY_START_TIMEOUT = 15


# --------------------------------------------------------------------------
# Small helpers


def free_ports(count):
    """Return `count` distinct TCP ports on 127.0.0.1 that were free just now.

    All sockets are held open together so the ports differ; the kernel hands
    out ephemeral ports round-robin, so a port just released is unlikely to
    be reused at once. Prosody's log is still checked for bind failures.
    """
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()



def lua_string(text):
    """Quote text as a Lua string literal."""
    out = ['"']
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append("\\%03d" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def keyfile_value(text):
    """text as an accounts.ini value: natter takes values as written (no
    escapes), so a value is one line without surrounding blanks."""
    text = str(text)
    if "\n" in text or "\r" in text or text != text.strip():
        raise ValueError("an accounts.ini value cannot hold %r" % text)
    return text


def cert_fingerprint(cert_path):
    """SHA-256 fingerprint as openssl prints it: "AB:CD:...", upper case."""
    out = subprocess.run(
        ["openssl", "x509", "-in", cert_path, "-noout", "-fingerprint",
         "-sha256"], check=True, capture_output=True, text=True).stdout
    return out.strip().split("=", 1)[1].upper()


def make_workdir(name):
    """A fresh directory for one test: under $TESTS_TMPDIR if set."""
    base = os.environ.get("TESTS_TMPDIR") or None
    if base:
        os.makedirs(base, exist_ok=True)
    return tempfile.mkdtemp(prefix="natter-%s-" % name, dir=base)


# --------------------------------------------------------------------------
# Prosody


class Testbed:
    """A private Prosody with accounts, plus the clients started against it."""

    def __init__(self, workdir, users=DEFAULT_USERS, ui=False, rosters=True,
                 start=True, prosody_extra="", without_modules=(), muc_modules=(),
                 log_level="debug", other_domain=None):
        require_dependencies(ui=ui)
        self.workdir = os.path.abspath(workdir)
        os.makedirs(self.workdir, exist_ok=True)
        self.domain = DOMAIN
        self.muc_domain = MUC_DOMAIN
        # A second virtual host of the same Prosody: users named
        # "user@other_domain" live there (the others on domain).
        self.other_domain = other_domain
        self.users = tuple(users)
        self.rosters = rosters
        self.prosody_extra = prosody_extra  # Lua lines for the global section
        self.without_modules = tuple(without_modules)
        # Modules of the MUC component (e.g. "muc_mam": rooms archived).
        self.muc_modules = tuple(muc_modules)
        # Prosody's log: every stanza at "debug" (what a failed test
        # shows); "info" for benchmarks, where logging would slow the
        # server down more than the client being measured.
        self.log_level = log_level
        self._passwords = {u: "%s-pw-%s" % (u, secrets.token_hex(4))
                           for u in self.users}
        self._old_passwords = set()  # (user, password) set_password() replaced
        # Files where a test put a password on purpose (allow_secret()).
        self._secret_files = set()
        self.prosody_dir = os.path.join(self.workdir, "prosody")
        self.data_dir = os.path.join(self.prosody_dir, "data")
        self.config_path = os.path.join(self.prosody_dir, "prosody.cfg.lua")
        self.log_path = os.path.join(self.prosody_dir, "prosody.log")
        self.console_path = os.path.join(self.prosody_dir, "console.log")
        self.cert_path = os.path.join(self.prosody_dir, "cert.pem")
        self.key_path = os.path.join(self.prosody_dir, "key.pem")
        self.c2s_port = None
        self.tls_port = None
        self.process = None
        self.children = []      # Natter and Peer objects, stopped by stop()
        self._counter = 0
        if start:
            self.start()

    # -- public accessors

    def password(self, user):
        return self._passwords[user]

    def allow_secret(self, path):
        """path holds a password on purpose (a script printing it for
        eval_password, say): secrets_leaked() does not count it."""
        self._secret_files.add(os.path.abspath(path))

    def secrets_leaked(self):
        """Files of the work directory (logs, captured output, natter's
        files) holding a test account's password, as text or as a SASL
        PLAIN payload, or the secret part of an OTR private key: [(path,
        whose)]. Not where they belong: the server's account storage,
        natter's accounts.ini and private.key, allow_secret()."""
        forms = []
        for user, password in set(self._passwords.items()) | self._old_passwords:
            local = self.jid(user).split("@")[0]
            forms.append((user, password.encode()))
            forms.append((user, base64.b64encode(
                b"\0" + local.encode() + b"\0" + password.encode())))
        # natter's OTR private keys: their secret part (x) belongs in
        # private.key alone.
        for top, _dirs, files in os.walk(self.workdir):
            if "private.key" in files:
                with open(os.path.join(top, "private.key"), "rb") as f:
                    for x in re.findall(rb"\(x #([0-9A-Fa-f]{16,})#\)", f.read()):
                        forms.append(("an OTR key", x))
                        forms.append(("an OTR key", x.lower()))
        found = []
        for top, dirs, files in os.walk(self.workdir):
            if os.path.abspath(top) == os.path.abspath(self.data_dir):
                dirs[:] = []
                continue
            for name in files:
                path = os.path.join(top, name)
                if name in ("accounts.ini", "private.key") \
                        or os.path.abspath(path) in self._secret_files \
                        or not os.path.isfile(path) or os.path.islink(path):
                    continue
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                for user, form in forms:
                    if form in data:
                        found.append((os.path.relpath(path, self.workdir), user))
                        break
        return found

    def jid(self, user):
        """user's bare JID: "name" is on domain, "name@host" as it is."""
        return user if "@" in user else "%s@%s" % (user, self.domain)

    def set_password(self, user, password):
        """Changes user's password in the server's storage (the next
        login needs it; sessions already in stay)."""
        self._old_passwords.add((user, self._passwords[user]))
        self._passwords[user] = password
        self._write_password(user)

    @property
    def fingerprint(self):
        """The server certificate's SHA-256 fingerprint, "AB:CD:..."."""
        return cert_fingerprint(self.cert_path)

    def next_id(self):
        """A number unique within this test bed, for file names."""
        self._counter += 1
        return self._counter

    # -- lifecycle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        os.makedirs(self.data_dir, exist_ok=True)
        self._make_certificate()
        self._write_accounts()
        last_error = None
        for _attempt in range(3):
            self.c2s_port, self.tls_port = free_ports(2)
            self._write_config()
            try:
                self._launch()
                return
            except PortClash as e:
                last_error = e
                self._terminate_prosody()
            except BaseException:
                self._terminate_prosody()
                raise
        raise RuntimeError("Prosody could not bind its ports three times: %s"
                           % last_error)

    def stop(self):
        """Stop every client started through this test bed, then Prosody."""
        for child in reversed(self.children):
            try:
                child.kill()
            except Exception:  # keep stopping the rest
                traceback.print_exc()
        self.children = []
        self._terminate_prosody()

    @contextlib.contextmanager
    def server_paused(self):
        """Prosody stopped (SIGSTOP) for the block, then let go on: what
        a client sends meanwhile waits unanswered, so what the client shows
        while it waits can be read however fast the server would answer."""
        os.kill(self.process.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self.process.pid, signal.SIGCONT)

    def kill_server(self):
        """Kill Prosody at once (SIGKILL: no stream closed, nothing said),
        as a crash does; the clients' connections are reset."""
        self.process.kill()
        self.process.wait()
        self.process = None

    def restart_server(self):
        """Start Prosody again after kill_server(), on the same ports and
        with the same data (its log so far is kept as prosody-N.log)."""
        shutil.copy(self.log_path, os.path.join(
            self.prosody_dir, "prosody-%d.log" % self.next_id()))
        self._launch()

    def prosody_shell(self, command, timeout=DEFAULT_TIMEOUT):
        """Run one command in Prosody's admin shell (mod_admin_shell;
        a line starting with ">" is Lua) and return what it printed."""
        try:
            result = subprocess.run(
                ["prosodyctl", "--config", self.config_path, "shell", command],
                capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure("prosodyctl shell %r did not answer in %s s"
                              % (command, timeout))
        if result.returncode != 0:
            raise TestFailure("prosodyctl shell %r failed (%d): %s%s"
                              % (command, result.returncode, result.stdout,
                                 result.stderr))
        return result.stdout

    def diagnostics(self):
        """Text describing the state of every process, for failure reports."""
        parts = []
        for child in self.children:
            parts.append(child.diagnostics())
        parts.append("---- Prosody log (tail of %s) ----\n%s"
                     % (self.log_path, tail(self.log_path, 60)))
        return "\n".join(parts)

    # -- internals

    def _make_certificate(self):
        if os.path.exists(self.cert_path):
            return
        cmd = ["openssl", "req", "-x509", "-newkey", "ec",
               "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
               "-keyout", self.key_path, "-out", self.cert_path,
               "-days", "2", "-subj", "/CN=%s" % self.domain,
               "-addext", "subjectAltName=" + ",".join(
                   "DNS:" + d for d in (self.domain, self.muc_domain, self.other_domain)
                   if d is not None)]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError("openssl could not make the test certificate:"
                               "\n%s%s" % (result.stdout, result.stderr))
        os.chmod(self.key_path, 0o600)

    def _store_path(self, host, store, user):
        # util/datamanager.lua: host and user names have every non-word
        # character %-encoded; store names keep underscores.
        def enc(s):
            return "".join(c if c.isascii() and c.isalnum()
                           else "%%%02x" % ord(c) for c in s)
        directory = os.path.join(self.data_dir, enc(host), store)
        os.makedirs(directory, exist_ok=True)
        return os.path.join(directory, enc(user) + ".dat")

    def _write_accounts(self):
        # authentication = "internal_plain" reads these files (plain-text
        # passwords, so Prosody can offer SCRAM-SHA-1 and -256 as well as
        # PLAIN). Writing them directly needs no prosodyctl, no second
        # Prosody start-up and no user switch.
        for user in self.users:
            self._write_password(user)
            if self.rosters:
                self.write_roster(user, [self.jid(other) for other in self.users
                                         if other != user])

    def _store_of(self, user, store):
        local, _, host = self.jid(user).partition("@")
        return self._store_path(host, store, local)

    def _write_password(self, user):
        with open(self._store_of(user, "accounts"), "w", encoding="utf-8") as f:
            f.write("return {\n\t[\"password\"] = %s;\n};\n"
                    % lua_string(self._passwords[user]))

    def write_roster(self, user, jids):
        """user's roster in Prosody's storage: jids, subscription both,
        each named by its local part (the server probes them at login).
        Replaces what was there; the user's next login reads it."""
        lines = ["return {", "\t[false] = { [\"version\"] = 1; [\"pending\"] = {}; };"]
        for jid in jids:
            lines.append("\t[%s] = { [\"subscription\"] = \"both\"; "
                         "[\"groups\"] = {}; [\"name\"] = %s; };"
                         % (lua_string(jid), lua_string(jid.split("@")[0])))
        lines.append("};")
        with open(self._store_of(user, "roster"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    def _write_config(self):
        q = lua_string
        config = """-- Generated by tests/testbed/testbed.py; thrown away after the test.
run_as_root = true
daemonize = false
pidfile = {pidfile}
data_path = {data_path}
certificates = {certdir}
interfaces = {{ "127.0.0.1" }}
local_interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {c2s} }}
c2s_direct_tls_ports = {{ {tls} }}
legacy_ssl_ports = {{ }}
s2s_ports = {{ }}
component_ports = {{ }}
http_ports = {{ }}
https_ports = {{ }}
modules_enabled = {{
{modules}
}}
modules_disabled = {{ {disabled} }}
authentication = "internal_plain"
storage = "internal"
c2s_require_encryption = true
allow_registration = false
log = {{ {log_level} = {log} }}
ssl = {{ certificate = {cert}; key = {key}; }}
{extra}

VirtualHost {domain}
{other_host}
Component {muc} "muc"
{muc_modules}""".format(pidfile=q(os.path.join(self.prosody_dir, "prosody.pid")),
           data_path=q(self.data_dir),
           certdir=q(self.prosody_dir),
           c2s=self.c2s_port, tls=self.tls_port,
           log=q(self.log_path), log_level=self.log_level, cert=q(self.cert_path), key=q(self.key_path),
           domain=q(self.domain), muc=q(self.muc_domain),
           other_host=("VirtualHost %s\n" % q(self.other_domain)
                       if self.other_domain else ""),
           modules="\n".join("  %s;" % q(m) for m in MODULES
                             if m not in self.without_modules),
           # Prosody loads some modules (offline among them) without
           # being asked: those left out are disabled by name.
           disabled="; ".join(q(m) for m in ("s2s",) + tuple(
               m for m in self.without_modules if m in AUTOLOADED)),
           muc_modules=("  modules_enabled = { %s }\n"
                        % "; ".join(q(m) for m in self.muc_modules)
                        if self.muc_modules else ""),
           extra=self.prosody_extra)
        # Prosody refuses a global set twice: the extra lines replace
        # the ones above that set the same names.
        overridden = {line.split("=", 1)[0].strip()
                      for line in self.prosody_extra.splitlines() if "=" in line}
        config = "\n".join(line for line in config.splitlines()
                           if line.split("=", 1)[0].strip() not in overridden
                           or line in self.prosody_extra.splitlines()) + "\n"
        with open(self.config_path, "w", encoding="utf-8") as f:
            f.write(config)

    def _launch(self):
        # Truncate the log so the readiness check only sees this attempt.
        open(self.log_path, "w").close()
        console = open(self.console_path, "ab")
        try:
            self.process = subprocess.Popen(
                ["prosody", "-F", "--config", self.config_path],
                stdin=subprocess.DEVNULL, stdout=console,
                stderr=subprocess.STDOUT, cwd=self.prosody_dir,
                start_new_session=True)
        finally:
            console.close()
        wanted = ["Activated service 'c2s' on [127.0.0.1]:%d" % self.c2s_port,
                  "Activated service 'c2s_direct_tls' on [127.0.0.1]:%d"
                  % self.tls_port]

        def ready():
            text = tail(self.log_path, 100000)
            if "Failed to open server port" in text:
                raise PortClash(text)
            if self.process.poll() is not None:
                raise RuntimeError(
                    "Prosody exited with status %s while starting.\n"
                    "---- console ----\n%s---- log ----\n%s"
                    % (self.process.returncode, tail(self.console_path),
                       tail(self.log_path)))
            if not all(w in text for w in wanted):
                return False
            return _accepts(self.c2s_port) and _accepts(self.tls_port)

        try:
            wait_until(ready, PROSODY_START_TIMEOUT, "Prosody to listen")
        except TestFailure:
            raise RuntimeError(
                "Prosody did not come up within %d s.\n---- console ----\n%s"
                "---- log ----\n%s" % (PROSODY_START_TIMEOUT,
                                       tail(self.console_path),
                                       tail(self.log_path)))

    def _terminate_prosody(self):
        if self.process is None:
            return
        terminate(self.process, EXIT_TIMEOUT)
        self.process = None

    # -- natter configuration

    def write_natter_config(self, confdir, accounts):
        """Write confdir/accounts.ini (0600, directory 0700) and return its path.

        accounts: a list of user names, or a dict mapping a user name to a
        dict of overrides. An override replaces a key's value; None drops
        the key. A "group" override names the ini group (default: the user
        name). tls = "direct" defaults the port to the direct-TLS port.
        """
        if isinstance(accounts, str):
            accounts = [accounts]
        if not isinstance(accounts, dict):
            accounts = {user: {} for user in accounts}
        os.makedirs(confdir, mode=0o700, exist_ok=True)
        os.chmod(confdir, 0o700)
        chunks = []
        for user, overrides in accounts.items():
            overrides = dict(overrides or {})
            group = overrides.pop("group", user)
            tls = overrides.get("tls", "required")
            values = {
                "jid": self.jid(user),
                "password": self._passwords.get(user, "no-such-user"),
                "server": "127.0.0.1",
                "port": self.tls_port if tls == "direct" else self.c2s_port,
                "resource": "natter",
                "tls": "required",
                "trust_cafile": self.cert_path,
            }
            values.update(overrides)
            lines = ["[%s]" % group]
            for key, value in values.items():
                if value is not None:
                    lines.append("%s = %s" % (key, keyfile_value(value)))
            chunks.append("\n".join(lines) + "\n")
        path = os.path.join(confdir, "accounts.ini")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(chunks))
        os.chmod(path, 0o600)
        return path

    def natter_config(self, accounts=("alice",), name=None):
        """Make a fresh config directory under workdir; return its path."""
        confdir = os.path.join(self.workdir, name or "natter-conf-%d"
                               % self.next_id())
        self.write_natter_config(confdir, accounts)
        return confdir

    def natter_env(self, home=None):
        """Environment for a natter process: its own HOME and XDG dirs."""
        home = home or os.path.join(self.workdir, "home-%d" % self.next_id())
        env = dict(os.environ)
        for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"),
                         ("XDG_DATA_HOME", ".local/share"),
                         ("XDG_STATE_HOME", ".local/state"),
                         ("XDG_CACHE_HOME", ".cache"),
                         ("XDG_RUNTIME_DIR", "run")):
            path = os.path.join(home, sub) if sub else home
            os.makedirs(path, mode=0o700, exist_ok=True)
            env[var] = path
        env["LANG"] = "C.UTF-8"
        env.pop("LC_ALL", None)
        env.pop("LANGUAGE", None)
        return env


class PortClash(RuntimeError):
    """Prosody could not bind a port we picked: pick others and retry."""


def _accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False



# --------------------------------------------------------------------------
# Test runner


def run_test(body, name=None, ui=False, exit=True, **testbed_args):
    """Run body(testbed) as a whole test script; exit 0 on pass, 1 on fail
    (with exit False: return True on pass, False on fail).

    Makes a work directory (under $TESTS_TMPDIR if set), starts a Testbed in
    it, calls body, stops everything. On success the directory is removed;
    on failure it is kept and the diagnostics of every process are printed.
    Missing dependencies are a failure too, never a skip.
    """
    name = name or os.path.splitext(os.path.basename(sys.argv[0]))[0]
    try:
        require_dependencies(ui=ui)
        natter_binary()
    except DependencyError as e:
        print("FAIL %s: %s" % (name, e), flush=True)
        if not exit:
            return False
        sys.exit(1)
    workdir = make_workdir(name)
    testbed = None
    passed = False
    try:
        try:
            testbed = Testbed(workdir, ui=ui, **testbed_args)
        except RuntimeError as e:
            raise TestFailure("the test bed did not start: %s" % e)
        body(testbed)
        passed = True
    except TestFailure as e:
        print("FAIL %s: %s" % (name, e), flush=True)
    except Exception:
        print("FAIL %s: unexpected error in the test itself:" % name)
        traceback.print_exc(file=sys.stdout)
    finally:
        if testbed is not None:
            if not passed:
                print(testbed.diagnostics(), flush=True)
            testbed.stop()
            # Issue 11: no password in any log or output a test left.
            leaked = testbed.secrets_leaked() if passed else []
            if leaked:
                passed = False
                print("FAIL %s: a secret in %s" % (name, ", ".join(
                    "%s (%s)" % (path, user if user == "an OTR key" else user + "'s password")
                    for path, user in leaked)), flush=True)
    if passed:
        shutil.rmtree(workdir, ignore_errors=True)
        print("PASS %s" % name, flush=True)
        if not exit:
            return True
        sys.exit(0)
    print("work directory kept: %s" % workdir, flush=True)
    if not exit:
        return False
    sys.exit(1)
