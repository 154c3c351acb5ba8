"""The terminal clients the side-by-side benchmarks compare (tests/bench/run):
natter's full-screen UI, Profanity and mcabber, each in tmux at a fixed
size, each with a HOME of its own configured for one account of the
private Prosody. What differs between them is here: how each is set up,
started, told to open a conversation or enter a room, and what on its
screen says it is logged in.
"""

import os
import shlex
import shutil
import subprocess

import testbed
from testbed import TestFailure, Tmux

# Debian packages of the peers, installed when missing.
PACKAGES = {"profanity": "profanity", "mcabber": "mcabber"}


def ensure_installed(names):
    """Installs the Debian packages of the peers named that are missing
    (as root, with apt-get); fails naming the package otherwise."""
    missing = [PACKAGES[n] for n in names if n in PACKAGES and shutil.which(n) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        raise TestFailure("missing peer clients; install the Debian packages: %s"
                          % " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    result = subprocess.run(["apt-get", "install", "-y", "-q"] + missing, env=env,
                            capture_output=True)
    if result.returncode != 0:
        raise TestFailure("apt-get install %s failed:\n%s" % (
            " ".join(missing), result.stderr.decode("utf-8", "replace")[-2000:]))


def version(name):
    if name == "natter":
        out = subprocess.run([testbed.natter_binary(), "--version"], capture_output=True)
    elif name == "profanity":
        out = subprocess.run(["profanity", "--version"], capture_output=True)
    else:
        out = subprocess.run(["mcabber", "-V"], capture_output=True)
    text = (out.stdout or out.stderr).decode("utf-8", "replace").strip().splitlines()
    return text[0] if text else "?"


def write_secret(tb, path, text):
    """A peer client's file holding its password: made 0600 before
    anything is in it, and a password there on purpose (the run's check
    for leaked secrets skips it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    tb.allow_secret(path)


class Client:
    """One client process for one account, in tmux."""

    name = None

    def __init__(self, tb, user, width, height):
        self.tb = tb
        self.user = user
        self.jid = tb.jid(user)
        self.width = width
        self.height = height
        self.home = os.path.join(tb.workdir, "%s-home-%d" % (self.name, tb.next_id()))
        for sub in ("", ".config", ".local/share", ".local/state", ".cache", "run"):
            os.makedirs(os.path.join(self.home, sub), mode=0o700, exist_ok=True)
        self.screen = None
        self.pid = None

    def env(self):
        return ["HOME=" + self.home, "XDG_CONFIG_HOME=" + self.home + "/.config",
                "XDG_DATA_HOME=" + self.home + "/.local/share",
                "XDG_STATE_HOME=" + self.home + "/.local/state",
                "XDG_CACHE_HOME=" + self.home + "/.cache",
                "XDG_RUNTIME_DIR=" + self.home + "/run", "LANG=C.UTF-8"]

    def argv(self):
        raise NotImplementedError

    def start(self):
        """Starts the client (not waiting for anything); returns its pid."""
        command = "exec " + " ".join(shlex.quote(a) for a in ["env"] + self.env() + self.argv())
        self.screen = Tmux(self.tb, command, width=self.width, height=self.height,
                           session=self.name)
        self.pid = int(self.screen.pane_info("#{pane_pid}"))
        return self.pid

    def logged_in(self, text):
        """Whether the screen says the account is online."""
        raise NotImplementedError

    def type_line(self, line):
        self.screen.send_text(line)
        self.screen.send_keys("Enter")

    def open_chat(self, jid):
        """Shows the conversation with jid (messages from it land there)."""
        self.type_line("/msg %s" % jid)

    def join(self, room, nick):
        self.type_line("/join %s/%s" % (room, nick))

    def room_shown(self, text, room):
        """Whether the screen shows the room entered (its subject)."""
        return "big room's subject" in text

    def stop(self):
        if self.screen is not None:
            self.screen.kill()
            self.screen = None


class Natter(Client):
    name = "natter"

    def __init__(self, tb, user, width, height):
        super().__init__(tb, user, width, height)
        self.confdir = tb.natter_config([user])

    def env(self):
        env = super().env()
        datadir = self.tb.natter_env(self.home).get("NATTER_DATADIR")
        return env + (["NATTER_DATADIR=" + datadir] if datadir else [])

    def argv(self):
        return [testbed.natter_binary(), "--config-dir", self.confdir, "-a", self.user]

    def logged_in(self, text):
        return "online as" in text

    def join(self, room, nick):
        self.type_line("/join %s %s" % (room, nick))


class Profanity(Client):
    name = "profanity"

    def __init__(self, tb, user, width, height):
        super().__init__(tb, user, width, height)
        data = os.path.join(self.home, ".local/share/profanity")
        os.makedirs(data, mode=0o700, exist_ok=True)
        write_secret(tb, os.path.join(data, "accounts"),
                     "[%s]\nenabled=true\njid=%s\nserver=127.0.0.1\nport=%d\n"
                     "resource=profanity\npassword=%s\ntls.policy=trust\n"
                     % (self.jid, self.jid, tb.c2s_port, tb.password(user)))

    def argv(self):
        return ["profanity", "-a", self.jid]

    def logged_in(self, text):
        # The title bar's state (the console's "logged in" line scrolls
        # away under presence notices).
        lines = text.splitlines()
        return bool(lines) and lines[0].rstrip().endswith("[online]")

    def join(self, room, nick):
        self.type_line("/join %s nick %s" % (room, nick))


class Mcabber(Client):
    name = "mcabber"

    def __init__(self, tb, user, width, height):
        super().__init__(tb, user, width, height)
        os.makedirs(os.path.join(self.home, ".mcabber"), mode=0o700, exist_ok=True)
        self.rc = os.path.join(self.home, ".mcabber", "mcabberrc")
        write_secret(tb, self.rc, "set jid = %s\nset resource = mcabber\nset password = %s\n"
                     "set server = 127.0.0.1\nset port = %d\nset tls = 1\n"
                     "set ssl_ignore_checks = 1\n"
                     % (self.jid, tb.password(user), tb.c2s_port))

    def argv(self):
        return ["mcabber", "-f", self.rc]

    def logged_in(self, text):
        # The bottom line shows the account's own status, "[o]" online
        # (the log's "status has been set" line scrolls away).
        lines = [line for line in text.splitlines() if line.strip()]
        return bool(lines) and lines[-1].rstrip().endswith("[o]")

    def open_chat(self, jid):
        # The roster entry selected, then Enter on the empty line: chat
        # mode, the conversation's buffer shown.
        self.type_line("/roster search %s" % jid)
        self.screen.send_keys("Enter")

    def join(self, room, nick):
        self.type_line("/room join %s %s" % (room, nick))

    def room_shown(self, text, room):
        # mcabber stays in its status buffer: it says the room was joined.
        return "You have joined %s" % room in text


CLIENTS = {"natter": Natter, "profanity": Profanity, "mcabber": Mcabber}
