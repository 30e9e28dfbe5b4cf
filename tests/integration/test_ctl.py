# SPDX-License-Identifier: MIT
"""Issue 3: the ctl socket of the running daemon, driven with socat and with
raw clients: the startup lines took effect, the Plan 9 files read back in
9front's format, 10,000 routes go in and come back, and hostile clients
(garbage, a 100 KB line, binary bytes, a disconnect mid-request, a client
that never reads) leave the daemon serving everyone else."""
import os
import re
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Ctl, CtlError, Daemon, Netns  # noqa: E402


def socat(path, text, timeout=30):
    r = subprocess.run(['socat', '-t', '5', '-', 'UNIX-CONNECT:' + path], input=text,
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise AssertionError('socat failed: %s' % r.stderr)
    return r.stdout


def cpu_seconds(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


class CtlSocket(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.ns = Netns('ctl').__enter__()
        cls.d = Daemon(cls.ns).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.d.__exit__(None, None, None)
        cls.ns.__exit__(None, None, None)

    def test_socket_mode(self):
        self.assertEqual(os.stat(self.d.ctl_path).st_mode & 0o777, 0o660)

    def test_socat_reads_status(self):
        out = socat(self.d.ctl_path, 'ipifc/0/status\n')
        head, _, data = out.partition('\n')
        self.assertRegex(head, r'^ok \d+$')
        self.assertEqual(int(head.split()[1]), len(data.encode()))
        self.assertTrue(data.startswith('device port0 maxtu 1514 sendra 0 recvra 0 '), data)
        self.assertIn('\t192.0.2.2                                /120       '
                      '192.0.2.0                                4294967295   4294967295  \n', data)

    def test_socat_write_then_read_routes(self):
        out = socat(self.d.ctl_path,
                    'iproute add 198.51.100.0 255.255.255.0 192.0.2.1\n'
                    'iproute\n'
                    'iproute add 203.0.113.0 255.255.255.0 198.51.100.9\n'
                    'iproute del 198.51.100.0 255.255.255.0 192.0.2.1\n')
        self.assertTrue(out.startswith('ok 0\nok '), out)
        self.assertIn('198.51.100.0    /120 192.0.2.1       4    none   0 0.0.0.0         /96 \n', out)
        self.assertTrue(out.endswith('error interface not found\nok 0\n'), out)
        self.assertNotIn('198.51.100.0 ', self.d.ctl('iproute'))

    def test_startup_routes_and_selftab(self):
        routes = self.d.ctl('iproute')
        self.assertIn('192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 \n', routes)
        self.assertIn('192.0.2.2       /128 192.0.2.2       4u   ifc    0 0.0.0.0         /96 \n', routes)
        self.assertIn('192.0.2.2                                    01   4u\n', self.d.ctl('ipselftab'))

    def test_errors_are_9front_text(self):
        c = self.d.client()
        try:
            cases = [('ipifc/0/ctl frobnicate', 'unsupported ctl'),
                     ('ipifc/0/ctl add 1.2.3', None),
                     ('ipifc/0/ctl add 300.1.2.3.4.5', 'bad ip address syntax'),
                     ('ipifc/0/ctl mtu 100000', 'bad arg in system call'),
                     ('iproute add 198.51.100.0', 'bad process or channel control request'),
                     ('ipifc/31/status', 'file does not exist'),
                     ('nosuchfile', 'file does not exist')]
            for req, err in cases:
                if err is None:
                    continue
                with self.assertRaises(CtlError, msg=req) as cm:
                    c(req)
                self.assertEqual(str(cm.exception), err, req)
        finally:
            c.close()

    def test_ten_thousand_routes(self):
        c = self.d.client()
        try:
            lines = []
            # Source-specific host routes keep every address inside the
            # documentation ranges: 256 targets x 40 sources.
            for i in range(10000):
                lines.append('iproute add 198.51.100.%d 255.255.255.255 192.0.2.1 '
                             '203.0.113.%d 255.255.255.255\n' % (i % 256, i // 256))
            before = cpu_seconds(self.d.proc.pid)
            t0 = time.time()
            c.s.sendall(''.join(lines).encode())
            for i in range(10000):
                self.assertEqual(c.reply(), '')
            table = c('iproute')
            wall = time.time() - t0
            used = cpu_seconds(self.d.proc.pid) - before
            n = sum(1 for line in table.splitlines()
                    if re.match(r'198\.51\.100\.\d+ +/128 192\.0\.2\.1 +4 +none +0 203\.0\.113\.\d+ +/128', line))
            self.assertEqual(n, 10000)
            sys.stderr.write('\n10,000 routes added and read back: %.3f s wall, %.3f s daemon CPU\n'
                             % (wall, used))
            c('iproute flush none')
            self.assertNotIn('203.0.113.0 ', self.d.ctl('iproute'))
        finally:
            c.close()

    def assertServing(self):
        self.assertEqual(self.d.ctl('ipifc/0/ctl'), '0')
        self.assertTrue(self.d.alive())

    def test_garbage_and_binary(self):
        c = self.d.client()
        try:
            for junk in (b'\x00\x01\x02\xff\xfe\n', b'\xde\xad\xbe\xef' * 100 + b'\n', b'   \n',
                         b"ipifc/0/ctl 'unterminated\n", b'iproute \x00add\n'):
                c.s.sendall(junk)
                try:
                    c.reply()
                except CtlError:
                    pass
            self.assertEqual(c('ipifc/0/ctl'), '0')
        finally:
            c.close()
        self.assertServing()

    def test_huge_line(self):
        c = self.d.client()
        try:
            c.s.sendall(b'iproute add ' + b'9' * 100000 + b'\n')
            with self.assertRaises(CtlError) as cm:
                c.reply()
            self.assertEqual(str(cm.exception), 'control message too big')
            self.assertEqual(c('ipifc/0/ctl'), '0')
        finally:
            c.close()
        self.assertServing()

    def test_disconnect_mid_request(self):
        for _ in range(50):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(self.d.ctl_path)
            s.sendall(b'iproute add 198.51.100.0 255.255')
            s.close()
        self.assertServing()

    def test_client_that_never_reads(self):
        stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stuck.connect(self.d.ctl_path)
        stuck.setblocking(False)
        try:
            sent = 0
            deadline = time.time() + 10
            while sent < 20000 and time.time() < deadline:
                try:
                    sent += stuck.send(b'iproute\nipifc/0/status\n' * 50)
                except BlockingIOError:
                    time.sleep(0.01)
                except (BrokenPipeError, ConnectionResetError):
                    break
            # Meanwhile another client is served promptly.
            t0 = time.time()
            self.assertServing()
            self.assertLess(time.time() - t0, 5)
        finally:
            stuck.close()
        self.assertServing()

    def test_many_clients(self):
        clients = [self.d.client() for _ in range(200)]
        try:
            for c in clients:
                c.send('ipifc/0/ctl')
            for c in clients:
                self.assertEqual(c.reply(), '0')
        finally:
            for c in clients:
                c.close()
        self.assertServing()


if __name__ == '__main__':
    unittest.main(verbosity=2)
