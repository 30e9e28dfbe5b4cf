# ipselftab_basic.t: the self table (spec §4): one line per address in
# hash order, newest first in a chain, with link counts and flags; the
# file is read-only. See tests/ctl/run_transcript.c.
% port port0 0 5e2c0d1a7b33 1514
% port port1 1 5e2c0d1a7b44 1514

> ipselftab
< ok 0
> ipselftab x
< error permission denied
> ipifc/clone bind ether port0
< ok 2
< 0
> ipifc/0/ctl add 192.168.1.10 /120 192.168.1.0 0
< ok 0
> ipselftab
< ok 265
< 192.168.1.255                                01   4b
< 224.0.0.1                                    01   4m
< 192.168.1.0                                  01   4b
< 192.168.1.10                                 01   4u
< 255.255.255.255                              01   4b
# A second interface shares 255.255.255.255 and 224.0.0.1.
> ipifc/clone bind ether port1
< ok 2
< 1
> ipifc/1/ctl add 10.0.0.1 /104
< ok 0
> ipselftab
< ok 424
< 10.0.0.0                                     01   4b
< 192.168.1.255                                01   4b
< 10.0.0.1                                     01   4u
< 224.0.0.1                                    02   4m
< 192.168.1.0                                  01   4b
< 192.168.1.10                                 01   4u
< 10.255.255.255                               01   4b
< 255.255.255.255                              02   4b
# IPv6: the address, all-nodes and solicited-node groups.
> ipifc/0/ctl add fe80::211:22ff:fe33:4455 /64 fe80:: 0
< ok 0
> ipselftab
< ok 583
< 10.0.0.0                                     01   4b
< 192.168.1.255                                01   4b
< ff02::1                                      01   6m
< 10.0.0.1                                     01   4u
< 224.0.0.1                                    02   4m
< 192.168.1.0                                  01   4b
< 192.168.1.10                                 01   4u
< ff02::1:ff33:4455                            01   6m
< fe80::211:22ff:fe33:4455                     01   6u
< 10.255.255.255                               01   4b
< 255.255.255.255                              02   4b
> ipifc/0/local
< ok 416
< 192.168.1.10                             -> 224.0.0.1                                255.255.255.255                          192.168.1.0                              192.168.1.255                            192.168.1.10                            
< fe80::211:22ff:fe33:4455                 -> ff02::1:ff33:4455                        ff02::1                                  fe80::211:22ff:fe33:4455                
# The null address is an entry like any other.
> ipifc/1/ctl add 0.0.0.0 /128
< ok 0
> ipselftab
< ok 636
< 0.0.0.0                                      01   4u
< 10.0.0.0                                     01   4b
< 192.168.1.255                                01   4b
< ff02::1                                      01   6m
< 10.0.0.1                                     01   4u
< 224.0.0.1                                    02   4m
< 192.168.1.0                                  01   4b
< 192.168.1.10                                 01   4u
< ff02::1:ff33:4455                            01   6m
< fe80::211:22ff:fe33:4455                     01   6u
< 10.255.255.255                               01   4b
< 255.255.255.255                              02   4b
# Removing addresses drops their links; shared entries stay.
> ipifc/0/ctl del 192.168.1.10 /120
< ok 0
> ipifc/1/ctl unbind
< ok 0
> ipselftab
< ok 159
< ff02::1                                      01   6m
< ff02::1:ff33:4455                            01   6m
< fe80::211:22ff:fe33:4455                     01   6u
