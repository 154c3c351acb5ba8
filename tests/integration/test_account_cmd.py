#!/usr/bin/python3
"""/account: accounts listed, added, changed and removed from a running
natter, accounts.ini edited in place.

Asserts:
  - /account list shows alice online with her JID and resource;
  - /account add home bob@localhost appends [home] to accounts.ini and
    leaves every byte before it (alice's lines, the user's comments and
    spacing) as it was; the file stays 0600;
  - /account set home port notaport is refused naming the port, and the
    file does not change; an unknown key is refused naming the keys;
  - /account set home password/server/port/tls/trust_cafile then
    /connect home: bob's account logs in beside alice's; a message from
    carol to bob arrives on account home, one to alice on account alice;
  - /account show home does not show the password;
  - /account remove home is refused while it is connected; disconnected,
    the first /account remove asks to confirm, the second removes it:
    [home] is gone from accounts.ini, alice's part unchanged, and
    /account list shows alice only;
  - /account unset alice resource removes that line only; with
    /account set alice autoconnect yes, a natter started without -a logs
    in as alice from the edited file, and leaves an account without
    autoconnect disconnected;
  - /account disable alice disconnects her and writes enabled = no;
    /connect alice is then refused as disabled; /account enable alice
    puts the file back as it was, and /connect works again;
  - a new jid for a connected account is refused; enabled = no set by
    hand disconnects the account as /account disable does.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def body(tb):
    confdir = tb.natter_config(["alice"])
    path = os.path.join(confdir, "accounts.ini")
    # The user's own touches: comments, odd spacing.
    original = "# my accounts, kept by hand\n\n" + read(path).replace(
        "resource = natter", "resource=natter   ") + "# end of alice\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)

    natter = Natter(tb, confdir, account="alice")
    natter.wait_online()
    listed = natter.output("/account list")
    check("alice: %s/natter, online" % tb.jid("alice") in listed,
          "/account list: %r" % listed)

    natter.ok("/account add home %s" % tb.jid("bob"))
    text = read(path)
    check(text.startswith(original) and "[home]\njid = %s\n" % tb.jid("bob") in text,
          "accounts.ini after /account add:\n%s" % text)
    check(os.stat(path).st_mode & 0o777 == 0o600, "accounts.ini is no longer 0600")

    refused = natter.command("/account set home port notaport")
    check(refused.get("ok") is False and "port 'notaport'" in (refused.get("error") or ""),
          "a bad port: %r" % refused)
    refused = natter.command("/account set home shade red")
    check(refused.get("ok") is False and "unknown key 'shade'" in (refused.get("error") or "")
          and "trust_cafile" in refused.get("error"), "an unknown key: %r" % refused)
    check(read(path) == text, "a refused /account set changed accounts.ini")

    for key, value in (("password", tb.password("bob")), ("server", "127.0.0.1"),
                       ("port", tb.c2s_port), ("tls", "required"),
                       ("trust_cafile", tb.cert_path)):
        natter.ok("/account set home %s %s" % (key, value))
    shown = natter.output("/account show home")
    check("password = (set, not shown)" in shown and tb.password("bob") not in shown,
          "/account show: %r" % shown)

    natter.ok("/connect home")
    natter.wait_session("online", account="home")
    carol = Peer(tb, "carol")
    carol.send_message(tb.jid("bob"), "to bob's account")
    carol.send_message(tb.jid("alice"), "to alice's account")
    for account, text_sent in (("home", "to bob's account"), ("alice", "to alice's account")):
        got = natter.wait_for(lambda e, t=text_sent: e.get("event") == "message"
                              and e.get("body") == t, what="message %r" % text_sent)
        check(got.get("account") == account, "%r arrived on account %r"
              % (text_sent, got.get("account")))

    refused = natter.command("/account remove home")
    check(refused.get("ok") is False and "/disconnect home first" in (refused.get("error") or ""),
          "removing a connected account: %r" % refused)
    natter.ok("/disconnect home")
    natter.wait_session("disconnected", account="home")
    asked = natter.output("/account remove home")
    check("again" in asked and "[home]" in read(path), "the first /account remove: %r" % asked)
    natter.ok("/account remove home")
    text = read(path)
    check("[home]" not in text and tb.password("bob") not in text
          and text == original,
          "accounts.ini after /account remove:\n%s" % text)
    listed = natter.output("/account list")
    check("home" not in listed and "alice:" in listed, "/account list: %r" % listed)

    natter.ok("/account unset alice resource")
    check(read(path) == original.replace("resource=natter   \n", ""),
          "accounts.ini after /account unset:\n%s" % read(path))
    natter.ok("/account set alice autoconnect yes")
    # An account that could log in, but is not marked autoconnect.
    natter.ok("/account add other %s" % tb.jid("carol"))
    for key, value in (("password", tb.password("carol")), ("server", "127.0.0.1"),
                       ("port", tb.c2s_port), ("trust_cafile", tb.cert_path)):
        natter.ok("/account set other %s %s" % (key, value))
    natter.quit_cleanly()

    # Started without -a: alice (autoconnect) logs in from the edited
    # file, the other account waits.
    again = Natter(tb, confdir, account=None)
    again.wait_session("online", account="alice")
    listed = again.output("/account list")
    check("other: %s, disconnected" % tb.jid("carol") in listed
          and "alice: %s, online" % tb.jid("alice") in listed,
          "/account list after a start without -a: %r" % listed)
    check(not [e for e in again.events if e.get("event") == "session"
               and e.get("account") == "other"],
          "the account without autoconnect was connected")

    before = read(path)
    again.ok("/account disable alice")
    again.wait_session("disconnected", account="alice")
    check("enabled = no" in read(path), "accounts.ini after /account disable:\n%s"
          % read(path))
    refused = again.command("/connect alice")
    check(refused.get("ok") is False and "disabled" in (refused.get("error") or ""),
          "/connect of a disabled account: %r" % refused)
    check("alice: %s, disabled" % tb.jid("alice") in again.output("/account list"),
          "/account list does not say alice is disabled")
    again.ok("/account enable alice")
    check(read(path) == before, "accounts.ini after /account enable:\n%s" % read(path))
    again.ok("/connect alice")
    again.wait_session("online", account="alice")
    # Another JID is another account: not while connected. enabled = no
    # set by hand is /account disable.
    refused = again.command("/account set alice jid %s" % tb.jid("carol"))
    check(refused.get("ok") is False and "/disconnect alice first" in (refused.get("error") or ""),
          "a new JID for a connected account: %r" % refused)
    again.ok("/account set alice enabled no")
    again.wait_session("disconnected", account="alice")
    again.ok("/account unset alice enabled")
    check(read(path) == before, "accounts.ini after enabled no, then unset:\n%s" % read(path))
    again.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
