/*
 * fuzz-ctl.c: libFuzzer target for the control socket's requests
 * (ctl/ctl.h: ctl_request_read()), what natter ctl and natter send write.
 *
 * The input is one line. Beyond memory safety it checks what a request
 * read promises the code that acts on it: a command has its line, a send
 * its account, text and at least one recipient (a NULL-terminated list of
 * strings), and a refusal says why.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "ctl/ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = g_strndup((const char *)data, size);
	struct ctl_request request;
	char *error = NULL;

	if (ctl_request_read(line, &request, &error) == -1) {
		if (error == NULL || *error == '\0')
			abort();
	} else if (error != NULL) {
		abort();
	} else if (request.kind == CTL_COMMAND && request.command == NULL) {
		abort();
	} else if (request.kind == CTL_SEND) {
		if (request.account == NULL || request.text == NULL || request.to == NULL ||
		    request.to->len < 2 || request.to->pdata[request.to->len - 1] != NULL)
			abort();
		for (guint i = 0; i + 1 < request.to->len; i++)
			if (request.to->pdata[i] == NULL)
				abort();
	}
	g_free(error);
	ctl_request_clear(&request);
	g_free(line);
	return 0;
}
