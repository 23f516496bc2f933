/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netsess.h - libnetsess public API.
 *
 * NetSessionEnum, NetSessionGetInfo and NetSessionDel for Linux, spoken over
 * the Server Service Remote Protocol ([MS-SRVS] 3.1.4.5 NetrSessionEnum,
 * 3.1.4.6 NetrSessionDel) on the \PIPE\srvsvc named pipe.
 *
 * The library never exits, prints or logs: every function returns a
 * netsess_status_t and the caller decides what to say.  A context is not
 * thread-safe; use one context per thread.
 */
#ifndef NETSESS_H
#define NETSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * NET_API_STATUS.  Values from the server keep their Windows numbers.
 * Failures below the RPC layer have the customer bit (bit 29) set, which
 * Win32 reserves for application-defined codes, so they never collide with
 * a value a server can return.
 */
typedef uint32_t netsess_status_t;

#define NERR_Success 0u
#define ERROR_ACCESS_DENIED 5u
#define ERROR_NOT_ENOUGH_MEMORY 8u
#define ERROR_INVALID_PARAMETER 87u
#define ERROR_INVALID_LEVEL 124u
#define ERROR_MORE_DATA 234u
#define NERR_UserNotFound 2221u
#define NERR_ClientNameNotFound 2312u
#define NERR_InvalidComputer 2351u

#define NETSESS_E_BASE 0x20000000u
/* TCP connection refused: nothing listens on the server's port. */
#define NETSESS_E_CONNECTION_REFUSED (NETSESS_E_BASE | 1u)
/* The server name does not resolve. */
#define NETSESS_E_HOST_NOT_FOUND (NETSESS_E_BASE | 2u)
/* SMB session setup failed: wrong user, password or ticket. */
#define NETSESS_E_LOGON_FAILURE (NETSESS_E_BASE | 3u)
/* No answer within the context's timeout. */
#define NETSESS_E_TIMEOUT (NETSESS_E_BASE | 4u)
/* The server's reply is malformed (bad PDU or NDR, wrong call_id, ...). */
#define NETSESS_E_PROTOCOL (NETSESS_E_BASE | 5u)
/* The server answered with a DCE/RPC fault PDU; see netsess_ctx_fault(). */
#define NETSESS_E_RPC_FAULT (NETSESS_E_BASE | 6u)
/* The server rejected the bind (bind_nak or no accepted context). */
#define NETSESS_E_BIND_REJECTED (NETSESS_E_BASE | 7u)
/* The connection broke or another transport error occurred. */
#define NETSESS_E_TRANSPORT (NETSESS_E_BASE | 8u)
/* An authentication file is unreadable, malformed or not private. */
#define NETSESS_E_AUTH_FILE (NETSESS_E_BASE | 9u)
/* The SMB connection was made but \PIPE\srvsvc could not be opened. */
#define NETSESS_E_PIPE_UNAVAILABLE (NETSESS_E_BASE | 10u)
/* The server cannot give the protection the options require: required
 * encryption with a server that speaks no SMB3 or offers no cipher. */
#define NETSESS_E_NOT_SUPPORTED (NETSESS_E_BASE | 11u)
/* The server refuses NTLM logons (e.g. Samba's "ntlm auth = disabled", a
 * Windows domain that restricts NTLM): log on with Kerberos instead. */
#define NETSESS_E_NTLM_DISABLED (NETSESS_E_BASE | 12u)

/* Symbolic name of a code, e.g. "NERR_ClientNameNotFound".  Never NULL;
 * unknown codes give "UNKNOWN".  Static storage. */
const char *netsess_status_name(netsess_status_t status);
/* One-line description of a code.  Never NULL.  Static storage. */
const char *netsess_status_description(netsess_status_t status);
/* True for codes produced below the RPC layer (NETSESS_E_*). */
bool netsess_status_is_local(netsess_status_t status);
/* Name of a DCE/RPC fault status (C706 appendix E, [MS-RPCE] 3.1.1.5.5),
 * e.g. "nca_s_op_rng_error"; NULL when unknown.  Static storage. */
const char *netsess_fault_name(uint32_t fault);

/*
 * The rule by which SMB computer and account names are the same name: equal
 * regardless of ASCII case, as Windows and Samba compare them.  False when
 * either is NULL.
 */
bool netsess_name_equal(const char *a, const char *b);

/* Milliseconds of CLOCK_MONOTONIC: the clock of every timeout in the
 * library, for callers that measure against the same base. */
uint64_t netsess_monotonic_ms(void);

/* SESSION_INFO user_flags ([MS-SRVS] 2.2.2.3). */
#define NETSESS_SESS_GUEST 0x1u
#define NETSESS_SESS_NOENCRYPTION 0x2u

/* SMB signing and encryption policy for the connection. */
enum netsess_smb_policy {
	NETSESS_SMB_OFF = 0,
	NETSESS_SMB_IF_REQUIRED = 1, /* negotiate, use if the server wants it */
	NETSESS_SMB_REQUIRED = 2,
};

/*
 * Connection options.  Strings are copied by netsess_ctx_new(); the caller
 * keeps ownership of this struct.  Zero/NULL fields take the defaults.
 */
struct netsess_options {
	const char *username;               /* NULL: from auth_file, else none (an
	                                       anonymous logon; with kerberos, the
	                                       calling user's login name) */
	const char *password;               /* NULL: empty */
	const char *domain;                 /* NULL: none */
	const char *auth_file;              /* smbclient format: username=, password=,
	                                       domain= lines; refused if group- or
	                                       world-readable (NETSESS_E_AUTH_FILE) */
	bool kerberos;                      /* use the caller's credential cache */
	enum netsess_smb_policy signing;    /* default NETSESS_SMB_IF_REQUIRED */
	enum netsess_smb_policy encryption; /* default NETSESS_SMB_OFF */
	uint16_t port;                      /* 0: 445 */
	unsigned timeout_ms;                /* per call: each wait of the SMB client,
	                                       and the whole reply of each RPC call
	                                       (which may overrun by one such wait);
	                                       0: 10000 */
	uint32_t pref_max_len;              /* NetrSessionEnum PreferedMaximumLength;
	                                       0: 0xFFFFFFFF (MAX_PREFERRED_LENGTH) */
	uint16_t max_frag;                  /* DCE/RPC max_xmit/recv frag; 0: 4280 */
	unsigned del_settle_ms;             /* netsess_session_del: after a successful
	                                       delete, wait up to this long until the
	                                       ended sessions have left the server's
	                                       enumeration (Samba ends them after it
	                                       has answered); 0: return at once */
	const char *keytab;                 /* Kerberos keytab with the key of
	                                       username, the principal ("svc@REALM",
	                                       or "svc" in krb5.conf's default realm):
	                                       the context gets its tickets from it
	                                       into a credential cache of its own
	                                       (never the caller's), and gets new ones
	                                       before they expire and after a Kerberos
	                                       failure.  Refused like auth_file when
	                                       group- or world-readable
	                                       (NETSESS_E_AUTH_FILE); no password with
	                                       it (ERROR_INVALID_PARAMETER).  While
	                                       it connects, KRB5CCNAME in the process
	                                       environment names that cache (the SMB
	                                       client takes no other), then is put
	                                       back */
};

/*
 * Why an authentication file (netsess_options.auth_file) is refused: the
 * detail behind NETSESS_E_AUTH_FILE, for a caller that wants to say more
 * than that code does.
 */
enum netsess_auth_file_error {
	NETSESS_AUTH_FILE_OK = 0,
	NETSESS_AUTH_FILE_NOT_FOUND,   /* no such file (ENOENT, ENOTDIR) */
	NETSESS_AUTH_FILE_UNREADABLE,  /* cannot be opened or read: errno_value */
	NETSESS_AUTH_FILE_SYMLINK,     /* a symbolic link, which is never followed */
	NETSESS_AUTH_FILE_NOT_REGULAR, /* a directory, FIFO, device or socket */
	NETSESS_AUTH_FILE_NOT_PRIVATE, /* group or others have access: mode */
	NETSESS_AUTH_FILE_TOO_LARGE,   /* over 64 KiB: not an authentication file */
	NETSESS_AUTH_FILE_MALFORMED,   /* at line: not "key = value", an unknown
	                                  or repeated key, or a NUL byte */
};

struct netsess_auth_file_report {
	enum netsess_auth_file_error error;
	int errno_value; /* NETSESS_AUTH_FILE_UNREADABLE: the errno of open/read */
	unsigned mode;   /* the file's permission bits (st_mode & 07777), once known */
	unsigned line;   /* NETSESS_AUTH_FILE_MALFORMED: the 1-based line */
};

/*
 * Reads path exactly as netsess_ctx_new() reads options.auth_file, keeps
 * nothing (the buffers that held the file are wiped), and says why the
 * file would be refused.  Lets a program tell its user what is wrong with
 * the file before it connects anywhere.  Returns NERR_Success,
 * NETSESS_E_AUTH_FILE with *report filled in, ERROR_NOT_ENOUGH_MEMORY, or
 * ERROR_INVALID_PARAMETER when path or report is NULL.  *report is always
 * written when report is not NULL.
 */
netsess_status_t netsess_auth_file_check(const char *path, struct netsess_auth_file_report *report);
/* "not found", "must not be group- or world-readable", ...: a short
 * phrase for an error, to follow the file name.  Never NULL.  Static. */
const char *netsess_auth_file_error_text(enum netsess_auth_file_error error);

typedef struct netsess_ctx netsess_ctx;

/*
 * Loads and initialises now what the first connection of the process
 * would otherwise set up: libsmbclient's global state and its client
 * configuration (smb.conf), the authentication modules Samba loads on its
 * first session setup, the converters of Samba's default DOS code page and
 * the name service modules of host lookups.  Connects nowhere, reads no
 * credential and draws no random number.  For a process that forks
 * workers: called before fork(), these pages stay shared by every child
 * instead of being made (and relocated) in each.  Optional; idempotent.
 * Returns NERR_Success, or ERROR_NOT_ENOUGH_MEMORY (then the first
 * connection sets up what is missing, as without this call).
 */
netsess_status_t netsess_preload(void);

/* Creates a context.  No network I/O happens here.  On success *out is the
 * caller's, freed with netsess_ctx_free().  Returns ERROR_NOT_ENOUGH_MEMORY,
 * ERROR_INVALID_PARAMETER or NETSESS_E_AUTH_FILE on failure. */
netsess_status_t netsess_ctx_new(const struct netsess_options *opts, netsess_ctx **out);
/* Closes the pipe and frees everything the context owns.  NULL is fine. */
void netsess_ctx_free(netsess_ctx *ctx);
/* Changes the per-call timeout (milliseconds, > 0) for later calls. */
void netsess_ctx_set_timeout(netsess_ctx *ctx, unsigned timeout_ms);
/* Changes del_settle_ms (see struct netsess_options) for later deletes;
 * 0 turns the wait off.  The open pipe is kept. */
void netsess_ctx_set_del_settle(netsess_ctx *ctx, unsigned del_settle_ms);
/* DCE/RPC fault status of the last call that returned NETSESS_E_RPC_FAULT
 * (e.g. 0x1C010002 nca_s_op_rng_error), 0 otherwise. */
uint32_t netsess_ctx_fault(const netsess_ctx *ctx);
/* Closes the open pipe, if any; the next call reconnects. */
void netsess_ctx_disconnect(netsess_ctx *ctx);
/*
 * Tickets the context has obtained from its keytab, the first one
 * included: 0 without a keytab or before the first call.  A caller that
 * sees the count grow past 1 can say that the ticket was renewed.
 */
unsigned netsess_ctx_tickets(const netsess_ctx *ctx);
/* End time (seconds since the Epoch) of the ticket the context holds
 * from its keytab; 0 when it holds none. */
int64_t netsess_ctx_ticket_end(const netsess_ctx *ctx);
/*
 * One line that explains the last call's failure beyond its status, in
 * the words of the Kerberos library or of the SMB client (e.g. "Kerberos:
 * ...: Clock skew too great", "Server principal
 * cifs/fs1.example.lan@EXAMPLE.LAN not found"); NULL when there is none.
 * Valid until the next call on ctx.
 */
const char *netsess_ctx_detail(const netsess_ctx *ctx);

/*
 * One session as a server reports it.  Strings are UTF-8; client has no
 * leading backslashes.  Fields the served level does not carry are NULL / 0.
 */
struct netsess_session {
	char *client;        /* levels 0, 1, 2, 10, 502 */
	char *user;          /* levels 1, 2, 10, 502 */
	uint32_t opens;      /* levels 1, 2, 502 */
	uint32_t time;       /* seconds; levels 1, 2, 10, 502.  Values over
	                        INT32_MAX (Samba's (uint32_t)-1 for a session
	                        opened within the current second) read as 0. */
	uint32_t idle_time;  /* seconds; levels 1, 2, 10, 502 */
	uint32_t user_flags; /* NETSESS_SESS_*; levels 1, 2, 502 */
	char *client_type;   /* levels 2, 502 */
	char *transport;     /* level 502 */
};

/* A result: one caller-owned object, freed with netsess_session_list_free. */
struct netsess_session_list {
	uint32_t level_requested;
	uint32_t level_served; /* may be lower when the server lacks a level */
	uint32_t total;        /* entries after client-side filtering */
	size_t count;
	struct netsess_session *items;
};
void netsess_session_list_free(struct netsess_session_list *list);

/* True when level is one of 0, 1, 2, 10, 502. */
bool netsess_level_valid(uint32_t level);
/* Which fields a level carries (what level_served provides). */
bool netsess_level_has_user(uint32_t level);
bool netsess_level_has_opens(uint32_t level);
bool netsess_level_has_times(uint32_t level);
bool netsess_level_has_flags(uint32_t level);
bool netsess_level_has_client_type(uint32_t level);
bool netsess_level_has_transport(uint32_t level);

/*
 * NetSessionEnum.  servername NULL or "" means the local computer; a leading
 * "\\" on servername and unc_client_name is accepted.  unc_client_name and
 * username filter the result (applied on the client side too, because Samba
 * ignores them); a filtered result that is empty gives
 * NERR_ClientNameNotFound (client filter) or NERR_UserNotFound (user only).
 * Pages on ERROR_MORE_DATA until the server has sent everything.  A level
 * the server lacks (Samba serves 0 and 1) is answered from level 1, and
 * level_served says so.  On NERR_Success *out is the caller's.
 */
netsess_status_t netsess_session_enum(netsess_ctx *ctx, const char *servername,
                                      const char *unc_client_name, const char *username,
                                      uint32_t level, struct netsess_session_list **out);

/*
 * NetSessionGetInfo: the sessions of one (client, user) pair.  Both names are
 * required (ERROR_INVALID_PARAMETER otherwise).  Same rules as enum.
 */
netsess_status_t netsess_session_get_info(netsess_ctx *ctx, const char *servername,
                                          const char *unc_client_name, const char *username,
                                          uint32_t level, struct netsess_session_list **out);

/*
 * NetSessionDel.  unc_client_name NULL ends all sessions of username;
 * username NULL ends all users' sessions from unc_client_name; both NULL or
 * empty gives ERROR_INVALID_PARAMETER and nothing is sent.  A "nothing
 * matched" answer is NERR_ClientNameNotFound on every server (Samba says
 * ERROR_ACCESS_DENIED; an enumeration tells the two apart).  When the call
 * ends the session carrying the pipe itself, the reply never arrives; the
 * outcome is learnt from an enumeration over a new connection.
 *
 * With del_settle_ms set in the options, a successful delete returns only
 * once an enumeration with the same filters lists none of the ended
 * sessions (our own new connection aside), or once del_settle_ms has
 * passed; the status is the delete's either way.
 */
netsess_status_t netsess_session_del(netsess_ctx *ctx, const char *servername,
                                     const char *unc_client_name, const char *username);

#ifdef __cplusplus
}
#endif
#endif /* NETSESS_H */
