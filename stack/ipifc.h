/* SPDX-License-Identifier: MIT */
/*
 * Interfaces of the control-plane model (9front ipifc.c, spec/plan9-ip.md
 * §2): the 32 ipifc conversations, the medium each is bound to, their
 * logical addresses (lifcs) and everything an address brings with it
 * (interface routes, self-table entries and their /128 routes, proxy ARP
 * registration, the gratuitous ARP hook). The ctl grammar of these
 * operations is 9front's; each returns NULL or the 9front error string.
 *
 * Media: "ether" (and its jumbo twin "gbe") take a port the daemon
 * registered, by config name or decimal DPDK port id, instead of a
 * /net/etherN path; maxtu comes from the port. "loopback" has no port.
 * "pkt", "netdev" and "null" are refused with "unknown interface type"
 * (there is no user-level packet path to attach them to).
 *
 * Control thread only. struct ipifc lives inside struct stack; lifcs,
 * self links and multicast memberships are malloc'd and owned here.
 */
#ifndef STACK_IPIFC_H
#define STACK_IPIFC_H

#include <stdint.h>

struct stack;
struct selflink;

enum {
	IPIFC_MAX = 32,		/* 9front Maxmedia */
	IPIFC_DEVLEN = 64,	/* device name, NUL included */
};

enum ipifc_mkind {
	IPIFC_ETHER,		/* a DPDK port */
	IPIFC_LOOPBACK,		/* output comes back as input */
};

/* What "bind NAME" attaches (9front Medium). */
struct ipifc_medium {
	const char *name;
	enum ipifc_mkind kind;
	int hsize;		/* link header bytes */
	int mintu;
	int maxtu;		/* default and largest mtu, header included;
				 * for ether the port's own value is used */
	int maclen;
};

/* Find a medium by name (9front ipfindmedium); NULL when unknown. The
 * refused media are known names here too, with no bind (arp uses this). */
const struct ipifc_medium *ipifc_findmedium(const char *name);

/* Conversation states (devip's Conv state), for connect and announce. */
enum {
	IPIFC_IDLE = 0,
	IPIFC_ANNOUNCING = 1,
	IPIFC_ANNOUNCED = 2,
	IPIFC_CONNECTING = 3,
	IPIFC_CONNECTED = 4,
};

/* IPv6 router parameters (9front Routerparams). */
struct ipifc_rp {
	int mflag;
	int oflag;
	int maxraint;
	int minraint;
	int linkmtu;
	int reachtime;
	int rxmitra;
	int ttl;
	int routerlt;
};

/* One address on an interface (9front Iplifc). */
struct lifc {
	uint8_t local[16];
	uint8_t mask[16];
	uint8_t remote[16];
	uint8_t net[16];
	unsigned type;		/* RT_IFC, RT_V4, RT_PTPT, RT_PROXY, RT_TRANS */
	int tentative;
	int onlink;
	int autoflag;
	uint32_t validlt;	/* seconds, ~0 infinite */
	uint32_t preflt;
	uint32_t origint;	/* seconds, when it was added */
	struct selflink *link;	/* self entries, newest first */
	struct lifc *next;
};

/* A multicast membership recorded on the conversation. */
struct ipifc_multi {
	uint8_t ma[16];
	uint8_t ia[16];
	struct ipifc_multi *next;
};

struct ipifc {
	int no;
	const struct ipifc_medium *m;	/* NULL: not bound */
	char dev[IPIFC_DEVLEN];		/* bind argument; "" unbound */
	int port;			/* index in st->ports, -1: none */
	uint8_t mac[6];
	int maxtu;			/* with header; kept by unbind */
	int mtumax;			/* largest mtu the medium allows */
	int delay;
	int speed;
	int reflect;
	int reassemble;
	int promisc;
	uint32_t ifcid;			/* bumped by bind and unbind */
	int sendra6;
	int recvra6;
	struct ipifc_rp rp;
	struct lifc *lifc;		/* in the order added */
	/* The conversation side. */
	int holds;			/* sessions holding it (clone) */
	int state;
	int ttl;
	int tos;
	int ignoreadvice;
	struct ipifc_multi *multi;
};

/* ipifcctl and friends: argv[0] is the verb, argc counts it. */
const char *ipifc_bind(struct stack *st, struct ipifc *ifc, int argc,
    char **argv);
const char *ipifc_unbind(struct stack *st, struct ipifc *ifc);
const char *ipifc_add(struct stack *st, struct ipifc *ifc, int argc,
    char **argv, int tentative, const struct lifc *lifcp);
const char *ipifc_del(struct stack *st, struct ipifc *ifc, int argc,
    char **argv);
const char *ipifc_add6(struct stack *st, struct ipifc *ifc, int argc,
    char **argv);
const char *ipifc_del6(struct stack *st, struct ipifc *ifc, int argc);
const char *ipifc_ra6(struct ipifc *ifc, int argc, char **argv);
/* The non-generic verbs (9front ipifcctl); unknown: "unsupported ctl". */
const char *ipifc_ctl(struct stack *st, struct ipifc *ifc, int argc,
    char **argv);
/* "connect" on an ipifc: drop every address, then add (9front
 * ipifcconnect; the pkt bind it does for an unbound ifc is refused). */
const char *ipifc_connect(struct stack *st, struct ipifc *ifc, int argc,
    char **argv);
/* Multicast membership of the conversation (9front ipifcaddmulti and
 * ipifcdelmulti). */
const char *ipifc_addmulti(struct stack *st, struct ipifc *ifc,
    const uint8_t ma[16], const uint8_t ia[16]);
void ipifc_delmulti(struct stack *st, struct ipifc *ifc,
    const uint8_t ma[16], const uint8_t ia[16]);

/* The last holder went away: an unbound, unheld ifc drops its multicast
 * memberships (devip closeconv). */
void ipifc_closed(struct stack *st, struct ipifc *ifc);

/* 9front findipifc: the ifc whose subnet holds remote (longest common
 * prefix with remote, then with local); with RT_UNI an ifc owning
 * remote, with RT_BCAST/RT_MULTI one owning local, wins at once.
 * Returns the ifc number or -1. */
int ipifc_find(const struct stack *st, const uint8_t local[16],
    const uint8_t remote[16], unsigned type);
/* findipifcstr: a bound ifc by number, local IP or subnet, or device. */
int ipifc_findstr(const struct stack *st, const char *s);

struct lifc *ipifc_localonifc(const struct ipifc *ifc, const uint8_t ip[16]);

/* 9front ipv6local (IPv4 remotes go to ipv4local): the best address on
 * ifc to talk to remote from, restricted to prefixlen leading bits of
 * local when prefixlen > 0. Writes local and returns 1, or returns 0. */
int ipifc_v6local(const struct stack *st, const struct ipifc *ifc,
    uint8_t local[16], int prefixlen, const uint8_t remote[16]);

/* 9front findlocalip (spec §3.7). */
void ipifc_findlocalip(const struct stack *st, uint8_t local[16],
    const uint8_t remote[16]);

/* v6addrtype of 9front: 0 unknown (IPv4 or ::), 2 link-local, 3 ULA,
 * 4 global. */
int ipifc_v6addrtype(const uint8_t a[16]);

/* Free everything an ifc owns (stack_destroy). */
void ipifc_release(struct ipifc *ifc);

#endif /* STACK_IPIFC_H */
