# ipifc_add.t: add, try, del and remove (spec §2.3, §2.4): defaults, the
# mtu and flags fields, point-to-point, the null address, IPv6, and the
# status and local files. See tests/ctl/run_transcript.c.
% port port0 0 5e2c0d1a7b33 1514

> ipifc/clone
< ok 2
< 0
# Parse errors come before the binding check.
> ipifc/0/ctl add
< error bad arg in system call
> ipifc/0/ctl add 1 2 3 4 5 6
< error bad arg in system call
> ipifc/0/ctl add 192.0.2.x
< error bad ip address syntax
> ipifc/0/ctl add 192.0.2.2 /40
< error bad ip address syntax
> ipifc/0/ctl add 192.0.2.2 255.255.255.0 192.0.2.y
< error bad ip address syntax
> ipifc/0/ctl add 192.0.2.2
< error interface not bound
> ipifc/0/ctl try 192.0.2.2
< error interface not bound
> ipifc/0/ctl bind ether port0
< ok 0

# The example of spec §2.2 (ipconfig's form: local mask remote mtu).
> ipifc/0/ctl add 192.168.1.10 /120 192.168.1.0 0
< ok 0
> ipifc/0/status
< ok 315
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
< 	192.168.1.10                             /120       192.168.1.0                              4294967295   4294967295  
> ipifc/0/local
< ok 249
< 192.168.1.10                             -> 224.0.0.1                                255.255.255.255                          192.168.1.0                              192.168.1.255                            192.168.1.10                            
# Adding it again is a no-op whatever the mask.
> ipifc/0/ctl add 192.168.1.10 /128
< ok 0
> ipifc/0/status
< ok 315
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
< 	192.168.1.10                             /120       192.168.1.0                              4294967295   4294967295  
# del wants local and mask, and the remote when it is not the default.
> ipifc/0/ctl del
< error bad arg in system call
> ipifc/0/ctl del 192.168.1.10
< error bad arg in system call
> ipifc/0/ctl del 192.168.1.x /120
< error bad ip address syntax
> ipifc/0/ctl del 192.168.1.10 /120 x
< error bad ip address syntax
> ipifc/0/ctl del 192.168.1.10 /112
< error address not on this interface
> ipifc/0/ctl del 192.168.1.10 /120 192.168.1.1
< error address not on this interface
> ipifc/0/ctl remove 192.168.1.10 /120 192.168.1.0
< ok 0
> ipifc/0/status
< ok 196
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
<

# Defaults: the class mask, remote = local & mask.
> ipifc/0/ctl add 10.1.2.3
< ok 0
> ipifc/0/ctl add 172.16.5.4
< ok 0
> ipifc/0/ctl add 203.0.113.9
< ok 0
> ipifc/0/status
< ok 555
< device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
< 	10.1.2.3                                 /104       10.0.0.0                                 4294967295   4294967295  
< 	172.16.5.4                               /112       172.16.0.0                               4294967295   4294967295  
< 	203.0.113.9                              /120       203.0.113.0                              4294967295   4294967295  
> ipifc/0/ctl del 10.1.2.3 /104
< ok 0
> ipifc/0/ctl del 172.16.5.4 /112
< ok 0
> ipifc/0/ctl del 203.0.113.9 /120
< ok 0

# The mtu field: applied when in range, else ignored; 0 keeps it.
> ipifc/0/ctl add 192.0.2.2 255.255.255.0 192.0.2.0 1400
< ok 0
> ipifc/0/ctl add 192.0.2.3 255.255.255.0 192.0.2.0 99999
< ok 0
> ipifc/0/ctl add 192.0.2.4 255.255.255.0 192.0.2.0 0
< ok 0
> ipifc/0/status
< ok 555
< device port0 maxtu 1400 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
< 	192.0.2.2                                /120       192.0.2.0                                4294967295   4294967295  
< 	192.0.2.3                                /120       192.0.2.0                                4294967295   4294967295  
< 	192.0.2.4                                /120       192.0.2.0                                4294967295   4294967295  
> ipifc/0/ctl del 192.0.2.3 /120
< ok 0
> ipifc/0/ctl del 192.0.2.4 /120
< ok 0

# Point-to-point with proxy ARP: p and y, no broadcast entries.
> ipifc/0/ctl add 198.51.100.1 255.255.255.255 198.51.100.2 0 proxy
< ok 0
> iproute
< ok 720
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128
< 192.0.2.0       /128 192.0.2.0       4b   ifc    0 192.0.2.2       /128
< 192.0.2.2       /128 192.0.2.2       4u   ifc    0 0.0.0.0         /96 
< 192.0.2.255     /128 192.0.2.255     4b   ifc    0 192.0.2.2       /128
< 224.0.0.1       /128 224.0.0.1       4m   ifc    0 192.0.2.2       /128
< 198.51.100.1    /128 198.51.100.1    4uy  ifc    0 0.0.0.0         /96 
< 198.51.100.2    /128 198.51.100.2    4ipy ifc    0 0.0.0.0         /96 
< 198.51.100.2    /128 198.51.100.2    4ipy ifc    0 198.51.100.1    /128
< 255.255.255.255 /128 255.255.255.255 4b   ifc    0 192.0.2.2       /128
> ipselftab
< ok 318
< 224.0.0.1                                    01   4m
< 192.0.2.255                                  01   4b
< 192.0.2.0                                    01   4b
< 192.0.2.2                                    01   4u
< 198.51.100.1                                 01  4uy
< 255.255.255.255                              01   4b
> ipifc/0/ctl del 198.51.100.1 /128 198.51.100.2
< ok 0
# trans: t on the any-source interface route only.
> ipifc/0/ctl add 198.51.100.7 /120 198.51.100.0 0 proxy,trans
< ok 0
> iproute
< ok 1008
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128
< 192.0.2.0       /128 192.0.2.0       4b   ifc    0 192.0.2.2       /128
< 192.0.2.2       /128 192.0.2.2       4u   ifc    0 0.0.0.0         /96 
< 192.0.2.255     /128 192.0.2.255     4b   ifc    0 192.0.2.2       /128
< 224.0.0.1       /128 224.0.0.1       4m   ifc    0 192.0.2.2       /128
< 224.0.0.1       /128 224.0.0.1       4m   ifc    0 198.51.100.7    /128
< 198.51.100.0    /120 198.51.100.0    4iyt ifc    0 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4iy  ifc    0 198.51.100.7    /128
< 198.51.100.0    /128 198.51.100.0    4b   ifc    0 198.51.100.7    /128
< 198.51.100.7    /128 198.51.100.7    4uy  ifc    0 0.0.0.0         /96 
< 198.51.100.255  /128 198.51.100.255  4b   ifc    0 198.51.100.7    /128
< 255.255.255.255 /128 255.255.255.255 4b   ifc    0 192.0.2.2       /128
< 255.255.255.255 /128 255.255.255.255 4b   ifc    0 198.51.100.7    /128
> ipifc/0/ctl del 198.51.100.7 /120
< ok 0

# IPv6: try adds a tentative address, add finishes it.
> ipifc/0/ctl try fe80::5c2c:dff:fe1a:7b33 /64 fe80:: 0
< ok 0
> ipifc/0/ctl add fe80::5c2c:dff:fe1a:7b33 /64 fe80:: 0
< ok 0
> ipifc/0/status
< ok 435
< device port0 maxtu 1400 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
< 	192.0.2.2                                /120       192.0.2.0                                4294967295   4294967295  
< 	fe80::5c2c:dff:fe1a:7b33                 /64        fe80::                                   4294967295   4294967295  
> ipifc/0/local
< ok 416
< 192.0.2.2                                -> 224.0.0.1                                255.255.255.255                          192.0.2.0                                192.0.2.255                              192.0.2.2                               
< fe80::5c2c:dff:fe1a:7b33                 -> ff02::1:ff1a:7b33                        ff02::1                                  fe80::5c2c:dff:fe1a:7b33                
> ipifc/0/ctl del fe80::5c2c:dff:fe1a:7b33 /64
< ok 0
# A global IPv6 address without a mask is /128, so point-to-point.
> ipifc/0/ctl add 2001:db8::1
< ok 0
> ipifc/0/status
< ok 435
< device port0 maxtu 1400 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
< 	192.0.2.2                                /120       192.0.2.0                                4294967295   4294967295  
< 	2001:db8::1                              /128       2001:db8::1                              4294967295   4294967295  
> ipifc/0/ctl del 2001:db8::1 /128
< ok 0

# The null address (ipconfig during DHCP) accepts everything.
> ipifc/0/ctl add :: /0
< ok 0
> ipselftab
< ok 371
< ::                                           01   4u
< 224.0.0.1                                    02   4m
< 192.0.2.255                                  01   4b
< 192.0.2.0                                    01   4b
< 192.0.2.2                                    01   4u
< ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff      01   4b
< 255.255.255.255                              02   4b
> ipifc/0/ctl remove :: /0
< ok 0
> ipselftab
< ok 265
< 224.0.0.1                                    01   4m
< 192.0.2.255                                  01   4b
< 192.0.2.0                                    01   4b
< 192.0.2.2                                    01   4u
< 255.255.255.255                              01   4b
> ipifc/0/status
< ok 315
< device port0 maxtu 1400 sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 0 pktout 0 errin 0 errout 0 speed 0 delay 40
< 	192.0.2.2                                /120       192.0.2.0                                4294967295   4294967295  
