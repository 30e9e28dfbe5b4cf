# ipifc_generic.t: the conversation messages devip handles before the
# interface's own verbs (spec §2.3, §7.3): connect, announce, ttl, tos,
# ignoreadvice, addmulti, delmulti/remmulti, and the empty message.
# See tests/ctl/run_transcript.c.
% port port0 0 5e2c0d1a7b33 1514

> ipifc/clone bind ether port0
< ok 2
< 0
> ipifc/0/ctl add 192.0.2.2 255.255.255.0
< ok 0
# A message with no fields (the trailing blanks are on purpose).
> ipifc/0/ctl  	 
< error short control request
> ipifc/0/ctl ttl 7
< ok 0
> ipifc/0/ctl ttl
< ok 0
> ipifc/0/ctl tos 3
< ok 0
> ipifc/0/ctl tos
< ok 0
> ipifc/0/ctl ignoreadvice
< ok 0

# addmulti: the one-argument form names the conversation's group, which
# for an interface is ::, not multicast.
> ipifc/0/ctl addmulti
< error addmulti needs interface address
> ipifc/0/ctl addmulti x
< error bad ip address syntax
> ipifc/0/ctl addmulti 192.0.2.2
< error addmulti for a non multicast address
> ipifc/0/ctl addmulti 192.0.2.2 x
< error bad ip address syntax
> ipifc/0/ctl addmulti 192.0.2.2 192.0.2.9
< error addmulti for a non multicast address
> ipifc/0/ctl addmulti 192.0.2.2 ff02::fb
< error incompatible multicast/interface ip address
> ipifc/0/ctl addmulti 192.0.2.2 239.1.2.3
< ok 0
> ipifc/0/ctl addmulti 192.0.2.2 239.1.2.3
< ok 0
> ipselftab
< ok 318
< 224.0.0.1                                    01   4m
< 192.0.2.255                                  01   4b
< 192.0.2.0                                    01   4b
< 192.0.2.2                                    01   4u
< 239.1.2.3                                    01   4m
< 255.255.255.255                              01   4b
> iproute
< ok 576
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128
< 192.0.2.0       /128 192.0.2.0       4b   ifc    0 192.0.2.2       /128
< 192.0.2.2       /128 192.0.2.2       4u   ifc    0 0.0.0.0         /96 
< 192.0.2.255     /128 192.0.2.255     4b   ifc    0 192.0.2.2       /128
< 224.0.0.1       /128 224.0.0.1       4m   ifc    0 192.0.2.2       /128
< 239.1.2.3       /128 239.1.2.3       4m   ifc    0 192.0.2.2       /128
< 255.255.255.255 /128 255.255.255.255 4b   ifc    0 192.0.2.2       /128
# No interface owns the address: recorded, no error, no entry.
> ipifc/0/ctl addmulti 203.0.113.1 239.9.9.9
< ok 0
# delmulti cannot name the group: it removes ::, which is not there.
> ipifc/0/ctl delmulti
< error delmulti needs interface address
> ipifc/0/ctl remmulti
< error delmulti needs interface address
> ipifc/0/ctl delmulti x
< error bad ip address syntax
> ipifc/0/ctl delmulti 192.0.2.2
< ok 0
> ipifc/0/ctl remmulti 192.0.2.2
< ok 0
> ipselftab
< ok 318
< 224.0.0.1                                    01   4m
< 192.0.2.255                                  01   4b
< 192.0.2.0                                    01   4b
< 192.0.2.2                                    01   4u
< 239.1.2.3                                    01   4m
< 255.255.255.255                              01   4b

# connect: every address goes, then add; only once.
> ipifc/0/ctl connect 198.51.100.5 255.255.255.0
< ok 0
> ipifc/0/status
< ok 315
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
< 	198.51.100.5                             /120       198.51.100.0                             4294967295   4294967295  
> ipifc/0/ctl connect 198.51.100.6
< error connection in use
> ipifc/0/ctl announce 1
< error connection in use
# announce is not supported, and leaves the conversation busy.
> ipifc/clone
< ok 2
< 1
> ipifc/1/ctl announce 1
< error announce not supported
> ipifc/1/ctl connect 192.0.2.9
< error connection in use
# connect on an unbound interface: pkt is not offered, so add fails.
> ipifc/clone
< ok 2
< 2
> ipifc/2/ctl connect 192.0.2.9 /120
< error interface not bound
> ipifc/2/ctl connect 192.0.2.9 /120
< error connection in use
