# ctl_log.t: /net/log (spec/plan9-ip.md §6.1, ctl/log_ctl.c). A read
# returns and consumes what is queued; it does not block.
> log
< ok 0

# set and clear take item names; unknown names are ignored.
> log set ip tcpwin nonsense
< ok 0
> log clear tcp
< ok 0
> /net/log set udpmsg ipmsg tcprxmt esp trans igmp logilmsg
< ok 0
> log clear ip udp tcp il esp trans igmp gre
< ok 0
> log set ilmsg
< ok 0

# At least two fields.
> log set
< error too few arguments for netlog control message
> log clear
< error too few arguments for netlog control message
> log only
< error too few arguments for netlog control message
> log bogus
< error too few arguments for netlog control message
> log 
< error too few arguments for netlog control message
> log 		 
< error too few arguments for netlog control message

# Other verbs echo the fields, %q-quoted.
> log bogus ip
< error unknown control message "bogus ip"
> log Set ip
< error unknown control message "Set ip"
> log 'two words' '' 'it''s'
< error unknown control message "'two words' '' 'it''s'"
> log x 'a	b'
< error unknown control message "x 'a	b'"

# only: an address filter that nothing checks.
> log only 192.0.2.1
< ok 0
> log only 2001:db8::1
< ok 0
> log only 1::2::3
< error bad ip address syntax

# Anyone may write log; it is still empty.
@ 3
> log set icmp
< ok 0
> log
< ok 0
