# SPDX-License-Identifier: MIT
"""Issue 5: dpnetd reassembles big echo requests and fragments its replies at
MTUs 1500, 1280, 576 and 9000; teardrop, overlapping, tiny-fragment and
fragment-flood attacks deliver nothing wrong, reassembly memory stays within
its bound, mbufs come back, and pings are still answered. One and two
workers."""
import contextlib
import os
import re
import shutil
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PEER_MAC, Daemon, Netns  # noqa: E402
from test_ipv4 import loss, ping, port_mac, stats  # noqa: E402


class Mtus(unittest.TestCase):

    @contextlib.contextmanager
    def daemon(self, ns, mtu, **kw):
        # DPDK 22.11's net_tap reports a fixed 1522-byte frame limit, so
        # rte_eth_dev_set_mtu refuses jumbo MTUs (and its TX drops frames
        # over the ethdev MTU): there the test cannot run at all.
        d = Daemon(ns, port_mtu=mtu, **kw)
        try:
            d.start()
        except AssertionError as e:
            d.stop(check=False)
            shutil.rmtree(d.dir, ignore_errors=True)
            if 'MTU %d refused by net_tap' % mtu in str(e):
                self.skipTest('net_tap of this DPDK cannot carry MTU %d' % mtu)
            raise
        try:
            yield d
        except BaseException:
            d.__exit__(*sys.exc_info())
            raise
        d.__exit__(None, None, None)

    def run_mtu(self, mtu, workers=1):
        room = 10240 if mtu > 1500 else 2176
        extra = 'reassembly = { timeout_ms = 2000; max_entries = 256; max_bytes = 4194304; };\n'
        with Netns('frag') as ns, self.daemon(ns, mtu, workers=workers, extra=extra,
                                              data_room=room) as d:
            ns.run('ip', 'link', 'set', 'dpnet0', 'mtu', str(mtu))
            d.ctl('ipifc/0/ctl mtu %d' % (mtu + 14))
            for size, count in ((8000, 5), (30000, 3)):
                r = ping(ns, '-c', str(count), '-i', '0.05', '-W', '2', '-s', str(size), '192.0.2.2')
                self.assertEqual(loss(r.stdout), (count, count), 'mtu %d size %d:\n%s' % (mtu, size, r.stdout))
            st = stats(d)
            self.assertGreater(st['ReasmOKs'][0], 0)
            self.assertGreater(st['FragCreates'][0], 0)
            self.assertEqual(st['ReasmFails'][0], 0)

    def test_mtu_1500(self):
        self.run_mtu(1500)

    def test_mtu_1280(self):
        self.run_mtu(1280)

    def test_mtu_576(self):
        self.run_mtu(576)

    def test_mtu_9000(self):
        self.run_mtu(9000)

    def test_mtu_1500_two_workers(self):
        self.run_mtu(1500, workers=2)

    def test_mtu_576_two_workers(self):
        self.run_mtu(576, workers=2)


# Attacks, sent with scapy from the kernel side to dpnetd's MAC.
ATTACKS = r'''
import sys, random
from scapy.all import Ether, IP, ICMP, Raw, sendp, fragment
dmac, smac, which = sys.argv[1], sys.argv[2], sys.argv[3]
E = lambda: Ether(dst=dmac, src=smac)
base = IP(src="192.0.2.1", dst="192.0.2.2")
out = []
if which == "teardrop":
    for i in range(50):
        out.append(E() / IP(src="192.0.2.1", dst="192.0.2.2", id=1000 + i, flags="MF", frag=0, proto=1) / Raw(b"A" * 48))
        out.append(E() / IP(src="192.0.2.1", dst="192.0.2.2", id=1000 + i, frag=3, proto=1) / Raw(b"B" * 16))
elif which == "overlap":
    # A valid echo request split so that the second piece rewrites bytes of the first.
    for i in range(50):
        pkt = IP(src="192.0.2.1", dst="192.0.2.2", id=2000 + i) / ICMP(id=0x4242, seq=i) / Raw(b"C" * 64)
        raw = bytes(pkt[ICMP])
        out.append(E() / IP(src="192.0.2.1", dst="192.0.2.2", id=2000 + i, flags="MF", frag=0, proto=1) / Raw(raw[:40]))
        out.append(E() / IP(src="192.0.2.1", dst="192.0.2.2", id=2000 + i, frag=4, proto=1) / Raw(b"X" * 8 + raw[40:]))
elif which == "tiny":
    for i in range(50):
        pkt = IP(src="192.0.2.1", dst="192.0.2.2", id=3000 + i) / ICMP(id=0x4343, seq=i) / Raw(b"D" * 32)
        raw = bytes(pkt[ICMP])
        out.append(E() / IP(src="192.0.2.1", dst="192.0.2.2", id=3000 + i, flags="MF", frag=0, proto=1) / Raw(raw[:4]))
        out.append(E() / IP(src="192.0.2.1", dst="192.0.2.2", id=3000 + i, frag=1, proto=1) / Raw(raw[8:]))
elif which == "flood":
    for i in range(int(sys.argv[4])):
        out.append(E() / IP(src="192.0.2.%d" % (1 + i % 200), dst="192.0.2.2", id=i & 0xffff, flags="MF",
                            frag=0, proto=17) / Raw(b"F" * 1024))
sendp(out, iface="dpnet0", verbose=False)
'''

# Listens for echo replies carrying a given id.
REPLIES = r'''
import sys
from scapy.all import sniff, ICMP
ident = int(sys.argv[1], 0)
got = sniff(iface="dpnet0", timeout=float(sys.argv[2]),
            lfilter=lambda p: ICMP in p and p[ICMP].type == 0 and p[ICMP].id == ident)
print(len(got))
'''


class Attacks(unittest.TestCase):
    workers = 1

    @classmethod
    def setUpClass(cls):
        cls.ns = Netns('fatk').__enter__()
        extra = 'reassembly = { timeout_ms = 1000; max_entries = 128; max_bytes = 262144; };\n'
        cls.d = Daemon(cls.ns, workers=cls.workers, extra=extra).__enter__()
        ping(cls.ns, '-c', '1', '192.0.2.2')
        cls.mac = port_mac(cls.d)

    @classmethod
    def tearDownClass(cls):
        cls.d.__exit__(None, None, None)
        cls.ns.__exit__(None, None, None)

    def attack(self, which, *args):
        self.ns.python(ATTACKS, self.mac, PEER_MAC, which, *args, timeout=300)

    def assertStillAnswers(self):
        self.assertTrue(self.d.alive())
        r = ping(self.ns, '-c', '2', '-i', '0.1', '192.0.2.2')
        self.assertEqual(loss(r.stdout)[1], 2, r.stdout)

    def in_use(self):
        pools = self.d.telemetry('/dpnet/mempool')
        return sum(v for k, v in pools.items() if k.endswith('_in_use'))

    def settle_pool(self, baseline):
        # Reassembly entries expire after 1 s; mbufs must all come back.
        deadline = time.time() + 15
        while time.time() < deadline and self.in_use() > baseline:
            time.sleep(0.5)
            ping(self.ns, '-c', '1', '192.0.2.2')  # drives expiry on every core
        self.assertLessEqual(self.in_use(), baseline)

    def test_teardrop(self):
        base = self.in_use()
        before = stats(self.d)['ReasmFails'][0]
        self.attack('teardrop')
        time.sleep(0.5)
        self.assertGreaterEqual(stats(self.d)['ReasmFails'][0] - before, 50)
        self.assertStillAnswers()
        self.settle_pool(base)

    def test_overlap_delivers_nothing(self):
        sniffer = self.ns.popen('/usr/bin/python3', '-c', REPLIES, '0x4242', '4',
                                stdout=-1, text=True)
        time.sleep(1)
        self.attack('overlap')
        out, _ = sniffer.communicate(timeout=30)
        self.assertEqual(out.strip(), '0')
        self.assertStillAnswers()

    def test_tiny_fragments_dropped(self):
        sniffer = self.ns.popen('/usr/bin/python3', '-c', REPLIES, '0x4343', '4',
                                stdout=-1, text=True)
        time.sleep(1)
        self.attack('tiny')
        out, _ = sniffer.communicate(timeout=30)
        self.assertEqual(out.strip(), '0')
        self.assertStillAnswers()

    def test_fragment_flood_stays_bounded(self):
        base = self.in_use()
        self.attack('flood', '5000')
        reasm = self.d.telemetry('/dpnet/reasm')
        for k, v in reasm.items():
            if k.endswith('_entries'):
                self.assertLessEqual(v, 128, reasm)
            if k.endswith('_bytes'):
                self.assertLessEqual(v, 262144, reasm)
        self.assertStillAnswers()
        self.settle_pool(base)


class AttacksTwoWorkers(Attacks):
    workers = 2


if __name__ == '__main__':
    unittest.main(verbosity=2)
