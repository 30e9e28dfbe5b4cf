/* SPDX-License-Identifier: MIT */
/*
 * Test doubles for the ipifc, iproute and arp handlers of ctl/files.h, so
 * the dispatcher and the server can be tested on their own. Tests set the
 * fake_* variables; the fakes record what they were asked. Test builds only,
 * one thread.
 */
#ifndef TESTS_SUPPORT_FAKE_FILES_H
#define TESTS_SUPPORT_FAKE_FILES_H

#include <stddef.h>
#include <stdint.h>

enum {
	FAKE_MAXIFC = 32,
};

/* Interface slots: fake_nconv directories exist; fake_bound[i] marks a
 * bound slot; a slot is free when unbound and held by no session. */
extern int fake_nconv;
extern int fake_bound[FAKE_MAXIFC];
extern int fake_holds[FAKE_MAXIFC];	/* sessions holding each slot */
extern int fake_released;		/* ipifc_sess_release calls */

/* The last message written to any ctl (ipifc, iproute or arp) and to
 * which one ("ipifc N", "iproute", "arp"). */
extern char fake_lastmsg[256];
extern char fake_lastfile[32];

/* iproute reads as this many bytes of a repeating pattern. */
extern size_t fake_routelen;

/* The byte at offset i of the iproute text. */
char fake_routebyte(size_t i);

void fake_reset(void);

#endif /* TESTS_SUPPORT_FAKE_FILES_H */
