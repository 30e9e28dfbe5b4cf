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

#endif /* CTL_ERRSTR_H */
