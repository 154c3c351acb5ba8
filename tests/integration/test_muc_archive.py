#!/usr/bin/python3
"""History from a room's archive (XEP-0313 on the room's JID).

Prosody's MUC here archives rooms (mod_muc_mam). bob (slixmpp) owns
lounge@conference.localhost and says three things before alice (natter)
comes. Asserts:
  - /join: natter reports the three as messages with "history" true, in
    order and each once, before the room says she is in ("joined"),
    then "history_end"; a message bob says afterwards is live (history
    false);
  - /leave, /set muc.history 2, bob says five more, /join again: natter
    asks the archive for what came after the last message it has (the
    live one), page after page of two while the archive says it is not
    complete, so those five arrive as history, in order, and nothing
    shown before is reported again;
  - the same holds for the room's own history, which the entry presence
    asks for since the last archived message: no message event repeats
    a body natter showed;
  - natter stopped, bob says three more, natter started again and /join:
    only those three come (the archive is read on from the last message
    history.db holds of the room), and history.db holds every message
    said in the room once, in order (natter export --in the room), a
    live one with bob's real JID (the room is non-anonymous).
"""

import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, check, natter_binary  # noqa: E402


def messages(natter, room, since):
    return [e for e in natter.events[since:]
            if e.get("event") == "message" and e.get("room") == room]


def body(tb):
    room = "lounge@" + tb.muc_domain
    bob = Peer(tb, "bob")
    # Non-anonymous: every occupant sees the others' real JIDs.
    muc.create_room(bob, room, "bob", {"whois": "anyone"})
    before = ["first words", "second words", "third words"]
    for text in before:
        muc.say(bob, room, text)
        bob.wait_message(lambda m, t=text: m.get("body") == t and m.get("type") == "groupchat")

    confdir = tb.natter_config()
    natter = Natter(tb, confdir)
    natter.wait_online()
    mark = natter.mark()
    natter.ok("/join %s" % room)
    joined = natter.wait_for({"event": "room", "room": room, "change": "joined"}, since=mark)
    natter.wait_for({"event": "room", "room": room, "change": "history_end"}, since=mark)
    got = messages(natter, room, mark)
    check([m["body"] for m in got] == before,
          "the history is not the three messages in order, once: %r"
          % [m.get("body") for m in got])
    check(all(m.get("history") is True for m in got), "history not flagged: %r" % got)
    check(natter.events.index(got[-1]) < natter.events.index(joined),
          "the archive's messages did not come before the entry")

    muc.say(bob, room, "live now")
    live = natter.wait_for({"event": "message", "room": room, "body": "live now"}, since=mark)
    check(live.get("history") is False, "a live message flagged as history: %r" % live)

    mark = natter.mark()
    natter.ok("/leave -t %s" % room)
    natter.wait_for({"event": "room", "room": room, "change": "left"}, since=mark)
    # More than a page (muc.history) missed: natter reads the archive
    # on, page after page, and misses none.
    natter.ok("/set muc.history 2")
    after = ["while away %d" % i for i in range(1, 6)]
    for text in after:
        muc.say(bob, room, text)
        bob.wait_message(lambda m, t=text: m.get("body") == t and m.get("type") == "groupchat")
    mark = natter.mark()
    natter.ok("/join %s" % room)
    natter.wait_for({"event": "room", "room": room, "change": "joined"}, since=mark)
    natter.wait_for({"event": "room", "room": room, "change": "history_end"}, since=mark)
    muc.say(bob, room, "welcome back")
    natter.wait_for({"event": "message", "room": room, "body": "welcome back"}, since=mark)
    got = [m["body"] for m in messages(natter, room, mark)]
    check(got == after + ["welcome back"],
          "on entering again natter showed %r, not only what was missed" % got)
    natter.quit_cleanly()

    # natter stopped: on entering the room after a restart, the archive
    # is read on from the last message history.db has of it; nothing
    # shown before is told again, nothing is stored twice.
    later = ["after the restart %d" % i for i in range(1, 4)]
    for text in later:
        muc.say(bob, room, text)
        bob.wait_message(lambda m, t=text: m.get("body") == t and m.get("type") == "groupchat")
    natter = Natter(tb, confdir)
    natter.wait_online()
    mark = natter.mark()
    natter.ok("/join %s" % room)
    natter.wait_for({"event": "room", "room": room, "change": "joined"}, since=mark)
    natter.wait_for({"event": "room", "room": room, "change": "history_end"}, since=mark)
    muc.say(bob, room, "hello again")
    natter.wait_for({"event": "message", "room": room, "body": "hello again"}, since=mark)
    got = [m["body"] for m in messages(natter, room, mark)]
    check(got == later + ["hello again"],
          "after a restart natter showed %r, not only what was missed" % got)
    natter.quit_cleanly()
    # In the history's order, as natter export gives it.
    done = subprocess.run([natter_binary(), "export", "--config-dir", confdir, "--in", room,
                           "--format", "json"], capture_output=True, text=True, timeout=30)
    check(done.returncode == 0, "natter export: %r" % done.stderr)
    exported = [json.loads(line) for line in done.stdout.splitlines()]
    stored = [e["body"] for e in exported]
    everything = before + ["live now"] + after + ["welcome back"] + later + ["hello again"]
    check(stored == everything, "history.db holds %r" % stored)
    # A live message keeps who said it (the room shows real JIDs); one of
    # the history does not claim to know.
    real = {e["body"]: e.get("sender_jid") for e in exported}
    check((real["hello again"] or "").startswith(tb.jid("bob") + "/")
          and real["first words"] is None, "real JIDs stored: %r" % real)


if __name__ == "__main__":
    testbed.run_test(body, muc_modules=("muc_mam",))
