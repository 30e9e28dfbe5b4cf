/* SPDX-License-Identifier: MIT */
/*
 * The file handlers the dispatcher (ctl/ns.c) calls, one group per /net file
 * type. Signatures are those of ctl/ctl.h: NULL or a 9front error string.
 * Control thread only.
 */
#ifndef CTL_FILES_H
#define CTL_FILES_H

#include "ctl/ctl.h"

/* ipifc (ctl/ipifc_ctl.c) */
const char *ipifc_clone(struct ctl_sess *s, int *n);	/* lowest free slot */
int ipifc_nconv(const struct stack *st);	/* directories 0..nconv-1 exist */
void ipifc_sess_release(struct ctl_sess *s);	/* session closed */
const char *ipifc_ctl_read(struct ctl_sess *s, int n, struct ctl_out *out);
const char *ipifc_ctl_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out);
const char *ipifc_status_read(struct ctl_sess *s, int n, struct ctl_out *out);
const char *ipifc_local_read(struct ctl_sess *s, int n, struct ctl_out *out);
const char *ipifc_remote_read(struct ctl_sess *s, int n, struct ctl_out *out);
const char *ipifc_stats_read(struct ctl_sess *s, int n, struct ctl_out *out);

/* iproute and ipselftab (ctl/route_ctl.c) */
const char *iproute_read(struct ctl_sess *s, int n, struct ctl_out *out);
const char *iproute_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out);
const char *ipselftab_read(struct ctl_sess *s, int n, struct ctl_out *out);

/* arp (ctl/arp_ctl.c) */
const char *arp_read(struct ctl_sess *s, int n, struct ctl_out *out);
const char *arp_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out);

/* icmp/stats (ctl/route_ctl.c, next to the other stack-wide files) */
const char *icmp_stats_read(struct ctl_sess *s, int n, struct ctl_out *out);

/* log, ndb, bootp (ctl/log_ctl.c, ctl/ndb_ctl.c) */
const char *log_read(struct ctl_sess *s, int n, struct ctl_out *out);
const char *log_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out);
const char *ndb_read(struct ctl_sess *s, int n, struct ctl_out *out);
const char *ndb_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out);
const char *bootp_read(struct ctl_sess *s, int n, struct ctl_out *out);

#endif /* CTL_FILES_H */
