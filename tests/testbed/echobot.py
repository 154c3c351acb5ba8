#!/usr/bin/python3
"""Echo bot for `make demo`: answers every chat message with "echo: <body>".

Logs in (as bob by default), sends presence, accepts and returns
subscription requests, and replies to each chat or normal message that has a
body. Prints {"event":"online","jid":...} on stdout once logged in, so the
demo can wait for it. Stops on SIGTERM or SIGINT.

    echobot.py --jid bob@localhost/echo --password PW --port 5222 \
               --cafile cert.pem
"""

import argparse
import os
import signal
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from peer import Client, add_connection_args, emit, run_client  # noqa: E402


class EchoBot(Client):
    def __init__(self, args):
        super().__init__(args)
        # slixmpp's roster answers subscribe with subscribed and subscribes
        # back when these are set (they are its defaults; stated for clarity).
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = True
        self.add_event_handler("message", self.on_message)

    def session_ready(self):
        emit({"event": "online", "jid": str(self.boundjid)})
        for signum in (signal.SIGTERM, signal.SIGINT):
            self.loop.add_signal_handler(signum, self.stop)

    def on_message(self, msg):
        if msg["type"] not in ("chat", "normal"):
            return
        if msg.xml.find("{jabber:client}body") is None:
            return
        msg.reply("echo: %s" % msg["body"]).send()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_connection_args(parser, default_user="bob")
    parser.set_defaults(jid="bob@localhost/echobot")
    args = parser.parse_args()
    run_client(EchoBot(args))


if __name__ == "__main__":
    main()
