/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.c - every rule of netsessd.conf(5), in one place: the elements and
 * attributes, how often each may appear, the values each takes and the
 * field each fills; that secret files are private; and the rules between
 * elements.  Each broken rule adds a message "FILE:LINE: <element>: ...".
 * agent/config/netsessd.rng states the rules a schema can state, for other
 * tools; the unit test keeps the two in agreement.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth_file.h"
#include "cfg.h"

enum cfg_type {
	CFG_TEXT,    /* min..max characters, no control character (XSD \p{Cc}) */
	CFG_HOST,    /* CFG_TEXT of [A-Za-z0-9._-]: a DNS name or IPv4 address */
	CFG_ADDRS,   /* CFG_TEXT: a comma-separated list, no blank, no empty item */
	CFG_SECRET,  /* CFG_TEXT: the path of a file only its owner may access;
	                a relative path starts in the configuration's folder */
	CFG_UINT,    /* 1..10 decimal digits, min..max */
	CFG_SECONDS, /* seconds, at most 3 decimals: min..max milliseconds */
	CFG_CHOICE,  /* one of choices */
};

struct cfg_choice {
	const char *name;
	unsigned value;
};

/* One attribute: the rule of its value, and the field of its element's
 * struct it fills: an unsigned for numbers and choices (dflt when the
 * attribute is absent), a char * for the others (NULL when absent). */
struct cfg_rule {
	const char *name;
	enum cfg_type type;
	bool required;
	unsigned min, max; /* characters, or the value (milliseconds for seconds) */
	unsigned dflt;
	const struct cfg_choice *choices; /* CFG_CHOICE; ends with name NULL */
	size_t field;                     /* offsetof; NOWHERE (choices only) */
};
#define NOWHERE SIZE_MAX

/* One element: its attributes, its children, and two hooks. */
struct cfg_element {
	const char *name;
	bool required, repeated; /* in its parent */
	const struct cfg_rule *attrs;
	unsigned nattrs;
	const struct cfg_element *children; /* ends with name NULL; NULL: none */
	/* The struct the attributes fill, from the parent's; NULL: the same. */
	void *(*open)(struct cfg_load *ld, const xmlNode *n, void *parent);
	/* Rules between the attributes given (bit i: attrs[i]); NULL: none. */
	void (*close)(struct cfg_load *ld, const xmlNode *n, unsigned given, void *obj);
};
#define BIT(i) (1u << (i))
#define CFG_CHILDREN_MAX 8u
#define CFG_INDEX_MAX 65535u /* smbServerIndex (SMB-SESSION-MIB) */

/* ---- values ------------------------------------------------------------ */

/* The line of n (a file of at most 1 MiB has fewer than INT_MAX). */
static int cfg_line(const xmlNode *n)
{
	return (int)xmlGetLineNo(n);
}

/* An error at element n: "FILE:LINE: <element>: text". */
static void cfg_bad(struct cfg_load *ld, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cfg_bad(struct cfg_load *ld, const xmlNode *n, const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (text != NULL)
		cfg_error(ld, cfg_line(n), "<%s>: %s", (const char *)n->name, text);
	ld->oom |= text == NULL;
	free(text);
}

/* Up to 32 characters of s for a message: control bytes become '?'. */
static const char *cfg_quote(const char *s, char out[static 40])
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < 32; i++)
		out[i] = (unsigned char)s[i] >= 0x20 && s[i] != 0x7f ? s[i] : '?';
	strcpy(out + i, s[i] != '\0' ? "..." : "");
	return out;
}

/* "D" or, for seconds, "D[.ddd]" (1..10 digits D) into *out (ms). */
static bool cfg_number(const char *s, bool seconds, uint64_t *out)
{
	uint64_t v = 0, unit = 1000;
	size_t i = 0, dot;

	for (; s[i] >= '0' && s[i] <= '9' && i < 11; i++)
		v = 10 * v + (uint64_t)(s[i] - '0');
	if (i == 0 || i > 10)
		return false;
	if (seconds)
		v *= 1000;
	if (seconds && s[i] == '.') {
		for (dot = i++; s[i] >= '0' && s[i] <= '9' && i - dot <= 3; i++)
			v += (unit /= 10) * (uint64_t)(s[i] - '0');
		if (i == dot + 1)
			return false;
	}
	*out = v;
	return s[i] == '\0';
}

/*
 * A secret file must exist and be private (ns_secret_file_check: a regular
 * file that group and others cannot access), checked at load so that -n
 * and a reload report it.  Only its metadata is read.
 */
static void cfg_secret_check(struct cfg_load *ld, const xmlNode *n, const char *attr,
                             const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;

	if (fd < 0 && errno == ELOOP)
		cfg_bad(ld, n, "%s \"%s\" is a symbolic link", attr, path);
	else if (fd < 0 || fstat(fd, &st) != 0)
		cfg_bad(ld, n, "%s \"%s\": %s", attr, path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		cfg_bad(ld, n, "%s \"%s\" is not a regular file", attr, path);
	else if (ns_secret_file_check(fd) != NERR_Success)
		cfg_bad(ld, n,
		        "%s \"%s\" is accessible by group or others (mode %04o); make it private "
		        "(chmod 600)",
		        attr, path, (unsigned)(st.st_mode & 07777));
	if (fd >= 0)
		close(fd);
}

/* Text: its length in characters (libxml2 gives UTF-8), no control
 * character (C0, DEL, C1 U+0080..U+009F); hosts and lists, their form. */
static bool cfg_text_ok(struct cfg_load *ld, const xmlNode *n, const struct cfg_rule *r,
                        const char *s)
{
	static const char host[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                           "0123456789._-";
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0, len = strlen(s);

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			cfg_bad(ld, n, "%s contains a control character", r->name);
			return false;
		}
		chars += (*p & 0xc0) != 0x80; /* not a continuation byte */
	}
	if (chars < r->min || chars > r->max)
		cfg_bad(ld, n, "%s must have %u to %u characters", r->name, r->min, r->max);
	else if (r->type == CFG_HOST && strspn(s, host) != len)
		cfg_bad(ld, n, "%s is not a DNS name or an IP address", r->name);
	else if (r->type == CFG_ADDRS && (strchr(s, ' ') != NULL || s[0] == ',' ||
	                                  s[len - 1] == ',' || strstr(s, ",,") != NULL))
		cfg_bad(ld, n, "%s must be transport addresses separated by commas, without blanks",
		        r->name);
	else
		return true;
	return false;
}

static bool cfg_number_ok(struct cfg_load *ld, const xmlNode *n, const struct cfg_rule *r,
                          const char *s, unsigned *value)
{
	bool seconds = r->type == CFG_SECONDS;
	uint64_t num;
	char q[40];

	if (!cfg_number(s, seconds, &num)) {
		cfg_bad(ld, n, "%s \"%s\" is not %s", r->name, cfg_quote(s, q),
		        seconds ? "a number of seconds (at most 3 decimals)" : "a whole number");
		return false;
	}
	if (num >= r->min && num <= r->max) {
		*value = (unsigned)num;
		return true;
	}
	if (seconds)
		cfg_bad(ld, n, "%s \"%s\" is out of range %g..%g seconds", r->name, cfg_quote(s, q),
		        r->min / 1000.0, r->max / 1000.0);
	else
		cfg_bad(ld, n, "%s \"%s\" is out of range %u..%u", r->name, cfg_quote(s, q), r->min,
		        r->max);
	return false;
}

static bool cfg_choice_ok(struct cfg_load *ld, const xmlNode *n, const struct cfg_rule *r,
                          const char *s, unsigned *value)
{
	char q[40], list[128] = "";

	for (const struct cfg_choice *c = r->choices; c->name != NULL; c++) {
		if (strcmp(s, c->name) == 0) {
			*value = c->value;
			return true;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
		         c == r->choices ? "" : ", ", c->name);
	}
	cfg_bad(ld, n, "%s \"%s\" is not one of: %s", r->name, cfg_quote(s, q), list);
	return false;
}

/* A relative path starts in the configuration file's folder. */
static char *cfg_path(struct cfg_load *ld, const char *s)
{
	char *path = NULL;

	if (s[0] == '/')
		return cfg_strdup(ld, s);
	if (asprintf(&path, "%s/%s", ld->dir, s) < 0) {
		ld->oom = true;
		return NULL;
	}
	return path;
}

/* Copies a value into its field of obj. */
static void cfg_store(const struct cfg_rule *r, void *obj, const void *value, size_t size)
{
	if (r->field != NOWHERE)
		memcpy((char *)obj + r->field, value, size);
}

/* Checks the value s of attribute r and stores it into obj. */
static void cfg_value(struct cfg_load *ld, const xmlNode *n, const struct cfg_rule *r,
                      const char *s, void *obj)
{
	unsigned num;
	char *text;

	if (r->type == CFG_UINT || r->type == CFG_SECONDS) {
		if (cfg_number_ok(ld, n, r, s, &num))
			cfg_store(r, obj, &num, sizeof(num));
	} else if (r->type == CFG_CHOICE) {
		if (cfg_choice_ok(ld, n, r, s, &num))
			cfg_store(r, obj, &num, sizeof(num));
	} else if (cfg_text_ok(ld, n, r, s)) {
		text = r->type == CFG_SECRET ? cfg_path(ld, s) : cfg_strdup(ld, s);
		if (text != NULL && r->type == CFG_SECRET && ld->rules == CFG_ALL_RULES)
			cfg_secret_check(ld, n, r->name, text);
		cfg_store(r, obj, &text, sizeof(text));
	}
}

/* ---- elements ---------------------------------------------------------- */

/* Checks n's attributes by e's rules and stores them into obj; returns
 * which were given (bit i: e->attrs[i]). */
static unsigned cfg_attrs(struct cfg_load *ld, const struct cfg_element *e, const xmlNode *n,
                          void *obj)
{
	unsigned given = 0, i;

	for (i = 0; i < e->nattrs; i++)
		if (e->attrs[i].type >= CFG_UINT)
			cfg_store(&e->attrs[i], obj, &e->attrs[i].dflt, sizeof(unsigned));
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
		xmlChar *value = xmlNodeGetContent((const xmlNode *)a);

		i = 0;
		while (i < e->nattrs && strcmp(e->attrs[i].name, (const char *)a->name) != 0)
			i++;
		if (i == e->nattrs) {
			cfg_bad(ld, n, "unknown attribute \"%s\"", (const char *)a->name);
		} else if (value != NULL) {
			cfg_value(ld, n, &e->attrs[i], (const char *)value, obj);
			given |= BIT(i);
		}
		ld->oom |= value == NULL;
		xmlFree(value);
	}
	for (i = 0; i < e->nattrs; i++)
		if (e->attrs[i].required && (given & BIT(i)) == 0)
			cfg_bad(ld, n, "missing attribute \"%s\"", e->attrs[i].name);
	return given;
}

/* Text is refused, at its first line that is not blank (libxml2 dates a
 * text at its end). */
static void cfg_text(struct cfg_load *ld, const xmlNode *n, const xmlNode *text)
{
	const char *s = (const char *)text->content;
	int line = cfg_line(text);

	for (s += strspn(s, " \t\r\n"); *s != '\0'; s++)
		line -= *s == '\n';
	cfg_error(ld, line, "<%s>: text is not allowed here", (const char *)n->name);
}

static void cfg_element(struct cfg_load *ld, const struct cfg_element *e, const xmlNode *n,
                        void *parent);

/* n's children by e's rules: unknown ones, too many, missing ones, text. */
static void cfg_children(struct cfg_load *ld, const struct cfg_element *e, const xmlNode *n,
                         void *obj)
{
	unsigned count[CFG_CHILDREN_MAX] = {0}, texts = 0;
	const struct cfg_element *k;

	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!xmlIsBlankNode(c) && texts++ == 0)
				cfg_text(ld, n, c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue; /* a comment or a processing instruction */
		for (k = e->children; k != NULL && k->name != NULL; k++)
			if (strcmp(k->name, (const char *)c->name) == 0)
				break;
		if (k == NULL || k->name == NULL)
			cfg_error(ld, cfg_line(c), "<%s>: unknown element <%s>",
			          (const char *)n->name, (const char *)c->name);
		else if (count[k - e->children]++ > 0 && !k->repeated)
			cfg_error(ld, cfg_line(c), "<%s>: more than one <%s>",
			          (const char *)n->name, k->name);
		else
			cfg_element(ld, k, c, obj);
	}
	for (k = e->children; k != NULL && k->name != NULL; k++)
		if (k->required && count[k - e->children] == 0)
			cfg_bad(ld, n, "missing element <%s>", k->name);
}

static void cfg_element(struct cfg_load *ld, const struct cfg_element *e, const xmlNode *n,
                        void *parent)
{
	void *obj = e->open != NULL ? e->open(ld, n, parent) : parent;
	unsigned given;

	if (obj == NULL)
		return;
	given = cfg_attrs(ld, e, n, obj);
	if (e->close != NULL)
		e->close(ld, n, given, obj);
	cfg_children(ld, e, n, obj);
}

/* ---- the file format: netsessd.conf(5) ------------------------------- */

static const struct cfg_choice cfg_yes[] = {{"yes", 1}, {NULL, 0}};
static const struct cfg_choice cfg_delete_modes[] = {
    {"sync", NSD_DELETE_SYNC},
    {"async", NSD_DELETE_ASYNC},
    {NULL, 0},
};
static const struct cfg_choice cfg_signing[] = {
    {"off", NETSESS_SMB_OFF},
    {"if_required", NETSESS_SMB_IF_REQUIRED},
    {"required", NETSESS_SMB_REQUIRED},
    {NULL, 0},
};
/* Those of signing, and smb.conf's older "no" and "yes". */
static const struct cfg_choice cfg_encrypt[] = {
    {"off", NETSESS_SMB_OFF},           {"if_required", NETSESS_SMB_IF_REQUIRED},
    {"required", NETSESS_SMB_REQUIRED}, {"no", NETSESS_SMB_OFF},
    {"yes", NETSESS_SMB_REQUIRED},      {NULL, 0},
};
/* Choices fill these enums as an unsigned. */
_Static_assert(sizeof(enum nsd_delete_mode) == sizeof(unsigned), "enum size");
_Static_assert(sizeof(enum netsess_smb_policy) == sizeof(unsigned), "enum size");

#define REQUIRED true
#define OPTIONAL false
#define TEXT(name, req, max, field)                                                                \
	{                                                                                          \
		name, CFG_TEXT, req, 1, max, 0, NULL, field                                        \
	}
#define SECRET(name, field)                                                                        \
	{                                                                                          \
		name, CFG_SECRET, false, 1, 4095, 0, NULL, field                                   \
	}
#define NUMBER(name, type, min, max, dflt, field)                                                  \
	{                                                                                          \
		name, type, false, min, max, dflt, NULL, field                                     \
	}
#define CHOICE(name, choices, dflt, field)                                                         \
	{                                                                                          \
		name, CFG_CHOICE, false, 0, 0, dflt, choices, field                                \
	}
#define CFG(field) offsetof(struct nsd_config, field)
#define SRV(field) offsetof(struct nsd_server, field)

static const struct cfg_rule cfg_agentx_attrs[] = {
    TEXT("address", OPTIONAL, 255, CFG(agentx_address)),
    NUMBER("ping-interval", CFG_UINT, 1, 3600, NSD_DEFAULT_PING_INTERVAL, CFG(ping_interval)),
};

static const struct cfg_rule cfg_snmp_attrs[] = {
    {"listen", CFG_ADDRS, REQUIRED, 1, 1024, 0, NULL, CFG(snmp_listen)},
    SECRET("access", CFG(snmp_access)),
};

static const struct cfg_rule cfg_lanmgr_attrs[] = {
    TEXT("server", REQUIRED, 63, CFG(lanmgr_server)),
};

static const struct cfg_rule cfg_server_attrs[] = {
    NUMBER("index", CFG_UINT, 1, CFG_INDEX_MAX, 0, SRV(index)),
    TEXT("name", REQUIRED, 63, SRV(name)),
    {"host", CFG_HOST, REQUIRED, 1, 253, 0, NULL, SRV(host)},
    NUMBER("port", CFG_UINT, 1, 65535, NSD_DEFAULT_PORT, SRV(port)),
    NUMBER("poll-interval", CFG_SECONDS, 1000, 86400000, NSD_DEFAULT_POLL_INTERVAL_MS,
           SRV(poll_interval_ms)),
    NUMBER("timeout", CFG_SECONDS, 100, 600000, NSD_DEFAULT_TIMEOUT_MS, SRV(timeout_ms)),
    NUMBER("delete-timeout", CFG_SECONDS, 100, 60000, NSD_DEFAULT_DELETE_TIMEOUT_MS,
           SRV(delete_timeout_ms)),
    CHOICE("delete-mode", cfg_delete_modes, NSD_DEFAULT_DELETE_MODE, SRV(delete_mode)),
};

enum {
	CRED_USER,
	CRED_DOMAIN,
	CRED_PASSWORD,
	CRED_AUTH,
	CRED_KERBEROS,
	CRED_PRINCIPAL,
	CRED_KEYTAB
};
static const struct cfg_rule cfg_cred_attrs[] = {
    [CRED_USER] = TEXT("username", OPTIONAL, 255, SRV(username)),
    [CRED_DOMAIN] = TEXT("domain", OPTIONAL, 255, SRV(domain)),
    [CRED_PASSWORD] = SECRET("password-file", SRV(password_file)),
    [CRED_AUTH] = SECRET("auth-file", SRV(auth_file)),
    [CRED_KERBEROS] = CHOICE("kerberos", cfg_yes, 0, NOWHERE),
    [CRED_PRINCIPAL] = TEXT("principal", OPTIONAL, 255, SRV(principal)),
    [CRED_KEYTAB] = SECRET("keytab", SRV(keytab)),
};

static const struct cfg_rule cfg_smb_attrs[] = {
    CHOICE("signing", cfg_signing, NSD_DEFAULT_SIGNING, SRV(signing)),
    CHOICE("encrypt", cfg_encrypt, NSD_DEFAULT_ENCRYPTION, SRV(encryption)),
};

/* A new server, with the defaults of the elements it may lack. */
static void *cfg_server_new(struct cfg_load *ld, const xmlNode *n, void *parent)
{
	struct nsd_config *cfg = parent;
	struct nsd_server *v = realloc(cfg->servers, (cfg->nservers + 1) * sizeof(*v));

	if (v == NULL) {
		ld->oom = true;
		return NULL;
	}
	cfg->servers = v;
	v[cfg->nservers] = (struct nsd_server){
	    .signing = NSD_DEFAULT_SIGNING,
	    .encryption = NSD_DEFAULT_ENCRYPTION,
	    .line = cfg_line(n),
	};
	return &v[cfg->nservers++];
}

static void *cfg_lanmgr_line(struct cfg_load *ld, const xmlNode *n, void *parent)
{
	(void)ld;
	((struct nsd_config *)parent)->lanmgr_line = cfg_line(n);
	return parent;
}

/* Each kind of credentials: the attributes it has, and those it needs. */
static const struct {
	enum nsd_cred_kind kind;
	unsigned has, needs;
} cfg_cred_kinds[] = {
    {NSD_CRED_PASSWORD_FILE, BIT(CRED_USER) | BIT(CRED_DOMAIN) | BIT(CRED_PASSWORD),
     BIT(CRED_USER) | BIT(CRED_PASSWORD)},
    {NSD_CRED_AUTH_FILE, BIT(CRED_AUTH), BIT(CRED_AUTH)},
    {NSD_CRED_KERBEROS, BIT(CRED_KERBEROS), BIT(CRED_KERBEROS)},
    {NSD_CRED_KEYTAB, BIT(CRED_PRINCIPAL) | BIT(CRED_KEYTAB),
     BIT(CRED_PRINCIPAL) | BIT(CRED_KEYTAB)},
};

/* The attributes given make exactly one kind, with all it needs. */
static void cfg_credentials_kind(struct cfg_load *ld, const xmlNode *n, unsigned given, void *obj)
{
	unsigned kinds = 0, k = 0;

	for (unsigned i = 0; i < sizeof(cfg_cred_kinds) / sizeof(cfg_cred_kinds[0]); i++)
		if ((given & cfg_cred_kinds[i].has) != 0 && kinds++ == 0)
			k = i;
	if (kinds != 1) {
		cfg_bad(ld, n,
		        "give exactly one of: username and password-file, auth-file, "
		        "kerberos=\"yes\", principal and keytab");
		return;
	}
	((struct nsd_server *)obj)->cred_kind = cfg_cred_kinds[k].kind;
	for (unsigned i = 0; i <= CRED_KEYTAB; i++)
		if ((cfg_cred_kinds[k].needs & ~given & BIT(i)) != 0)
			cfg_bad(ld, n, "missing attribute \"%s\"", cfg_cred_attrs[i].name);
}

#define ATTRS(a) a, sizeof(a) / sizeof(a[0])

static const struct cfg_element cfg_server_children[] = {
    {"credentials", REQUIRED, false, ATTRS(cfg_cred_attrs), NULL, NULL, cfg_credentials_kind},
    {"smb", OPTIONAL, false, ATTRS(cfg_smb_attrs), NULL, NULL, NULL},
    {NULL, false, false, NULL, 0, NULL, NULL, NULL},
};

/* In any order; no server at all is valid. */
static const struct cfg_element cfg_root_children[] = {
    {"agentx", OPTIONAL, false, ATTRS(cfg_agentx_attrs), NULL, NULL, NULL},
    {"snmp", OPTIONAL, false, ATTRS(cfg_snmp_attrs), NULL, NULL, NULL},
    {"lanmgr-compat", OPTIONAL, false, ATTRS(cfg_lanmgr_attrs), NULL, cfg_lanmgr_line, NULL},
    {"server", OPTIONAL, true, ATTRS(cfg_server_attrs), cfg_server_children, cfg_server_new, NULL},
    {NULL, false, false, NULL, 0, NULL, NULL, NULL},
};

static const struct cfg_element cfg_root = {
    "netsessd", REQUIRED, false, NULL, 0, cfg_root_children, NULL, NULL,
};

void cfg_check(struct cfg_load *ld, const xmlNode *root, struct nsd_config *cfg)
{
	if (strcmp((const char *)root->name, cfg_root.name) != 0) {
		cfg_error(ld, cfg_line(root), "the root element is <%s>, not <netsessd>",
		          (const char *)root->name);
		return;
	}
	cfg_element(ld, &cfg_root, root, cfg);
	if (cfg->nservers == 0)
		cfg_warning(ld, cfg_line(root),
		            "no <server>: the tables stay empty until a reload adds one");
	for (const xmlNode *c = root->children; c != NULL && cfg->snmp_listen; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "agentx") == 0)
			cfg_warning(ld, cfg_line(c),
			            "<agentx> is not used: with <snmp>, netsessd is "
			            "a standalone SNMP agent");
}

/* ---- rules between elements, which no schema states ------------------- */

/*
 * Explicit indexes must be unique.  A server without one gets the next
 * index after the previous server's (1 for the first) that no server uses,
 * explicitly or already implicitly: so an index does not change when an
 * unrelated server is added later.
 */
static void cfg_number_servers(struct cfg_load *ld, struct nsd_config *cfg)
{
	int *line_of = calloc(CFG_INDEX_MAX + 1, sizeof(*line_of)); /* 0: unused */
	unsigned prev = 0, index;

	if (line_of == NULL) {
		ld->oom = true;
		return;
	}
	for (size_t i = 0; i < cfg->nservers; i++) {
		const struct nsd_server *s = &cfg->servers[i];

		if (s->index != 0 && line_of[s->index] != 0)
			cfg_error(ld, s->line, "<server>: index %u is already used at line %d",
			          s->index, line_of[s->index]);
		else if (s->index != 0)
			line_of[s->index] = s->line;
	}
	for (size_t i = 0; i < cfg->nservers; i++) {
		struct nsd_server *s = &cfg->servers[i];

		for (index = prev + 1; s->index == 0 && index <= CFG_INDEX_MAX; index++) {
			if (line_of[index] == 0) {
				s->index = index;
				line_of[index] = s->line;
			}
		}
		if (s->index == 0)
			cfg_error(ld, s->line, "<server>: no free index after %u", prev);
		else
			prev = s->index;
	}
	free(line_of);
}

/* Names must be unique (compared exactly): later uses name the first.
 * Quadratic: 1,000 servers take a millisecond; the 15,000 of a 1 MiB file,
 * 0.4 s. */
static void cfg_unique_names(struct cfg_load *ld, const struct nsd_config *cfg)
{
	for (size_t i = 1; i < cfg->nservers; i++) {
		const struct nsd_server *s = &cfg->servers[i], *t = cfg->servers;

		while (s->name != NULL && t < s &&
		       (t->name == NULL || strcmp(t->name, s->name) != 0))
			t++;
		if (s->name != NULL && t < s)
			cfg_error(ld, s->line, "<server>: name \"%s\" is already used at line %d",
			          s->name, t->line);
	}
}

void cfg_crosscheck(struct cfg_load *ld, struct nsd_config *cfg)
{
	cfg_number_servers(ld, cfg);
	cfg_unique_names(ld, cfg);
	/* <lanmgr-compat server> names a server, exactly as names compare. */
	for (size_t i = 0; i < cfg->nservers && cfg->lanmgr_server != NULL; i++)
		if (cfg->servers[i].name != NULL &&
		    strcmp(cfg->servers[i].name, cfg->lanmgr_server) == 0)
			cfg->lanmgr_index = cfg->servers[i].index;
	if (cfg->lanmgr_server != NULL && cfg->lanmgr_index == 0)
		cfg_error(ld, cfg->lanmgr_line,
		          "<lanmgr-compat>: server \"%s\" is not the name of a <server>",
		          cfg->lanmgr_server);
}
