"""The fake MUC service (fakeroom.py) as a process of a test bed.

  EXTRA = component_config(SERVICE, SECRET, PORT)   # prosody_extra=
  FakeRoom(tb, SERVICE, SECRET, PORT, occupants=3, history=2, silent=True, late=25)
"""

import os

from clients import JsonLinesProcess
from tbcommon import PYTHON


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
                 late=None):
        here = os.path.dirname(os.path.abspath(__file__))
        argv = [PYTHON, os.path.join(here, "fakeroom.py"), "--jid", service,
                "--secret", secret, "--port", str(port), "--occupants", str(occupants),
                "--history", str(history)]
        if silent:
            argv.append("--silent")
        if late is not None:
            argv += ["--late", str(late)]
        super().__init__(tb, argv)
        self.wait_for({"event": "online"}, what="the fake room service online")
