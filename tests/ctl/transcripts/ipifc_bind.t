# ipifc_bind.t: clone, bind and unbind of interfaces (spec §2.1-2.3,
# stack/ipifc.h): media, ports by name or id, the errors, and what the
# status file shows before, during and after a binding. See
# tests/ctl/run_transcript.c for the format.
% port port0 0 5e2c0d1a7b33 1514
% port port1 7 5e2c0d1a7b44 9014

# A clone read allocates the lowest free slot; a fresh one is unbound.
> ipifc/clone
< ok 2
< 0
> ipifc/0/ctl
< ok 1
< 0
> ipifc/0/status
< ok 172
< device  maxtu 0 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 0 minraint 0 linkmtu 0 reachtime 0 rxmitra 0 ttl 0 routerlt 0 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 0
<
> ipifc/0/local
< ok 0
> ipifc/0/remote
< ok 5
< ::!0

# bind: arguments, media, ports.
> ipifc/0/ctl bind
< error bad arg in system call
> ipifc/0/ctl bind token ring
< error unknown interface type
> ipifc/0/ctl bind pkt
< error unknown interface type
> ipifc/0/ctl bind netdev /net/x
< error unknown interface type
> ipifc/0/ctl bind null
< error unknown interface type
> ipifc/0/ctl unbind
< error interface not bound
# An unknown port: as in 9front the name and defaults stay although the
# medium bind failed, and the interface is still unbound.
> ipifc/0/ctl bind ether port9
< error file does not exist
> ipifc/0/status
< ok 196
< device port9 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
<
> ipifc/0/ctl add 192.0.2.2
< error interface not bound
> ipifc/0/ctl bind ether
< error bad arg in system call
# By DPDK port id; maxtu is the port's.
> ipifc/0/ctl bind ether 7
< ok 0
> ipifc/0/status
< ok 192
< device 7 maxtu 9014 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
<
> ipifc/0/ctl bind ether port0
< error interface already bound
# Clone and bind in one line; a second interface on the same port is
# refused, and the failed clone is given back.
> ipifc/clone bind ether 7
< error port already bound to an interface
> ipifc/clone bind gbe port0
< ok 2
< 1
> ipifc/1/status
< ok 196
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
<
> ipifc/clone bind loopback
< ok 2
< 2
> ipifc/2/status
< ok 201
< device loopback2 maxtu 65536 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
<
> ipifc
< ok 18
< 0
< 1
< 2
< clone
< stats

# unbind: addresses and routes go, the name is cleared, maxtu stays.
> ipifc/0/ctl add 192.0.2.2 255.255.255.0
< ok 0
> ipifc/0/ctl mtu 9000
< ok 0
> iproute add 0 0 192.0.2.1
< ok 0
> ipifc/0/ctl unbind
< ok 0
> ipifc/0/status
< ok 191
< device  maxtu 9000 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
<
> iproute
< ok 0
> ipselftab
< ok 0
> ipifc/0/ctl unbind
< error interface not bound
> ipifc/0/ctl mtu 1500
< error interface not bound
# Slot 0 is unbound again but still held by session 0, so neither this
# session nor another gets it.
> ipifc/clone
< ok 2
< 3
@ 1
> ipifc/clone
< ok 2
< 4

# 32 interfaces at most: then "no free devices".
@ 2
> ipifc/clone
< ok 2
< 5
> ipifc/clone
< ok 2
< 6
> ipifc/clone
< ok 2
< 7
> ipifc/clone
< ok 2
< 8
> ipifc/clone
< ok 2
< 9
> ipifc/clone
< ok 3
< 10
> ipifc/clone
< ok 3
< 11
> ipifc/clone
< ok 3
< 12
> ipifc/clone
< ok 3
< 13
> ipifc/clone
< ok 3
< 14
> ipifc/clone
< ok 3
< 15
> ipifc/clone
< ok 3
< 16
> ipifc/clone
< ok 3
< 17
> ipifc/clone
< ok 3
< 18
> ipifc/clone
< ok 3
< 19
> ipifc/clone
< ok 3
< 20
> ipifc/clone
< ok 3
< 21
> ipifc/clone
< ok 3
< 22
> ipifc/clone
< ok 3
< 23
> ipifc/clone
< ok 3
< 24
> ipifc/clone
< ok 3
< 25
> ipifc/clone
< ok 3
< 26
> ipifc/clone
< ok 3
< 27
> ipifc/clone
< ok 3
< 28
> ipifc/clone
< ok 3
< 29
> ipifc/clone
< ok 3
< 30
> ipifc/clone
< ok 3
< 31
> ipifc/clone
< error no free devices
> ipifc/clone bind loopback
< error no free devices
