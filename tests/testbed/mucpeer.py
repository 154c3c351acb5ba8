#!/usr/bin/python3
"""Multi-user chat (XEP-0045) as a slixmpp peer does it, for natter's tests.

Functions acting through a testbed.Peer with raw stanzas (Peer.send_stanza)
and reading what comes back from its JSON events, so that a test shows
the exact XML the room gets:

  iq(peer, to, payload)           an IQ and its answer (the "iq" event)
  join(peer, room, nick)          enter a room; the self-presence (110)
  create_room(peer, room, nick, config)
                                  enter a new room as its owner and submit
                                  its configuration form (Prosody keeps a
                                  room created by a join locked, status
                                  201, until its owner configures it)
  set_affiliation / set_role      admin IQs: ban, make member, kick...
  set_subject, say, leave         the rest of an occupant's life

and helpers reading MUC payloads out of a peer event's "xml":
  status_codes(event), muc_item(event), is_from(event, room, nick).

A peer sees room traffic as ordinary events: "presence" events from
room/nick (xml holds the muc#user payload), "message" events of type
groupchat (a subject change has body null, so wait for it with
wait_message(..., with_body=False)).
"""

import itertools
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

from tbcommon import DEFAULT_TIMEOUT, TestFailure, check

MUC = "http://jabber.org/protocol/muc"
MUC_USER = MUC + "#user"
MUC_ADMIN = MUC + "#admin"
MUC_OWNER = MUC + "#owner"
DATA_FORMS = "jabber:x:data"
ROOMCONFIG = MUC + "#roomconfig"

_ids = itertools.count(1)


def _next_id(prefix):
    return "%s-%d" % (prefix, next(_ids))


# --------------------------------------------------------------------------
# Reading peer events


def _parse(event):
    try:
        return ET.fromstring(event.get("xml") or "")
    except ET.ParseError:
        return None


def status_codes(event):
    """The muc#user status codes of a presence or message event, as ints."""
    root = _parse(event)
    if root is None:
        return set()
    return {int(s.get("code")) for s in root.iter("{%s}status" % MUC_USER)
            if (s.get("code") or "").isdigit()}


def muc_item(event):
    """The muc#user <item/> of a presence event: its attributes, plus
    "reason" and "actor" (the actor's nick or JID) when present; {} if
    there is none."""
    root = _parse(event)
    if root is None:
        return {}
    for x in root.iter("{%s}x" % MUC_USER):
        item = x.find("{%s}item" % MUC_USER)
        if item is None:
            continue
        found = dict(item.attrib)
        reason = item.find("{%s}reason" % MUC_USER)
        if reason is not None:
            found["reason"] = reason.text or ""
        actor = item.find("{%s}actor" % MUC_USER)
        if actor is not None:
            found["actor"] = actor.get("nick") or actor.get("jid")
        return found
    return {}


def error_condition(event):
    """The defined condition of an error stanza (e.g. "conflict"), or None."""
    root = _parse(event)
    if root is None:
        return None
    # slixmpp writes the stanza without the jabber:client namespace.
    for error in list(root.iter("error")) + list(root.iter("{jabber:client}error")):
        for child in error:
            if child.tag.startswith("{urn:ietf:params:xml:ns:xmpp-stanzas}") \
                    and not child.tag.endswith("}text"):
                return child.tag.split("}", 1)[1]
    return None


def is_from(event, room, nick=None):
    """True if the event came from the room (nick None) or from room/nick."""
    sender = event.get("from") or ""
    if nick is None:
        return sender == room
    return sender == "%s/%s" % (room, nick)


# --------------------------------------------------------------------------
# Sending


def iq(peer, to, payload, type="set", allow_error=False,
       timeout=DEFAULT_TIMEOUT):
    """Send <iq type=type to=to>payload</iq>; return the answer's event.

    payload: XML text. Fails unless the answer is a result (an error
    answer is returned instead when allow_error).
    """
    ident = _next_id("iq")
    peer.send_stanza("<iq type=%s id=%s to=%s>%s</iq>"
                     % (quoteattr(type), quoteattr(ident), quoteattr(to),
                        payload))
    answer = peer.wait_for({"event": "iq", "id": ident}, timeout,
                           what="the answer to iq %s to %s" % (ident, to))
    if not allow_error:
        check(answer.get("type") == "result",
              "%s refused %s: %s" % (to, payload, answer.get("xml")))
    return answer


def join(peer, room, nick, password=None, history=None, allow_error=False,
         timeout=DEFAULT_TIMEOUT):
    """Enter room as nick; return the self-presence event (status 110).

    history: None (the room's default) or a maxstanzas number. With
    allow_error, an error presence (entry refused) is returned instead
    of failing.
    """
    since = peer.mark()
    extra = ""
    if password is not None:
        extra += "<password>%s</password>" % escape(password)
    if history is not None:
        extra += "<history maxstanzas='%d'/>" % history
    peer.send_stanza("<presence to=%s><x xmlns='%s'>%s</x></presence>"
                     % (quoteattr("%s/%s" % (room, nick)), MUC, extra))

    def answer(event):
        if event.get("event") != "presence" or not is_from(event, room, nick):
            return False
        return event.get("type") == "error" or 110 in status_codes(event)
    got = peer.wait_for(answer, timeout, since=since,
                        what="%s's entry to %s as %s" % (peer.user, room, nick))
    if got.get("type") == "error" and not allow_error:
        raise TestFailure("%s could not enter %s as %s: %s"
                          % (peer.user, room, nick, got.get("xml")))
    return got


def configure(peer, room, config=None, timeout=DEFAULT_TIMEOUT):
    """Submit the room's configuration form with these muc#roomconfig
    fields (name without the "muc#roomconfig_" prefix -> value; a bool
    becomes "1"/"0"); no fields: an instant room (XEP-0045 10.1.2)."""
    fields = ""
    if config:
        fields = ("<field var='FORM_TYPE' type='hidden'><value>%s</value>"
                  "</field>" % ROOMCONFIG)
        for name, value in config.items():
            if isinstance(value, bool):
                value = "1" if value else "0"
            fields += "<field var=%s><value>%s</value></field>" % (
                quoteattr("muc#roomconfig_" + name), escape(str(value)))
    return iq(peer, room, "<query xmlns='%s'><x xmlns='%s' type='submit'>%s"
              "</x></query>" % (MUC_OWNER, DATA_FORMS, fields),
              timeout=timeout)


def create_room(peer, room, nick, config=None, timeout=DEFAULT_TIMEOUT):
    """Enter a room that does not exist yet, so that peer owns it, and
    configure it (config as for configure()); returns the self-presence."""
    got = join(peer, room, nick, timeout=timeout)
    check(201 in status_codes(got),
          "%s already existed (no status 201 on entry): %s"
          % (room, got.get("xml")))
    item = muc_item(got)
    check(item.get("affiliation") == "owner",
          "%s does not own the room it created: %s" % (peer.user, got.get("xml")))
    configure(peer, room, config, timeout)
    return got


def set_affiliation(peer, room, jid, affiliation, reason=None,
                    allow_error=False):
    """Change a bare JID's affiliation (owner, admin, member, none,
    outcast = banned) with a muc#admin IQ; returns the answer's event."""
    reason_xml = "<reason>%s</reason>" % escape(reason) if reason else ""
    return iq(peer, room, "<query xmlns='%s'><item affiliation=%s jid=%s>%s"
              "</item></query>" % (MUC_ADMIN, quoteattr(affiliation),
                                   quoteattr(jid), reason_xml),
              allow_error=allow_error)


def set_role(peer, room, nick, role, reason=None, allow_error=False):
    """Change an occupant's role (role "none" kicks them)."""
    reason_xml = "<reason>%s</reason>" % escape(reason) if reason else ""
    return iq(peer, room, "<query xmlns='%s'><item role=%s nick=%s>%s"
              "</item></query>" % (MUC_ADMIN, quoteattr(role),
                                   quoteattr(nick), reason_xml),
              allow_error=allow_error)


def say(peer, room, body):
    """A groupchat message to the room."""
    return peer.send_message(room, body, type="groupchat")


def set_subject(peer, room, subject):
    """Change the room's subject (a groupchat message with only a subject)."""
    return peer.send_stanza("<message to=%s type='groupchat'><subject>%s"
                            "</subject></message>"
                            % (quoteattr(room), escape(subject)))


def set_presence(peer, room, nick, show=None, status=None):
    """Presence to the room as an occupant (show away, a status...)."""
    inner = ""
    if show:
        inner += "<show>%s</show>" % escape(show)
    if status:
        inner += "<status>%s</status>" % escape(status)
    return peer.send_stanza("<presence to=%s>%s</presence>"
                            % (quoteattr("%s/%s" % (room, nick)), inner))


def leave(peer, room, nick, status=None, timeout=DEFAULT_TIMEOUT):
    """Leave the room; returns the room's answering self-presence."""
    since = peer.mark()
    inner = "<status>%s</status>" % escape(status) if status else ""
    peer.send_stanza("<presence type='unavailable' to=%s>%s</presence>"
                     % (quoteattr("%s/%s" % (room, nick)), inner))
    return peer.wait_for(lambda e: e.get("event") == "presence"
                         and is_from(e, room, nick)
                         and e.get("type") == "unavailable", timeout,
                         since=since, what="%s leaving %s" % (peer.user, room))
