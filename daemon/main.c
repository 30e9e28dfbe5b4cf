/* SPDX-License-Identifier: MIT */
/*
 * dpnetd: loads the configuration, starts EAL and the ports, runs the
 * config's startup ctl lines, launches one worker per worker lcore and then
 * serves the ctl socket on the main lcore (the control thread) until
 * SIGINT or SIGTERM, when it stops the workers, closes the ports (a tap
 * disappears with its port) and exits 0.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>
#include <rte_version.h>

#include "conf/conf.h"
#include "ctl/ctl.h"
#include "ctl/files.h"		/* dpmsg: ipifc_sess_release */
#include "ctl/log.h"
#include "ctl/ns.h"
#include "ctl/server.h"
#include "daemon/dlog.h"
#include "daemon/dp.h"
#include "daemon/dpmsg.h"		/* dpmsg: worker messages */
#include "daemon/telemetry.h"
#include "pmd_glue/port.h"
#include "stack/fib.h"
#include "stack/stack.h"

struct dp dp;
static struct dpmsg *main_dpmsg;		/* dpmsg: worker message rings */

static volatile sig_atomic_t main_signal;

static void
main_on_signal(int sig)
{
	main_signal = sig;
	__atomic_store_n(&dp.stop, 1, __ATOMIC_RELAXED);
}

static void
main_usage(FILE *f)
{
	fprintf(f,
	    "usage: dpnetd [-f FILE] [--check] [-- EAL-ARGS...]\n"
	    "\n"
	    "A userspace TCP/IP stack on DPDK, driven with Plan 9 ip(3) ctl\n"
	    "messages over a Unix socket.\n"
	    "\n"
	    "  -f, --config FILE  libconfig file (default: the embedded\n"
	    "                     conf/dpnet.conf: net_tap dpnet0, one worker)\n"
	    "  -n, --check        load and check the configuration, then exit\n"
	    "  -p, --print-config print the embedded default configuration\n"
	    "  -h, --help         this text\n"
	    "  -V, --version      the version\n"
	    "  -- EAL-ARGS        extra DPDK EAL arguments, after the config's\n"
	    "\n"
	    "Once running: echo 'ipifc/0/status' | socat - UNIX-CONNECT:PATH\n");
}

/* Hugepages are used when a hugetlbfs is mounted and pages are free. */
static int
main_hugepages_available(void)
{
	char line[256];
	long nfree = 0;
	int mounted = 0;
	FILE *f;

	f = fopen("/proc/mounts", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (strstr(line, " hugetlbfs ") != NULL)
				mounted = 1;
		fclose(f);
	}
	f = fopen("/proc/meminfo", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "HugePages_Free: %ld", &nfree) == 1)
				break;
		fclose(f);
	}
	return mounted && nfree > 0;
}

/* "0@c0,1@c1,..." over the CPUs we may run on: lcore 0 is the control
 * thread, lcores 1..n the workers; lcores share CPUs when there are more
 * lcores than CPUs. */
static int
main_lcores(const struct conf *c, char *buf, size_t n)
{
	int cpus[CPU_SETSIZE], ncpu = 0, i;
	size_t len = 0;
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set))
			cpus[ncpu++] = i;
	if (ncpu == 0)
		return -1;
	buf[0] = '\0';
	for (i = 0; i <= c->nworkers; i++) {
		int w = snprintf(buf + len, n - len, "%s%d@%d", i ? "," : "",
		    i, cpus[i % ncpu]);

		if (w < 0 || (size_t)w >= n - len)
			return -1;
		len += (size_t)w;
	}
	return 0;
}

/* The model's clock: milliseconds since boot (address lifetimes, ARP). */
static uint64_t
main_hook_now_ms(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
main_hook_ipstats(void *arg, uint64_t sum[IPSTAT_MAX])
{
	unsigned int w, i;

	(void)arg;
	for (i = 0; i < IPSTAT_MAX; i++)
		sum[i] = 0;
	for (w = 0; w < dp.nworkers; w++)
		for (i = 0; i < IPSTAT_MAX; i++)
			sum[i] += STAT_READ(dp.cores[w].ipstats, i);
}

static void
main_hook_ifcstats(void *arg, int ifcno, uint64_t *pktin, uint64_t *pktout)
{
	int pidx = -1, i;
	unsigned int w;
	uint16_t port_id;

	(void)arg;
	*pktin = *pktout = 0;
	if (fib_ifc_port(dp.fib, ifcno, &port_id) != 0)
		return;
	for (i = 0; i < dp.nports; i++)
		if (dp.ports[i].port_id == port_id)
			pidx = i;
	if (pidx < 0)
		return;
	for (w = 0; w < dp.nworkers; w++) {
		*pktin += STAT_READ(&dp.cores[w].port[pidx].rx_pkts, 0);
		*pktout += STAT_READ(&dp.cores[w].port[pidx].tx_pkts, 0);
	}
}

void
dp_commit(void *arg)
{
	struct fib *nf, *old;
	uint64_t gen;

	(void)arg;
	gen = stack_generation(dp.st);
	if (dp.fib != NULL && gen == dp.fib_gen)
		return;
	nf = stack_build_fib(dp.st);
	if (nf == NULL) {
		dlog("cannot build the forwarding snapshot: out of memory; "
		    "workers keep the previous one");
		return;
	}
	old = dp.fib;
	__atomic_store_n(&dp.fib, nf, __ATOMIC_RELEASE);
	dp.fib_gen = gen;
	if (old != NULL) {
		rte_rcu_qsbr_synchronize(dp.qs, RTE_QSBR_THRID_INVALID);
		fib_free(old);
	}
}

static void
main_stats_line(void)
{
	uint64_t rx = 0, tx = 0, drops = 0, loops = 0;
	unsigned int w;
	int p;

	for (w = 0; w < dp.nworkers; w++) {
		for (p = 0; p < dp.nports; p++) {
			rx += STAT_READ(&dp.cores[w].port[p].rx_pkts, 0);
			tx += STAT_READ(&dp.cores[w].port[p].tx_pkts, 0);
			drops += STAT_READ(&dp.cores[w].port[p].tx_drops, 0);
		}
		loops += dp.cores[w].loops;
	}
	dlog("stats: workers %u rx %llu tx %llu tx-drops %llu loops %llu",
	    dp.nworkers, (unsigned long long)rx, (unsigned long long)tx,
	    (unsigned long long)drops, (unsigned long long)loops);
}

static int
main_startup(const struct conf *c)
{
	struct ctl_sess s;
	const char *err;
	int i;

	ctl_sess_init(&s, dp.st, 1);
	for (i = 0; i < c->nstartup; i++) {
		if (ctl_run_line(&s, c->startup[i].line, &err) != 0) {
			fprintf(stderr, "%s:%d: startup line '%s': %s\n",
			    c->file, c->startup[i].lineno, c->startup[i].line,
			    err);
			return -1;
		}
	}
	ipifc_sess_release(&s);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'f' },
		{ "check", no_argument, NULL, 'n' },
		{ "print-config", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct conf conf;
	char err[CONF_ERRLEN], lcores[512], mem[16], loglevel[128];
	char *eal[CONF_MAXEALARGS * 2 + 64];
	const char *file = NULL, *cerr;
	struct stack_hooks hooks;
	struct ctl_server_ops sops;
	struct ctl_server *srv = NULL;
	struct sigaction sa;
	int opt, check = 0, neal = 0, rc = 1, i, eal_up = 0;
	unsigned int lc, w;
	FILE *logf = NULL;
	time_t last_stats;
	size_t sz;

	while ((opt = getopt_long(argc, argv, "+f:nphV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			file = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'p':
			fputs(conf_default_text, stdout);
			return 0;
		case 'h':
			main_usage(stdout);
			return 0;
		case 'V':
			printf("dpnetd 0.1.0 (DPDK %s)\n", rte_version());
			return 0;
		default:
			main_usage(stderr);
			return 2;
		}
	}
	if (conf_load(&conf, file != NULL ? file : "(embedded)/dpnet.conf",
	    file != NULL ? NULL : conf_default_text, err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (check) {
		printf("%s: ok: %d port(s), %d worker(s), %d startup line(s)\n",
		    conf.file, conf.nports, conf.nworkers, conf.nstartup);
		conf_free(&conf);
		return 0;
	}
	if (conf.log_file != NULL) {
		logf = fopen(conf.log_file, "a");
		if (logf == NULL) {
			fprintf(stderr, "%s: log file %s: %s\n", conf.file,
			    conf.log_file, strerror(errno));
			conf_free(&conf);
			return 1;
		}
		dlog_set_stream(logf);
		rte_openlog_stream(logf);
	}
	netlog_set_file(dlog_stream());

	/* EAL arguments: ours, the devices', the config's, the command's. */
	eal[neal++] = argv[0];
	eal[neal++] = (char *)"--file-prefix";
	eal[neal++] = conf.file_prefix;
	snprintf(mem, sizeof(mem), "%u", conf.memory_mb);
	eal[neal++] = (char *)"-m";
	eal[neal++] = mem;
	if (conf.huge == CONF_HUGE_NO ||
	    (conf.huge == CONF_HUGE_AUTO && !main_hugepages_available())) {
		eal[neal++] = (char *)"--no-huge";
		eal[neal++] = (char *)"--no-shconf";
	}
	if (conf.lcores != NULL) {
		snprintf(lcores, sizeof(lcores), "%s", conf.lcores);
	} else if (main_lcores(&conf, lcores, sizeof(lcores)) != 0) {
		fprintf(stderr, "dpnetd: cannot derive lcores for %d workers\n",
		    conf.nworkers);
		goto out;
	}
	eal[neal++] = (char *)"--lcores";
	eal[neal++] = lcores;
	if (conf.log_level != NULL) {
		snprintf(loglevel, sizeof(loglevel), "--log-level=%s",
		    conf.log_level);
		eal[neal++] = loglevel;
	}
	neal = pmd_eal_args(&conf, eal, neal, (int)(sizeof(eal) /
	    sizeof(eal[0])) - CONF_MAXEALARGS - 16);
	if (neal < 0) {
		fprintf(stderr, "dpnetd: too many EAL arguments\n");
		goto out;
	}
	for (i = 0; i < conf.neal_args; i++)
		eal[neal++] = conf.eal_args[i];
	for (i = optind; i < argc &&
	    neal < (int)(sizeof(eal) / sizeof(eal[0])) - 1; i++)
		eal[neal++] = argv[i];
	eal[neal] = NULL;

	{
		/* Logged before rte_eal_init, which reorders argv. */
		struct ctl_out o;

		ctl_out_init(&o);
		for (i = 0; i < neal; i++)
			ctl_printf(&o, "%s%s", i ? " " : "", eal[i]);
		dlog("EAL: %.*s", (int)o.len, o.buf);
		ctl_out_free(&o);
	}
	if (rte_eal_init(neal, eal) < 0) {
		fprintf(stderr, "dpnetd: EAL initialisation failed: %s\n",
		    rte_strerror(rte_errno));
		goto out;
	}
	eal_up = 1;

	dp.conf = &conf;
	dp.nworkers = 0;
	RTE_LCORE_FOREACH_WORKER(lc) {
		if (dp.nworkers < (unsigned int)conf.nworkers)
			dp.lcore[dp.nworkers++] = lc;
	}
	if (dp.nworkers != (unsigned int)conf.nworkers) {
		fprintf(stderr, "dpnetd: %d workers configured but EAL has %u "
		    "worker lcores (check eal.lcores)\n", conf.nworkers,
		    dp.nworkers);
		goto out;
	}
	dp.nports = conf.nports;
	if (pmd_ports_open(&conf, (uint16_t)dp.nworkers, dp.ports, err,
	    sizeof(err)) != 0) {
		fprintf(stderr, "dpnetd: %s\n", err);
		goto out;
	}
	pmd_ports_log(dp.ports, dp.nports);
	telemetry_register();

	dp.cores = rte_zmalloc("dpnet_cores", sizeof(struct core) *
	    dp.nworkers, RTE_CACHE_LINE_SIZE);
	sz = rte_rcu_qsbr_get_memsize(dp.nworkers);
	dp.qs = rte_zmalloc("dpnet_rcu", sz, RTE_CACHE_LINE_SIZE);
	if (dp.cores == NULL || dp.qs == NULL ||
	    rte_rcu_qsbr_init(dp.qs, dp.nworkers) != 0) {
		fprintf(stderr, "dpnetd: out of DPDK memory for %u workers\n",
		    dp.nworkers);
		goto out;
	}
	for (w = 0; w < dp.nworkers; w++)
		core_init(&dp.cores[w], w, dp.ports, (uint16_t)dp.nports);
	/* dpmsg: rings between the cores and to the control thread. */
	main_dpmsg = dpmsg_create(dp.cores, dp.nworkers, (int)rte_socket_id());
	if (main_dpmsg == NULL) {
		fprintf(stderr, "dpnetd: out of DPDK memory for message rings\n");
		goto out;
	}
	/* frag: one reassembly table per core, with the config's bounds. */
	for (w = 0; w < dp.nworkers; w++) {
		if (core_frag_setup(&dp.cores[w], conf.frag_timeout_ms,
		    conf.frag_max_entries, conf.frag_max_bytes) != 0) {
			fprintf(stderr, "dpnetd: out of DPDK memory for the "
			    "reassembly table of worker %u\n", w);
			goto out;
		}
	}

	memset(&hooks, 0, sizeof(hooks));
	hooks.ipstats = main_hook_ipstats;
	hooks.ifcstats = main_hook_ifcstats;
	hooks.now_ms = main_hook_now_ms;
	hooks.icmpstats = dpmsg_icmpstats;
	dpmsg_hooks(main_dpmsg, &hooks);	/* dpmsg: garp, arp_edit */
	dp.st = stack_create(&hooks);
	if (dp.st == NULL) {
		fprintf(stderr, "dpnetd: out of memory\n");
		goto out;
	}
	for (i = 0; i < dp.nports; i++) {
		struct stack_port sp;

		memset(&sp, 0, sizeof(sp));
		snprintf(sp.name, sizeof(sp.name), "%s", dp.ports[i].name);
		sp.port_id = dp.ports[i].port_id;
		memcpy(sp.mac, dp.ports[i].mac.addr_bytes, 6);
		sp.maxtu = dp.ports[i].mtu + RTE_ETHER_HDR_LEN;
		if (stack_add_port(dp.st, &sp) != 0) {
			fprintf(stderr, "dpnetd: cannot register port %s\n",
			    sp.name);
			goto out;
		}
	}
	if (main_startup(&conf) != 0)
		goto out;
	dp_commit(NULL);

	memset(&sops, 0, sizeof(sops));
	sops.commit = dp_commit;
	srv = ctl_server_open(conf.ctl_path, conf.ctl_mode, dp.st, &sops,
	    &cerr);
	if (srv == NULL) {
		fprintf(stderr, "dpnetd: ctl socket %s: %s\n", conf.ctl_path,
		    cerr);
		goto out;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = main_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (w = 0; w < dp.nworkers; w++)
		rte_eal_remote_launch(worker_main, (void *)(uintptr_t)w,
		    dp.lcore[w]);
	dlog("running: %u worker(s), %d port(s), ctl %s", dp.nworkers,
	    dp.nports, conf.ctl_path);

	last_stats = time(NULL);
	while (!__atomic_load_n(&dp.stop, __ATOMIC_RELAXED)) {
		ctl_server_poll(srv, 100);
		dpmsg_poll(main_dpmsg, dp.st, stack_now_ms(dp.st));	/* dpmsg */
		if (conf.stats_interval_s != 0 &&
		    time(NULL) - last_stats >= (time_t)conf.stats_interval_s) {
			last_stats = time(NULL);
			main_stats_line();
		}
	}
	dlog("signal %d: stopping", (int)main_signal);
	rte_eal_mp_wait_lcore();
	main_stats_line();
	rc = 0;
out:
	__atomic_store_n(&dp.stop, 1, __ATOMIC_RELAXED);
	if (eal_up)
		rte_eal_mp_wait_lcore();
	if (srv != NULL)
		ctl_server_close(srv);
	/* frag: workers are stopped; packets handed between them go back
	 * to the pools before the pools go. */
	dpmsg_drain(main_dpmsg);
	if (eal_up)
		pmd_ports_close(dp.ports, dp.nports);
	if (dp.fib != NULL)
		fib_free(dp.fib);
	if (dp.st != NULL)
		stack_destroy(dp.st);
	if (eal_up) {
		dpmsg_free(main_dpmsg);		/* dpmsg: workers are stopped */
		rte_free(dp.cores);
		rte_free(dp.qs);
		rte_eal_cleanup();
	}
	if (rc == 0)
		dlog("stopped");
	conf_free(&conf);
	if (logf != NULL) {
		dlog_set_stream(NULL);
		fclose(logf);
	}
	return rc;
}
