/* SPDX-License-Identifier: MIT */
/*
 * IPv4 fragmentation and reassembly on mbufs (RFC 791 §2.3 and §3.2,
 * RFC 815, RFC 5722 for overlaps). A reassembly table belongs to one
 * worker (DESIGN.md §3): fragments are steered to it by frag_steer(), it
 * holds them with bounded entries, bytes and mbufs, delivers a complete
 * datagram as an mbuf chain without copying payload, and expires what is
 * left on the time the worker passes in (TSC units; nothing here reads a
 * clock). frag_fragment4() cuts an outgoing or forwarded datagram to an
 * MTU. Worker threads only, no locks; the table is allocated once by
 * frag_table_create() and freed by frag_table_free() (control thread or
 * the owning worker, when nothing else uses it). This header needs no
 * DPDK include path, so control-plane code can use ip4_mtu_ok().
 */
#ifndef STACK_FRAG_H
#define STACK_FRAG_H

#include <stdint.h>

struct rte_mbuf;
struct rte_mempool;
struct frag_table;

enum {
	IP4_MTU_MIN = 68,		/* bytes of IP, RFC 791 §3.1 (60 + 8) */
	IP4_MTU_MAX = 65535,		/* largest IPv4 total length */
	FRAG_EXPIRE_S = 10,		/* default to_expire, seconds */
	FRAG_DEF_ENTRIES = 1024,	/* default datagrams per table */
	FRAG_DEF_BYTES = 4u << 20,	/* default held bytes per table */
	FRAG_DEF_MBUFS = 4096,		/* default held fragments per table */
};

/*
 * Table parameters; a zero field takes the default above. hz is the TSC
 * frequency (rte_get_tsc_hz() in the daemon, anything in tests) and is
 * required when expire_tsc is 0. max_frags bounds the fragments of one
 * datagram (0: only the table bounds apply).
 */
struct frag_params {
	uint32_t max_entries;	/* datagrams being reassembled or remembered */
	uint32_t max_bytes;	/* bytes of held fragments (pkt_len sum) */
	uint32_t max_mbufs;	/* fragments held (one mbuf chain each) */
	uint32_t max_frags;	/* fragments per datagram, 0 = no own limit */
	uint64_t expire_tsc;	/* TSC: lifetime from the first fragment */
	uint64_t hz;		/* TSC ticks per second */
	int socket_id;		/* NUMA socket for the table memory */
};

/* What a table holds now (frag_table_usage). */
struct frag_usage {
	uint32_t entries;	/* datagrams in the table, remembered ones too */
	uint32_t bytes;		/* pkt_len sum of held fragments */
	uint32_t mbufs;		/* fragments held */
};

/*
 * Per-table drop reasons, for fragments that did not become part of a
 * datagram. The MIB counters (IPSTAT_REASM*) count datagrams; these count
 * fragments, so that every drop is counted somewhere.
 */
enum frag_drop {
	FRAG_DROP_TINY,		/* non-last with < 8 bytes or not a multiple of 8 */
	FRAG_DROP_DUP,		/* exact duplicate of a held fragment */
	FRAG_DROP_OVERLAP,	/* overlapped a held fragment: datagram dropped */
	FRAG_DROP_BOUNDS,	/* past the end, two ends, or over 65535 bytes */
	FRAG_DROP_DEAD,		/* key remembered after a failure */
	FRAG_DROP_LATE,		/* its datagram expired, not yet reaped */
	FRAG_DROP_EVICT,	/* evicted to make room (held fragments) */
	FRAG_DROP_LIMIT,	/* max_frags or the mbuf segment limit */
	FRAG_DROP_MALFORMED,	/* header not contiguous or length mismatch */
	FRAG_DROP_MAX
};

/*
 * Allocate a table (rte_zmalloc_socket). Returns NULL with rte_errno set:
 * EINVAL when both expire_tsc and hz are 0, ENOMEM when out of memory.
 */
struct frag_table *frag_table_create(const struct frag_params *p);

/* Free every held mbuf and the table. NULL is a no-op. */
void frag_table_free(struct frag_table *t);

/*
 * Reassemble. m starts at an IPv4 header that passed ipv4_check() and
 * its checksum test, pkt_len == total length (longer is trimmed). Always
 * consumes m. Returns m itself when it is not a fragment (zero copy, the
 * table is not looked at), the complete datagram when m completed one
 * (see below), else NULL (held, or dropped and counted).
 *
 * A complete datagram is a chain: fragment 0's mbuf with its header
 * (options kept, MF and offset cleared, total length set, checksum
 * recomputed, RX L4 checksum flags cleared), then every other fragment's
 * mbuf with its IP header trimmed off by rte_pktmbuf_adj(), in offset
 * order, linked by rte_pktmbuf_chain(); pkt_len == total length. No
 * payload byte is copied. A datagram needing more than
 * RTE_MBUF_MAX_NB_SEGS segments is dropped (ReasmFails, FRAG_DROP_LIMIT).
 *
 * Counts: ReasmReqds per fragment; ReasmOKs per datagram delivered;
 * ReasmFails per datagram lost (overlap, bounds, eviction, limits) and per
 * tiny fragment. An overlap that is not an exact duplicate drops the whole
 * datagram (RFC 5722) and the key is remembered, so its later fragments
 * are dropped too, until it would have expired.
 */
struct rte_mbuf *frag_reassemble4(struct frag_table *t, struct rte_mbuf *m,
    uint64_t now, uint64_t *ipstats);

/*
 * Remove every datagram whose first fragment arrived more than expire_tsc
 * before now. For each incomplete one: ReasmTimeout and ReasmFails (RFC
 * 4293 counts a timeout as a failure), and when its fragment 0 was held,
 * cb(arg, frag0) with that fragment's mbuf (its IP header and data as
 * received), which the callback owns from then on: it sends ICMP time
 * exceeded code 1 (RFC 792) from the header + 8 bytes and frees it. With
 * cb == NULL the mbuf is freed. Cost: the number of expired entries.
 */
void frag_expire(struct frag_table *t, uint64_t now, uint64_t *ipstats,
    void (*cb)(void *arg, struct rte_mbuf *frag0), void *arg);

void frag_table_usage(const struct frag_table *t, struct frag_usage *u);

/* Fragments dropped for reason r (enum frag_drop) since creation. */
uint64_t frag_table_drops(const struct frag_table *t, unsigned int r);

/* How frag_fragment4_mode() builds payload. */
enum frag_mode {
	FRAG_MODE_AUTO,		/* COPY when a fragment fits one pool mbuf */
	FRAG_MODE_COPY,		/* header + payload copied into one mbuf */
	FRAG_MODE_ATTACH,	/* header mbuf + indirect mbufs on m's data */
};

/*
 * Fragment m (data starts at its IPv4 header, pkt_len == total length,
 * any number of segments) so that every piece is at most mtu bytes of IP
 * (RFC 791 §3.2). Pieces carry (mtu - header) & ~7 payload bytes, the
 * last one the rest; the first keeps every option, later ones only the
 * options with the copied flag. Offsets continue from m's own offset and
 * the last piece keeps m's MF, so a forwarded fragment can be cut again.
 * headroom bytes are left before each IP header for the link header.
 *
 * Returns the number of pieces written to out[] (m is consumed; 1 and
 * out[0] == m, untouched, when m already fits, DF or not), or:
 *   -EMSGSIZE  DF is set and m does not fit: m is NOT consumed, the
 *              caller sends ICMP 3/4 with next-hop MTU mtu and frees m;
 *   0          dropped and freed: mtu below header + 8, more than max_out
 *              pieces, malformed options, header not in the first
 *              segment, or no mbuf in pool.
 * Counts FragOKs and FragCreates on success, FragFails otherwise.
 *
 * frag_fragment4() is FRAG_MODE_AUTO: a copy into one fresh mbuf per
 * piece when headroom + mtu fits the pool's data room (single-segment
 * output, m freed at once), else a header mbuf chained to indirect mbufs
 * attached to m's segments (zero copy; needs multi-segment TX).
 */
int frag_fragment4(struct rte_mbuf *m, uint32_t mtu,
    struct rte_mempool *pool, uint16_t headroom, struct rte_mbuf **out,
    unsigned int max_out, uint64_t *ipstats);

int frag_fragment4_mode(struct rte_mbuf *m, uint32_t mtu,
    struct rte_mempool *pool, uint16_t headroom, struct rte_mbuf **out,
    unsigned int max_out, uint64_t *ipstats, enum frag_mode mode);

/*
 * Which of ncores (> 0) reassembles a fragment: a fixed mix of (src, dst,
 * id, proto), the same on every core and every run, so that all
 * fragments of one datagram meet on one core.
 */
static inline unsigned int
frag_steer(uint32_t src, uint32_t dst, uint16_t id, uint8_t proto,
    unsigned int ncores)
{
	uint64_t h;

	h = ((uint64_t)src << 32 | dst) * 0x9e3779b97f4a7c15ull;
	h ^= ((uint64_t)id << 8 | proto) * 0xc2b2ae3d27d4eb4full;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	return (unsigned int)(((h & 0xffffffffull) * ncores) >> 32);
}

/*
 * An IP MTU usable for IPv4: at least 68 bytes (RFC 791 §3.1: a 60-byte
 * header and 8 bytes of data must pass unfragmented) and at most 65535.
 * Returns 1 when usable, else 0.
 */
static inline int
ip4_mtu_ok(uint32_t mtu)
{
	return mtu >= IP4_MTU_MIN && mtu <= IP4_MTU_MAX;
}

#endif /* STACK_FRAG_H */
