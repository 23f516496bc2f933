/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * requester.c - who asked for a delete, in words (requester.h).  Pure.
 */
#include "requester.h"

#include <stdio.h>
#include <string.h>

const char *nsd_requester_model_name(int model, char *buf, size_t cap)
{
	switch (model) {
	case NSD_REQ_MODEL_V1:
		return "v1";
	case NSD_REQ_MODEL_V2C:
		return "v2c";
	case NSD_REQ_MODEL_USM:
		return "usm";
	case NSD_REQ_MODEL_TSM:
		return "tsm";
	case NSD_REQ_MODEL_UNKNOWN:
		return "unknown";
	default:
		snprintf(buf, cap, "model %d", model);
		return buf;
	}
}

/* Appends s to buf (of cap octets, holding len), quoted: '"' and '\'
 * escaped, control octets as '?'.  Returns the new length. */
static size_t req_append_quoted(char *buf, size_t cap, size_t len, const char *s)
{
	size_t i;

	if (len + 1 < cap)
		buf[len++] = '"';
	for (i = 0; s[i] != '\0' && len + 2 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			buf[len++] = '\\';
		buf[len++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	if (len + 1 < cap)
		buf[len++] = '"';
	buf[len] = '\0';
	return len;
}

/* Appends s, control octets as '?'. */
static size_t req_append_safe(char *buf, size_t cap, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && len + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[len++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[len] = '\0';
	return len;
}

const char *nsd_requester_describe(const struct nsd_requester *r, char *buf, size_t cap)
{
	char mbuf[24];
	size_t len = 0;

	if (cap == 0)
		return "";
	buf[0] = '\0';
	if (r->agentx) {
		req_append_safe(buf, cap, 0, "agentx");
		return buf;
	}
	len = req_append_safe(buf, cap, len, r->address[0] ? r->address : "(address unknown)");
	len = req_append_safe(buf, cap, len, " ");
	len =
	    req_append_safe(buf, cap, len, nsd_requester_model_name(r->model, mbuf, sizeof(mbuf)));
	if (r->name[0] != '\0') {
		len = req_append_safe(buf, cap, len, " user=");
		req_append_quoted(buf, cap, len, r->name);
	}
	return buf;
}
