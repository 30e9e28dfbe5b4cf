# SPDX-License-Identifier: MIT
"""Issue 4: the kernel pings, ARPs and routes through dpnetd. Every test
runs with one worker and again with two (lcores sharing CPUs), so bindings
and replies cross cores."""
import os
import re
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PEER_MAC, Daemon, Netns, setup_peer  # noqa: E402


def stats(d, path='ipifc/stats'):
    out = {}
    for line in d.ctl(path).splitlines():
        k, _, v = line.rpartition(':')
        out[k.strip()] = [int(x) for x in v.split()]
    return out


def port_mac(d):
    m = re.search(r'port port0: id \d+ \S+ mac (\S+)', d.log())
    assert m, d.log()
    return m.group(1).lower()


def ping(ns, *args, timeout=120):
    return ns.run('ping', *args, check=False, timeout=timeout)


def loss(out):
    m = re.search(r'(\d+) packets transmitted, (\d+) received', out)
    assert m, out
    return int(m.group(1)), int(m.group(2))


# scapy, run inside the namespace: each malformed frame, sent to dpnetd's MAC.
MALFORMED = r'''
import sys
from scapy.all import Ether, IP, ICMP, Raw, sendp, raw
dst_mac, src_mac = sys.argv[1], sys.argv[2]
def frame(b):
    return Ether(dst=dst_mac, src=src_mac, type=0x0800) / Raw(b)
good = raw(IP(src="192.0.2.1", dst="192.0.2.2") / ICMP(id=7, seq=1))
bad_ck = bytearray(good); bad_ck[10] ^= 0xff
ihl4 = bytearray(good); ihl4[0] = 0x44
v6 = bytearray(good); v6[0] = 0x65
toolong = bytearray(good); toolong[2:4] = (len(good) + 200).to_bytes(2, "big")
short = good[:12]
frames = {
  "badcksum": bytes(bad_ck), "ihl4": bytes(ihl4), "version6": bytes(v6),
  "toolong": bytes(toolong), "truncated": short,
}
for name in sys.argv[3:]:
    sendp(frame(frames[name]), iface="dpnet0", count=10, verbose=False)
'''


class Host(unittest.TestCase):
    workers = 1

    @classmethod
    def setUpClass(cls):
        cls.ns = Netns('v4').__enter__()
        cls.d = Daemon(cls.ns, workers=cls.workers).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.d.__exit__(None, None, None)
        cls.ns.__exit__(None, None, None)

    def test_ping_1000(self):
        r = ping(self.ns, '-c', '1000', '-i', '0.002', '-W', '1', '-q', '192.0.2.2')
        self.assertEqual(loss(r.stdout), (1000, 1000), r.stdout)

    def test_ping_1400(self):
        r = ping(self.ns, '-c', '20', '-i', '0.01', '-s', '1400', '-q', '192.0.2.2')
        self.assertEqual(loss(r.stdout), (20, 20), r.stdout)

    def test_echo_payload_kept(self):
        r = ping(self.ns, '-c', '3', '-p', 'a5c3', '-s', '100', '192.0.2.2')
        self.assertEqual(loss(r.stdout)[1], 3, r.stdout)
        self.assertNotIn('wrong data', r.stdout)
        self.assertRegex(r.stdout, r'icmp_seq=3 ')

    def test_arping(self):
        r = self.ns.run('arping', '-c', '3', '-w', '5', '-I', 'dpnet0', '192.0.2.2', check=False)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(port_mac(self.d), r.stdout.lower())

    def test_neighbour_tables(self):
        ping(self.ns, '-c', '2', '192.0.2.2')
        neigh = self.ns.run('ip', 'neigh', 'show', '192.0.2.2', 'dev', 'dpnet0').stdout
        self.assertIn(port_mac(self.d), neigh.lower())
        want = 'ether  OK   192.0.2.1                                %s     192.0.2.2\n' % \
            PEER_MAC.replace(':', '')
        deadline = time.time() + 5
        while time.time() < deadline and want not in self.d.ctl('arp'):
            time.sleep(0.1)
        self.assertIn(want, self.d.ctl('arp'))

    def test_arp_del_and_relearn(self):
        ping(self.ns, '-c', '1', '192.0.2.2')
        # Pipelined on one connection: the read sees the table right after
        # the delete (the kernel may legitimately re-ARP a moment later).
        c = self.d.client()
        try:
            c.send('arp del 192.0.2.1')
            c.send('arp')
            self.assertEqual(c.reply(), '')
            self.assertNotIn('192.0.2.1 ', c.reply())
        finally:
            c.close()
        r = ping(self.ns, '-c', '2', '192.0.2.2')
        self.assertEqual(loss(r.stdout)[1], 2, r.stdout)

    def test_icmp_stats(self):
        before = stats(self.d, 'icmp/stats')
        ping(self.ns, '-c', '5', '-i', '0.01', '192.0.2.2')
        after = stats(self.d, 'icmp/stats')
        self.assertGreaterEqual(after['EchoRequest'][0] - before['EchoRequest'][0], 5)
        self.assertGreaterEqual(after['EchoReply'][1] - before['EchoReply'][1], 5)
        text = self.d.ctl('icmp/stats')
        self.assertEqual(len(text.splitlines()), 25)
        self.assertIn('\nAddrMaskReply  : 0 0\n', text)

    def test_unknown_protocol_gets_protocol_unreachable(self):
        code = r'''
from scapy.all import IP, Raw, sr1
r = sr1(IP(dst="192.0.2.2", proto=253) / Raw(b"x" * 20), timeout=3, verbose=False)
print(r.summary() if r else "none")
print(r["ICMP"].type, r["ICMP"].code) if r else None
'''
        out = self.ns.python(code).stdout
        self.assertIn('3 2', out)

    def test_malformed_ipv4_counted(self):
        names = ['badcksum', 'ihl4', 'version6', 'toolong', 'truncated']
        before = stats(self.d)['InHdrErrors'][0]
        self.ns.python(MALFORMED, port_mac(self.d), PEER_MAC, *names)
        deadline = time.time() + 5
        while time.time() < deadline and stats(self.d)['InHdrErrors'][0] < before + 50:
            time.sleep(0.1)
        self.assertEqual(stats(self.d)['InHdrErrors'][0] - before, 50)
        self.assertTrue(self.d.alive())
        r = ping(self.ns, '-c', '2', '192.0.2.2')
        self.assertEqual(loss(r.stdout)[1], 2)


class HostTwoWorkers(Host):
    workers = 2


ROUTER_PORTS = [('port0', 'net_tap0,iface=dpnet0'), ('port1', 'net_tap1,iface=dpnet1')]
ROUTER_STARTUP = ['ipifc/clone bind ether port0',
                  'ipifc/0/ctl add 192.0.2.2 255.255.255.0',
                  'ipifc/clone bind ether port1',
                  'ipifc/1/ctl add 198.51.100.2 255.255.255.0',
                  'ipifc/0/ctl iprouting 1']


class Router(unittest.TestCase):
    """Kernel A (192.0.2.1) and kernel B (198.51.100.1), each in its own
    namespace, talk through dpnetd forwarding between two taps."""
    workers = 1

    @classmethod
    def setUpClass(cls):
        cls.nsd = Netns('rt').__enter__()
        cls.a = Netns('rta').__enter__()
        cls.b = Netns('rtb').__enter__()
        cls.d = Daemon(cls.nsd, workers=cls.workers, ports=ROUTER_PORTS,
                       startup=ROUTER_STARTUP, peer=None, tap='dpnet1').__enter__()
        cls.nsd.run('ip', 'link', 'set', 'dpnet0', 'netns', cls.a.name)
        cls.nsd.run('ip', 'link', 'set', 'dpnet1', 'netns', cls.b.name)
        setup_peer(cls.a, 'dpnet0', '192.0.2.1/24')
        setup_peer(cls.b, 'dpnet1', '198.51.100.1/24', mac='02:00:00:00:02:02')
        cls.a.run('ip', 'route', 'add', '198.51.100.0/24', 'via', '192.0.2.2')
        cls.b.run('ip', 'route', 'add', '192.0.2.0/24', 'via', '198.51.100.2')

    @classmethod
    def tearDownClass(cls):
        cls.d.__exit__(None, None, None)
        for ns in (cls.a, cls.b, cls.nsd):
            ns.__exit__(None, None, None)

    def test_a_pings_b_through_dpnetd(self):
        before = stats(self.d)['ForwDatagrams'][0]
        r = ping(self.a, '-c', '200', '-i', '0.005', '-q', '198.51.100.1')
        self.assertEqual(loss(r.stdout), (200, 200), r.stdout)
        self.assertGreaterEqual(stats(self.d)['ForwDatagrams'][0] - before, 400)

    def test_ttl_expiry_gets_time_exceeded(self):
        r = ping(self.a, '-c', '1', '-t', '1', '-W', '2', '198.51.100.1')
        self.assertRegex(r.stdout, r'From 192\.0\.2\.2 icmp_seq=1 Time to live exceeded')
        r = ping(self.a, '-c', '1', '-t', '2', '198.51.100.1')
        self.assertEqual(loss(r.stdout)[1], 1, r.stdout)

    def test_no_route_gets_unreachable(self):
        self.a.run('ip', 'route', 'add', '203.0.113.0/24', 'via', '192.0.2.2')
        try:
            before = stats(self.d)['OutNoRoutes'][0]
            r = ping(self.a, '-c', '1', '-W', '2', '203.0.113.7')
            self.assertRegex(r.stdout, r'From 192\.0\.2\.2 icmp_seq=1 Destination Net Unreachable')
            self.assertGreater(stats(self.d)['OutNoRoutes'][0], before)
        finally:
            self.a.run('ip', 'route', 'del', '203.0.113.0/24')

    def test_route_added_over_ctl_is_used(self):
        # A route to B's second address via B, added at run time.
        self.b.run('ip', 'addr', 'add', '203.0.113.1/32', 'dev', 'lo')
        self.a.run('ip', 'route', 'add', '203.0.113.1/32', 'via', '192.0.2.2')
        try:
            self.d.ctl('iproute add 203.0.113.1 255.255.255.255 198.51.100.1')
            r = ping(self.a, '-c', '3', '-i', '0.05', '203.0.113.1')
            self.assertEqual(loss(r.stdout)[1], 3, r.stdout)
            self.d.ctl('iproute del 203.0.113.1 255.255.255.255 198.51.100.1')
            r = ping(self.a, '-c', '1', '-W', '2', '203.0.113.1')
            self.assertEqual(loss(r.stdout)[1], 0, r.stdout)
        finally:
            self.a.run('ip', 'route', 'del', '203.0.113.1/32', check=False)


class RouterTwoWorkers(Router):
    workers = 2


if __name__ == '__main__':
    unittest.main(verbosity=2)
