# ipifc_params.t: mtu, speed, delay, reflect, reassemble, promiscuous,
# iprouting, ra6, add6, del6, unknown verbs and ipifc/stats (spec §2.3,
# §2.5, §2.6, §11.1). See tests/ctl/run_transcript.c.
% port port0 0 5e2c0d1a7b33 1514

> ipifc/clone
< ok 2
< 0
# Unbound: only iprouting (and add, del, ...) get past the bind check.
> ipifc/0/ctl mtu 1500
< error interface not bound
> ipifc/0/ctl speed 100
< error interface not bound
> ipifc/0/ctl delay 10
< error interface not bound
> ipifc/0/ctl reflect
< error interface not bound
> ipifc/0/ctl reassemble
< error interface not bound
> ipifc/0/ctl promiscuous
< error interface not bound
> ipifc/0/ctl ra6 sendra 1
< error interface not bound
> ipifc/0/ctl frobnicate
< error interface not bound
> ipifc/stats
< ok 279
< Forwarding: 0
< DefaultTTL: 255
< InReceives: 0
< InHdrErrors: 0
< InAddrErrors: 0
< ForwDatagrams: 0
< InUnknownProtos: 0
< InDiscards: 0
< InDelivers: 0
< OutRequests: 0
< OutDiscards: 0
< OutNoRoutes: 0
< ReasmTimeout: 0
< ReasmReqds: 0
< ReasmOKs: 0
< ReasmFails: 0
< FragOKs: 0
< FragFails: 0
< FragCreates: 0
> ipifc/0/ctl iprouting
< ok 0
> ipifc/stats
< ok 279
< Forwarding: 1
< DefaultTTL: 255
< InReceives: 0
< InHdrErrors: 0
< InAddrErrors: 0
< ForwDatagrams: 0
< InUnknownProtos: 0
< InDiscards: 0
< InDelivers: 0
< OutRequests: 0
< OutDiscards: 0
< OutNoRoutes: 0
< ReasmTimeout: 0
< ReasmReqds: 0
< ReasmOKs: 0
< ReasmFails: 0
< FragOKs: 0
< FragFails: 0
< FragCreates: 0
> ipifc/0/ctl iprouting 0
< ok 0
> ipifc/stats
< ok 279
< Forwarding: 2
< DefaultTTL: 255
< InReceives: 0
< InHdrErrors: 0
< InAddrErrors: 0
< ForwDatagrams: 0
< InUnknownProtos: 0
< InDiscards: 0
< InDelivers: 0
< OutRequests: 0
< OutDiscards: 0
< OutNoRoutes: 0
< ReasmTimeout: 0
< ReasmReqds: 0
< ReasmOKs: 0
< ReasmFails: 0
< FragOKs: 0
< FragFails: 0
< FragCreates: 0

> ipifc/0/ctl bind ether port0
< ok 0
> ipifc/0/ctl frobnicate
< error unsupported ctl
# mtu: [60, 1514] for this port, base auto-detected, missing means 0.
> ipifc/0/ctl mtu
< error bad arg in system call
> ipifc/0/ctl mtu 59
< error bad arg in system call
> ipifc/0/ctl mtu 1515
< error bad arg in system call
> ipifc/0/ctl mtu 0x500
< ok 0
> ipifc/0/status
< ok 196
< device port0 maxtu 1280 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
<
# In range but less than 68 bytes of IP cannot carry IPv4 (not 9front);
# 82 (octal 0122) is the smallest ether mtu that can.
> ipifc/0/ctl mtu 0100
< error mtu too small for ipv4: less than 68 bytes of ip
> ipifc/0/ctl mtu 81
< error mtu too small for ipv4: less than 68 bytes of ip
> ipifc/0/ctl add 192.0.2.9 255.255.255.0 192.0.2.0 60
< error mtu too small for ipv4: less than 68 bytes of ip
> ipifc/0/ctl mtu 0122
< ok 0
> ipifc/0/status
< ok 194
< device port0 maxtu 82 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
<
> ipifc/0/ctl mtu 1514
< ok 0
# speed: negative is 0; delay: clamped to 0..1000; missing is 0.
> ipifc/0/ctl speed 100000000
< ok 0
> ipifc/0/ctl delay 5000
< ok 0
> ipifc/0/status
< ok 206
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 100000000 delay 1000
<
> ipifc/0/ctl speed -1
< ok 0
> ipifc/0/ctl delay -1
< ok 0
> ipifc/0/status
< ok 195
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 0
<
> ipifc/0/ctl delay
< ok 0
> ipifc/0/ctl speed
< ok 0
> ipifc/0/status
< ok 195
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 0
<
# Flags (they show in the worker snapshot, not in status).
> ipifc/0/ctl reflect
< ok 0
> ipifc/0/ctl reflect 0
< ok 0
> ipifc/0/ctl reassemble
< ok 0
> ipifc/0/ctl promiscuous 1
< ok 0
# ra6: key/value pairs, all or nothing.
> ipifc/0/ctl ra6 sendra
< error bad arg in system call
> ipifc/0/ctl ra6 bogus 1
< error bad arg in system call
> ipifc/0/ctl ra6 maxraint 10 minraint 20
< error bad arg in system call
> ipifc/0/ctl ra6 sendra 1 bogus 2
< error bad arg in system call
> ipifc/0/status
< ok 195
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 0
<
> ipifc/0/ctl ra6 mflag 0 oflag 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 linkmtu 0
< ok 0
> ipifc/0/ctl ra6 sendra 0 recvra 1 maxraint 600000 minraint 200000
< ok 0
> ipifc/0/ctl ra6 sendra 5 mflag 7 linkmtu 1400 ttl 64 maxraint 3000 minraint 3000
< ok 0
> ipifc/0/status
< ok 193
< device port0 maxtu 1514 sendra 1 recvra 1 mflag 1 oflag 0 maxraint 3000 minraint 3000 linkmtu 1400 reachtime 0 rxmitra 0 ttl 64 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 0
<

# add6: the address is the prefix plus the EUI-64 of the port MAC.
> ipifc/0/ctl add6
< error bad arg in system call
> ipifc/0/ctl add6 2001:db8:1:: 64 1 1 86400 14400 x
< error bad arg in system call
> ipifc/0/ctl add6 192.0.2.0
< error bad arg in system call
> ipifc/0/ctl add6 2001:db8:1:: 65
< error bad arg in system call
> ipifc/0/ctl add6 fe80:: 64
< error bad arg in system call
> ipifc/0/ctl add6 2001:db8:1:: 64 1 1 10 20
< error bad arg in system call
> ipifc/0/ctl add6 2001:db8:1:: 64 1 1 86400 14400
< ok 0
> ipifc/0/status
< ok 312
< device port0 maxtu 1514 sendra 1 recvra 1 mflag 1 oflag 0 maxraint 3000 minraint 3000 linkmtu 1400 reachtime 0 rxmitra 0 ttl 64 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 0
< 	2001:db8:1::5c2c:dff:fe1a:7b33           /64        2001:db8:1::                             86400        14400       
> ipifc/0/ctl add6 2001:db8:1::
< ok 0
> ipifc/0/status
< ok 312
< device port0 maxtu 1514 sendra 1 recvra 1 mflag 1 oflag 0 maxraint 3000 minraint 3000 linkmtu 1400 reachtime 0 rxmitra 0 ttl 64 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 0
< 	2001:db8:1::5c2c:dff:fe1a:7b33           /64        2001:db8:1::                             4294967295   4294967295  
# del6 takes no argument; nothing has expired.
> ipifc/0/ctl del6 now
< error bad arg in system call
> ipifc/0/ctl del6
< ok 0
> ipifc/0/ctl remove6
< ok 0
> ipifc/0/status
< ok 312
< device port0 maxtu 1514 sendra 1 recvra 1 mflag 1 oflag 0 maxraint 3000 minraint 3000 linkmtu 1400 reachtime 0 rxmitra 0 ttl 64 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 0
< 	2001:db8:1::5c2c:dff:fe1a:7b33           /64        2001:db8:1::                             4294967295   4294967295  
> ipifc/clone add6 2001:db8:2:: 64
< error interface not bound
