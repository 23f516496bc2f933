/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config.c - netsessd configuration file.
 *
 * The file is parsed with libxml2 and validated against the RelaxNG schema
 * (netsessd.rng).  It is then read element by element against the table of
 * attributes below, which repeats the schema's rules so that a message can
 * say which attribute is wrong and why: libxml2 only says that an element
 * "failed to validate".  The schema's own messages are shown when the table
 * finds nothing, so a file the schema refuses is never accepted.  Last come
 * the rules a schema cannot express: unique names and indexes, the index of
 * a server without one, and private secret files.
 *
 * Every message is "FILE:LINE: text", collected, never printed.  Secrets are
 * never read here except by nsd_server_options(), for one worker.
 */
#include "nsd_config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include "auth_file.h"

#ifndef NSD_SCHEMA_PATH
#error "NSD_SCHEMA_PATH must name the installed netsessd.rng"
#endif

/* A configuration file is a few kilobytes; refuse anything absurd. */
#define CFG_FILE_MAX (1024u * 1024u)
/* Stop collecting after this many messages. */
#define CFG_MSGS_MAX 50u
#define CFG_INDEX_MAX 65535u

#if LIBXML_VERSION >= 21200
typedef const xmlError cfg_xml_error;
#else
typedef xmlError cfg_xml_error;
#endif

/* ---- message list ---------------------------------------------------- */

struct cfg_msg {
	long line;
	size_t seq; /* keeps messages of one line in the order found */
	char *text;
};

struct cfg_msgs {
	struct cfg_msg *v;
	size_t n, cap, seq;
	bool dropped; /* more than CFG_MSGS_MAX */
};

/* State of one nsd_config_load() call. */
struct cfg_load {
	const char *path;          /* the configuration file, as given */
	char *dir;                 /* its folder, for relative secret paths */
	struct cfg_msgs msgs;      /* what the caller gets */
	size_t table_errors;       /* of those, errors the schema also detects */
	struct cfg_msgs rng;       /* the schema's messages, shown as a fallback */
	const xmlNode **rng_nodes; /* nodes the schema already blamed */
	size_t rng_nnodes;
	bool oom;
};

static void cfg_msgs_free(struct cfg_msgs *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].text);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

/* Takes ownership of text (freed when the list is full or on failure). */
static void cfg_msgs_push(struct cfg_load *ld, struct cfg_msgs *m, long line, char *text)
{
	if (text == NULL) {
		ld->oom = true;
		return;
	}
	if (m->n >= CFG_MSGS_MAX) {
		m->dropped = true;
		free(text);
		return;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		struct cfg_msg *v = realloc(m->v, cap * sizeof(*v));

		if (v == NULL) {
			free(text);
			ld->oom = true;
			return;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n].line = line;
	m->v[m->n].seq = m->seq++;
	m->v[m->n].text = text;
	m->n++;
}

/* Adds "FILE:LINE: text" (or "FILE: text" for line 0) to m. */
static void cfg_vmsg(struct cfg_load *ld, struct cfg_msgs *m, const char *file, long line,
                     const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void cfg_vmsg(struct cfg_load *ld, struct cfg_msgs *m, const char *file, long line,
                     const char *fmt, va_list ap)
{
	char *body = NULL, *text = NULL;
	int rc;

	if (vasprintf(&body, fmt, ap) < 0) {
		ld->oom = true;
		return;
	}
	if (line > 0)
		rc = asprintf(&text, "%s:%ld: %s", file, line, body);
	else
		rc = asprintf(&text, "%s: %s", file, body);
	free(body);
	cfg_msgs_push(ld, m, line, rc < 0 ? NULL : text);
}

/* An error about the file named file (the config or the schema). */
static void cfg_file_err(struct cfg_load *ld, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cfg_file_err(struct cfg_load *ld, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vmsg(ld, &ld->msgs, file, line, fmt, ap);
	va_end(ap);
}

/* An error at node that the schema detects too (shape, values). */
static void cfg_table_err(struct cfg_load *ld, const xmlNode *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cfg_table_err(struct cfg_load *ld, const xmlNode *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vmsg(ld, &ld->msgs, ld->path, xmlGetLineNo(node), fmt, ap);
	va_end(ap);
	ld->table_errors++;
}

/* An error at line that only this module detects (uniqueness, secrets). */
static void cfg_rule_err(struct cfg_load *ld, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cfg_rule_err(struct cfg_load *ld, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vmsg(ld, &ld->msgs, ld->path, line, fmt, ap);
	va_end(ap);
}

static int cfg_msg_cmp(const void *a, const void *b)
{
	const struct cfg_msg *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Moves the messages, in line order, into errs (which may be NULL); says
 * so when some were left out. */
static void cfg_msgs_give(struct cfg_load *ld, struct cfg_msgs *m, struct nsd_config_errors *errs)
{
	size_t n = 0;
	char **out;

	if (errs == NULL || m->n == 0)
		return;
	out = calloc(m->n + 1, sizeof(*out));
	if (out == NULL)
		return;
	qsort(m->v, m->n, sizeof(*m->v), cfg_msg_cmp);
	for (; n < m->n; n++) {
		out[n] = m->v[n].text;
		m->v[n].text = NULL;
	}
	if (m->dropped && asprintf(&out[n], "%s: more errors not shown", ld->path) >= 0)
		n++;
	errs->messages = out;
	errs->count = n;
}

void nsd_config_errors_clear(struct nsd_config_errors *errs)
{
	if (errs == NULL)
		return;
	for (size_t i = 0; i < errs->count; i++)
		free(errs->messages[i]);
	free(errs->messages);
	errs->messages = NULL;
	errs->count = 0;
}

/* ---- attribute values -------------------------------------------------- */

enum cfg_type {
	CFG_TEXT,    /* min..max characters, no control character */
	CFG_HOST,    /* DNS name or IP address, 1..253 characters */
	CFG_UINT,    /* decimal digits, min..max */
	CFG_SECONDS, /* seconds with up to 3 decimals, min..max milliseconds */
	CFG_CHOICE,  /* one of choices[] */
};

struct cfg_choice {
	const char *name;
	unsigned value;
};

/* One attribute of an element; mirrors a rule of netsessd.rng. */
struct cfg_attr {
	const char *name;
	enum cfg_type type;
	bool required;
	unsigned min, max;
	const struct cfg_choice *choices; /* CFG_CHOICE; ends with name NULL */
};

struct cfg_value {
	char *text;   /* NULL when the attribute is absent */
	bool ok;      /* present and valid */
	unsigned num; /* CFG_UINT, CFG_SECONDS (ms), CFG_CHOICE (value) */
};

/* Up to 32 characters of s for a message: non-printable bytes become '?'. */
static const char *cfg_quote(const char *s, char out[static 40])
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < 32; i++)
		out[i] = (unsigned char)s[i] >= 0x20 && s[i] != 0x7f ? s[i] : '?';
	if (s[i] != '\0') {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

/* Counts the UTF-8 characters of s (libxml2 hands out valid UTF-8);
 * false when s holds a control character (XSD \p{Cc}: C0, DEL, C1). */
static bool cfg_text_length(const char *s, size_t *chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false;
		if ((*p & 0xc0) != 0x80)
			n++;
	}
	*chars = n;
	return true;
}

static bool cfg_host_valid(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 253 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* Parses 1..10 decimal digits (the schema's pattern) into *out. */
static bool cfg_parse_digits(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len < 1 || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* "SSS[.mmm]" (1..10 digits, 1..3 decimals) into milliseconds. */
static bool cfg_parse_ms(const char *s, uint64_t *ms)
{
	const char *dot = strchr(s, '.');
	size_t ilen = dot ? (size_t)(dot - s) : strlen(s);
	uint64_t sec, frac = 0;

	if (!cfg_parse_digits(s, ilen, &sec))
		return false;
	if (dot != NULL) {
		size_t flen = strlen(dot + 1);

		if (flen > 3 || !cfg_parse_digits(dot + 1, flen, &frac))
			return false;
		for (; flen < 3; flen++)
			frac *= 10;
	}
	*ms = sec * 1000 + frac;
	return true;
}

/* Milliseconds as seconds for a message: 800 -> "0.8", 30000 -> "30". */
static const char *cfg_ms_str(unsigned ms, char out[static 24])
{
	int n = snprintf(out, 24, "%u.%03u", ms / 1000, ms % 1000);

	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	return out;
}

static bool cfg_check_number(struct cfg_load *ld, const xmlNode *node, const struct cfg_attr *a,
                             struct cfg_value *v)
{
	char q[40], lo[24], hi[24];
	uint64_t n;

	if (a->type == CFG_UINT) {
		if (!cfg_parse_digits(v->text, strlen(v->text), &n)) {
			cfg_table_err(ld, node, "<%s>: %s \"%s\" is not a whole number", node->name,
			              a->name, cfg_quote(v->text, q));
			return false;
		}
		if (n < a->min || n > a->max) {
			cfg_table_err(ld, node, "<%s>: %s \"%s\" is out of range %u..%u",
			              node->name, a->name, cfg_quote(v->text, q), a->min, a->max);
			return false;
		}
	} else {
		if (!cfg_parse_ms(v->text, &n)) {
			cfg_table_err(
			    ld, node,
			    "<%s>: %s \"%s\" is not a number of seconds (at most 3 decimals)",
			    node->name, a->name, cfg_quote(v->text, q));
			return false;
		}
		if (n < a->min || n > a->max) {
			cfg_table_err(ld, node, "<%s>: %s \"%s\" is out of range %s..%s seconds",
			              node->name, a->name, cfg_quote(v->text, q),
			              cfg_ms_str(a->min, lo), cfg_ms_str(a->max, hi));
			return false;
		}
	}
	v->num = (unsigned)n;
	return true;
}

static bool cfg_check_choice(struct cfg_load *ld, const xmlNode *node, const struct cfg_attr *a,
                             struct cfg_value *v)
{
	char q[40], list[128] = "";
	size_t used = 0;

	for (const struct cfg_choice *c = a->choices; c->name != NULL; c++) {
		if (strcmp(v->text, c->name) == 0) {
			v->num = c->value;
			return true;
		}
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
		                         c == a->choices ? "" : ", ", c->name);
		if (used >= sizeof(list))
			break;
	}
	cfg_table_err(ld, node, "<%s>: %s \"%s\" is not one of: %s", node->name, a->name,
	              cfg_quote(v->text, q), list);
	return false;
}

/* Checks one present value against its rule; the message says why not. */
static bool cfg_check_value(struct cfg_load *ld, const xmlNode *node, const struct cfg_attr *a,
                            struct cfg_value *v)
{
	size_t chars;

	switch (a->type) {
	case CFG_TEXT:
		if (!cfg_text_length(v->text, &chars)) {
			cfg_table_err(ld, node, "<%s>: %s contains a control character", node->name,
			              a->name);
			return false;
		}
		if (chars < a->min || chars > a->max) {
			cfg_table_err(ld, node, "<%s>: %s must have %u to %u characters",
			              node->name, a->name, a->min, a->max);
			return false;
		}
		return true;
	case CFG_HOST:
		if (!cfg_host_valid(v->text)) {
			cfg_table_err(ld, node, "<%s>: %s is not a DNS name or an IP address",
			              node->name, a->name);
			return false;
		}
		return true;
	case CFG_UINT:
	case CFG_SECONDS:
		return cfg_check_number(ld, node, a, v);
	case CFG_CHOICE:
		return cfg_check_choice(ld, node, a, v);
	}
	return false;
}

/* ---- elements ---------------------------------------------------------- */

static const struct cfg_choice cfg_signing_choices[] = {
    {"off", NETSESS_SMB_OFF},
    {"if_required", NETSESS_SMB_IF_REQUIRED},
    {"required", NETSESS_SMB_REQUIRED},
    {NULL, 0},
};

/* "yes" is a synonym of "required", as in smb.conf. */
static const struct cfg_choice cfg_encrypt_choices[] = {
    {"no", NETSESS_SMB_OFF},
    {"if_required", NETSESS_SMB_IF_REQUIRED},
    {"required", NETSESS_SMB_REQUIRED},
    {"yes", NETSESS_SMB_REQUIRED},
    {NULL, 0},
};

static const struct cfg_choice cfg_yes_choices[] = {
    {"yes", 1},
    {NULL, 0},
};

enum { AGENTX_ADDRESS, AGENTX_PING, AGENTX_NATTRS };
static const struct cfg_attr cfg_agentx_attrs[AGENTX_NATTRS] = {
    [AGENTX_ADDRESS] = {"address", CFG_TEXT, false, 1, 255, NULL},
    [AGENTX_PING] = {"ping-interval", CFG_UINT, false, 1, 3600, NULL},
};

enum {
	SERVER_INDEX,
	SERVER_NAME,
	SERVER_HOST,
	SERVER_PORT,
	SERVER_POLL,
	SERVER_TIMEOUT,
	SERVER_DELETE_TIMEOUT,
	SERVER_NATTRS
};
static const struct cfg_attr cfg_server_attrs[SERVER_NATTRS] = {
    [SERVER_INDEX] = {"index", CFG_UINT, false, 1, CFG_INDEX_MAX, NULL},
    [SERVER_NAME] = {"name", CFG_TEXT, true, 1, 63, NULL},
    [SERVER_HOST] = {"host", CFG_HOST, true, 1, 253, NULL},
    [SERVER_PORT] = {"port", CFG_UINT, false, 1, 65535, NULL},
    [SERVER_POLL] = {"poll-interval", CFG_SECONDS, false, 1000, 86400000, NULL},
    [SERVER_TIMEOUT] = {"timeout", CFG_SECONDS, false, 100, 600000, NULL},
    [SERVER_DELETE_TIMEOUT] = {"delete-timeout", CFG_SECONDS, false, 100, 60000, NULL},
};

enum { CRED_USERNAME, CRED_DOMAIN, CRED_PASSWORD_FILE, CRED_AUTH_FILE, CRED_KERBEROS, CRED_NATTRS };
static const struct cfg_attr cfg_cred_attrs[CRED_NATTRS] = {
    [CRED_USERNAME] = {"username", CFG_TEXT, false, 1, 255, NULL},
    [CRED_DOMAIN] = {"domain", CFG_TEXT, false, 1, 255, NULL},
    [CRED_PASSWORD_FILE] = {"password-file", CFG_TEXT, false, 1, 4095, NULL},
    [CRED_AUTH_FILE] = {"auth-file", CFG_TEXT, false, 1, 4095, NULL},
    [CRED_KERBEROS] = {"kerberos", CFG_CHOICE, false, 0, 0, cfg_yes_choices},
};

enum { SMB_SIGNING, SMB_ENCRYPT, SMB_NATTRS };
static const struct cfg_attr cfg_smb_attrs[SMB_NATTRS] = {
    [SMB_SIGNING] = {"signing", CFG_CHOICE, false, 0, 0, cfg_signing_choices},
    [SMB_ENCRYPT] = {"encrypt", CFG_CHOICE, false, 0, 0, cfg_encrypt_choices},
};

static bool cfg_is(const xmlNode *node, const char *name)
{
	return node->ns == NULL && strcmp((const char *)node->name, name) == 0;
}

static void cfg_values_free(struct cfg_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
}

/* Copies an attribute's value out of the tree (NULL when memory ran out). */
static char *cfg_attr_text(struct cfg_load *ld, const xmlAttr *attr)
{
	xmlChar *x = xmlNodeGetContent((const xmlNode *)attr);
	char *s = strdup(x != NULL ? (const char *)x : "");

	xmlFree(x);
	if (s == NULL)
		ld->oom = true;
	return s;
}

/*
 * Reads the attributes of node into v[0..n) following spec: unknown and
 * missing required attributes and invalid values are reported.  The caller
 * frees v with cfg_values_free.
 */
static void cfg_attrs_read(struct cfg_load *ld, const xmlNode *node, const struct cfg_attr *spec,
                           size_t n, struct cfg_value *v)
{
	if (n > 0)
		memset(v, 0, n * sizeof(*v));
	for (const xmlAttr *attr = node->properties; attr != NULL; attr = attr->next) {
		const char *name = (const char *)attr->name;
		size_t i = 0;

		while (attr->ns == NULL && i < n && strcmp(spec[i].name, name) != 0)
			i++;
		if (attr->ns != NULL || i == n) {
			cfg_table_err(ld, node, "<%s>: unknown attribute \"%s%s%s\"", node->name,
			              attr->ns ? (const char *)attr->ns->prefix : "",
			              attr->ns ? ":" : "", name);
			continue;
		}
		v[i].text = cfg_attr_text(ld, attr);
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].text != NULL)
			v[i].ok = cfg_check_value(ld, node, &spec[i], &v[i]);
		else if (spec[i].required)
			cfg_table_err(ld, node, "<%s>: missing attribute \"%s\"", node->name,
			              spec[i].name);
	}
}

/* Takes the text out of v (so cfg_values_free leaves it). */
static char *cfg_take(struct cfg_value *v)
{
	char *s = v->text;

	v->text = NULL;
	return s;
}

/* Text other than blanks between elements. */
static bool cfg_is_stray_text(const xmlNode *child)
{
	return (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
	       !xmlIsBlankNode(child);
}

/* A child the caller does not expect; comments are fine. */
static void cfg_stray(struct cfg_load *ld, const xmlNode *parent, const xmlNode *child)
{
	if (child->type == XML_ELEMENT_NODE)
		cfg_table_err(ld, child, "<%s>: unknown element <%s>", parent->name, child->name);
	else if (cfg_is_stray_text(child))
		cfg_table_err(ld, child, "<%s>: text is not allowed here", parent->name);
}

/* A relative path is taken from the configuration file's folder. */
static char *cfg_resolve(struct cfg_load *ld, const char *path)
{
	char *out = NULL;

	if (path[0] == '/')
		out = strdup(path);
	else if (asprintf(&out, "%s/%s", ld->dir, path) < 0)
		out = NULL;
	if (out == NULL)
		ld->oom = true;
	return out;
}

/*
 * A secret file must exist and be private (ns_secret_file_check: a regular
 * file that group and others cannot access), checked now so that -n and a
 * reload report it.  Only the metadata is read here.
 */
static void cfg_secret_check(struct cfg_load *ld, long line, const char *attr, const char *path)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ELOOP)
			cfg_rule_err(ld, line, "<credentials>: %s \"%s\" is a symbolic link", attr,
			             path);
		else
			cfg_rule_err(ld, line, "<credentials>: %s \"%s\": %s", attr, path,
			             strerror(errno));
		return;
	}
	if (ns_secret_file_check(fd) != NERR_Success) {
		if (fstat(fd, &st) != 0)
			cfg_rule_err(ld, line, "<credentials>: %s \"%s\": %s", attr, path,
			             strerror(errno));
		else if (!S_ISREG(st.st_mode))
			cfg_rule_err(ld, line, "<credentials>: %s \"%s\" is not a regular file",
			             attr, path);
		else
			cfg_rule_err(ld, line,
			             "<credentials>: %s \"%s\" is accessible by group or others "
			             "(mode %04o); make it private (chmod 600)",
			             attr, path, (unsigned)(st.st_mode & 07777));
	}
	close(fd);
}

/* The one kind of credentials: password file, auth file or Kerberos. */
static bool cfg_cred_kind(struct cfg_load *ld, const xmlNode *node, const struct cfg_value *v,
                          enum nsd_cred_kind *kind)
{
	bool pw = v[CRED_USERNAME].text || v[CRED_DOMAIN].text || v[CRED_PASSWORD_FILE].text;
	bool af = v[CRED_AUTH_FILE].text != NULL, krb = v[CRED_KERBEROS].text != NULL;

	if (pw + af + krb != 1) {
		cfg_table_err(ld, node,
		              "<credentials>: give exactly one of: username and password-file, "
		              "auth-file, kerberos=\"yes\"");
		return false;
	}
	if (pw && v[CRED_USERNAME].text == NULL)
		cfg_table_err(ld, node, "<credentials>: missing attribute \"username\"");
	if (pw && v[CRED_PASSWORD_FILE].text == NULL)
		cfg_table_err(ld, node, "<credentials>: missing attribute \"password-file\"");
	*kind = pw ? NSD_CRED_PASSWORD_FILE : af ? NSD_CRED_AUTH_FILE : NSD_CRED_KERBEROS;
	return !pw || (v[CRED_USERNAME].text && v[CRED_PASSWORD_FILE].text);
}

static void cfg_credentials(struct cfg_load *ld, const xmlNode *node, struct nsd_server *srv)
{
	struct cfg_value v[CRED_NATTRS];
	long line = xmlGetLineNo(node);

	cfg_attrs_read(ld, node, cfg_cred_attrs, CRED_NATTRS, v);
	for (const xmlNode *c = node->children; c != NULL; c = c->next)
		cfg_stray(ld, node, c);
	if (!cfg_cred_kind(ld, node, v, &srv->cred_kind))
		goto out_free_values;
	if (srv->cred_kind == NSD_CRED_PASSWORD_FILE) {
		srv->username = cfg_take(&v[CRED_USERNAME]);
		srv->domain = cfg_take(&v[CRED_DOMAIN]);
		if (v[CRED_PASSWORD_FILE].ok) {
			srv->password_file = cfg_resolve(ld, v[CRED_PASSWORD_FILE].text);
			if (srv->password_file != NULL)
				cfg_secret_check(ld, line, "password-file", srv->password_file);
		}
	} else if (srv->cred_kind == NSD_CRED_AUTH_FILE && v[CRED_AUTH_FILE].ok) {
		srv->auth_file = cfg_resolve(ld, v[CRED_AUTH_FILE].text);
		if (srv->auth_file != NULL)
			cfg_secret_check(ld, line, "auth-file", srv->auth_file);
	}
out_free_values:
	cfg_values_free(v, CRED_NATTRS);
}

static void cfg_smb(struct cfg_load *ld, const xmlNode *node, struct nsd_server *srv)
{
	struct cfg_value v[SMB_NATTRS];

	cfg_attrs_read(ld, node, cfg_smb_attrs, SMB_NATTRS, v);
	for (const xmlNode *c = node->children; c != NULL; c = c->next)
		cfg_stray(ld, node, c);
	if (v[SMB_SIGNING].ok)
		srv->signing = (enum netsess_smb_policy)v[SMB_SIGNING].num;
	if (v[SMB_ENCRYPT].ok)
		srv->encryption = (enum netsess_smb_policy)v[SMB_ENCRYPT].num;
	cfg_values_free(v, SMB_NATTRS);
}

/* <credentials> once, <smb> at most once, in any order. */
static void cfg_server_children(struct cfg_load *ld, const xmlNode *node, struct nsd_server *srv)
{
	unsigned ncred = 0, nsmb = 0;

	for (const xmlNode *c = node->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && cfg_is(c, "credentials")) {
			if (ncred++ == 0)
				cfg_credentials(ld, c, srv);
			else
				cfg_table_err(ld, c, "<server>: more than one <credentials>");
		} else if (c->type == XML_ELEMENT_NODE && cfg_is(c, "smb")) {
			if (nsmb++ == 0)
				cfg_smb(ld, c, srv);
			else
				cfg_table_err(ld, c, "<server>: more than one <smb>");
		} else {
			cfg_stray(ld, node, c);
		}
	}
	if (ncred == 0)
		cfg_table_err(ld, node, "<server>: missing element <credentials>");
}

/* srv->index stays 0 when the file gives none (or an invalid one). */
static void cfg_server(struct cfg_load *ld, const xmlNode *node, struct nsd_server *srv)
{
	struct cfg_value v[SERVER_NATTRS];
	long line = xmlGetLineNo(node);

	srv->line = line > INT_MAX ? INT_MAX : (int)line;
	srv->port = NSD_DEFAULT_PORT;
	srv->poll_interval_ms = NSD_DEFAULT_POLL_INTERVAL_MS;
	srv->timeout_ms = NSD_DEFAULT_TIMEOUT_MS;
	srv->delete_timeout_ms = NSD_DEFAULT_DELETE_TIMEOUT_MS;
	srv->signing = NSD_DEFAULT_SIGNING;
	srv->encryption = NSD_DEFAULT_ENCRYPTION;
	cfg_attrs_read(ld, node, cfg_server_attrs, SERVER_NATTRS, v);
	if (v[SERVER_INDEX].ok)
		srv->index = v[SERVER_INDEX].num;
	if (v[SERVER_NAME].ok)
		srv->name = cfg_take(&v[SERVER_NAME]);
	if (v[SERVER_HOST].ok)
		srv->host = cfg_take(&v[SERVER_HOST]);
	if (v[SERVER_PORT].ok)
		srv->port = v[SERVER_PORT].num;
	if (v[SERVER_POLL].ok)
		srv->poll_interval_ms = v[SERVER_POLL].num;
	if (v[SERVER_TIMEOUT].ok)
		srv->timeout_ms = v[SERVER_TIMEOUT].num;
	if (v[SERVER_DELETE_TIMEOUT].ok)
		srv->delete_timeout_ms = v[SERVER_DELETE_TIMEOUT].num;
	cfg_values_free(v, SERVER_NATTRS);
	cfg_server_children(ld, node, srv);
}

static void cfg_agentx(struct cfg_load *ld, const xmlNode *node, struct nsd_config *cfg)
{
	struct cfg_value v[AGENTX_NATTRS];

	cfg_attrs_read(ld, node, cfg_agentx_attrs, AGENTX_NATTRS, v);
	for (const xmlNode *c = node->children; c != NULL; c = c->next)
		cfg_stray(ld, node, c);
	if (v[AGENTX_ADDRESS].ok)
		cfg->agentx_address = cfg_take(&v[AGENTX_ADDRESS]);
	if (v[AGENTX_PING].ok)
		cfg->ping_interval = v[AGENTX_PING].num;
	cfg_values_free(v, AGENTX_NATTRS);
}

static struct nsd_server *cfg_server_add(struct cfg_load *ld, struct nsd_config *cfg)
{
	struct nsd_server *v = realloc(cfg->servers, (cfg->nservers + 1) * sizeof(*v));

	if (v == NULL) {
		ld->oom = true;
		return NULL;
	}
	cfg->servers = v;
	memset(&v[cfg->nservers], 0, sizeof(*v));
	return &v[cfg->nservers++];
}

/* <netsessd>: at most one <agentx> and one or more <server>, any order. */
static void cfg_root(struct cfg_load *ld, const xmlNode *root, struct nsd_config *cfg)
{
	unsigned nagentx = 0;

	if (root->ns != NULL) {
		cfg_table_err(ld, root, "<netsessd> must not have a namespace");
		return;
	}
	if (!cfg_is(root, "netsessd")) {
		cfg_table_err(ld, root, "the root element is <%s>, not <netsessd>", root->name);
		return;
	}
	cfg_attrs_read(ld, root, NULL, 0, NULL);
	for (const xmlNode *c = root->children; c != NULL && !ld->oom; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && cfg_is(c, "server")) {
			struct nsd_server *srv = cfg_server_add(ld, cfg);

			if (srv != NULL)
				cfg_server(ld, c, srv);
		} else if (c->type == XML_ELEMENT_NODE && cfg_is(c, "agentx")) {
			if (nagentx++ == 0)
				cfg_agentx(ld, c, cfg);
			else
				cfg_table_err(ld, c, "<netsessd>: more than one <agentx>");
		} else {
			cfg_stray(ld, root, c);
		}
	}
	if (cfg->nservers == 0 && !ld->oom)
		cfg_table_err(ld, root, "<netsessd>: at least one <server> is required");
}

/* ---- rules beyond the schema ------------------------------------------ */

/*
 * Explicit indexes must be unique.  A server without one gets the next
 * index after the previous server's (1 for the first) that no other server
 * uses, explicitly or already implicitly: smbServerIndex ([SMB-SESSION-MIB]
 * 1..65535) must not change when an unrelated server is added later.
 */
static void cfg_number_servers(struct cfg_load *ld, struct nsd_config *cfg)
{
	unsigned char *used = calloc(CFG_INDEX_MAX + 2, 1);
	int *first_line = calloc(CFG_INDEX_MAX + 1, sizeof(*first_line));
	unsigned prev = 0;

	if (used == NULL || first_line == NULL) {
		ld->oom = true;
		goto out_free;
	}
	for (size_t i = 0; i < cfg->nservers; i++) {
		struct nsd_server *s = &cfg->servers[i];

		if (s->index == 0)
			continue;
		if (used[s->index])
			cfg_rule_err(ld, s->line, "<server>: index %u is already used at line %d",
			             s->index, first_line[s->index]);
		else
			first_line[s->index] = s->line;
		used[s->index] = 1;
	}
	for (size_t i = 0; i < cfg->nservers; i++) {
		struct nsd_server *s = &cfg->servers[i];
		unsigned idx = prev + 1;

		if (s->index != 0) {
			prev = s->index;
			continue;
		}
		while (idx <= CFG_INDEX_MAX && used[idx])
			idx++;
		if (idx > CFG_INDEX_MAX) {
			cfg_rule_err(ld, s->line, "<server>: no free index after %u", prev);
			continue;
		}
		used[idx] = 1;
		s->index = prev = idx;
	}
out_free:
	free(first_line);
	free(used);
}

static int cfg_server_name_cmp(const void *a, const void *b)
{
	const struct nsd_server *x = *(const struct nsd_server *const *)a;
	const struct nsd_server *y = *(const struct nsd_server *const *)b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

/* Names must be unique: the later ones are reported against the first. */
static void cfg_unique_names(struct cfg_load *ld, struct nsd_config *cfg)
{
	const struct nsd_server **v = calloc(cfg->nservers + 1, sizeof(*v));
	size_t n = 0;

	if (v == NULL) {
		ld->oom = true;
		return;
	}
	for (size_t i = 0; i < cfg->nservers; i++)
		if (cfg->servers[i].name != NULL)
			v[n++] = &cfg->servers[i];
	qsort(v, n, sizeof(*v), cfg_server_name_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		char q[40];

		if (strcmp(v[i]->name, v[first]->name) != 0) {
			first = i;
			continue;
		}
		cfg_rule_err(ld, v[i]->line, "<server>: name \"%s\" is already used at line %d",
		             cfg_quote(v[i]->name, q), v[first]->line);
	}
	free(v);
}

static int cfg_server_index_cmp(const void *a, const void *b)
{
	const struct nsd_server *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

/* ---- libxml2 ----------------------------------------------------------- */

/* Reads path whole into *buf (the caller's, NUL-terminated). */
static bool cfg_read_file(struct cfg_load *ld, const char *path, char **buf, size_t *len)
{
	struct stat st;
	char *b = NULL;
	size_t n = 0, size;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		cfg_file_err(ld, path, 0, "%s", strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		cfg_file_err(ld, path, 0, "not a regular file");
		goto out_close;
	}
	if (st.st_size > (off_t)CFG_FILE_MAX) {
		cfg_file_err(ld, path, 0, "larger than %u bytes", CFG_FILE_MAX);
		goto out_close;
	}
	/* One byte more than the size, to see a file that grows meanwhile. */
	size = (size_t)st.st_size + 1;
	b = malloc(size + 1);
	if (b == NULL) {
		ld->oom = true;
		goto out_close;
	}
	for (;;) {
		ssize_t r = read(fd, b + n, size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			cfg_file_err(ld, path, 0, "%s", strerror(errno));
			goto out_free_buf;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == size) {
			cfg_file_err(ld, path, 0, "changed while being read");
			goto out_free_buf;
		}
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return true;

out_free_buf:
	free(b);
out_close:
	close(fd);
	return false;
}

/* libxml2's message without its trailing newline. */
static void cfg_xml_msg(struct cfg_load *ld, struct cfg_msgs *m, const char *file, long line,
                        const char *message)
{
	char *text = NULL;
	int len = message ? (int)strcspn(message, "\n") : 0;
	int rc;

	if (len == 0) {
		message = "error";
		len = 5;
	}
	if (line > 0)
		rc = asprintf(&text, "%s:%ld: %.*s", file, line, len, message);
	else
		rc = asprintf(&text, "%s: %.*s", file, len, message);
	cfg_msgs_push(ld, m, line, rc < 0 ? NULL : text);
}

struct cfg_parse {
	struct cfg_load *ld;
	const char *path;
};

/* Structured error handler of the XML parser (user data: the context). */
static void cfg_parse_error(void *data, cfg_xml_error *err)
{
	xmlParserCtxtPtr ctxt = data;
	struct cfg_parse *p = ctxt->_private;

	if (err->level < XML_ERR_ERROR)
		return;
	cfg_xml_msg(p->ld, &p->ld->msgs, p->path, err->line, err->message);
}

/*
 * libxml2 dates an element at the end of its start tag, which often spans
 * lines: move it back to the line of its '<' (the last one before the end
 * of the tag, since '<' cannot occur inside an attribute value).
 */
static void cfg_sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
                          int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = ctx;
	const xmlChar *p;
	unsigned short nl = 0;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
	if (ctxt->node == NULL || ctxt->input == NULL || ctxt->input->cur == NULL ||
	    ctxt->node->line >= 65535)
		return;
	for (p = ctxt->input->cur; p > ctxt->input->base && p[-1] != '<'; p--)
		if (p[-1] == '\n')
			nl++;
	if (p > ctxt->input->base && nl < ctxt->node->line)
		ctxt->node->line = (unsigned short)(ctxt->node->line - nl);
}

/* Parses path without network access or external entities. */
static xmlDoc *cfg_parse_file(struct cfg_load *ld, const char *path)
{
	struct cfg_parse p = {ld, path};
	size_t before = ld->msgs.n, len;
	xmlParserCtxtPtr ctxt;
	xmlDoc *doc = NULL;
	char *buf;

	if (!cfg_read_file(ld, path, &buf, &len))
		return NULL;
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		ld->oom = true;
		goto out_free_buf;
	}
	ctxt->_private = &p;
	ctxt->sax->serror = cfg_parse_error;
	ctxt->sax->startElementNs = cfg_sax_start;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL,
	                        XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	if (doc == NULL && ld->msgs.n == before)
		cfg_file_err(ld, path, 0, "cannot parse the XML");
	xmlFreeParserCtxt(ctxt);
out_free_buf:
	free(buf);
	return doc;
}

/* True when node is anc or lies inside it. */
static bool cfg_node_within(const xmlNode *node, const xmlNode *anc)
{
	for (; node != NULL; node = node->parent)
		if (node == anc)
			return true;
	return false;
}

/*
 * Validity error handler.  libxml2 reports an error, then the same failure
 * again for each enclosing element ("failed to validate content") and
 * sometimes without a node: keep the first error of a subtree only.
 */
static void cfg_rng_error(void *data, cfg_xml_error *err)
{
	struct cfg_load *ld = data;
	const xmlNode *node = err->node;
	const xmlNode **nodes;
	long line = err->line;

	if (err->level < XML_ERR_ERROR)
		return;
	if (node == NULL && ld->rng.n > 0)
		return;
	for (size_t i = 0; node != NULL && i < ld->rng_nnodes; i++)
		if (cfg_node_within(ld->rng_nodes[i], node))
			return;
	if (node != NULL) {
		nodes = realloc(ld->rng_nodes, (ld->rng_nnodes + 1) * sizeof(*nodes));
		if (nodes == NULL) {
			ld->oom = true;
			return;
		}
		nodes[ld->rng_nnodes++] = node;
		ld->rng_nodes = nodes;
		if (line <= 0 && node->type == XML_ELEMENT_NODE)
			line = xmlGetLineNo(node);
	}
	cfg_xml_msg(ld, &ld->rng, ld->path, line, err->message);
}

/* Errors in the schema itself name the schema file. */
struct cfg_schema_parse {
	struct cfg_load *ld;
	const char *path;
};

static void cfg_schema_error(void *data, cfg_xml_error *err)
{
	struct cfg_schema_parse *p = data;

	if (err->level < XML_ERR_ERROR)
		return;
	cfg_xml_msg(p->ld, &p->ld->msgs, p->path, err->line, err->message);
}

static xmlRelaxNGPtr cfg_schema_load(struct cfg_load *ld, const char *schema_path)
{
	struct cfg_schema_parse p = {ld, schema_path};
	size_t before = ld->msgs.n;
	xmlRelaxNGParserCtxtPtr pctxt;
	xmlRelaxNGPtr schema = NULL;
	xmlDoc *sdoc;

	sdoc = cfg_parse_file(ld, schema_path);
	if (sdoc == NULL)
		return NULL;
	pctxt = xmlRelaxNGNewDocParserCtxt(sdoc);
	if (pctxt == NULL) {
		ld->oom = true;
		goto out_free_doc;
	}
	xmlRelaxNGSetParserStructuredErrors(pctxt, cfg_schema_error, &p);
	schema = xmlRelaxNGParse(pctxt);
	if (schema == NULL && ld->msgs.n == before)
		cfg_file_err(ld, schema_path, 0, "not a valid RelaxNG schema");
	xmlRelaxNGFreeParserCtxt(pctxt);
out_free_doc:
	xmlFreeDoc(sdoc);
	return schema;
}

/* Validates doc; its errors go to ld->rng.  False when the schema failed. */
static bool cfg_validate(struct cfg_load *ld, xmlDoc *doc, const char *schema_path)
{
	xmlRelaxNGValidCtxtPtr vctxt;
	xmlRelaxNGPtr schema;
	int rc;

	schema = cfg_schema_load(ld, schema_path);
	if (schema == NULL)
		return false;
	vctxt = xmlRelaxNGNewValidCtxt(schema);
	if (vctxt == NULL) {
		ld->oom = true;
		goto out_free_schema;
	}
	xmlRelaxNGSetValidStructuredErrors(vctxt, cfg_rng_error, ld);
	rc = xmlRelaxNGValidateDoc(vctxt, doc);
	if (rc != 0 && ld->rng.n == 0)
		cfg_xml_msg(ld, &ld->rng, ld->path, 0, "does not match the schema");
	xmlRelaxNGFreeValidCtxt(vctxt);
out_free_schema:
	xmlRelaxNGFree(schema);
	return true;
}

/* The absolute folder of path (relative secret paths start there). */
static char *cfg_dir_of(struct cfg_load *ld, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL) {
		ld->oom = true;
		return NULL;
	}
	real = realpath(dir, NULL);
	if (real == NULL)
		return dir;
	free(dir);
	return real;
}

/* ---- public ------------------------------------------------------------ */

const char *nsd_config_schema_path(void)
{
	const char *env = getenv(NSD_SCHEMA_ENV);

	return env != NULL && env[0] != '\0' ? env : NSD_SCHEMA_PATH;
}

static void cfg_server_free(struct nsd_server *s)
{
	free(s->name);
	free(s->host);
	free(s->username);
	free(s->domain);
	free(s->password_file);
	free(s->auth_file);
}

void nsd_config_free(struct nsd_config *cfg)
{
	if (cfg == NULL)
		return;
	for (size_t i = 0; i < cfg->nservers; i++)
		cfg_server_free(&cfg->servers[i]);
	free(cfg->servers);
	free(cfg->agentx_address);
	free(cfg->path);
	free(cfg);
}

/* Reads, validates and walks the document into cfg; errors into ld. */
static void cfg_load_into(struct cfg_load *ld, const char *schema_path, struct nsd_config *cfg)
{
	xmlDoc *doc = cfg_parse_file(ld, ld->path);
	const xmlNode *root;

	if (doc == NULL)
		return;
	if (doc->intSubset != NULL) {
		cfg_file_err(ld, ld->path, 0, "a DOCTYPE is not allowed");
		goto out_free_doc;
	}
	ld->dir = cfg_dir_of(ld, ld->path);
	root = xmlDocGetRootElement(doc);
	if (ld->dir == NULL || root == NULL || !cfg_validate(ld, doc, schema_path))
		goto out_free_doc;
	cfg_root(ld, root, cfg);
	if (ld->table_errors == 0) {
		/* Nothing the table explains: show what the schema said. */
		for (size_t i = 0; i < ld->rng.n; i++) {
			cfg_msgs_push(ld, &ld->msgs, ld->rng.v[i].line, ld->rng.v[i].text);
			ld->rng.v[i].text = NULL;
		}
	}
	cfg_number_servers(ld, cfg);
	cfg_unique_names(ld, cfg);
out_free_doc:
	xmlFreeDoc(doc);
}

struct nsd_config *nsd_config_load(const char *path, const char *schema_path,
                                   struct nsd_config_errors *errs)
{
	struct cfg_load ld = {.path = path};
	struct nsd_config *cfg;

	if (errs != NULL)
		*errs = (struct nsd_config_errors){0, NULL};
	if (path == NULL)
		return NULL;
	xmlInitParser();
	cfg = calloc(1, sizeof(*cfg));
	if (cfg == NULL)
		return NULL;
	cfg->ping_interval = NSD_DEFAULT_PING_INTERVAL;
	cfg_load_into(&ld, schema_path ? schema_path : nsd_config_schema_path(), cfg);
	cfg->path = strdup(path);
	if (cfg->path == NULL)
		ld.oom = true;
	if (ld.msgs.n > 0 || ld.oom) {
		cfg_msgs_give(&ld, &ld.msgs, errs);
		nsd_config_free(cfg);
		cfg = NULL;
	} else {
		qsort(cfg->servers, cfg->nservers, sizeof(*cfg->servers), cfg_server_index_cmp);
	}
	cfg_msgs_free(&ld.msgs);
	cfg_msgs_free(&ld.rng);
	free(ld.rng_nodes);
	free(ld.dir);
	return cfg;
}

void nsd_server_auth_clear(struct nsd_server_auth *holder)
{
	if (holder == NULL)
		return;
	free(holder->username);
	ns_secret_free(holder->password);
	free(holder->domain);
	*holder = (struct nsd_server_auth){NULL, NULL, NULL, NULL};
}

/* Owned copies of the user name and domain, and the password file read. */
static netsess_status_t cfg_password_options(const struct nsd_server *srv,
                                             struct nsd_server_auth *holder)
{
	holder->username = strdup(srv->username);
	if (holder->username == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (srv->domain != NULL) {
		holder->domain = strdup(srv->domain);
		if (holder->domain == NULL)
			return ERROR_NOT_ENOUGH_MEMORY;
	}
	return ns_password_file_read(srv->password_file, &holder->password);
}

netsess_status_t nsd_server_options(const struct nsd_server *srv, struct nsd_server_auth *holder,
                                    struct netsess_options *opts)
{
	netsess_status_t st = NERR_Success;

	if (srv == NULL || holder == NULL || opts == NULL)
		return ERROR_INVALID_PARAMETER;
	*holder = (struct nsd_server_auth){NULL, NULL, NULL, NULL};
	memset(opts, 0, sizeof(*opts));
	switch (srv->cred_kind) {
	case NSD_CRED_PASSWORD_FILE:
		st = cfg_password_options(srv, holder);
		break;
	case NSD_CRED_AUTH_FILE:
		holder->auth_file = srv->auth_file;
		break;
	case NSD_CRED_KERBEROS:
		opts->kerberos = true;
		break;
	}
	if (st != NERR_Success) {
		nsd_server_auth_clear(holder);
		return st;
	}
	opts->username = holder->username;
	opts->password = holder->password;
	opts->domain = holder->domain;
	opts->auth_file = holder->auth_file;
	opts->signing = srv->signing;
	opts->encryption = srv->encryption;
	opts->port = (uint16_t)srv->port;
	opts->timeout_ms = srv->timeout_ms;
	return NERR_Success;
}
