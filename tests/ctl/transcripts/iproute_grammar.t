# iproute_grammar.t: the route write grammar (spec §3.3): each field
# count of add and del, how the interface is named, replace and discard
# (§3.4), delete matching (§3.5) and every error. See
# tests/ctl/run_transcript.c.
% port port0 0 5e2c0d1a7b33 1514
% port port1 7 5e2c0d1a7b44 1514

> ipifc/clone bind ether port0
< ok 2
< 0
> ipifc/0/ctl add 192.0.2.2 255.255.255.0
< ok 0
> ipifc/clone bind ether port1
< ok 2
< 1
> ipifc/1/ctl add 198.51.100.1 255.255.255.0
< ok 0
> iproute flush
< ok 0
> iproute
< ok 288
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 198.51.100.1    /128

# Errors.
> iproute  	 
< error short control request
> iproute add
< error bad process or channel control request
> iproute add 10.0.0.0 /104
< error bad process or channel control request
> iproute add 10.0.0.0 /104 192.0.2.1 4 none x 0 0.0.0.0 /96
< error bad process or channel control request
> iproute bogus 10.0.0.0 /104 192.0.2.1
< error bad process or channel control request
> iproute add 10.0.0.0 /104 192.0.2.1 4x 0 0.0.0.0 /96
< error bad process or channel control request
> iproute add 10.0.0.0 /104 192.0.2.1 4ii 0 0.0.0.0 /96
< error bad process or channel control request
> iproute add 10.0.0.0 /104 192.0.2.1 4um 0 0.0.0.0 /96
< error bad process or channel control request
> iproute add 10.0.0.x /104 192.0.2.1
< error bad ip address syntax
> iproute add 10.0.0.0 /33 192.0.2.1
< error bad ip address syntax
> iproute add 10.0.0.0 /104 192.0.2.z
< error bad ip address syntax
> iproute add 10.0.0.0 /104 2001:db8::1
< error bad ip address syntax
> iproute add 10.0.0.0 /104 192.0.2.1 junk /128
< error bad ip address syntax
> iproute add 10.0.0.0 /104 192.0.2.1 192.0.2.2 junk
< error bad ip address syntax
> iproute add 10.0.0.0 /104 192.0.2.1 2001:db8::2 /128
< error bad ip address syntax
> iproute add 10.0.0.0 /104 203.0.113.9
< error interface not found
> iproute add 10.0.0.0 /104 192.0.2.1 5
< error interface not found
> iproute add 10.0.0.0 /104 192.0.2.1 nosuchport
< error interface not found
> iproute add 10.0.0.0 /104 192.0.2.1 203.0.113.1
< error interface not found
> iproute del 10.0.0.0 /104
< error interface not found
> iproute del 10.0.0.0 /104 192.0.2.2 /128
< error interface not found
> iproute tag
< error bad arg in system call
> iproute
< ok 288
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 198.51.100.1    /128

# add: 4 to 9 fields; the interface by number, address, subnet, port,
# or '-' (found from the gate).
> iproute add 203.0.113.0 255.255.255.0 192.0.2.1
< ok 0
> iproute add 10.1.0.0 /16 192.0.2.1 1
< ok 0
> iproute add 10.2.0.0 /16 192.0.2.1 198.51.100.1
< ok 0
> iproute add 10.3.0.0 /16 192.0.2.1 198.51.100.77
< ok 0
> iproute add 10.4.0.0 /16 192.0.2.1 port1
< ok 0
> iproute add 10.5.0.0 /16 198.51.100.254 -
< ok 0
> iproute add 10.6.0.0 /16 192.0.2.1 192.0.2.2 /128
< ok 0
> iproute add 10.7.0.0 /16 192.0.2.1 0 192.0.2.0 /120
< ok 0
> iproute add 10.8.0.0 /16 192.0.2.1 6yt 0 0.0.0.0 /96
< ok 0
> iproute add 10.9.0.0 /16 192.0.2.1 4p ra 0 0.0.0.0 /96
< ok 0
> iproute add 2001:db8:: /32 fe80::1 1
< ok 0
> iproute
< ok 1080
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128
< 10.1.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.2.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.3.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.4.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.5.0.0        /112 198.51.100.254  4    none   1 0.0.0.0         /96 
< 10.6.0.0        /112 192.0.2.1       4    none   0 192.0.2.2       /128
< 10.7.0.0        /112 192.0.2.1       4    none   0 192.0.2.0       /120
< 10.8.0.0        /112 192.0.2.1       4yt  none   0 0.0.0.0         /96 
< 10.9.0.0        /112 192.0.2.1       4p     ra   0 0.0.0.0         /96 
< 203.0.113.0     /120 192.0.2.1       4    none   0 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 198.51.100.1    /128
< 2001:db8::      /32  fe80::1         6    none   1 ::              /0  

# Replace: same target and source, new gate, ifc and tag.
> iproute add 203.0.113.0 /120 198.51.100.9 4 dhcp 1 :: /0
< ok 0
# A user route over an interface route is dropped.
> iproute add 192.0.2.0 /120 192.0.2.9
< ok 0
> iproute
< ok 1080
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128
< 10.1.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.2.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.3.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.4.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.5.0.0        /112 198.51.100.254  4    none   1 0.0.0.0         /96 
< 10.6.0.0        /112 192.0.2.1       4    none   0 192.0.2.2       /128
< 10.7.0.0        /112 192.0.2.1       4    none   0 192.0.2.0       /120
< 10.8.0.0        /112 192.0.2.1       4yt  none   0 0.0.0.0         /96 
< 10.9.0.0        /112 192.0.2.1       4p     ra   0 0.0.0.0         /96 
< 203.0.113.0     /120 198.51.100.9    4    dhcp   1 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 198.51.100.1    /128
< 2001:db8::      /32  fe80::1         6    none   1 ::              /0  

# del: 3 to 9 fields; kind, gate, ifc and tag must match.
> iproute del 10.4.0.0 /16 192.0.2.1
< ok 0
> iproute del 10.5.0.0 /16 198.51.100.254
< ok 0
> iproute del 10.6.0.0 /16 192.0.2.9 192.0.2.2 /128
< ok 0
> iproute del 10.6.0.0 /16 192.0.2.1 192.0.2.2 /128
< ok 0
> iproute del 10.7.0.0 /16 192.0.2.1 0 192.0.2.0 /112
< ok 0
> iproute del 10.7.0.0 /16 0.0.0.0 0 192.0.2.0 /120
< ok 0
> iproute del 10.8.0.0 /16 192.0.2.1 4u 0 0.0.0.0 /96
< ok 0
> iproute del 10.8.0.0 /16 192.0.2.1 4 0 0.0.0.0 /96
< ok 0
> iproute del 10.9.0.0 /16 192.0.2.1 4 xx 0 0.0.0.0 /96
< ok 0
> iproute remove 10.9.0.0 /16 192.0.2.1 4 ra 0 0.0.0.0 /96
< ok 0
> iproute del 10.99.0.0 /16 192.0.2.1
< ok 0
> iproute
< ok 720
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 
< 192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128
< 10.1.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.2.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.3.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 10.4.0.0        /112 192.0.2.1       4    none   1 0.0.0.0         /96 
< 203.0.113.0     /120 198.51.100.9    4    dhcp   1 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 0.0.0.0         /96 
< 198.51.100.0    /120 198.51.100.0    4i   ifc    1 198.51.100.1    /128
< 2001:db8::      /32  fe80::1         6    none   1 ::              /0  
