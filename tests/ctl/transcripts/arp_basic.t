# arp_basic.t: /net/arp writes and reads (spec §5): the add forms, del,
# flush, garp, the 256-byte limit, fields split on spaces only, and every
# error. See tests/ctl/run_transcript.c.
% port port0 0 5e2c0d1a7b33 1514

> ipifc/clone bind ether port0
< ok 2
< 0
> ipifc/0/ctl add 192.0.2.2 255.255.255.0
< ok 0
> ipifc/0/ctl add fe80::5c2c:dff:fe1a:7b33 /64
< ok 0
> ipifc/clone bind loopback
< ok 2
< 1
> ipifc/1/ctl add 127.0.0.1 /104
< ok 0
> arp
< ok 0

# Errors.
> arp bogus
< error bad arp
> arp FLUSH
< error bad arp
> arp add	192.0.2.1 001122334455
< error bad arp
> arp add
< error bad arg in system call
> arp add 192.0.2.1
< error bad arg in system call
> arp add 192.0.2.x 001122334455
< error bad ip address syntax
> arp add 192.0.2.1 zz
< error bad arp
> arp add 192.0.2.1 0011
< error destination unreachable
> arp add fddi 192.0.2.1 001122334455
< error bad arp
> arp add loopback 127.0.0.9 00
< error bad arp
> arp add ether 192.0.2.x 001122334455
< error bad ip address syntax
> arp add ether 192.0.2.1 0011223344
< error bad arp
> arp add ether 192.0.2.1 001122334455 x
< error bad ip address syntax
> arp add ether 192.0.2.1 001122334455 203.0.113.1
< error no interface
> arp add 203.0.113.5 001122334455
< error destination unreachable
> arp add ether 192.0.2.255 ffffffffffff 192.0.2.2
< error destination unreachable
> arp add ether 127.0.0.9 001122334455 127.0.0.1
< error destination unreachable
> arp del
< error bad arg in system call
> arp del 192.0.2.1 192.0.2.3
< error bad arg in system call
> arp del 192.0.2.x
< error bad ip address syntax
> arp garp
< error bad arg in system call
> arp garp 192.0.2.2 x
< error bad arg in system call
> arp garp x
< error bad ip address syntax
> arp garp 203.0.113.1
< error no interface
> arp
< ok 0

# The add forms, read back in slot order.
> arp add 192.0.2.1 00:11:22:33:44:aa
< ok 0
> arp add ether 192.0.2.7 0011223344bb
< ok 0
> arp add ether fe80::1 0011223344dd fe80::5c2c:dff:fe1a:7b33
< ok 0
> arp add  ether  192.0.2.9  0011223344ee  192.0.2.2 and the rest
< ok 0
> arp
< ok 335
< ether  OK   192.0.2.1                                0011223344aa     192.0.2.2
< ether  OK   192.0.2.7                                0011223344bb     192.0.2.2
< ether  OK   fe80::1                                  0011223344dd     fe80::5c2c:dff:fe1a:7b33
< ether  OK   192.0.2.9                                0011223344ee     192.0.2.2
> arp add 192.0.2.1 0011223344ff
< ok 0
> arp
< ok 335
< ether  OK   192.0.2.1                                0011223344ff     192.0.2.2
< ether  OK   192.0.2.7                                0011223344bb     192.0.2.2
< ether  OK   fe80::1                                  0011223344dd     fe80::5c2c:dff:fe1a:7b33
< ether  OK   192.0.2.9                                0011223344ee     192.0.2.2
# del: every entry for the address; unknown is fine.
> arp del 192.0.2.7
< ok 0
> arp del 192.0.2.99
< ok 0
> arp
< ok 255
< ether  OK   192.0.2.1                                0011223344ff     192.0.2.2
< ether  OK   fe80::1                                  0011223344dd     fe80::5c2c:dff:fe1a:7b33
< ether  OK   192.0.2.9                                0011223344ee     192.0.2.2
# garp: announce one of our addresses (or nothing for others).
> arp garp 192.0.2.2
< ok 0
> arp garp 192.0.2.77
< ok 0
# Only the first 255 bytes count (the x is beyond them).
> arp del 192.0.2.1                                                                                                                                                                                                                                                                     x
< ok 0
> arp
< ok 175
< ether  OK   fe80::1                                  0011223344dd     fe80::5c2c:dff:fe1a:7b33
< ether  OK   192.0.2.9                                0011223344ee     192.0.2.2
> arp flush and anything
< ok 0
> arp
< ok 0
