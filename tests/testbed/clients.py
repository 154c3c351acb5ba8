#!/usr/bin/python3
"""Child processes that speak JSON lines: natter --headless and peer.py.

JsonLinesProcess owns one subprocess, its stdin pipe, a reader thread that
parses its stdout into events, and a stderr file in the test bed's work
directory; all live until kill() (Testbed.stop() calls it for every child
still registered). Natter drives natter's headless frontend; Peer drives
peer.py, an independent client built on slixmpp.
"""

import json
import os
import subprocess
import threading
import time

from tbcommon import (DEFAULT_TIMEOUT, EXIT_TIMEOUT, PYTHON, TestFailure,
                      check, natter_binary, scaled, terminate)

PEER_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "peer.py")


def _matches(event, match):
    if callable(match):
        return bool(match(event))
    for key, want in match.items():
        if key not in event:
            return False
        if callable(want):
            if not want(event[key]):
                return False
        elif event[key] != want:
            return False
    return True


def describe(match):
    if callable(match):
        return getattr(match, "__doc__", None) or "<predicate>"
    return json.dumps({k: (v if not callable(v) else "<predicate>")
                       for k, v in match.items()}, ensure_ascii=False)


class JsonLinesProcess:
    """A child process that writes one JSON object per line on stdout.

    A reader thread parses lines into self.events; waiters block on a
    condition variable with a deadline. wait_for() returns the earliest
    matching event not yet returned by an earlier wait_for(), so the order in
    which a test waits does not have to follow the order of arrival.
    """

    label = "process"

    def __init__(self, testbed, argv, env=None, cwd=None):
        self.testbed = testbed
        self.argv = argv
        n = testbed.next_id()
        self.stderr_path = os.path.join(testbed.workdir, "%s-%d.stderr"
                                        % (self.label, n))
        stderr = open(self.stderr_path, "wb")
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=stderr, env=env, cwd=cwd or testbed.workdir,
                start_new_session=True)
        finally:
            stderr.close()
        self.pid = self.proc.pid
        self.events = []        # every parsed event, in order of arrival
        self.raw_lines = []     # every stdout line as bytes
        self.bad_lines = []     # lines that were not a JSON object
        self._used = set()      # indices already returned by wait_for
        self._eof = False
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        testbed.children.append(self)

    def _read(self):
        for raw in self.proc.stdout:
            event = None
            try:
                event = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                pass
            with self._cond:
                self.raw_lines.append(raw)
                if isinstance(event, dict):
                    self.events.append(event)
                else:
                    self.bad_lines.append(raw)
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def send_raw(self, text):
        """Write text (str) to the child's stdin and flush it."""
        self.proc.stdin.write(text.encode("utf-8"))
        self.proc.stdin.flush()

    def find(self, match, include_used=True):
        """Events seen so far that match (no waiting)."""
        with self._cond:
            return [e for i, e in enumerate(self.events)
                    if (include_used or i not in self._used)
                    and _matches(e, match)]

    def mark(self):
        """A point in the events: wait_for(since=mark) ignores what came
        before it (so an old event cannot answer for a new one)."""
        with self._cond:
            return len(self.events)

    def wait_for(self, match, timeout=DEFAULT_TIMEOUT, what=None, since=0):
        """First not-yet-returned event matching `match`, waiting up to timeout.

        match: a callable taking the event dict, or a dict whose items must
        all be present in the event (a callable value is a predicate on that
        field). Raises TestFailure listing the events seen at the deadline or
        when the child's stdout closes first; `what` describes the awaited
        event in that message (default: match itself).
        """
        deadline = time.monotonic() + scaled(timeout)
        with self._cond:
            while True:
                for i, event in enumerate(self.events):
                    if i >= since and i not in self._used and _matches(event, match):
                        self._used.add(i)
                        return event
                remaining = deadline - time.monotonic()
                if self._eof:
                    reason = "%s closed its stdout (exit status %s)" % (
                        self.label, self.proc.poll())
                    break
                if remaining <= 0:
                    reason = "timed out after %.1f s" % timeout
                    break
                self._cond.wait(min(remaining, 1.0))
        raise TestFailure("%s: no event matching %s: %s\n%s"
                          % (self.label, what or describe(match), reason,
                             self.stdout_text()))

    def wait_exit(self, timeout=EXIT_TIMEOUT):
        """Wait for the child to exit; return its status or raise."""
        try:
            status = self.proc.wait(scaled(timeout))
        except subprocess.TimeoutExpired:
            raise TestFailure("%s (pid %d) did not exit within %.1f s\n%s"
                              % (self.label, self.pid, timeout,
                                 self.diagnostics()))
        self._reader.join(timeout)
        return status

    def stderr_text(self):
        try:
            with open(self.stderr_path, encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stdout_text(self, count=60):
        """The last `count` stdout lines, for failure messages."""
        with self._cond:
            lines = [r.decode("utf-8", "replace").rstrip("\n")
                     for r in self.raw_lines[-count:]]
            bad = list(self.bad_lines)
        text = ["%s pid %d stdout (last %d lines):"
                % (self.label, self.pid, len(lines))]
        # Long lines (big message bodies) are cut so failures stay readable.
        text.extend("  " + (line if len(line) <= 400 else
                            line[:400] + " ... (%d characters)" % len(line))
                    for line in lines)
        if bad:
            text.append("NON-JSON stdout lines: %r" % bad[:10])
        return "\n".join(text)

    def diagnostics(self):
        text = ["---- %s pid %d: %s (status %s) ----"
                % (self.label, self.pid, " ".join(self.argv),
                   self.proc.poll())]
        text.append(self.stdout_text())
        text.append("stderr (%s):" % self.stderr_path)
        text.extend("  " + line for line in
                    self.stderr_text().splitlines()[-40:])
        return "\n".join(text)

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def kill(self):
        """Stop the child however it is doing (used at test-bed teardown)."""
        if self.proc.poll() is None:
            self.close_stdin()
            terminate(self.proc, EXIT_TIMEOUT)
        else:
            self.close_stdin()
        self._reader.join(EXIT_TIMEOUT)
        if self.proc.stdout:
            self.proc.stdout.close()


# --------------------------------------------------------------------------
# natter, headless


SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error:", "ERROR: UndefinedBehaviorSanitizer")


class Natter(JsonLinesProcess):
    """natter --headless, driven over stdin, observed on JSON-lines stdout."""

    label = "natter"

    def __init__(self, testbed, confdir, account="alice", extra_args=(),
                 env=None):
        argv = [natter_binary(), "--headless", "--config-dir", confdir]
        if account is not None:
            argv += ["-a", account]
        argv += list(extra_args)
        self.account = account
        self.seq = 0
        self.confdir = confdir
        # natter ctl and natter send must see what this natter sees
        # (XDG_RUNTIME_DIR: its control socket).
        self.natter_env = env if env is not None else testbed.natter_env()
        super().__init__(testbed, argv, env=self.natter_env)

    def send(self, line):
        """Send one command line; return its sequence number (1, 2, ...)."""
        if "\n" in line:
            raise ValueError("a command line cannot contain a newline")
        self.seq += 1
        try:
            self.send_raw(line + "\n")
        except BrokenPipeError:
            raise TestFailure("natter closed its stdin before %r\n%s"
                              % (line, self.diagnostics()))
        return self.seq

    def command(self, line, timeout=DEFAULT_TIMEOUT):
        """Send a command line and return its result event."""
        seq = self.send(line)
        return self.wait_for({"event": "result", "seq": seq}, timeout)

    def ok(self, line, timeout=DEFAULT_TIMEOUT):
        """Run a command line that must succeed; return its result event."""
        result = self.command(line, timeout)
        if result.get("ok") is not True:
            raise TestFailure("%s failed: %s" % (line, json.dumps(result)))
        return result

    def output(self, line, timeout=DEFAULT_TIMEOUT):
        """Run a command line that must succeed; return its output lines
        joined by newlines."""
        return "\n".join(self.ok(line, timeout).get("output") or [])

    def wait_session(self, state, timeout=DEFAULT_TIMEOUT, account=None):
        """Wait for a session event for our account reaching `state`."""
        match = {"event": "session", "state": state}
        if account or self.account:
            match["account"] = account or self.account
        return self.wait_for(match, timeout)

    def wait_login_failure(self, timeout=DEFAULT_TIMEOUT):
        """Wait for the login attempt to settle; fail if it went online.

        Returns the "disconnected" session event.
        """
        def settled(event):
            return (event.get("event") == "session"
                    and event.get("account") == self.account
                    and event.get("state") in ("online", "disconnected"))
        event = self.wait_for(settled, timeout,
                              what="session online or disconnected")
        check(event["state"] == "disconnected",
              "natter logged in where it must not:\n%s" % self.stdout_text())
        return event

    def wait_online(self, timeout=DEFAULT_TIMEOUT):
        """Wait for "online"; fail early if the session ends in an error."""
        def settled(event):
            return (event.get("event") == "session"
                    and event.get("account") == self.account
                    and (event.get("state") == "online"
                         or event.get("error")))
        event = self.wait_for(settled, timeout, what="session online")
        check(event.get("state") == "online",
              "natter did not log in: %s\n%s"
              % (json.dumps(event, ensure_ascii=False), self.diagnostics()))
        return event

    def quit(self, timeout=EXIT_TIMEOUT):
        """Send /quit, wait for natter to exit, return its exit status."""
        self.send("/quit")
        status = self.wait_exit(timeout)
        self.close_stdin()
        return status

    def quit_cleanly(self, timeout=EXIT_TIMEOUT):
        """/quit, then fail unless natter exited 0 with clean output."""
        status = self.quit(timeout)
        check(status == 0, "natter exited with status %s after /quit\n%s"
              % (status, self.diagnostics()))
        self.check_clean()

    def check_clean(self):
        """Fail on non-JSON stdout lines or sanitizer reports on stderr."""
        with self._cond:
            bad = list(self.bad_lines)
        check(not bad, "natter wrote non-JSON lines on stdout: %r\n%s"
              % (bad[:10], self.diagnostics()))
        err = self.stderr_text()
        for marker in SANITIZER_MARKERS:
            check(marker not in err, "sanitizer report on natter's stderr "
                  "(%s)\n%s" % (marker, self.diagnostics()))


# --------------------------------------------------------------------------
# slixmpp peer


def run_ctl(client, *args, timeout=DEFAULT_TIMEOUT, stdin=None):
    """Run natter ctl ARGS (or natter send ARGS when args[0] is "send")
    beside the running natter `client` (a Natter or NatterScreen: its
    environment and --config-dir); returns the CompletedProcess, output as
    text."""
    argv = [natter_binary()]
    if args and args[0] == "send":
        argv += ["send", "--config-dir", client.confdir] + list(args[1:])
    else:
        argv += ["ctl", "--config-dir", client.confdir] + list(args)
    return subprocess.run(argv, env=client.natter_env, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


class CtlEvents(JsonLinesProcess):
    """natter ctl --events beside a running natter: its JSON lines."""

    label = "natter-ctl-events"

    def __init__(self, testbed, client):
        super().__init__(testbed, [natter_binary(), "ctl", "--config-dir", client.confdir,
                                   "--events"], env=client.natter_env)


class Peer(JsonLinesProcess):
    """An independent XMPP client (slixmpp in a peer.py subprocess)."""

    label = "peer"

    def __init__(self, testbed, user="bob", resource="peer", verify=True,
                 direct_tls=False, timeout=DEFAULT_TIMEOUT, wait_online=True,
                 caps=None):
        self.user = user
        self.jid = testbed.jid(user)
        self.full_jid = "%s/%s" % (self.jid, resource)
        self.label = "peer-%s" % user
        # The password goes in the environment, not the arguments: what a
        # failed test prints (the command line) holds no secret.
        argv = [PYTHON, PEER_SCRIPT,
                "--jid", self.full_jid,
                "--host", "127.0.0.1",
                "--port", str(testbed.tls_port if direct_tls
                              else testbed.c2s_port),
                "--log", os.path.join(testbed.workdir, "peer-%s-%d.log"
                                      % (user, testbed.next_id()))]
        if direct_tls:
            argv.append("--direct-tls")
        if caps is not None:
            argv += ["--caps", ",".join(caps)]
        if verify:
            argv += ["--cafile", testbed.cert_path]
        else:
            argv.append("--no-verify")
        self._cmd_id = 0
        env = dict(os.environ, LANG="C.UTF-8", PEER_PASSWORD=testbed.password(user))
        super().__init__(testbed, argv, env=env)
        if wait_online:
            self.wait_online(timeout)

    def wait_online(self, timeout=DEFAULT_TIMEOUT):
        event = self.wait_for(lambda e: e.get("event") in ("online", "error"),
                              timeout, what="online")
        check(event["event"] == "online", "peer %s could not log in: %s\n%s"
              % (self.jid, event, self.diagnostics()))
        return event

    def _command(self, cmd, timeout=DEFAULT_TIMEOUT, **fields):
        self._cmd_id += 1
        fields.update(cmd=cmd, id=self._cmd_id)
        try:
            self.send_raw(json.dumps(fields) + "\n")
        except BrokenPipeError:
            raise TestFailure("peer %s has gone\n%s"
                              % (self.jid, self.diagnostics()))
        done = self.wait_for({"event": "done", "id": self._cmd_id}, timeout)
        check(done.get("ok", False), "peer command %s failed: %s"
              % (cmd, done.get("error")))
        return done

    def send_message(self, to, body, type="chat"):
        """Send a message stanza; returns once slixmpp has queued it."""
        return self._command("send", to=to, body=body, type=type)

    def otr_enable(self):
        """Give the peer an OTR key (python3-potr: another implementation
        than natter's libotr); OTR messages then become otr_message
        events, sessions otr_state events."""
        return self._command("otr_enable", timeout=60)

    def otr_start(self, to):
        return self._command("otr_start", to=to)

    def otr_send(self, to, body):
        """Send body in the OTR session with to (in the clear without one)."""
        return self._command("otr_send", to=to, body=body)

    def otr_end(self, to):
        return self._command("otr_end", to=to)

    def otr_forget(self, to):
        """Lose the OTR session with to without telling it, as a client
        that restarted does: to's next encrypted message is unreadable."""
        return self._command("otr_forget", to=to)

    def otr_smp(self, to, secret, question=None):
        """Verify to in the OTR session (SMP): with a secret, or a question
        whose answer is secret."""
        return self._command("otr_smp", to=to, secret=secret, question=question)

    def otr_smp_answer(self, to, secret):
        """Answer to's verification with this secret."""
        return self._command("otr_smp_answer", to=to, secret=secret)

    def send_burst(self, to, prefix, count):
        """Send count chat messages "<prefix> <n>" (n from 0) at once."""
        return self._command("burst", to=to, prefix=prefix, count=count)

    def send_stanza(self, xml):
        """Send a stanza as written (XML text); returns once queued."""
        return self._command("raw", xml=xml)

    def send_presence(self, show=None, status=None):
        return self._command("presence", show=show, status=status)

    def subscribe(self, to):
        """Ask `to` for a presence subscription."""
        return self._command("subscribe", to=to)

    def wait_message(self, predicate=None, timeout=DEFAULT_TIMEOUT,
                     with_body=True):
        """Next received message (dict: from, to, body, type, id) matching.

        predicate: callable on the message dict, a dict subset, or None.
        Messages without a body (chat states, receipts) are skipped unless
        with_body is False.
        """
        def wanted(event):
            if event.get("event") != "message":
                return False
            if with_body and event.get("body") is None:
                return False
            if predicate is None:
                return True
            return _matches(event, predicate)
        return self.wait_for(wanted, timeout, what="a message%s" % (
            "" if predicate is None else " matching " + describe(predicate)))

    def quit(self, timeout=EXIT_TIMEOUT):
        try:
            self.send_raw(json.dumps({"cmd": "quit", "id": 0}) + "\n")
        except BrokenPipeError:
            pass
        status = self.wait_exit(timeout)
        self.close_stdin()
        return status
