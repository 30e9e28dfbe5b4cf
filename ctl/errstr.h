/* SPDX-License-Identifier: MIT */
/*
 * 9front's error strings, verbatim (spec/plan9-ip.md §1.3 and the per-file
 * tables). Handlers return these pointers; the server prints them after
 * "error ".
 */
#ifndef CTL_ERRSTR_H
#define CTL_ERRSTR_H

#define Eperm		"permission denied"
#define Ebadarg		"bad arg in system call"
#define Ebadctl		"bad process or channel control request"
#define Ebadip		"bad ip address syntax"
#define Econinuse	"connection in use"
#define Econrefused	"connection refused"
#define Etimedout	"connection timed out"
#define Enodev		"no free devices"
#define Eio		"i/o error"
#define Ehungup		"i/o on hungup channel"
#define Enomem		"kernel allocate failed"
#define Ecmdargs	"wrong #args in control message"
#define Etoobig		"control message too big"
#define Eshortctl	"short control request"
#define Enonexist	"file does not exist"
#define Eunbound	"interface not bound"
#define Ebound		"interface already bound"
#define Eunsupported	"unsupported ctl"
#define Eunknownctl	"unknown control request"
#define Eifcnotfound	"interface not found"
#define Enotonifc	"address not on this interface"
#define Eunkmedium	"unknown interface type"
#define Ebadarp		"bad arp"
#define Enoifc		"no interface"
#define Eunreach	"destination unreachable"
/* Additions for the model (ctl/ipifc_ctl.c, stack/ipifc.c). */
#define Enotmulti	"addmulti for a non multicast address"
#define Emultiifc	"incompatible multicast/interface ip address"
#define Eaddmultiarg	"addmulti needs interface address"
#define Edelmultiarg	"delmulti needs interface address"
#define Enoannounce	"announce not supported"
/* Not 9front: two interfaces on one DPDK port would split its traffic. */
#define Eportbound	"port already bound to an interface"

#endif /* CTL_ERRSTR_H */
