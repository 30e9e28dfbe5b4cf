# SPDX-License-Identifier: MIT
"""Integration harness: a real dpnetd on net_tap inside a network namespace
that the test creates, with the Linux kernel on the other end of the tap as
the peer.

    with Netns() as ns, Daemon(ns, workers=1) as d:
        ns.run('ping', '-c', '1', '192.0.2.2')
        d.ctl('ipifc/0/status')

Everything a test starts is stopped by PID and every namespace it creates is
deleted, also when the test fails or is interrupted. Addresses come from
192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 only.
"""
import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get('DPNET_BUILD_DIR', os.path.join(ROOT, 'build'))
DPNETD = os.environ.get('DPNETD', os.path.join(BUILD, 'dpnetd'))
SYS_PYTHON = '/usr/bin/python3'     # the one with Debian's scapy

_live_netns = set()
_live_pids = set()


def _cleanup_all():
    for pid in list(_live_pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _live_pids.discard(pid)
    for name in list(_live_netns):
        subprocess.run(['ip', 'netns', 'del', name], stderr=subprocess.DEVNULL)
        _live_netns.discard(name)


atexit.register(_cleanup_all)


def _on_signal(sig, frame):
    _cleanup_all()
    sys.exit(128 + sig)


for _s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_s, _on_signal)


def netns_exists(name):
    out = subprocess.run(['ip', 'netns', 'list'], capture_output=True, text=True).stdout
    return any(line.split()[0] == name for line in out.splitlines() if line.strip())


class Netns:
    """A network namespace owned by this test process."""
    _seq = 0

    def __init__(self, tag='t'):
        Netns._seq += 1
        self.name = 'dpnt-%s-%d-%d' % (tag, os.getpid(), Netns._seq)

    def __enter__(self):
        subprocess.run(['ip', 'netns', 'add', self.name], check=True)
        _live_netns.add(self.name)
        self.run('ip', 'link', 'set', 'lo', 'up')
        return self

    def __exit__(self, *exc):
        self.delete()
        return False

    def delete(self):
        if self.name in _live_netns:
            subprocess.run(['ip', 'netns', 'del', self.name], stderr=subprocess.DEVNULL)
            _live_netns.discard(self.name)

    def cmd(self, *args):
        return ['ip', 'netns', 'exec', self.name] + [str(a) for a in args]

    def run(self, *args, check=True, timeout=60, input=None):
        return subprocess.run(self.cmd(*args), check=check, capture_output=True,
                              text=True, timeout=timeout, input=input)

    def popen(self, *args, **kw):
        p = subprocess.Popen(self.cmd(*args), **kw)
        _live_pids.add(p.pid)
        return p

    def link_exists(self, dev):
        return self.run('ip', 'link', 'show', dev, check=False).returncode == 0

    def python(self, code, *args, timeout=120):
        """Run Python code (Debian's python3, with scapy) inside the namespace."""
        return self.run(SYS_PYTHON, '-c', code, *args, timeout=timeout)


class CtlError(Exception):
    pass


class Ctl:
    """A client of the ctl socket (DESIGN.md §4 framing)."""

    def __init__(self, path, timeout=10):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(timeout)
        self.s.connect(path)
        self.buf = b''

    def close(self):
        self.s.close()

    def _line(self):
        while b'\n' not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError('ctl socket closed')
            self.buf += chunk
        line, self.buf = self.buf.split(b'\n', 1)
        return line.decode()

    def _data(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(max(65536, n - len(self.buf)))
            if not chunk:
                raise EOFError('ctl socket closed')
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def send(self, line):
        self.s.sendall(line.encode() + b'\n')

    def reply(self):
        """One reply: the data bytes of ok (and more records), or CtlError."""
        data = b''
        while True:
            head = self._line()
            word, _, rest = head.partition(' ')
            if word == 'error':
                raise CtlError(rest)
            if word not in ('ok', 'more'):
                raise AssertionError('bad reply framing: %r' % head)
            data += self._data(int(rest))
            if word == 'ok':
                return data.decode(errors='replace')

    def __call__(self, line):
        self.send(line)
        return self.reply()


def default_config(ctl_path, log_path, prefix, workers=1, idle_sleep_us=100,
                   startup=None, ports=None, extra='', port_mtu=0, data_room=2176):
    if ports is None:
        ports = [('port0', 'net_tap0,iface=dpnet0')]
    mtu = ' mtu = %d;' % port_mtu if port_mtu else ''
    if startup is None:
        startup = ['ipifc/clone bind ether port0',
                   'ipifc/0/ctl add 192.0.2.2 255.255.255.0']
    port_text = ',\n'.join('  { name = "%s"; device = "%s"; rx_desc = 512; tx_desc = 512;%s }'
                           % (p + (mtu,)) for p in ports)
    lines = ',\n'.join('  "%s"' % s.replace('"', '\\"') for s in startup)
    return '''eal = { huge = "no"; memory = 256; file_prefix = "%s"; log_level = "notice"; };
ports = (
%s
);
workers = { count = %d; idle_sleep_us = %d; idle_polls = 64; };
mempool = { mbufs = 4095; cache = 128; data_room = %d; };
ctl = { path = "%s"; mode = "0660"; };
log = { file = "%s"; stats_interval = 1; };
%s
startup = [
%s
];
''' % (prefix, port_text, workers, idle_sleep_us, data_room, ctl_path, log_path, extra, lines)


PEER_MAC = '02:00:00:00:02:01'


def setup_peer(ns, tap, addr, mac=PEER_MAC):
    """Configure the kernel end of a tap as the peer. net_tap gives the
    kernel interface the same MAC as the DPDK port, so the kernel end gets
    its own locally administered address first."""
    ns.run('ip', 'link', 'set', tap, 'address', mac)
    ns.run('ip', 'addr', 'add', addr, 'dev', tap)
    ns.run('ip', 'link', 'set', tap, 'up')


class Daemon:
    """dpnetd running in a namespace. The tap (dpnet0 unless ports say
    otherwise) is given peer addresses once it appears."""
    _seq = 0

    def __init__(self, ns, workers=1, config=None, peer='192.0.2.1/24',
                 tap='dpnet0', **cfgkw):
        Daemon._seq += 1
        self.ns = ns
        self.dir = tempfile.mkdtemp(prefix='dpnet-test-')
        self.ctl_path = os.path.join(self.dir, 'ctl')
        self.log_path = os.path.join(self.dir, 'dpnetd.log')
        self.conf_path = os.path.join(self.dir, 'dpnet.conf')
        self.prefix = 'dpnt%d_%d' % (os.getpid(), Daemon._seq)
        self.tap = tap
        self.peer = peer
        self.proc = None
        self.returncode = None
        text = config if config is not None else default_config(
            self.ctl_path, self.log_path, self.prefix, workers=workers, **cfgkw)
        with open(self.conf_path, 'w') as f:
            f.write(text)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            # A clean run must also end cleanly: exit 0 after SIGTERM, which
            # under ASan means no sanitizer or leak report either.
            self.stop(check=exc_type is None)
        finally:
            if exc_type is not None:
                sys.stderr.write('---- dpnetd output ----\n%s\n' % self.output())
            shutil.rmtree(self.dir, ignore_errors=True)
        return False

    def start(self, timeout=30):
        self.out = open(os.path.join(self.dir, 'stdout'), 'w')
        self.proc = self.ns.popen(DPNETD, '-f', self.conf_path,
                                  stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError('dpnetd exited with %d:\n%s' %
                                     (self.proc.returncode, self.output()))
            if os.path.exists(self.ctl_path) and (self.tap is None or self.ns.link_exists(self.tap)):
                break
            time.sleep(0.05)
        else:
            raise AssertionError('dpnetd did not come up:\n' + self.output())
        if self.tap is not None and self.peer is not None:
            setup_peer(self.ns, self.tap, self.peer)

    def output(self):
        try:
            with open(os.path.join(self.dir, 'stdout')) as f:
                out = f.read()
        except OSError:
            out = ''
        return out + self.log()

    def log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except OSError:
            return ''

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def ctl(self, line):
        c = Ctl(self.ctl_path)
        try:
            return c(line)
        finally:
            c.close()

    def client(self):
        return Ctl(self.ctl_path)

    def telemetry(self, cmd):
        """One DPDK telemetry command (e.g. /dpnet/mempool) as a dict."""
        import json
        path = '/var/run/dpdk/%s/dpdk_telemetry.v2' % self.prefix
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        s.settimeout(10)
        try:
            s.connect(path)
            json.loads(s.recv(65536).decode())       # the greeting
            s.send(cmd.encode())
            reply = json.loads(s.recv(1 << 20).decode())
        finally:
            s.close()
        return reply[cmd]

    def stop(self, check=True, timeout=20):
        """SIGTERM by PID; returns the exit status. check: assert exit 0."""
        if self.proc is None:
            return self.returncode
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                _live_pids.discard(self.proc.pid)
                raise AssertionError('dpnetd did not stop within %ds of SIGTERM' % timeout)
        _live_pids.discard(self.proc.pid)
        self.returncode = self.proc.returncode
        self.proc = None
        self.out.close()
        if check and self.returncode != 0:
            raise AssertionError('dpnetd exited %d:\n%s' % (self.returncode, self.output()))
        return self.returncode
