/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * read.c - the configuration file as an XML tree with the line of each
 * element, judged by well-formedness alone: read whole (a regular file of
 * at most 1 MiB), parsed from memory with no network access, no DOCTYPE
 * (so no entity of the file's own can expand) and no namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>

#include "cfg.h"

#define CFG_FILE_MAX (1024u * 1024u)

#if LIBXML_VERSION >= 21200
typedef const xmlError read_xml_error;
#else
typedef xmlError read_xml_error;
#endif

/* What the parser's callbacks see (its context's _private). */
struct read_state {
	struct cfg_load *ld;
	bool refused; /* a DOCTYPE or a namespace: the tree is not checked */
};

/* Reads fd whole into buf (CFG_FILE_MAX + 2 bytes), NUL-terminated. */
static bool read_all(struct cfg_load *ld, int fd, char *buf, size_t *len)
{
	ssize_t r;

	for (*len = 0; *len <= CFG_FILE_MAX; *len += (size_t)r) {
		r = read(fd, buf + *len, CFG_FILE_MAX + 1 - *len);
		if (r < 0 && errno == EINTR) {
			r = 0;
		} else if (r < 0) {
			cfg_error(ld, 0, "%s", strerror(errno));
			return false;
		} else if (r == 0) {
			buf[*len] = '\0';
			return true;
		}
	}
	cfg_error(ld, 0, "larger than %u bytes", CFG_FILE_MAX);
	return false;
}

/* The file, or NULL (said in ld).  O_NONBLOCK: a FIFO does not hang. */
static char *read_file(struct cfg_load *ld, size_t *len)
{
	int fd = open(ld->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	char *buf = NULL;
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0) {
		cfg_error(ld, 0, "%s", strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		cfg_error(ld, 0, "not a regular file");
	} else if ((buf = malloc(CFG_FILE_MAX + 2)) == NULL) {
		ld->oom = true;
	} else if (!read_all(ld, fd, buf, len)) {
		free(buf);
		buf = NULL;
	}
	if (fd >= 0)
		close(fd);
	return buf;
}

/*
 * libxml2 dates an element at the end of its start tag, which may span
 * lines: date it at its '<' (the last one before, as '<' cannot occur in
 * an attribute value).  A namespace is refused (the first one said), so
 * that the checks can ignore them.
 */
static void read_on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                          int nns, const xmlChar **ns, int nattrs, int ndefaulted,
                          const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct read_state *st = ctxt->_private;
	const xmlChar *p = ctxt->input->cur;
	int line = xmlSAX2GetLineNumber(ctx);

	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
	for (; p > ctxt->input->base && p[-1] != '<'; p--)
		line -= p[-1] == '\n';
	if (ctxt->node != NULL && line < 65535)
		ctxt->node->line = (unsigned short)line;
	for (int i = 0; i < nattrs && uri == NULL; i++)
		uri = attrs[5 * i + 2]; /* (name, prefix, uri, value, end) */
	if (uri != NULL && !st->refused)
		cfg_error(st->ld, line, "<%s>: namespaces are not allowed", (const char *)name);
	st->refused |= uri != NULL;
}

/* A DOCTYPE could declare entities: refused, and nothing after it read. */
static void read_on_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
                            const xmlChar *system_id)
{
	struct read_state *st = ((xmlParserCtxtPtr)ctx)->_private;

	(void)name, (void)public_id, (void)system_id;
	cfg_error(st->ld, xmlSAX2GetLineNumber(ctx), "a DOCTYPE is not allowed");
	st->refused = true;
	xmlStopParser(ctx);
}

/*
 * libxml2's errors, those of the parser and those of its input (encoding
 * conversions): the first line of the text, at its line.  The text may
 * quote bytes of the file, even invalid ones: only printable ASCII is kept
 * (a control byte could forge or garble a log line).
 */
static void read_on_error(void *ctx, read_xml_error *err)
{
	struct read_state *st = ((xmlParserCtxtPtr)ctx)->_private;
	const char *text = err->message != NULL ? err->message : "error";
	char line[256];
	size_t i;

	if (err->level < XML_ERR_ERROR)
		return;
	for (i = 0; i < sizeof(line) - 1 && text[i] != '\0' && text[i] != '\n'; i++)
		line[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
	line[i] = '\0';
	cfg_error(st->ld, err->line, "%s", line);
}

xmlDoc *cfg_read(struct cfg_load *ld)
{
	struct read_state st = {ld, false};
	xmlParserCtxtPtr ctxt = NULL;
	xmlDoc *doc = NULL;
	size_t len, errors = ld->errors.n;
	char *buf = read_file(ld, &len);

	if (buf != NULL && (ctxt = xmlNewParserCtxt()) == NULL)
		ld->oom = true;
	if (ctxt != NULL) {
		xmlStructuredErrorFunc saved = xmlStructuredError;
		void *saved_data = xmlStructuredErrorContext;

		ctxt->_private = &st;
		ctxt->sax->startElementNs = read_on_start;
		ctxt->sax->internalSubset = read_on_doctype;
		ctxt->sax->serror = read_on_error;
		xmlSetStructuredErrorFunc(ctxt, read_on_error);
		doc = xmlCtxtReadMemory(ctxt, buf, (int)len, ld->path, NULL,
		                        XML_PARSE_NONET | XML_PARSE_BIG_LINES);
		xmlSetStructuredErrorFunc(saved_data, saved);
	}
	if (doc != NULL && (st.refused || xmlDocGetRootElement(doc) == NULL)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (buf != NULL && doc == NULL && ld->errors.n == errors && !ld->oom)
		cfg_error(ld, 0, "not well-formed XML");
	xmlFreeParserCtxt(ctxt);
	free(buf);
	return doc;
}
