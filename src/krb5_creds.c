/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * krb5_creds.c - tickets from a keytab into a private credential cache
 * (see krb5_creds.h), with MIT Kerberos.
 *
 * A new ticket is written to "ccache.new" and renamed over "ccache", so
 * that a reader never sees a half-written cache.  The keytab is checked
 * again (private, regular file) before every acquisition: keytabs are
 * replaced when the account's key changes, and the new file must follow
 * the rule too.
 */
#include "krb5_creds.h"

#include "auth_file.h"

#include <krb5.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The most of a ticket's life kept in reserve before it is replaced. */
#define KRB5C_MAX_MARGIN 1800
/* The least: libsmbclient 4.17 refuses a ticket with 120 s or less left
 * ("Ticket expired", measured against Samba 4.17), and clocks differ. */
#define KRB5C_MIN_MARGIN 300

struct ns_krb5 {
	krb5_context kctx;
	krb5_principal client;
	char *principal; /* as given, for messages */
	char *keytab;    /* path */
	char *dir;       /* private directory, NULL until the first ticket */
	char *ccache;    /* "FILE:<dir>/ccache" */
	time_t start, end;
	unsigned count;
};

bool ns_krb5_refresh_due(time_t now, time_t start, time_t end)
{
	time_t life, margin;

	if (end == 0 || now >= end)
		return true;
	life = end > start ? end - start : 0;
	margin = life / 4;
	if (margin > KRB5C_MAX_MARGIN)
		margin = KRB5C_MAX_MARGIN;
	if (margin < KRB5C_MIN_MARGIN)
		margin = KRB5C_MIN_MARGIN;
	return now >= end - margin;
}

netsess_status_t ns_krb5_new(const char *principal, const char *keytab, struct ns_krb5 **out)
{
	struct ns_krb5 *k;
	netsess_status_t st;

	*out = NULL;
	if (principal == NULL || principal[0] == '\0' || keytab == NULL || keytab[0] == '\0')
		return ERROR_INVALID_PARAMETER;
	/* "DOMAIN\user" would parse as a different principal (a backslash
	 * quotes the next character in Kerberos names). */
	if (strchr(principal, '\\') != NULL)
		return ERROR_INVALID_PARAMETER;
	st = ns_secret_path_check(keytab);
	if (st != NERR_Success)
		return st;
	k = calloc(1, sizeof(*k));
	if (k == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	st = ERROR_NOT_ENOUGH_MEMORY;
	k->principal = strdup(principal);
	k->keytab = strdup(keytab);
	if (k->principal == NULL || k->keytab == NULL)
		goto out_free;
	if (krb5_init_context(&k->kctx) != 0) {
		k->kctx = NULL;
		goto out_free;
	}
	if (krb5_parse_name(k->kctx, principal, &k->client) != 0) {
		k->client = NULL;
		st = ERROR_INVALID_PARAMETER;
		goto out_free;
	}
	*out = k;
	return NERR_Success;

out_free:
	ns_krb5_free(k);
	return st;
}

/* Removes "<dir>/<name>"; a missing file is fine. */
static void krb5c_unlink(const char *dir, const char *name)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) < (int)sizeof(path))
		unlink(path);
}

void ns_krb5_free(struct ns_krb5 *k)
{
	if (k == NULL)
		return;
	if (k->dir != NULL) {
		krb5c_unlink(k->dir, "ccache.new");
		krb5c_unlink(k->dir, "ccache");
		rmdir(k->dir);
	}
	if (k->client != NULL)
		krb5_free_principal(k->kctx, k->client);
	if (k->kctx != NULL)
		krb5_free_context(k->kctx);
	free(k->principal);
	free(k->keytab);
	free(k->dir);
	free(k->ccache);
	free(k);
}

const char *ns_krb5_ccache(const struct ns_krb5 *k)
{
	return k->ccache;
}

unsigned ns_krb5_count(const struct ns_krb5 *k)
{
	return k->count;
}

time_t ns_krb5_endtime(const struct ns_krb5 *k)
{
	return k->end;
}

/* The private directory, made once: mkdtemp creates it with mode 0700. */
static netsess_status_t krb5c_make_dir(struct ns_krb5 *k)
{
	const char *tmp = secure_getenv("TMPDIR");
	char *dir;

	if (k->dir != NULL)
		return NERR_Success;
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	if (asprintf(&dir, "%s/netsess-krb5-XXXXXX", tmp) < 0)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (mkdtemp(dir) == NULL) {
		free(dir);
		return errno == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : NETSESS_E_LOGON_FAILURE;
	}
	if (asprintf(&k->ccache, "FILE:%s/ccache", dir) < 0) {
		k->ccache = NULL;
		rmdir(dir);
		free(dir);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	k->dir = dir;
	return NERR_Success;
}

/* Which status a Kerberos failure of the AS exchange is. */
static netsess_status_t krb5c_status(krb5_error_code ret)
{
	switch (ret) {
	case ENOMEM:
		return ERROR_NOT_ENOUGH_MEMORY;
	case ENOENT:
	case EACCES:
	case KRB5_KT_NOTFOUND:
	case KRB5_KT_END:
	case KRB5_KT_BADNAME:
	case KRB5_KT_UNKNOWN_TYPE:
	case KRB5_KEYTAB_BADVNO:
	case KRB5_KT_FORMAT:
		return NETSESS_E_AUTH_FILE;
	default:
		return NETSESS_E_LOGON_FAILURE;
	}
}

static void krb5c_explain(struct ns_krb5 *k, krb5_error_code ret, const char *what, char *detail,
                          size_t detail_len)
{
	const char *msg = krb5_get_error_message(k->kctx, ret);

	if (detail != NULL && detail_len > 0)
		snprintf(detail, detail_len, "Kerberos: %s for %s from keytab %s: %s", what,
		         k->principal, k->keytab, msg != NULL ? msg : "unknown error");
	krb5_free_error_message(k->kctx, msg);
}

/* Writes creds to "ccache.new" and renames it over "ccache". */
static krb5_error_code krb5c_store(struct ns_krb5 *k, krb5_creds *creds)
{
	char name[PATH_MAX + 16], from[PATH_MAX], to[PATH_MAX];
	krb5_ccache cc;
	krb5_error_code ret;

	if (snprintf(name, sizeof(name), "FILE:%s/ccache.new", k->dir) >= (int)sizeof(name) ||
	    snprintf(from, sizeof(from), "%s/ccache.new", k->dir) >= (int)sizeof(from) ||
	    snprintf(to, sizeof(to), "%s/ccache", k->dir) >= (int)sizeof(to))
		return ENAMETOOLONG;
	ret = krb5_cc_resolve(k->kctx, name, &cc);
	if (ret != 0)
		return ret;
	ret = krb5_cc_initialize(k->kctx, cc, creds->client);
	if (ret == 0)
		ret = krb5_cc_store_cred(k->kctx, cc, creds);
	krb5_cc_close(k->kctx, cc);
	if (ret == 0 && rename(from, to) != 0)
		ret = errno;
	if (ret != 0)
		unlink(from);
	return ret;
}

/*
 * Whether kt holds a key for the principal.  Read before the KDC is asked,
 * so that a keytab that is no keytab, or one made for another account,
 * is reported as such (MIT would first look for a KDC).
 */
static krb5_error_code krb5c_keytab_has_key(struct ns_krb5 *k, krb5_keytab kt)
{
	krb5_kt_cursor cur;
	krb5_keytab_entry e;
	krb5_error_code ret;
	bool found = false;

	ret = krb5_kt_start_seq_get(k->kctx, kt, &cur);
	if (ret != 0)
		return ret;
	while (!found && (ret = krb5_kt_next_entry(k->kctx, kt, &e, &cur)) == 0) {
		found = krb5_principal_compare(k->kctx, e.principal, k->client) != 0;
		krb5_free_keytab_entry_contents(k->kctx, &e);
	}
	krb5_kt_end_seq_get(k->kctx, kt, &cur);
	if (found)
		return 0;
	return ret == KRB5_KT_END || ret == 0 ? KRB5_KT_NOTFOUND : ret;
}

/* One AS exchange with the keytab's key; the ticket goes to the cache. */
static netsess_status_t krb5c_acquire(struct ns_krb5 *k, char *detail, size_t detail_len)
{
	krb5_get_init_creds_opt *opt = NULL;
	krb5_keytab kt = NULL;
	krb5_creds creds;
	krb5_error_code ret;
	char ktname[PATH_MAX + 16];
	netsess_status_t st;

	st = ns_secret_path_check(k->keytab);
	if (st != NERR_Success) {
		if (detail != NULL && detail_len > 0)
			snprintf(detail, detail_len,
			         "keytab %s is missing, not a regular file or readable by others",
			         k->keytab);
		return st;
	}
	st = krb5c_make_dir(k);
	if (st != NERR_Success)
		return st;
	if (snprintf(ktname, sizeof(ktname), "FILE:%s", k->keytab) >= (int)sizeof(ktname))
		return NETSESS_E_AUTH_FILE;
	memset(&creds, 0, sizeof(creds));
	ret = krb5_kt_resolve(k->kctx, ktname, &kt);
	if (ret == 0) {
		ret = krb5c_keytab_has_key(k, kt);
		if (ret != 0) {
			krb5c_explain(k, ret, "no key", detail, detail_len);
			st = krb5c_status(ret);
			goto out;
		}
	}
	if (ret == 0)
		ret = krb5_get_init_creds_opt_alloc(k->kctx, &opt);
	if (ret == 0)
		ret = krb5_get_init_creds_keytab(k->kctx, &creds, k->client, kt, 0, NULL, opt);
	if (ret != 0) {
		krb5c_explain(k, ret, "cannot get a ticket", detail, detail_len);
		st = krb5c_status(ret);
		goto out;
	}
	ret = krb5c_store(k, &creds);
	if (ret != 0) {
		krb5c_explain(k, ret, "cannot store the ticket", detail, detail_len);
		st = ret == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : NETSESS_E_LOGON_FAILURE;
		goto out;
	}
	k->start = creds.times.starttime != 0 ? creds.times.starttime : creds.times.authtime;
	k->end = creds.times.endtime;
	k->count++;
	st = NERR_Success;
out:
	krb5_free_cred_contents(k->kctx, &creds);
	if (opt != NULL)
		krb5_get_init_creds_opt_free(k->kctx, opt);
	if (kt != NULL)
		krb5_kt_close(k->kctx, kt);
	return st;
}

netsess_status_t ns_krb5_ensure(struct ns_krb5 *k, time_t now, bool force, bool *acquired,
                                char *detail, size_t detail_len)
{
	netsess_status_t st;

	*acquired = false;
	if (!force && !ns_krb5_refresh_due(now, k->start, k->end))
		return NERR_Success;
	st = krb5c_acquire(k, detail, detail_len);
	if (st != NERR_Success)
		return st;
	*acquired = true;
	return NERR_Success;
}
