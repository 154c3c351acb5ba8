#!/usr/bin/python3
"""Shared pieces of natter's test bed: failures, dependencies, deadlines.

Imported by testbed.py, clients.py and tmuxdriver.py; tests reach all of it
through `import testbed`. Owns no state.
"""

import os
import re
import shutil
import subprocess
import sys
import time

PYTHON = "/usr/bin/python3"

# Deadlines, in seconds.
DEFAULT_TIMEOUT = 15
EXIT_TIMEOUT = 10

# Every deadline is this many times longer: make check-valgrind runs
# natter many times slower (NATTER_TIMEOUT_SCALE).
TIMEOUT_SCALE = float(os.environ.get("NATTER_TIMEOUT_SCALE") or 1)


# natter runs under a wrapper (make check-valgrind: valgrind), whose own
# system calls a count of natter's would include.
WRAPPED = bool(os.environ.get("NATTER_UNDER"))


def scaled(timeout):
    """A deadline's length as this run waits it (TIMEOUT_SCALE)."""
    return timeout * TIMEOUT_SCALE


class TestFailure(AssertionError):
    """A test assertion failed: what the user would see is wrong."""


class DependencyError(RuntimeError):
    """A tool or Python package the test bed needs is missing."""


def check(condition, message):
    """Raise TestFailure(message) unless condition holds."""
    if not condition:
        raise TestFailure(message)


# --------------------------------------------------------------------------
# Dependencies


def require_dependencies(ui=False):
    """Fail (never skip) naming the Debian package of anything missing."""
    missing = []
    for program, package in (("prosody", "prosody"), ("openssl", "openssl")):
        if shutil.which(program) is None:
            missing.append("%s (Debian package %s)" % (program, package))
    if ui and shutil.which("tmux") is None:
        missing.append("tmux (Debian package tmux)")
    for module, package in (("slixmpp", "python3-slixmpp"), ("potr", "python3-potr")):
        probe = subprocess.run([PYTHON, "-c", "import %s" % module],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        if probe.returncode != 0:
            missing.append("Python module %s for %s (Debian package %s)"
                           % (module, PYTHON, package))
    if missing:
        raise DependencyError(
            "missing test dependencies: " + "; ".join(missing) +
            ". Install them with apt-get install prosody python3-slixmpp "
            "python3-potr openssl tmux")


def natter_binary():
    """Path of the natter binary under test, from $NATTER."""
    path = os.environ.get("NATTER")
    if not path:
        raise DependencyError(
            "NATTER is not set: point it at the built binary, e.g. "
            "NATTER=src/natter %s" % sys.argv[0])
    path = os.path.abspath(path)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise DependencyError("NATTER=%s is not an executable file "
                              "(run make first?)" % path)
    return path



def wait_until(condition, timeout, what, interval=0.05):
    """Poll condition() every `interval` s until it returns a true value.

    Returns that value; raises TestFailure naming `what` at the deadline.
    """
    deadline = time.monotonic() + scaled(timeout)
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TestFailure("timed out after %.1f s waiting for %s"
                              % (timeout, what))
        time.sleep(interval)


def wait_log_line(path, pattern, what, timeout):
    """Wait for a line of the log at path matching pattern (re); return it."""
    regex = re.compile(pattern)

    def find():
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if regex.search(line):
                        return line.rstrip("\n")
        except FileNotFoundError:
            pass
        return None
    try:
        return wait_until(find, timeout, what)
    except TestFailure:
        raise TestFailure("no line in the debug log for %s (/%s/)" % (what, pattern))


def tail(path, lines=40):
    """Last lines of a text file, or a note that it could not be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError as e:
        return "(cannot read %s: %s)\n" % (path, e)



def terminate(process, timeout):
    """SIGTERM a child we started, SIGKILL it at the deadline; reap it."""
    if process.poll() is not None:
        return process.returncode
    try:
        process.terminate()
        return process.wait(scaled(timeout))
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(timeout)



def log(text):
    """Progress note for the test's log file."""
    print("# " + text, flush=True)
