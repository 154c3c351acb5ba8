"""A TCP proxy between natter and Prosody that a test can break.

Tests of connection reliability point natter's account at the proxy
(server 127.0.0.1, port proxy.port) and then:

  - cut():       reset every live connection at once, both sides, as a
                 network that drops does (natter and Prosody both see
                 the TCP connection die; Prosody keeps the session for
                 resumption);
  - refuse(on):  while on, every new connection is reset as soon as it
                 is accepted (something answers, then hangs up);
  - down(), up(): stop listening, so that connecting is refused at the
                 TCP level (the server is unreachable), and listen again
                 on the same port;
  - freeze():    stop forwarding on the live connections without
                 closing them (a dead link that TCP has not noticed);
  - target:      (host, port) new connections go to; can be changed;
  - accepted:    how many connections were accepted so far.

With netns (the path of a network namespace, /proc/PID/ns/net), the proxy
listens in that namespace and connects to the target from this one: a
natter run in the namespace reaches the server only through the proxy,
and the test can cut that link silently (the namespace's loopback down:
packets dropped, no reset, no FIN) as a network that fails does.

Everything runs in daemon threads; close() stops them.
"""

import ctypes
import os
import select
import socket
import struct
import threading

_CHUNK = 65536


def _reset(sock):
    """Close sock with a TCP reset rather than a clean FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class _Pair:
    def __init__(self, client, server):
        self.client = client
        self.server = server
        self.frozen = False
        self.closed = False
        self.lock = threading.Lock()

    def close(self, reset=True):
        with self.lock:
            if self.closed:
                return
            self.closed = True
        for sock in (self.client, self.server):
            if reset:
                _reset(sock)
            else:
                try:
                    sock.close()
                except OSError:
                    pass


_CLONE_NEWNET = 0x40000000


def _setns(fd):
    # os.setns() came with Python 3.12; Debian 12 has 3.11. setns() moves
    # the calling thread only.
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, _CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: %s" % os.strerror(err))


def listen_socket(port, netns=None):
    """A TCP socket listening on 127.0.0.1:port (0: any), in the network
    namespace at the path netns when given."""
    home = None
    if netns is not None:
        home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        target = os.open(netns, os.O_RDONLY)
        try:
            _setns(target)
        finally:
            os.close(target)
    try:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    finally:
        if home is not None:
            _setns(home)
            os.close(home)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    return listener


class CutProxy:
    def __init__(self, target_port, target_host="127.0.0.1", netns=None):
        self.target = (target_host, target_port)
        self.netns = netns
        self.port = 0
        self.accepted = 0
        self.refusing = False
        self.pairs = []
        self.lock = threading.Lock()
        self.stopping = False
        self.listener = None
        self.up()

    def up(self):
        """Listen (again, on the same port after down())."""
        listener = listen_socket(self.port, self.netns)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,),
                         daemon=True).start()

    def down(self):
        """Stop listening: connecting is refused until up()."""
        listener, self.listener = self.listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()

    def _accept_loop(self, listener):
        while not self.stopping:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            with self.lock:
                self.accepted += 1
                refusing = self.refusing
            if refusing:
                _reset(client)
                continue
            try:
                with self.lock:
                    target = self.target
                server = socket.create_connection(target, timeout=5)
                server.settimeout(None)
            except OSError:
                _reset(client)
                continue
            pair = _Pair(client, server)
            with self.lock:
                self.pairs.append(pair)
            threading.Thread(target=self._pump, args=(pair,),
                             daemon=True).start()

    def _pump(self, pair):
        peers = {pair.client: pair.server, pair.server: pair.client}
        try:
            while not pair.closed:
                readable, _, _ = select.select(list(peers), [], [], 0.2)
                if pair.frozen:
                    continue
                for sock in readable:
                    data = sock.recv(_CHUNK)
                    if not data:
                        pair.close(reset=False)
                        return
                    peers[sock].sendall(data)
        except (OSError, ValueError):
            pair.close()
        finally:
            with self.lock:
                if pair in self.pairs:
                    self.pairs.remove(pair)

    def live(self):
        with self.lock:
            return len([p for p in self.pairs if not p.closed])

    def cut(self):
        """Reset every live connection; returns how many there were."""
        with self.lock:
            pairs = list(self.pairs)
        for pair in pairs:
            pair.close(reset=True)
        return len(pairs)

    def refuse(self, on=True):
        with self.lock:
            self.refusing = on

    def freeze(self):
        with self.lock:
            for pair in self.pairs:
                pair.frozen = True

    def close(self):
        self.stopping = True
        self.down()
        self.cut()
