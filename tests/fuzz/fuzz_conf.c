/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the configuration loader (conf/conf.h): any bytes,
 * as a NUL-terminated string, through conf_load with the text given (no
 * file is read), then conf_free. Properties: a refusal says
 * "fuzz.conf:..." and frees everything (LeakSanitizer checks), an accepted
 * configuration holds the invariants the daemon relies on (at least one
 * port, each with a name and a device, counts within their arrays, the
 * mempool cache at most half the pool). Fuzz builds only.
 */
#include "conf/conf.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf c;	/* large: keep it off the stack */
	char err[CONF_ERRLEN], *text;
	int i, rc;

	if (size > 64 * 1024)
		return 0;
	text = fuzz_strdup(data, size);
	memset(err, 'x', sizeof(err));
	rc = conf_load(&c, "fuzz.conf", text, err);
	FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
	if (rc != 0) {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(strncmp(err, "fuzz.conf:", 10) == 0);
		free(text);
		return 0;
	}
	FUZZ_CHECK(err[0] == '\0');
	FUZZ_CHECK(c.file != NULL && strcmp(c.file, "fuzz.conf") == 0);
	FUZZ_CHECK(c.nports >= 1 && c.nports <= CONF_MAXPORTS);
	for (i = 0; i < c.nports; i++)
		FUZZ_CHECK(c.ports[i].name != NULL &&
		    c.ports[i].device != NULL);
	FUZZ_CHECK(c.nworkers >= 1 && c.nworkers <= CONF_MAXWORKERS);
	FUZZ_CHECK(c.neal_args >= 0 && c.neal_args <= CONF_MAXEALARGS);
	FUZZ_CHECK(c.nstartup >= 0 && c.nstartup <= CONF_MAXSTARTUP);
	for (i = 0; i < c.nstartup; i++)
		FUZZ_CHECK(c.startup[i].line != NULL);
	FUZZ_CHECK(c.pool_cache <= c.pool_mbufs / 2);
	FUZZ_CHECK(c.file_prefix != NULL && c.ctl_path != NULL);
	conf_free(&c);
	free(text);
	return 0;
}
