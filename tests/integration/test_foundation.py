# SPDX-License-Identifier: MIT
"""Issue 2: dpnetd starts on net_tap in a namespace, its worker counts the
frames the kernel sends, SIGTERM stops it cleanly, bad configs are refused
with FILE:LINE, and nothing is left behind."""
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DPNETD, Daemon, Netns, netns_exists  # noqa: E402

# Sends N Ethernet frames out of the tap's kernel end with a raw socket.
SEND_FRAMES = r'''
import socket, sys
dev, n = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
dst = bytes.fromhex(sys.argv[3])
src = s.getsockname()[4]
for i in range(n):
    # An IPv4 ethertype with a payload no stack will like: counted, then dropped.
    s.send(dst + src + b'\x08\x00' + bytes([0x45, 0]) + i.to_bytes(2, 'big') + b'\0' * 60)
'''


def pktin(status):
    m = re.search(r' pktin (\d+) ', status)
    assert m, status
    return int(m.group(1))


class Foundation(unittest.TestCase):

    def run_traffic(self, workers):
        with Netns('found') as ns:
            with Daemon(ns, workers=workers) as d:
                self.assertTrue(ns.link_exists('dpnet0'))
                status = d.ctl('ipifc/0/status')
                self.assertTrue(status.startswith('device port0 maxtu 1514 '), status)
                mac = ns.run('cat', '/sys/class/net/dpnet0/address').stdout.strip()
                before = pktin(status)
                ns.python(SEND_FRAMES, 'dpnet0', '500', 'ffffffffffff')
                deadline = time.time() + 10
                while time.time() < deadline and pktin(d.ctl('ipifc/0/status')) < before + 500:
                    time.sleep(0.1)
                self.assertGreaterEqual(pktin(d.ctl('ipifc/0/status')), before + 500)
                # The periodic stats line in the log counts them too.
                deadline = time.time() + 5
                seen = 0
                while time.time() < deadline:
                    rx = [int(x) for x in re.findall(r'stats: workers \d+ rx (\d+)', d.log())]
                    seen = max(rx) if rx else 0
                    if seen >= 500:
                        break
                    time.sleep(0.2)
                self.assertGreaterEqual(seen, 500, d.log())
                self.assertTrue(mac)
                pid = d.proc.pid
                self.assertEqual(d.stop(), 0)
                # After SIGTERM: process gone, tap gone, socket gone.
                self.assertFalse(os.path.exists('/proc/%d' % pid))
                self.assertFalse(ns.link_exists('dpnet0'))
                self.assertFalse(os.path.exists(d.ctl_path))
                self.assertIn('stopped', d.log())
            name = ns.name
        self.assertFalse(netns_exists(name))

    def test_one_worker_counts_frames_and_stops_cleanly(self):
        self.run_traffic(1)

    def test_two_workers(self):
        self.run_traffic(2)

    def test_sigint_stops_cleanly(self):
        with Netns('found') as ns, Daemon(ns) as d:
            d.proc.send_signal(2)
            d.proc.wait(timeout=20)
            self.assertEqual(d.proc.returncode, 0)
            d.stop(check=False)
            self.assertFalse(ns.link_exists('dpnet0'))

    def test_failure_midway_leaves_nothing(self):
        # A test that fails inside the with-blocks must still clean up.
        name = None
        with self.assertRaises(RuntimeError):
            with Netns('found') as ns, Daemon(ns) as d:
                name, pid = ns.name, d.proc.pid
                raise RuntimeError('simulated test failure')
        self.assertFalse(netns_exists(name))
        self.assertFalse(os.path.exists('/proc/%d' % pid))


class Config(unittest.TestCase):

    def check(self, text):
        with tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False) as f:
            f.write(text)
        try:
            return f.name, subprocess.run([DPNETD, '-f', f.name], capture_output=True,
                                          text=True, timeout=30)
        finally:
            os.unlink(f.name)

    def test_syntax_error_names_file_and_line(self):
        name, r = self.check('eal = { memory = 64; };\nports = (\n  { device = "net_null0" }\n  oops\n);\n')
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stderr, '^%s:4: ' % re.escape(name))

    def test_unknown_setting_refused(self):
        name, r = self.check('ports = ( { device = "net_null0"; } );\nworkers = { cont = 2; };\n')
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("%s:2: unknown setting 'cont'" % name, r.stderr)

    def test_bad_value_refused(self):
        name, r = self.check('ports = ( { device = "net_null0"; rx_desc = 3; } );\n')
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stderr, "^%s:1: 'rx_desc' must be in 64..32768" % re.escape(name))

    def test_no_ports_refused(self):
        name, r = self.check('workers = { count = 1; };\n')
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('no ports configured', r.stderr)

    def test_missing_file(self):
        r = subprocess.run([DPNETD, '-f', '/nonexistent/dpnet.conf'], capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('/nonexistent/dpnet.conf', r.stderr)

    def test_bad_startup_line_refused_and_nothing_left(self):
        with Netns('found') as ns:
            d = Daemon(ns, startup=['ipifc/clone bind ether nosuchport'])
            try:
                with self.assertRaises(AssertionError) as cm:
                    d.start(timeout=20)
                self.assertRegex(str(cm.exception), r'dpnet.conf:\d+: startup line')
                self.assertFalse(ns.link_exists('dpnet0'))
            finally:
                d.stop(check=False)

    def test_help_and_check(self):
        r = subprocess.run([DPNETD, '--help'], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertIn('usage: dpnetd', r.stdout)
        r = subprocess.run([DPNETD, '--check'], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('1 port(s), 1 worker(s)', r.stdout)


if __name__ == '__main__':
    unittest.main(verbosity=2)
