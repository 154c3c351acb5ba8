#!/usr/bin/python3
"""carol's client for tests/ui/test_hostile_forms_ui.py: peer.py's Peer
whose disco#info holds a data form of CAPS_FIELDS fields (XEP-0128), which
its entity capabilities (XEP-0115) announce. Same command line and JSON
lines as peer.py."""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

CAPS_FORM_TYPE = "urn:example:hostile-caps"
CAPS_FIELDS = 5000


def caps_fields():
    """(var, type, values) of the form carol's client announces."""
    fields = []
    for i in range(CAPS_FIELDS):
        kind = ("text-single", "jid-multi", "list-multi", "boolean")[i % 4]
        if kind == "jid-multi":
            values = ["user%d-%d@example.org" % (i, k) for k in range(5)]
        elif kind == "list-multi":
            values = ["choice %d" % i, "another %d" % i]
        elif kind == "boolean":
            values = ["1"]
        else:
            values = ["caps value %d" % i]
        fields.append(("caps#field%05d" % i, kind, values))
    return fields


def form_peer_main():
    import argparse
    import base64
    import hashlib
    import peer
    from slixmpp.plugins.xep_0004.stanza.form import Form

    def verstring(info, hash_name):
        """slixmpp's XEP-0115 5.1 verification string, each form's field
        list made once (slixmpp's makes it again for every field: 25
        million steps for 5,000 fields)."""
        identities = sorted("/".join(part or "" for part in i) for i in info["identities"])
        text = "<".join(identities) + "<" + "<".join(sorted(info["features"])) + "<"
        forms = []
        for stanza in info["substanzas"]:
            if isinstance(stanza, Form):
                fields = stanza.get_fields()
                if "FORM_TYPE" in fields:
                    form_type = fields["FORM_TYPE"].get_value(convert=False)
                    if isinstance(form_type, list):
                        form_type = form_type[0] if form_type else ""
                    forms.append((form_type, fields))
        for form_type, fields in sorted(forms, key=lambda f: f[0]):
            text += "%s<" % form_type
            for var in sorted(v for v in fields if v != "FORM_TYPE"):
                values = fields[var].get_value(convert=False)
                values = values if isinstance(values, list) else [values]
                text += "%s<" % var + "".join("%s<" % v for v in sorted(values))
        digest = {"sha-1": hashlib.sha1}[hash_name](text.encode("utf-8")).digest()
        return base64.b64encode(digest).decode("ascii")

    class FormPeer(peer.Peer):
        async def on_session_start(self, event):
            form = Form()
            form["type"] = "result"
            form.add_field(var="FORM_TYPE", ftype="hidden", value=CAPS_FORM_TYPE)
            for var, kind, values in caps_fields():
                form.add_field(var=var, ftype=kind,
                               value=values if kind.endswith("-multi") else values[0])
            await self["xep_0030"].set_extended_info(data=form)
            self["xep_0115"].generate_verstring = verstring
            await super().on_session_start(event)
            ver = await self["xep_0115"].get_verstring(self.boundjid.full)
            peer.emit({"event": "caps", "ver": ver})

    parser = argparse.ArgumentParser()
    peer.add_connection_args(parser)
    peer.run_client(FormPeer(parser.parse_args()))


if __name__ == "__main__":
    form_peer_main()


