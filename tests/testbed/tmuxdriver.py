#!/usr/bin/python3
"""natter's terminal UI in tmux: start, type, read the screen.

A Tmux object owns one private tmux server (its own -L socket name and a
config file in the work directory) for the lifetime of a test; kill() ends
the server and removes its socket. Testbed.stop() calls kill().
"""

import os
import secrets
import subprocess
import time
import unicodedata

from tbcommon import (DEFAULT_TIMEOUT, EXIT_TIMEOUT, TestFailure,
                      log, scaled, wait_until)


class Tmux:
    """A private tmux server running one command in a detached session.

    The server has its own socket name (-L), no user configuration, the
    status line off (so the pane is the whole width x height) and
    remain-on-exit on (so the exit status of the command can be read).
    Testbed.stop() kills the server.
    """

    label = "tmux"

    def __init__(self, testbed, command, env=None, width=100, height=30,
                 session="natter"):
        self.testbed = testbed
        self.socket = "natter-test-%d-%s" % (os.getpid(),
                                             secrets.token_hex(4))
        self.session = session
        self.command = command
        self.conf_path = os.path.join(testbed.workdir, "tmux-%d.conf"
                                      % testbed.next_id())
        terminal = "tmux-256color" if _has_terminfo("tmux-256color") \
            else "screen"
        with open(self.conf_path, "w") as f:
            f.write("set -g default-terminal %s\n"
                    "set -g status off\n"
                    "set -g remain-on-exit on\n"
                    "set -g history-limit 5000\n" % terminal)
        self.env = dict(env if env is not None else os.environ)
        self.env.pop("TMUX", None)
        self.env["LANG"] = "C.UTF-8"
        self.env.pop("LC_ALL", None)
        self.last_screen = ""
        self.socket_path = None
        self.alive = True
        testbed.children.append(self)
        self.tmux("new-session", "-d", "-s", session, "-x", str(width),
                  "-y", str(height), command)
        self.socket_path = self.tmux("display-message", "-p",
                                     "#{socket_path}").strip()

    def tmux(self, *args, check_status=True):
        """Run one tmux command against our server; return its stdout."""
        argv = ["tmux", "-u", "-L", self.socket, "-f", self.conf_path] + \
            list(args)
        result = subprocess.run(argv, env=self.env, capture_output=True,
                                timeout=EXIT_TIMEOUT)
        if check_status and result.returncode != 0:
            raise TestFailure("%s failed (%d): %s" % (
                " ".join(argv), result.returncode,
                result.stderr.decode("utf-8", "replace")))
        return result.stdout.decode("utf-8", "replace")

    def screen(self):
        """The visible pane as text, one line per row."""
        self.last_screen = self.tmux("capture-pane", "-p", "-t",
                                     self.session)
        return self.last_screen

    def wait_screen(self, predicate, timeout=DEFAULT_TIMEOUT, what=None):
        """Poll the screen until predicate(text) holds; return the text.

        predicate: a callable on the screen text, or a string that must
        appear on it. Fails showing the last screen at the deadline.
        """
        if isinstance(predicate, str):
            needle = predicate
            what = what or repr(needle)
            predicate = lambda text: needle in text  # noqa: E731
        deadline = time.monotonic() + scaled(timeout)
        while True:
            text = self.screen()
            if predicate(text):
                return text
            if self.pane_dead():
                break
            if time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        raise TestFailure("screen never showed %s (%s)\n%s"
                          % (what or "the expected text",
                             "the program exited" if self.pane_dead()
                             else "timed out after %.1f s" % timeout,
                             self.screen_dump()))

    def screen_dump(self):
        lines = self.last_screen.splitlines()
        width = max([_columns(line) for line in lines] + [20])
        rule = "+" + "-" * width + "+"
        body = "\n".join("|%s%s|" % (line, " " * (width - _columns(line)))
                         for line in lines)
        return "last screen:\n%s\n%s\n%s" % (rule, body, rule)

    def send_text(self, text):
        """Type text literally (no key names interpreted)."""
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def send_keys(self, *keys):
        """Press keys by tmux name: Enter, M-2, C-c, ..."""
        self.tmux("send-keys", "-t", self.session, *keys)

    def pane_info(self, fmt):
        return self.tmux("display-message", "-p", "-t", self.session,
                         fmt, check_status=False).strip()

    def pane_dead(self):
        """True once the command has exited (or the session is gone)."""
        if not self.alive:
            return True
        return self.pane_info("#{pane_dead}") in ("1", "")

    def wait_exit(self, timeout=EXIT_TIMEOUT):
        """Wait until the command exits; return its status (None if unknown).
        """
        wait_until(self.pane_dead, timeout, "the program in tmux to exit")
        status = self.pane_info("#{pane_dead_status}")
        return int(status) if status.isdigit() else None

    def kill(self):
        if self.alive:
            self.tmux("kill-server", check_status=False)
            self.alive = False
        # tmux leaves its socket file behind; it is ours to remove.
        if self.socket_path and os.path.basename(self.socket_path) \
                == self.socket:
            try:
                os.unlink(self.socket_path)
            except FileNotFoundError:
                pass

    def diagnostics(self):
        return "---- tmux %s running %s ----\n%s" % (
            self.socket, self.command, self.screen_dump())


def _columns(text):
    """Terminal columns text takes: wide (CJK, emoji) characters take 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _has_terminfo(name):
    for base in ("/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"):
        if os.path.exists(os.path.join(base, name[0], name)):
            return True
    return False


# --------------------------------------------------------------------------
# natter's full-screen UI in tmux (tests/ui/): starting it, and reading what
# plain text cannot show: colours and attributes, the cursor, the terminal
# title, the bytes natter wrote.

import re  # noqa: E402
import shlex  # noqa: E402

from clients import SANITIZER_MARKERS  # noqa: E402
from tbcommon import natter_binary, tail  # noqa: E402


class Style:
    """How a cell is drawn: colours and attributes, from capture-pane -e.

    fg, bg: None for the terminal's default colour, a palette number
    (0-7 basic, 8-15 bright, up to 255), or an (r, g, b) tuple.
    """

    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline",
                 "reverse")

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None
        self.bold = self.dim = self.italic = False
        self.underline = self.reverse = False

    def copy(self):
        other = Style()
        for name in Style.__slots__:
            setattr(other, name, getattr(self, name))
        return other

    def coloured(self):
        """True when the cell has a colour other than the default."""
        return self.fg is not None or self.bg is not None

    def __eq__(self, other):
        return isinstance(other, Style) and all(
            getattr(self, n) == getattr(other, n) for n in Style.__slots__)

    def __hash__(self):
        return hash(tuple(getattr(self, n) for n in Style.__slots__))

    def __repr__(self):
        attrs = [n for n in ("bold", "dim", "italic", "underline", "reverse")
                 if getattr(self, n)]
        return "Style(fg=%r, bg=%r%s)" % (self.fg, self.bg, "".join(
            ", " + a for a in attrs))

    def apply(self, params):
        """Apply the parameters of one SGR sequence (ESC [ params m)."""
        codes = [int(p) if p.isdigit() else 0
                 for p in params.replace(":", ";").split(";")] or [0]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    colour = codes[i + 2]
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    colour = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    colour = None
                setattr(self, "fg" if code == 38 else "bg", colour)
            elif code == 0:
                self.reset()
            elif code in _SGR_ON:
                setattr(self, _SGR_ON[code], True)
            elif code in _SGR_OFF:
                for name in _SGR_OFF[code]:
                    setattr(self, name, False)
            elif 30 <= code <= 37:
                self.fg = code - 30
            elif 40 <= code <= 47:
                self.bg = code - 40
            elif 90 <= code <= 97:
                self.fg = code - 90 + 8
            elif 100 <= code <= 107:
                self.bg = code - 100 + 8
            elif code == 39:
                self.fg = None
            elif code == 49:
                self.bg = None
            i += 1


_SGR_ON = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 7: "reverse"}
_SGR_OFF = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline",),
            27: ("reverse",)}


class Cell:
    """One character on the screen: its column, text and Style."""

    __slots__ = ("x", "text", "style")

    def __init__(self, x, text, style):
        self.x, self.text, self.style = x, text, style

    def __repr__(self):
        return "Cell(%d, %r, %r)" % (self.x, self.text, self.style)


def parse_styled(captured):
    """Rows of Cells from `tmux capture-pane -e -p` output.

    tmux carries the drawing state from one row to the next, and so does
    this. A zero-width character joins the cell before it.
    """
    rows = []
    style = Style()
    for line in captured.split("\n"):
        cells = []
        x = 0
        i = 0
        while i < len(line):
            ch = line[i]
            if ch == "\x1b":
                end = i + 1
                if end < len(line) and line[end] == "[":
                    end += 1
                    while end < len(line) and not ("@" <= line[end] <= "~"):
                        end += 1
                    if end < len(line) and line[end] == "m":
                        style.apply(line[i + 2:end])
                elif end < len(line) and line[end] == "]":
                    # OSC (a hyperlink): up to BEL or ESC \.
                    while end < len(line) and line[end] != "\x07" and \
                            line[end:end + 2] != "\x1b\\":
                        end += 1
                    end += line[end:end + 1] == "\x1b"
                i = end + 1
                continue
            width = char_columns(ch)
            if width == 0 and cells:
                cells[-1].text += ch
            else:
                cells.append(Cell(x, ch, style.copy()))
                x += width
            i += 1
        rows.append(cells)
    return rows


def cells_text(cells):
    return "".join(c.text for c in cells)


def find_cells(row, text):
    """The cells of the first occurrence of text in a row of Cells, or
    None."""
    flat = cells_text(row)
    where = flat.find(text)
    if where < 0:
        return None
    # Map the character offset back to cells (a cell may hold several
    # characters when zero-width ones joined it).
    offset = 0
    found = []
    for cell in row:
        end = offset + len(cell.text)
        if end > where and offset < where + len(text):
            found.append(cell)
        offset = end
    return found


class NatterScreen(Tmux):
    """natter's terminal UI (natter --config-dir CONFDIR -a ACCOUNT) in a
    private tmux server, with what it wrote to the terminal recorded in a
    file (tmux pipe-pane) and its stderr in another.

    The environment is the test bed's (own HOME and XDG dirs), LANG
    C.UTF-8 and TZ UTC; NO_COLOR, VISUAL and EDITOR are removed unless
    extra_env sets them. Testbed.stop() kills the tmux server.
    """

    label = "natter-tty"

    def __init__(self, testbed, confdir, account="alice", extra_env=None,
                 width=100, height=30, args=()):
        number = testbed.next_id()
        self.confdir = confdir
        self.stderr_path = os.path.join(testbed.workdir,
                                        "natter-tty-%d.stderr" % number)
        self.output_path = os.path.join(testbed.workdir,
                                        "natter-tty-%d.output" % number)
        env = testbed.natter_env()
        self.natter_env = env  # for natter ctl (the control socket's directory)
        words = ["env", "-u", "NO_COLOR", "-u", "VISUAL", "-u", "EDITOR",
                 "-u", "LC_ALL", "-u", "LANGUAGE"]
        for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                    "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
            words.append("%s=%s" % (var, env[var]))
        words += ["LANG=C.UTF-8", "TZ=UTC"]
        for var, value in (extra_env or {}).items():
            words.append("%s=%s" % (var, value))
        words += [natter_binary(), "--config-dir", confdir]
        if account is not None:
            words += ["-a", account]
        words += list(args)
        command = "exec %s 2>%s" % (" ".join(shlex.quote(w) for w in words),
                                    shlex.quote(self.stderr_path))
        super().__init__(testbed, command, width=width, height=height)
        self.width, self.height = width, height

    def diagnostics(self):
        return "%s\nnatter's stderr (%s):\n%s" % (
            super().diagnostics(), self.stderr_path, tail(self.stderr_path))

    # -- reading the screen

    def rows(self, text=None):
        """The screen (or text from screen()) as a list of height rows."""
        if text is None:
            text = self.screen()
        rows = text.split("\n")
        rows = rows[:self.height]
        return rows + [""] * (self.height - len(rows))

    def styled_rows(self):
        """The screen as rows of Cells (text, column, Style)."""
        captured = self.tmux("capture-pane", "-e", "-p", "-t", self.session)
        return parse_styled(captured)[:self.height]

    def cursor(self):
        """The cursor's (x, y) on the pane."""
        x, y = self.pane_info("#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def pane_title(self):
        """The title natter set (OSC 2), as tmux keeps it."""
        return self.pane_info("#{pane_title}")

    def resize(self, width, height):
        """Resize the tmux window (natter gets SIGWINCH)."""
        self.tmux("resize-window", "-t", self.session, "-x", str(width),
                  "-y", str(height))
        self.width, self.height = width, height

    # -- what natter wrote

    def record_output(self):
        """Start appending what natter writes to the terminal to
        self.output_path (tmux pipe-pane; bytes before this are not
        recorded)."""
        self.tmux("pipe-pane", "-o", "-t", self.session,
                  "cat >> %s" % shlex.quote(self.output_path))

    def output(self):
        """What natter wrote since record_output(), as bytes."""
        try:
            with open(self.output_path, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""

    def bells(self):
        """How many times natter rang the terminal bell (BEL outside an
        OSC sequence) since record_output()."""
        data = re.sub(rb"\x1b\][^\x07\x1b]*(\x07|\x1b\\\\)", b"",
                      self.output())
        return data.count(b"\x07")

    # -- typing

    def type_line(self, text):
        """Type text and press Enter."""
        self.send_text(text)
        self.send_keys("Enter")

    def clear_input(self):
        """Empty the input line (Ctrl-E, then Ctrl-U)."""
        self.send_keys("C-e", "C-u")

    def quit_cleanly(self):
        """/quit; fail unless natter exits 0 without a sanitizer report."""
        self.clear_input()
        self.type_line("/quit")
        status = self.wait_exit()
        try:
            with open(self.stderr_path, encoding="utf-8",
                      errors="replace") as f:
                stderr = f.read()
        except FileNotFoundError:
            stderr = ""
        if status not in (0, None):
            raise TestFailure("natter exited with status %s after /quit\n%s"
                              "\nstderr:\n%s" % (status, self.screen_dump(),
                                                 stderr))
        for marker in SANITIZER_MARKERS:
            if marker in stderr:
                raise TestFailure("sanitizer report on natter's stderr:\n%s"
                                  % stderr)

    def wait_rows(self, predicate, what, timeout=DEFAULT_TIMEOUT):
        """wait_screen() with predicate on the list of rows; returns them."""
        return self.rows(self.wait_screen(
            lambda text: predicate(self.rows(text)), timeout=timeout,
            what=what))

    def settle(self, marker="~settled"):
        """Return once natter has handled every key sent before: keys are
        handled in order, so it has once it echoes a marker typed after
        them on the input line (then emptied again)."""
        self.send_text(marker)
        self.wait_rows(lambda rows: rows[-1].endswith(marker),
                       "the marker %r typed after the keys" % marker)
        self.clear_input()


def char_columns(ch):
    """Columns one character takes on the screen: 2 for wide (CJK, emoji),
    0 for combining marks and format characters (ZWJ), else 1."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return _columns(ch)


def text_columns(text):
    """Columns a screen row's text takes."""
    return sum(char_columns(ch) for ch in text)


def column_of(text, ch):
    """The columns at which character ch occurs in a screen row."""
    found, x = [], 0
    for c in text:
        if c == ch:
            found.append(x)
        x += char_columns(c)
    return found


def cut_columns(text, start, end=None):
    """The part of a screen row between two columns (wide characters take
    two; one cut in half is left out)."""
    out = []
    x = 0
    for ch in text:
        width = char_columns(ch)
        if x >= start and (end is None or x + width <= end):
            out.append(ch)
        x += width
    return "".join(out)


def run_scenarios(scenarios, *args):
    """Run each scenario(*args) in order, logging its name and time.

    A failing scenario does not stop the next ones (each sets up the state
    it needs); at the end one TestFailure names every scenario that failed,
    with its message.
    """
    failures = []
    for scenario in scenarios:
        name = scenario.__name__
        started = time.monotonic()
        try:
            scenario(*args)
            outcome = "ok"
        except TestFailure as e:
            failures.append("%s: %s" % (name, e))
            outcome = "FAILED"
        log("scenario %s: %s (%.1f s)" % (name, outcome, time.monotonic() - started))
    if failures:
        raise TestFailure("%d scenario%s failed:\n\n%s" % (
            len(failures), "" if len(failures) == 1 else "s",
            "\n\n".join(failures)))


def run_scenarios_then_quit(scenarios, world):
    """run_scenarios(scenarios, world), then /quit on world.screen even
    after a failure. Returns the scenarios' TestFailure (or None), for the
    checks that follow to add to; a failing /quit is raised at once, with
    the scenarios' failure."""
    started = time.monotonic()
    failure = None
    try:
        run_scenarios(scenarios, world)
    except TestFailure as e:
        failure = e
    try:
        world.screen.quit_cleanly()
    except TestFailure as e:
        if failure is None:
            raise
        raise TestFailure("%s\n\nThen /quit: %s" % (failure, e))
    log("scenarios and /quit: %.1f s" % (time.monotonic() - started))
    return failure
