/* SPDX-License-Identifier: MIT */
/*
 * Configuration loader: libconfig text -> struct conf. Every setting is
 * checked for type and range, unknown names are refused (a typo must not be
 * silently ignored), and the first problem is reported as FILE:LINE. Runs
 * once on the main thread before EAL initialisation.
 */
#include "conf/conf.h"

#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct loader {
	const char *name;
	char *err;
	int failed;
};

/* Record the first error only, at the setting's line when there is one. */
static void __attribute__((format(printf, 3, 4)))
conf_fail(struct loader *ld, const config_setting_t *s, const char *fmt, ...)
{
	char msg[CONF_ERRLEN / 2];
	va_list ap;
	int line;

	if (ld->failed)
		return;
	ld->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	line = s != NULL ? config_setting_source_line(s) : 0;
	if (line > 0)
		snprintf(ld->err, CONF_ERRLEN, "%s:%d: %s", ld->name, line, msg);
	else
		snprintf(ld->err, CONF_ERRLEN, "%s: %s", ld->name, msg);
}

static char *
conf_strdup(struct loader *ld, const config_setting_t *s, const char *v)
{
	char *p = strdup(v);

	if (p == NULL)
		conf_fail(ld, s, "out of memory");
	return p;
}

/* Refuse any member of group g not named in 'known' (NULL-terminated). */
static void
conf_check_names(struct loader *ld, const config_setting_t *g,
    const char *const *known)
{
	int i, j, n;

	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		const config_setting_t *m = config_setting_get_elem(g, i);
		const char *nm = config_setting_name(m);

		for (j = 0; known[j] != NULL; j++)
			if (nm != NULL && strcmp(nm, known[j]) == 0)
				break;
		if (known[j] == NULL) {
			conf_fail(ld, m, "unknown setting '%s'",
			    nm != NULL ? nm : "?");
			return;
		}
	}
}

static void
conf_uint(struct loader *ld, const config_setting_t *g, const char *name,
    uint64_t lo, uint64_t hi, uint64_t *out)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	long long v;

	if (s == NULL)
		return;
	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64) {
		conf_fail(ld, s, "'%s' must be an integer", name);
		return;
	}
	v = config_setting_get_int64(s);
	if (v < 0 || (uint64_t)v < lo || (uint64_t)v > hi) {
		conf_fail(ld, s, "'%s' must be in %llu..%llu, not %lld", name,
		    (unsigned long long)lo, (unsigned long long)hi, v);
		return;
	}
	*out = (uint64_t)v;
}

#define CONF_UINT(ld, g, name, lo, hi, dst) do {		\
	uint64_t v_ = (dst);					\
	conf_uint((ld), (g), (name), (lo), (hi), &v_);		\
	(dst) = v_;						\
} while (0)

static void
conf_bool(struct loader *ld, const config_setting_t *g, const char *name,
    int *out)
{
	const config_setting_t *s = config_setting_get_member(g, name);

	if (s == NULL)
		return;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		conf_fail(ld, s, "'%s' must be true or false", name);
		return;
	}
	*out = config_setting_get_bool(s);
}

static void
conf_string(struct loader *ld, const config_setting_t *g, const char *name,
    char **out)
{
	const config_setting_t *s = config_setting_get_member(g, name);

	if (s == NULL)
		return;
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		conf_fail(ld, s, "'%s' must be a string", name);
		return;
	}
	free(*out);
	*out = conf_strdup(ld, s, config_setting_get_string(s));
}

/* A file mode as an octal string ("0660"): libconfig has no octal
 * integers, and 0660 would silently read as decimal 660. */
static void
conf_mode(struct loader *ld, const config_setting_t *g, const char *name,
    uint32_t *out)
{
	const config_setting_t *s = config_setting_get_member(g, name);
	const char *v;
	char *end;
	unsigned long m;

	if (s == NULL)
		return;
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		conf_fail(ld, s, "'%s' must be an octal string like \"0660\"",
		    name);
		return;
	}
	v = config_setting_get_string(s);
	m = strtoul(v, &end, 8);
	if (*v == '\0' || *end != '\0' || m > 0777) {
		conf_fail(ld, s, "'%s' must be an octal mode 0..0777, not \"%s\"",
		    name, v);
		return;
	}
	*out = (uint32_t)m;
}

static const config_setting_t *
conf_group(struct loader *ld, const config_setting_t *root, const char *name)
{
	const config_setting_t *g = config_setting_get_member(root, name);

	if (g != NULL && config_setting_type(g) != CONFIG_TYPE_GROUP) {
		conf_fail(ld, g, "'%s' must be a group { ... }", name);
		return NULL;
	}
	return g;
}

static void
conf_eal(struct loader *ld, struct conf *c, const config_setting_t *g)
{
	static const char *const known[] = { "huge", "memory", "file_prefix",
	    "lcores", "args", "log_level", NULL };
	const config_setting_t *a;
	char *huge = NULL;
	int i;

	conf_check_names(ld, g, known);
	conf_string(ld, g, "huge", &huge);
	if (huge != NULL) {
		if (strcmp(huge, "auto") == 0)
			c->huge = CONF_HUGE_AUTO;
		else if (strcmp(huge, "yes") == 0)
			c->huge = CONF_HUGE_YES;
		else if (strcmp(huge, "no") == 0)
			c->huge = CONF_HUGE_NO;
		else
			conf_fail(ld, config_setting_get_member(g, "huge"),
			    "'huge' must be \"auto\", \"yes\" or \"no\"");
		free(huge);
	}
	CONF_UINT(ld, g, "memory", 16, 1 << 20, c->memory_mb);
	conf_string(ld, g, "file_prefix", &c->file_prefix);
	conf_string(ld, g, "lcores", &c->lcores);
	conf_string(ld, g, "log_level", &c->log_level);
	a = config_setting_get_member(g, "args");
	if (a == NULL)
		return;
	if (!config_setting_is_aggregate(a)) {
		conf_fail(ld, a, "'args' must be a list of strings");
		return;
	}
	for (i = 0; i < config_setting_length(a); i++) {
		const config_setting_t *e = config_setting_get_elem(a, i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			conf_fail(ld, e, "EAL 'args' must be strings");
			return;
		}
		if (c->neal_args == CONF_MAXEALARGS) {
			conf_fail(ld, e, "too many EAL args (at most %d)",
			    CONF_MAXEALARGS);
			return;
		}
		c->eal_args[c->neal_args++] =
		    conf_strdup(ld, e, config_setting_get_string(e));
	}
}

static void
conf_ports(struct loader *ld, struct conf *c, const config_setting_t *l)
{
	static const char *const known[] = { "name", "device", "rx_desc",
	    "tx_desc", "mtu", "promiscuous", "allmulti", "rss", NULL };
	int i, j;

	if (!config_setting_is_list(l) && !config_setting_is_array(l)) {
		conf_fail(ld, l, "'ports' must be a list ( { ... }, ... )");
		return;
	}
	for (i = 0; i < config_setting_length(l) && !ld->failed; i++) {
		const config_setting_t *g = config_setting_get_elem(l, i);
		struct conf_port *p;

		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			conf_fail(ld, g, "each port must be a group { ... }");
			return;
		}
		if (c->nports == CONF_MAXPORTS) {
			conf_fail(ld, g, "too many ports (at most %d)",
			    CONF_MAXPORTS);
			return;
		}
		p = &c->ports[c->nports++];
		p->rx_desc = 1024;
		p->tx_desc = 1024;
		p->rss = 1;
		conf_check_names(ld, g, known);
		conf_string(ld, g, "name", &p->name);
		conf_string(ld, g, "device", &p->device);
		CONF_UINT(ld, g, "rx_desc", 64, 32768, p->rx_desc);
		CONF_UINT(ld, g, "tx_desc", 64, 32768, p->tx_desc);
		CONF_UINT(ld, g, "mtu", 68, 9600, p->mtu);
		conf_bool(ld, g, "promiscuous", &p->promiscuous);
		conf_bool(ld, g, "allmulti", &p->allmulti);
		conf_bool(ld, g, "rss", &p->rss);
		if (ld->failed)
			return;
		if (p->device == NULL) {
			conf_fail(ld, g, "port needs a 'device'");
			return;
		}
		if (p->name == NULL) {
			char nm[16];

			snprintf(nm, sizeof(nm), "port%d", c->nports - 1);
			p->name = conf_strdup(ld, g, nm);
		}
		if (p->name != NULL && (p->name[0] == '\0' ||
		    strlen(p->name) >= 32 || strpbrk(p->name, " \t/") != NULL)) {
			conf_fail(ld, g, "port name '%s' must be 1..31 "
			    "characters without spaces or '/'", p->name);
			return;
		}
		for (j = 0; j < c->nports - 1; j++)
			if (strcmp(c->ports[j].name, p->name) == 0) {
				conf_fail(ld, g, "duplicate port name '%s'",
				    p->name);
				return;
			}
	}
}

static void
conf_startup(struct loader *ld, struct conf *c, const config_setting_t *l)
{
	int i;

	if (!config_setting_is_aggregate(l)) {
		conf_fail(ld, l, "'startup' must be a list of ctl lines");
		return;
	}
	for (i = 0; i < config_setting_length(l); i++) {
		const config_setting_t *e = config_setting_get_elem(l, i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			conf_fail(ld, e, "startup lines must be strings");
			return;
		}
		if (c->nstartup == CONF_MAXSTARTUP) {
			conf_fail(ld, e, "too many startup lines");
			return;
		}
		c->startup[c->nstartup].lineno = config_setting_source_line(e);
		c->startup[c->nstartup++].line =
		    conf_strdup(ld, e, config_setting_get_string(e));
	}
}

static void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->huge = CONF_HUGE_AUTO;
	c->memory_mb = 256;
	c->nworkers = 1;
	c->idle_sleep_us = 0;
	c->idle_polls = 256;
	c->burst = 32;
	c->pool_mbufs = 8191;
	c->pool_cache = 256;
	c->pool_data_room = 2048 + 128;
	c->ctl_mode = 0660;
	c->frag_timeout_ms = 10000;
	c->frag_max_entries = 1024;
	c->frag_max_bytes = 4 << 20;
}

int
conf_load(struct conf *c, const char *name, const char *text,
    char err[CONF_ERRLEN])
{
	static const char *const known[] = { "eal", "ports", "workers",
	    "mempool", "ctl", "log", "reassembly", "startup", NULL };
	static const char *const kworkers[] = { "count", "idle_sleep_us",
	    "idle_polls", "burst", NULL };
	static const char *const kpool[] = { "mbufs", "cache", "data_room",
	    NULL };
	static const char *const kctl[] = { "path", "mode", NULL };
	static const char *const klog[] = { "file", "stats_interval", NULL };
	static const char *const kreasm[] = { "timeout_ms", "max_entries",
	    "max_bytes", NULL };
	struct loader ld = { .name = name, .err = err };
	const config_setting_t *root, *g;
	config_t cfg;
	int ok;

	conf_defaults(c);
	err[0] = '\0';
	config_init(&cfg);
	ok = text != NULL ? config_read_string(&cfg, text) :
	    config_read_file(&cfg, name);
	if (ok != CONFIG_TRUE) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			snprintf(err, CONF_ERRLEN, "%s: cannot read: %s", name,
			    strerror(errno));
		else
			snprintf(err, CONF_ERRLEN, "%s:%d: %s", name,
			    config_error_line(&cfg), config_error_text(&cfg));
		config_destroy(&cfg);
		return -1;
	}
	c->file = strdup(name);
	root = config_root_setting(&cfg);
	conf_check_names(&ld, root, known);

	if ((g = conf_group(&ld, root, "eal")) != NULL)
		conf_eal(&ld, c, g);
	if ((g = config_setting_get_member(root, "ports")) != NULL)
		conf_ports(&ld, c, g);
	if ((g = conf_group(&ld, root, "workers")) != NULL) {
		conf_check_names(&ld, g, kworkers);
		CONF_UINT(&ld, g, "count", 1, CONF_MAXWORKERS, c->nworkers);
		CONF_UINT(&ld, g, "idle_sleep_us", 0, 1000000,
		    c->idle_sleep_us);
		CONF_UINT(&ld, g, "idle_polls", 1, 1u << 30, c->idle_polls);
		CONF_UINT(&ld, g, "burst", 1, 512, c->burst);
	}
	if ((g = conf_group(&ld, root, "mempool")) != NULL) {
		conf_check_names(&ld, g, kpool);
		CONF_UINT(&ld, g, "mbufs", 511, 1u << 24, c->pool_mbufs);
		CONF_UINT(&ld, g, "cache", 0, 512, c->pool_cache);
		CONF_UINT(&ld, g, "data_room", 256 + 128, 65535,
		    c->pool_data_room);
	}
	if ((g = conf_group(&ld, root, "ctl")) != NULL) {
		conf_check_names(&ld, g, kctl);
		conf_string(&ld, g, "path", &c->ctl_path);
		conf_mode(&ld, g, "mode", &c->ctl_mode);
	}
	if ((g = conf_group(&ld, root, "log")) != NULL) {
		conf_check_names(&ld, g, klog);
		conf_string(&ld, g, "file", &c->log_file);
		CONF_UINT(&ld, g, "stats_interval", 0, 86400,
		    c->stats_interval_s);
	}
	if ((g = conf_group(&ld, root, "reassembly")) != NULL) {
		conf_check_names(&ld, g, kreasm);
		CONF_UINT(&ld, g, "timeout_ms", 100, 600000,
		    c->frag_timeout_ms);
		CONF_UINT(&ld, g, "max_entries", 1, 1u << 20,
		    c->frag_max_entries);
		CONF_UINT(&ld, g, "max_bytes", 65536, 1u << 30,
		    c->frag_max_bytes);
	}
	if ((g = config_setting_get_member(root, "startup")) != NULL)
		conf_startup(&ld, c, g);

	if (!ld.failed && c->nports == 0)
		conf_fail(&ld, NULL, "no ports configured");
	if (!ld.failed && c->pool_cache > c->pool_mbufs / 2)
		conf_fail(&ld, config_setting_lookup((config_setting_t *)root,
		    "mempool.cache"),
		    "mempool cache must be at most half the pool");
	if (!ld.failed && c->file_prefix == NULL)
		c->file_prefix = strdup("dpnet");
	if (!ld.failed && c->ctl_path == NULL)
		c->ctl_path = strdup("/run/dpnet/ctl");
	config_destroy(&cfg);
	if (ld.failed) {
		conf_free(c);
		return -1;
	}
	return 0;
}

void
conf_free(struct conf *c)
{
	int i;

	free(c->file);
	free(c->file_prefix);
	free(c->lcores);
	free(c->log_level);
	for (i = 0; i < c->neal_args; i++)
		free(c->eal_args[i]);
	for (i = 0; i < c->nports; i++) {
		free(c->ports[i].name);
		free(c->ports[i].device);
	}
	for (i = 0; i < c->nstartup; i++)
		free(c->startup[i].line);
	free(c->ctl_path);
	free(c->log_file);
	memset(c, 0, sizeof(*c));
}
