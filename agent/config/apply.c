/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * apply.c - what the daemon asks of a loaded configuration when it applies
 * it: whether a server is unchanged across a reload.
 */
#include <string.h>

#include "nsd_config.h"

static bool cfg_str_same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

bool nsd_server_same(const struct nsd_server *a, const struct nsd_server *b)
{
	return a->index == b->index && cfg_str_same(a->name, b->name) &&
	       cfg_str_same(a->host, b->host) && a->port == b->port &&
	       a->poll_interval_ms == b->poll_interval_ms && a->timeout_ms == b->timeout_ms &&
	       a->delete_timeout_ms == b->delete_timeout_ms && a->delete_mode == b->delete_mode &&
	       a->cred_kind == b->cred_kind && cfg_str_same(a->username, b->username) &&
	       cfg_str_same(a->domain, b->domain) &&
	       cfg_str_same(a->password_file, b->password_file) &&
	       cfg_str_same(a->auth_file, b->auth_file) &&
	       cfg_str_same(a->principal, b->principal) && cfg_str_same(a->keytab, b->keytab) &&
	       a->signing == b->signing && a->encryption == b->encryption;
}
