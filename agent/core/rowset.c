/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rowset.c - merging NetrSessionEnum results ([MS-SRVS] 3.1.4.5) into the
 * rows of smbSessionTable, sorted in index order.
 */
#include <stdlib.h>
#include <string.h>

#include "mib/mib.h"
#include "rowset.h"

int nsd_row_key_cmp(const char *client_a, const char *user_a, const char *client_b,
                    const char *user_b)
{
	size_t la = strlen(client_a), lb = strlen(client_b);
	int r;

	/* Non-IMPLIED strings: the length comes first (RFC 2578 7.7). */
	if (la != lb)
		return la < lb ? -1 : 1;
	r = memcmp(client_a, client_b, la);
	if (r != 0)
		return r;
	la = strlen(user_a);
	lb = strlen(user_b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(user_a, user_b, la);
}

int nsd_row_key_fits(const char *client, const char *user)
{
	size_t lc = client ? strlen(client) : 0;
	size_t lu = user ? strlen(user) : 0;

	return lc >= NSD_CLIENT_MIN && lc <= NSD_CLIENT_MAX && lu <= NSD_USER_MAX;
}

size_t nsd_row_index(uint32_t server, const char *client, const char *user, uint32_t *buf,
                     size_t cap)
{
	size_t lc, lu, n = 0, i;

	if (!client || !user || !nsd_row_key_fits(client, user))
		return 0;
	lc = strlen(client);
	lu = strlen(user);
	if (cap < 3 || lc + lu > cap - 3)
		return 0;
	buf[n++] = server;
	buf[n++] = (uint32_t)lc;
	for (i = 0; i < lc; i++)
		buf[n++] = (unsigned char)client[i];
	buf[n++] = (uint32_t)lu;
	for (i = 0; i < lu; i++)
		buf[n++] = (unsigned char)user[i];
	return n;
}

int nsd_row_matches(const struct nsd_row *row, const char *client, const char *user)
{
	/* The library's rule for when two SMB names are the same name. */
	if (client && !netsess_name_equal(row->client, client))
		return 0;
	if (user && !netsess_name_equal(row->user, user))
		return 0;
	return 1;
}

static const char *rowset_user(const struct netsess_session *s)
{
	return s->user ? s->user : "";
}

static int rowset_ptr_cmp(const void *a, const void *b)
{
	const struct netsess_session *sa = *(const struct netsess_session *const *)a;
	const struct netsess_session *sb = *(const struct netsess_session *const *)b;

	return nsd_row_key_cmp(sa->client, rowset_user(sa), sb->client, rowset_user(sb));
}

static char *rowset_strdup(const char *s)
{
	return strdup(s ? s : "");
}

/* A column the server fills in at will (client type, transport): at most
 * NSD_ADMIN_STRING_MAX octets, the SnmpAdminString bound, so a longer one
 * is cut at the last UTF-8 character boundary that fits. */
static char *rowset_text_dup(const char *s)
{
	size_t n;

	if (!s)
		s = "";
	n = strnlen(s, NSD_ADMIN_STRING_MAX + 1);
	if (n > NSD_ADMIN_STRING_MAX) {
		n = NSD_ADMIN_STRING_MAX;
		/* s[n] is the first octet left out: not a continuation octet
		 * (10xxxxxx), or the character it belongs to is cut off. */
		while (n > 0 && ((unsigned char)s[n] & 0xC0u) == 0x80u)
			n--;
	}
	return strndup(s, n);
}

void nsd_row_clear(struct nsd_row *row)
{
	free(row->client);
	free(row->user);
	free(row->client_type);
	free(row->transport);
	memset(row, 0, sizeof(*row));
}

/* Starts a row from its first session. */
static int rowset_row_init(struct nsd_row *row, const struct netsess_session *s)
{
	memset(row, 0, sizeof(*row));
	row->client = rowset_strdup(s->client);
	row->user = rowset_strdup(s->user);
	row->client_type = rowset_text_dup(s->client_type);
	row->transport = rowset_text_dup(s->transport);
	if (!row->client || !row->user || !row->client_type || !row->transport) {
		nsd_row_clear(row);
		return -1;
	}
	row->count = 1;
	row->opens = s->opens;
	row->time = s->time;
	row->idle_time = s->idle_time;
	row->flags = s->user_flags;
	return 0;
}

/* Gives an empty text column of a row the value s, when s has one. */
static int rowset_fill_text(char **col, const char *s)
{
	char *t;

	if ((*col)[0] != '\0' || !s || s[0] == '\0')
		return 0;
	t = rowset_text_dup(s);
	if (!t)
		return -1;
	free(*col);
	*col = t;
	return 0;
}

/* Adds one more session of the same (client, user) to a row. */
static int rowset_row_merge(struct nsd_row *row, const struct netsess_session *s)
{
	if (row->count < UINT32_MAX)
		row->count++;
	row->opens = s->opens > UINT32_MAX - row->opens ? UINT32_MAX : row->opens + s->opens;
	if (s->time > row->time)
		row->time = s->time;
	if (s->idle_time < row->idle_time)
		row->idle_time = s->idle_time;
	row->flags |= s->user_flags;
	if (rowset_fill_text(&row->client_type, s->client_type) != 0 ||
	    rowset_fill_text(&row->transport, s->transport) != 0)
		return -1;
	return 0;
}

static int rowset_note_omitted(struct nsd_rowset *set, const struct netsess_session *s)
{
	if (set->omitted < UINT32_MAX)
		set->omitted++;
	if (set->omitted_client)
		return 0;
	set->omitted_client = rowset_strdup(s->client);
	set->omitted_user = rowset_strdup(s->user);
	return set->omitted_client && set->omitted_user ? 0 : -1;
}

/* Collects the sessions that fit the index bounds; counts the others. */
static int rowset_collect(const struct netsess_session_list *list, struct nsd_rowset *set,
                          const struct netsess_session ***out, size_t *nout)
{
	const struct netsess_session **v;
	size_t i, n = 0;

	*out = NULL;
	*nout = 0;
	if (list->count == 0)
		return 0;
	v = calloc(list->count, sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < list->count; i++) {
		const struct netsess_session *s = &list->items[i];

		if (nsd_row_key_fits(s->client, s->user)) {
			v[n++] = s;
		} else if (rowset_note_omitted(set, s) != 0) {
			free(v);
			return -1;
		}
	}
	*out = v;
	*nout = n;
	return 0;
}

int nsd_rowset_build(const struct netsess_session_list *list, struct nsd_rowset *out)
{
	const struct netsess_session **v = NULL;
	size_t n = 0, i;

	memset(out, 0, sizeof(*out));
	out->sessions = list->count > UINT32_MAX ? UINT32_MAX : (uint32_t)list->count;
	if (rowset_collect(list, out, &v, &n) != 0)
		goto out_clear;
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), rowset_ptr_cmp);
	out->rows = calloc(n, sizeof(*out->rows));
	if (!out->rows)
		goto out_free_v;
	for (i = 0; i < n; i++) {
		struct nsd_row *last = out->count ? &out->rows[out->count - 1] : NULL;

		if (last && nsd_row_key_cmp(last->client, last->user, v[i]->client,
		                            rowset_user(v[i])) == 0) {
			if (rowset_row_merge(last, v[i]) != 0)
				goto out_free_v;
			continue;
		}
		if (rowset_row_init(&out->rows[out->count], v[i]) != 0)
			goto out_free_v;
		out->count++;
	}
	free(v);
	return 0;

out_free_v:
	free(v);
out_clear:
	nsd_rowset_clear(out);
	return -1;
}

void nsd_rowset_clear(struct nsd_rowset *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->count; i++)
		nsd_row_clear(&set->rows[i]);
	free(set->rows);
	free(set->omitted_client);
	free(set->omitted_user);
	memset(set, 0, sizeof(*set));
}
