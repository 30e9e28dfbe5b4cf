/* SPDX-License-Identifier: MIT */
/* Counter names, in the order /net prints them (stack/stats.h). */
#include "stack/stats.h"

const char *const ipstat_names[IPSTAT_MAX] = {
	[IPSTAT_FORWARDING] = "Forwarding",
	[IPSTAT_DEFAULTTTL] = "DefaultTTL",
	[IPSTAT_INRECEIVES] = "InReceives",
	[IPSTAT_INHDRERRORS] = "InHdrErrors",
	[IPSTAT_INADDRERRORS] = "InAddrErrors",
	[IPSTAT_FORWDATAGRAMS] = "ForwDatagrams",
	[IPSTAT_INUNKNOWNPROTOS] = "InUnknownProtos",
	[IPSTAT_INDISCARDS] = "InDiscards",
	[IPSTAT_INDELIVERS] = "InDelivers",
	[IPSTAT_OUTREQUESTS] = "OutRequests",
	[IPSTAT_OUTDISCARDS] = "OutDiscards",
	[IPSTAT_OUTNOROUTES] = "OutNoRoutes",
	[IPSTAT_REASMTIMEOUT] = "ReasmTimeout",
	[IPSTAT_REASMREQDS] = "ReasmReqds",
	[IPSTAT_REASMOKS] = "ReasmOKs",
	[IPSTAT_REASMFAILS] = "ReasmFails",
	[IPSTAT_FRAGOKS] = "FragOKs",
	[IPSTAT_FRAGFAILS] = "FragFails",
	[IPSTAT_FRAGCREATES] = "FragCreates",
};
