"""What the test and benchmark XEP-0114 components share (fakeroom.py,
tests/bench/loadgen.py): JSON lines on stdout, and the command line
--jid DOMAIN --secret S --port P that connects one to the private Prosody.
"""

import argparse
import json
import sys

import slixmpp


def emit(obj):
    """One JSON object as a line on stdout."""
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Component(slixmpp.ComponentXMPP):
    """A component of the private Prosody on 127.0.0.1; args is the parsed
    command line (args.jid, args.secret, args.port and the component's
    own options)."""

    def __init__(self, args):
        super().__init__(args.jid, args.secret, "127.0.0.1", args.port)
        self.args = args


def run(component_class, add_arguments):
    """Parses the command line (add_arguments(parser) adds the
    component's own options), connects a component_class and runs it
    until it disconnects or is killed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--jid", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--port", type=int, required=True)
    add_arguments(parser)
    component = component_class(parser.parse_args())
    component.connect()
    component.loop.run_forever()
