"""The fake MUC service (fakeroom.py) as a process of a test bed.

  EXTRA = component_config(SERVICE, SECRET, PORT)   # prosody_extra=
  FakeRoom(tb, SERVICE, SECRET, PORT, occupants=3, history=2, silent=True, late=25)

With commands=True (fakeroom.py --commands) the test speaks for the rooms
it holds (hold()): it sends their stanzas as written (send_stanza()) and
gives answers to IQs (answer()); "entry" events say who asked to enter a
held room, "groupchat" events what was said (and reflected) in any room.
"""

import json
import os

from clients import JsonLinesProcess
from tbcommon import DEFAULT_TIMEOUT, PYTHON, TestFailure, check


def component_config(service, secret, port):
    """Lua lines (a Testbed's prosody_extra) for the component."""
    return """component_ports = { %d }
component_interface = "127.0.0.1"
Component "%s"
  component_secret = "%s"
""" % (port, service, secret)


class FakeRoom(JsonLinesProcess):
    label = "fakeroom"

    def __init__(self, tb, service, secret, port, occupants, history, silent=False,
                 late=None, commands=False):
        here = os.path.dirname(os.path.abspath(__file__))
        argv = [PYTHON, os.path.join(here, "fakeroom.py"), "--jid", service,
                "--secret", secret, "--port", str(port), "--occupants", str(occupants),
                "--history", str(history)]
        if silent:
            argv.append("--silent")
        if late is not None:
            argv += ["--late", str(late)]
        if commands:
            argv.append("--commands")
        self._cmd_id = 0
        super().__init__(tb, argv)
        self.wait_for({"event": "online"}, what="the fake room service online")

    def command(self, cmd, timeout=DEFAULT_TIMEOUT, **fields):
        """One stdin command (commands=True only); returns its "done"
        event once the service has carried it out."""
        self._cmd_id += 1
        fields.update(cmd=cmd, id=self._cmd_id)
        try:
            self.send_raw(json.dumps(fields) + "\n")
        except BrokenPipeError:
            raise TestFailure("the fake room service has gone\n%s" % self.diagnostics())
        done = self.wait_for({"event": "done", "id": self._cmd_id}, timeout)
        check(done.get("ok", False), "fake room command %s failed: %s"
              % (cmd, done.get("error")))
        return done

    def send_stanza(self, xml, timeout=DEFAULT_TIMEOUT):
        """Send a stanza as written (XML text) from the service; returns
        once queued (what Peer.send_stanza is for a client)."""
        return self.command("raw", timeout=timeout, xml=xml)

    def hold(self, room):
        """Entrants to room get nothing: an "entry" event each instead."""
        return self.command("hold", room=room)

    def answer(self, room, payload, xml, type="get", timeout=DEFAULT_TIMEOUT):
        """IQs of type (get or set) to room whose payload is payload
        ("{NS}NAME") are answered with a result holding xml."""
        return self.command("answer", timeout=timeout, room=room, payload=payload, type=type,
                            xml=xml)
