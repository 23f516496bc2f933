/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srvsvc.c - [MS-SRVS] NetrSessionEnum (3.1.4.5) and NetrSessionDel
 * (3.1.4.6) request and response stubs in NDR20.
 *
 * Layout reminders (C706 14.3.12): top-level [ref] parameters carry no
 * referent; a top-level [unique] parameter is its referent id followed at
 * once by the pointee; pointers embedded in structures are deferred, so an
 * array of SESSION_INFO_n comes first with its referent ids, then the
 * strings element by element in field order.
 */
#include "srvsvc.h"

#include <stdlib.h>
#include <string.h>

/* Strings of one SESSION_INFO_n, in wire order. */
enum srvsvc_field {
	F_CNAME = 1u << 0,
	F_USER = 1u << 1,
	F_CLTYPE = 1u << 2,
	F_TRANSPORT = 1u << 3,
	F_OPENS = 1u << 4,
	F_TIMES = 1u << 5, /* time, idle_time */
	F_FLAGS = 1u << 6,
};

/* [MS-SRVS] 2.2.4.11 - 2.2.4.15: which fields each level carries.
 * Returns 0 for a level the union has no arm for (its default arm is empty). */
static unsigned srvsvc_level_fields(uint32_t level)
{
	switch (level) {
	case 0:
		return F_CNAME;
	case 1:
		return F_CNAME | F_USER | F_OPENS | F_TIMES | F_FLAGS;
	case 2:
		return F_CNAME | F_USER | F_OPENS | F_TIMES | F_FLAGS | F_CLTYPE;
	case 10:
		return F_CNAME | F_USER | F_TIMES;
	case 502:
		return F_CNAME | F_USER | F_OPENS | F_TIMES | F_FLAGS | F_CLTYPE | F_TRANSPORT;
	default:
		return 0;
	}
}

/* Bytes of the fixed part of one SESSION_INFO_n (4 per pointer or DWORD). */
static size_t srvsvc_fixed_size(unsigned fields)
{
	size_t n = 0;

	n += (fields & F_CNAME) ? 4 : 0;
	n += (fields & F_USER) ? 4 : 0;
	n += (fields & F_OPENS) ? 4 : 0;
	n += (fields & F_TIMES) ? 8 : 0;
	n += (fields & F_FLAGS) ? 4 : 0;
	n += (fields & F_CLTYPE) ? 4 : 0;
	n += (fields & F_TRANSPORT) ? 4 : 0;
	return n;
}

/* [MS-SRVS] 3.1.4.5 and 3.1.4.6 treat an empty name like an absent one;
 * NULL is what every server understands that way. */
static const char *srvsvc_opt(const char *s)
{
	return (s != NULL && s[0] != '\0') ? s : NULL;
}

/*
 * NetrSessionEnum request: ServerName, ClientName, UserName (unique
 * strings), InfoStruct (Level, union discriminant, container referent,
 * EntriesRead 0, Buffer NULL), PreferedMaximumLength, ResumeHandle (unique
 * DWORD, always present).
 */
netsess_status_t ns_srvsvc_session_enum_encode(const struct ns_srvsvc_enum_req *req,
                                               struct ns_ndr_push *out)
{
	netsess_status_t st;

	if (req == NULL || out == NULL)
		return ERROR_INVALID_PARAMETER;
	if (srvsvc_level_fields(req->level) == 0)
		return ERROR_INVALID_LEVEL;
	st = ns_ndr_push_unique_wstring(out, srvsvc_opt(req->server));
	if (st == NERR_Success)
		st = ns_ndr_push_unique_wstring(out, srvsvc_opt(req->client));
	if (st == NERR_Success)
		st = ns_ndr_push_unique_wstring(out, srvsvc_opt(req->user));
	if (st == NERR_Success)
		st = ns_ndr_push_u32(out, req->level);
	if (st == NERR_Success)
		st = ns_ndr_push_u32(out, req->level);
	if (st == NERR_Success)
		st = ns_ndr_push_ptr(out, true);
	if (st == NERR_Success)
		st = ns_ndr_push_u32(out, 0);
	if (st == NERR_Success)
		st = ns_ndr_push_ptr(out, false);
	if (st == NERR_Success)
		st = ns_ndr_push_u32(out, req->pref_max_len);
	if (st == NERR_Success)
		st = ns_ndr_push_ptr(out, true);
	if (st == NERR_Success)
		st = ns_ndr_push_u32(out, req->resume_handle);
	return st;
}

void ns_srvsvc_session_clear(struct netsess_session *s)
{
	if (s == NULL)
		return;
	free(s->client);
	free(s->user);
	free(s->client_type);
	free(s->transport);
	memset(s, 0, sizeof(*s));
}

void ns_srvsvc_enum_rep_clear(struct ns_srvsvc_enum_rep *rep)
{
	size_t i;

	if (rep == NULL)
		return;
	for (i = 0; i < rep->count && rep->entries != NULL; i++)
		ns_srvsvc_session_clear(&rep->entries[i]);
	free(rep->entries);
	memset(rep, 0, sizeof(*rep));
}

static netsess_status_t srvsvc_pull_ref_flag(struct ns_ndr_pull *p, unsigned bit, uint8_t *present)
{
	bool b;

	if (ns_ndr_pull_ptr(p, &b) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	if (b)
		*present |= (uint8_t)bit;
	return NERR_Success;
}

/* The fixed part of one entry: scalars into s, string referents into
 * *present (F_* bits). */
static netsess_status_t srvsvc_pull_fixed(struct ns_ndr_pull *p, unsigned fields,
                                          struct netsess_session *s, uint8_t *present)
{
	netsess_status_t st = NERR_Success;

	if (fields & F_CNAME)
		st = srvsvc_pull_ref_flag(p, F_CNAME, present);
	if (st == NERR_Success && (fields & F_USER))
		st = srvsvc_pull_ref_flag(p, F_USER, present);
	if (st == NERR_Success && (fields & F_OPENS))
		st = ns_ndr_pull_u32(p, &s->opens);
	if (st == NERR_Success && (fields & F_TIMES))
		st = ns_ndr_pull_u32(p, &s->time);
	if (st == NERR_Success && (fields & F_TIMES))
		st = ns_ndr_pull_u32(p, &s->idle_time);
	if (st == NERR_Success && (fields & F_FLAGS))
		st = ns_ndr_pull_u32(p, &s->user_flags);
	if (st == NERR_Success && (fields & F_CLTYPE))
		st = srvsvc_pull_ref_flag(p, F_CLTYPE, present);
	if (st == NERR_Success && (fields & F_TRANSPORT))
		st = srvsvc_pull_ref_flag(p, F_TRANSPORT, present);
	return st;
}

static netsess_status_t srvsvc_pull_opt_string(struct ns_ndr_pull *p, uint8_t present, unsigned bit,
                                               char **out)
{
	if (!(present & bit))
		return NERR_Success;
	return ns_ndr_pull_wstring(p, NDR_MAX_STRING_UNITS, out);
}

/* The deferred strings of one entry, in field order. */
static netsess_status_t srvsvc_pull_deferred(struct ns_ndr_pull *p, uint8_t present,
                                             struct netsess_session *s)
{
	netsess_status_t st;

	st = srvsvc_pull_opt_string(p, present, F_CNAME, &s->client);
	if (st == NERR_Success)
		st = srvsvc_pull_opt_string(p, present, F_USER, &s->user);
	if (st == NERR_Success)
		st = srvsvc_pull_opt_string(p, present, F_CLTYPE, &s->client_type);
	if (st == NERR_Success)
		st = srvsvc_pull_opt_string(p, present, F_TRANSPORT, &s->transport);
	return st;
}

/*
 * The container SESSION_INFO_n_CONTAINER: EntriesRead, Buffer referent,
 * then (deferred) the conformant array: max_count, the fixed parts, the
 * strings.  EntriesRead is capped and checked against the bytes left
 * before anything is allocated.
 */
static netsess_status_t srvsvc_pull_container(struct ns_ndr_pull *p, uint32_t level,
                                              struct ns_srvsvc_enum_rep *out)
{
	unsigned fields = srvsvc_level_fields(level);
	size_t fixed = srvsvc_fixed_size(fields);
	uint32_t count, max_count, i;
	uint8_t *present = NULL;
	netsess_status_t st;
	bool buffer;

	if (ns_ndr_pull_u32(p, &count) != NERR_Success ||
	    ns_ndr_pull_ptr(p, &buffer) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	if (!buffer)
		return count == 0 ? NERR_Success : NETSESS_E_PROTOCOL;
	if (ns_ndr_pull_u32(p, &max_count) != NERR_Success || max_count != count)
		return NETSESS_E_PROTOCOL;
	if (count > SRVSVC_MAX_ENTRIES || count > ns_ndr_pull_remaining(p) / fixed)
		return NETSESS_E_PROTOCOL;
	if (count == 0)
		return NERR_Success;
	out->entries = calloc(count, sizeof(*out->entries));
	present = calloc(count, 1);
	if (out->entries == NULL || present == NULL) {
		st = ERROR_NOT_ENOUGH_MEMORY;
		goto out_free_present;
	}
	out->count = count;
	for (i = 0, st = NERR_Success; i < count && st == NERR_Success; i++)
		st = srvsvc_pull_fixed(p, fields, &out->entries[i], &present[i]);
	for (i = 0; i < count && st == NERR_Success; i++)
		st = srvsvc_pull_deferred(p, present[i], &out->entries[i]);
out_free_present:
	free(present);
	return st;
}

/* SESSION_ENUM_STRUCT: Level, then the union (discriminant, arm).  Known
 * levels have a unique pointer to their container; others the empty
 * default arm. */
static netsess_status_t srvsvc_pull_info_struct(struct ns_ndr_pull *p,
                                                struct ns_srvsvc_enum_rep *out)
{
	uint32_t disc;
	bool ctr;

	if (ns_ndr_pull_u32(p, &out->level) != NERR_Success ||
	    ns_ndr_pull_u32(p, &disc) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	if (disc != out->level)
		return NETSESS_E_PROTOCOL;
	if (srvsvc_level_fields(out->level) == 0)
		return NERR_Success;
	if (ns_ndr_pull_ptr(p, &ctr) != NERR_Success)
		return NETSESS_E_PROTOCOL;
	if (!ctr)
		return NERR_Success;
	return srvsvc_pull_container(p, out->level, out);
}

/*
 * NetrSessionEnum response: InfoStruct, TotalEntries, ResumeHandle
 * (unique DWORD), NET_API_STATUS last.  The stub must be consumed exactly.
 */
netsess_status_t ns_srvsvc_session_enum_decode(const uint8_t *stub, size_t len,
                                               uint32_t level_requested,
                                               struct ns_srvsvc_enum_rep *out)
{
	struct ns_ndr_pull p;
	netsess_status_t st;

	memset(out, 0, sizeof(*out));
	if (stub == NULL && len != 0)
		return NETSESS_E_PROTOCOL;
	ns_ndr_pull_init(&p, stub, len);
	st = srvsvc_pull_info_struct(&p, out);
	if (st != NERR_Success)
		goto out_clear;
	st = NETSESS_E_PROTOCOL;
	if (ns_ndr_pull_u32(&p, &out->total_entries) != NERR_Success ||
	    ns_ndr_pull_ptr(&p, &out->has_resume) != NERR_Success)
		goto out_clear;
	if (out->has_resume && ns_ndr_pull_u32(&p, &out->resume_handle) != NERR_Success)
		goto out_clear;
	if (ns_ndr_pull_u32(&p, &out->status) != NERR_Success || ns_ndr_pull_remaining(&p) != 0)
		goto out_clear;
	/* A server that succeeds must answer at the level asked for. */
	if (out->level != level_requested &&
	    (out->status == NERR_Success || out->status == ERROR_MORE_DATA))
		goto out_clear;
	return NERR_Success;
out_clear:
	ns_srvsvc_enum_rep_clear(out);
	return st;
}

/* NetrSessionDel request: ServerName, ClientName, UserName, each a
 * [in,string,unique] wchar_t *. */
netsess_status_t ns_srvsvc_session_del_encode(const char *server, const char *client,
                                              const char *user, struct ns_ndr_push *out)
{
	netsess_status_t st;

	if (out == NULL)
		return ERROR_INVALID_PARAMETER;
	client = srvsvc_opt(client);
	user = srvsvc_opt(user);
	/* Samba matches every session when both are absent: never send that. */
	if (client == NULL && user == NULL)
		return ERROR_INVALID_PARAMETER;
	st = ns_ndr_push_unique_wstring(out, srvsvc_opt(server));
	if (st == NERR_Success)
		st = ns_ndr_push_unique_wstring(out, client);
	if (st == NERR_Success)
		st = ns_ndr_push_unique_wstring(out, user);
	return st;
}

netsess_status_t ns_srvsvc_session_del_decode(const uint8_t *stub, size_t len,
                                              netsess_status_t *result)
{
	struct ns_ndr_pull p;

	*result = NERR_Success;
	if (stub == NULL || len != 4)
		return NETSESS_E_PROTOCOL;
	ns_ndr_pull_init(&p, stub, len);
	return ns_ndr_pull_u32(&p, result);
}
