#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# Writes the seed corpora of tests/fuzz/corpus/TARGET/: hand-built valid
# examples (real frames with correct checksums, address text, ctl lines,
# configuration files) from which libFuzzer mutates. Run from anywhere:
#	python3 tests/fuzz/make_corpus.py
# It rewrites the corpus directories it knows; scripts/fuzz.sh only reads
# them. Addresses are from the documentation ranges (RFC 5737, RFC 3849).
import glob
import os
import shutil
import struct

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(ROOT))

MAC = bytes.fromhex('5e2c0d1a7b33')     # port0 in the ctl and input targets
PEER = bytes.fromhex('020000000001')
BCAST = b'\xff' * 6
HOST = bytes([192, 0, 2, 2])             # the stack's address
PEERIP = bytes([192, 0, 2, 1])
OTHER = bytes([198, 51, 100, 7])


def cksum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ether(dst, src, etype, payload, pad=True):
    f = dst + src + struct.pack('!H', etype) + payload
    if pad and len(f) < 60:
        f += b'\0' * (60 - len(f))
    return f


def arp(op, sha, spa, tha, tpa):
    return struct.pack('!HHBBH', 1, 0x0800, 6, 4, op) + sha + spa + tha + tpa


def ipv4(src, dst, proto, payload, ident=1, df=False, mf=False, off=0,
         ttl=64, tos=0, opts=b''):
    hlen = 20 + len(opts)
    frag = (0x4000 if df else 0) | (0x2000 if mf else 0) | (off // 8)
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | hlen // 4, tos,
                    hlen + len(payload), ident, frag, ttl, proto, 0,
                    src, dst) + opts
    h = h[:10] + struct.pack('!H', cksum(h)) + h[12:]
    return h + payload


def icmp(typ, code, word, body):
    m = struct.pack('!BBH', typ, code, 0) + word + body
    return m[:2] + struct.pack('!H', cksum(m)) + m[4:]


def echo(typ, ident, seq, data):
    return icmp(typ, 0, struct.pack('!HH', ident, seq), data)


PING = bytes(range(56))
ECHO_REQ = echo(8, 0x1234, 1, PING)
ECHO_REP = echo(0, 0x1234, 1, PING)
UDP = struct.pack('!HHHH', 40000, 7, 12, 0) + b'dpnet'[:4]
IP_ECHO = ipv4(PEERIP, HOST, 1, ECHO_REQ, ident=0x100)
IP_UDP = ipv4(PEERIP, HOST, 17, UDP, df=True)
QUOTE = IP_UDP[:28]

# Options: NOP, record route (7, not copied), LSRR (0x83, copied), router
# alert (0x94, copied), EOL.
OPT_RR = bytes([7, 11, 4]) + b'\0' * 8
OPT_LSRR = bytes([0x83, 7, 4]) + OTHER
OPT_RA = bytes([0x94, 4, 0, 0])
OPTS = bytes([1]) + OPT_RR + OPT_LSRR + OPT_RA + bytes([0])
OPTS += b'\0' * (-len(OPTS) % 4)
IP_OPTS = ipv4(PEERIP, HOST, 1, ECHO_REQ, opts=OPTS)
IP_OPTS_MAX = ipv4(PEERIP, HOST, 1, ECHO_REQ,
                   opts=bytes([0x83, 39, 4]) + OTHER * 9 + b'\0')

# An echo of 1480 + 100 bytes of data in two fragments, and a middle one.
BIG = echo(8, 0x4242, 2, bytes(i & 0xff for i in range(1572)))
FRAG1 = ipv4(PEERIP, HOST, 1, BIG[:1480], ident=0x77, mf=True)
FRAG2 = ipv4(PEERIP, HOST, 1, BIG[1480:], ident=0x77, off=1480)
FRAG_MID = ipv4(PEERIP, HOST, 1, BIG[:64], ident=0x78, mf=True, off=512,
                opts=OPT_LSRR + b'\0')

ARP_REQ = arp(1, PEER, PEERIP, b'\0' * 6, HOST)
ARP_REP = arp(2, PEER, PEERIP, MAC, HOST)
ARP_GARP = arp(1, PEER, PEERIP, b'\0' * 6, PEERIP)


def unreach_needfrag():
    return icmp(3, 4, struct.pack('!HH', 0, 1400), QUOTE)


ICMP = {
    'echo_request': ECHO_REQ,
    'echo_reply': ECHO_REP,
    'echo_empty': echo(8, 1, 0, b''),
    'unreach_port': icmp(3, 3, b'\0' * 4, QUOTE),
    'unreach_needfrag': unreach_needfrag(),
    'timxceed': icmp(11, 0, b'\0' * 4, QUOTE + b'extra'),
    'redirect': icmp(5, 1, OTHER, QUOTE),
    'paramprob': icmp(12, 0, bytes([20, 0, 0, 0]),
                      IP_OPTS[:len(OPTS) + 20 + 8]),
    'tstamp': icmp(13, 0, struct.pack('!HH', 7, 9), b'\0' * 12),
    'ireq': icmp(15, 0, struct.pack('!HH', 3, 4), b''),
}

IPV4 = {
    'icmp_echo': IP_ECHO,
    'udp_df': IP_UDP,
    'options': IP_OPTS,
    'options_40': IP_OPTS_MAX,
    'frag_first': FRAG1,
    'frag_last': FRAG2,
    'frag_middle_opts': FRAG_MID,
    'padded': IP_UDP + b'\0' * 6,
    'ttl1': ipv4(PEERIP, OTHER, 17, UDP, ttl=1),
}

FRAMES = {
    'arp_request': ether(BCAST, PEER, 0x0806, ARP_REQ),
    'arp_reply': ether(MAC, PEER, 0x0806, ARP_REP),
    'arp_gratuitous': ether(BCAST, PEER, 0x0806, ARP_GARP),
    'icmp_echo': ether(MAC, PEER, 0x0800, IP_ECHO),
    'icmp_echo_bcast': ether(BCAST, PEER, 0x0800,
                             ipv4(PEERIP, bytes([192, 0, 2, 255]), 1,
                                  ECHO_REQ)),
    'ipv4_options': ether(MAC, PEER, 0x0800, IP_OPTS),
    'frag_first': ether(MAC, PEER, 0x0800, FRAG1),
    'frag_last': ether(MAC, PEER, 0x0800, FRAG2),
    'udp': ether(MAC, PEER, 0x0800, IP_UDP),
    'forward_ttl1': ether(MAC, PEER, 0x0800,
                          ipv4(PEERIP, OTHER, 17, UDP, ttl=1)),
    'vlan': ether(MAC, PEER, 0x8100, b'\x00\x05\x08\x00' + IP_ECHO),
    'ipv6_mcast': ether(bytes.fromhex('333300000001'), PEER, 0x86dd,
                        b'\x60' + b'\0' * 39),
}

ARP = {
    'request': ARP_REQ,
    'reply': ARP_REP,
    'gratuitous': ARP_GARP,
    'request_padded': ARP_REQ + b'\0' * 18,
}

IPADDR = {
    'v4': '192.0.2.1',
    'v4_class_a_short': '10.1',
    'v4_class_b_short': '172.16.5',
    'v4_hex_octal': '0x7f.0.0.01',
    'v6': '2001:db8::1',
    'v6_full': '2001:db8:0:0:1:0:0:1',
    'v6_mapped': '::ffff:192.0.2.1',
    'v6_linklocal_mask': 'fe80::1 /64',
    'v4_and_mask': '192.0.2.2 255.255.255.0',
    'v4_and_len': '198.51.100.0 /120',
    'mask_len': '/24',
    'mac': '5e2c0d1a7b33',
    'mac_colons': '5e:2c:0d:1a:7b:33',
    'noncontiguous': '255.0.255.0',
}

CTLCMD = {
    'add': 'add 192.0.2.2 255.255.255.0\n',
    'bind': 'bind ether port0',
    'quoted': "log 'two words' '' 'it''s'",
    'separators': 'add\t192.0.2.3 \r /120  ',
    'route': 'add 0.0.0.0 /96 192.0.2.1 192.0.2.2 0.0.0.0 /96',
    'unclosed': "x 'never closed",
}

# Lines for the dispatcher: a whole session of the model's files.
CTL_SESSION = '\n'.join([
    'ipifc/clone bind ether port0',
    'ipifc/0/ctl add 192.0.2.2 255.255.255.0',
    'ipifc/0/ctl add 198.51.100.2 /120 198.51.100.0 1500',
    'ipifc/0/ctl try 203.0.113.9 255.255.255.128',
    'ipifc/0/ctl mtu 1400',
    'ipifc/0/ctl iprouting 1',
    'ipifc/0/status',
    'ipifc/0/local',
    'ipifc/stats',
    'iproute add 0.0.0.0 /96 192.0.2.1',
    'iproute tag test',
    'iproute add 203.0.113.0 255.255.255.0 192.0.2.1 192.0.2.2',
    'iproute',
    'ipselftab',
    'arp add 192.0.2.1 020000000001',
    'arp add ether 192.0.2.9 02:00:00:00:00:09',
    'arp',
    'arp garp 192.0.2.2',
    'arp del 192.0.2.1',
    'iproute del 203.0.113.0 255.255.255.0 192.0.2.1',
    'iproute flush test',
    'ipifc/0/ctl del 192.0.2.2 255.255.255.0',
    'ipifc/0/ctl unbind',
    'ipifc/clone',
    'arp flush',
    'log set ip icmp',
    'log',
    'ndb ip=192.0.2.2 sys=dpnet',
    'ndb',
    '/net/',
]) + '\n'


CTL_MAXLEN = 4096      # seed pieces; fuzz_ctl's -max_len is 8400


def records(*frames):
    """fuzz_input's format: each frame after its 16-bit length."""
    return b''.join(struct.pack('!H', len(f)) + f for f in frames)


def write(target, name, data):
    d = os.path.join(ROOT, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def main():
    for t in ('ether', 'arp', 'ipv4', 'icmp4', 'ipaddr', 'ctlcmd', 'ctl',
              'conf', 'input'):
        shutil.rmtree(os.path.join(ROOT, 'corpus', t), ignore_errors=True)
    for n, f in FRAMES.items():
        write('ether', n, f)
        write('input', n, records(f))
    # Several frames in one burst: reassembly in and out of order, a
    # middle fragment with options, ARP then the echo it resolves for.
    f1 = ether(MAC, PEER, 0x0800, FRAG1)
    f2 = ether(MAC, PEER, 0x0800, FRAG2)
    write('input', 'frags_in_order', records(f1, f2))
    write('input', 'frags_reversed', records(f2, f1))
    write('input', 'frag_middle', records(ether(MAC, PEER, 0x0800, FRAG_MID)))
    write('input', 'arp_then_echo', records(FRAMES['arp_request'],
                                            FRAMES['icmp_echo'],
                                            FRAMES['arp_reply']))
    for n, p in ARP.items():
        write('arp', n, p)
    for n, p in IPV4.items():
        write('ipv4', n, p)
    for n, m in ICMP.items():
        write('icmp4', n, m)
    for n, s in IPADDR.items():
        write('ipaddr', n, s)
    for n, s in CTLCMD.items():
        write('ctlcmd', n, s)
    write('ctl', 'session', CTL_SESSION)
    # One line just over CTL_MSGMAX (8000): "control message too big".
    write('ctl', 'toobig', 'ndb ' + 'x' * 8000 + '\nndb\n')
    # The transcripts' request lines, in small pieces: fuzz_ctl runs a
    # whole stack per input, so short inputs keep it fast.
    for t in sorted(glob.glob(os.path.join(REPO, 'tests/ctl/transcripts/*.t'))):
        base = 'transcript_' + os.path.basename(t)[:-2]
        pieces, cur = [], b''
        with open(t, 'rb') as f:
            for line in f:
                if not line.startswith(b'> '):
                    continue
                if cur and len(cur) + len(line) > CTL_MAXLEN:
                    pieces.append(cur)
                    cur = b''
                cur += line[2:][:CTL_MAXLEN]
        if cur:
            pieces.append(cur)
        for i, p in enumerate(pieces):
            write('ctl', '%s_%d' % (base, i), p)
    confs = [os.path.join(REPO, 'conf/dpnet.conf')]
    confs += sorted(glob.glob(os.path.join(REPO, 'conf/examples/*.conf')))
    for c in confs:
        with open(c, 'rb') as f:
            write('conf', os.path.basename(c), f.read())


if __name__ == '__main__':
    main()
