/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * output.c - the session table, the JSON array and the status messages.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>

#include "cli/output.h"
#include "cli/utf8.h"

/* Columns of the table, in order; a level shows a subset. */
enum cli_col {
	COL_CLIENT,
	COL_USER,
	COL_OPENS,
	COL_TIME,
	COL_IDLE,
	COL_FLAGS,
	COL_TYPE,
	COL_TRANSPORT,
	COL_COUNT
};

static const char *const cli_col_title[COL_COUNT] = {
    "Client", "User", "Opens", "Time", "Idle", "Flags", "Type", "Transport",
};

/* Which columns level carries ([MS-SRVS] 2.2.4.11 to 2.2.4.15). */
static void cli_level_columns(uint32_t level, bool show[COL_COUNT])
{
	show[COL_CLIENT] = true;
	show[COL_USER] = netsess_level_has_user(level);
	show[COL_OPENS] = netsess_level_has_opens(level);
	show[COL_TIME] = netsess_level_has_times(level);
	show[COL_IDLE] = netsess_level_has_times(level);
	show[COL_FLAGS] = netsess_level_has_flags(level);
	show[COL_TYPE] = netsess_level_has_client_type(level);
	show[COL_TRANSPORT] = netsess_level_has_transport(level);
}

/*
 * Text for a terminal: control characters (C0, DEL, C1) and bytes outside
 * well-formed UTF-8 become \xHH.  NULL or "" becomes "-".  *width is the
 * number of code points, an estimate of the columns it takes.
 */
static char *cli_cell_text(const char *s, size_t *width)
{
	size_t n, i = 0, o = 0, w = 0;
	char *out;

	if (s == NULL || s[0] == '\0')
		s = "-";
	n = strlen(s);
	if (n > (SIZE_MAX - 1) / 4)
		return NULL;
	out = malloc(n * 4 + 1); /* \xHH: at most 4 bytes per input byte */
	if (out == NULL)
		return NULL;
	while (i < n) {
		uint32_t cp = 0;
		size_t len = cli_utf8_seq(s + i, n - i, &cp);

		if (len == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			size_t k, cnt = len == 0 ? 1 : len;

			for (k = 0; k < cnt; k++, i++, w += 4)
				o += (size_t)sprintf(out + o, "\\x%02X", (unsigned char)s[i]);
			continue;
		}
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
		w++;
	}
	out[o] = '\0';
	*width = w;
	return out;
}

/* Seconds as H:MM:SS, hours unbounded. */
static char *cli_duration_text(uint32_t secs)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lu:%02lu:%02lu", (unsigned long)(secs / 3600u),
	         (unsigned long)(secs / 60u % 60u), (unsigned long)(secs % 60u));
	return strdup(buf);
}

/* user_flags ([MS-SRVS] 2.2.2.3) as names: guest, noencrypt, other bits in
 * hex; "-" when none is set. */
static char *cli_flags_text(uint32_t flags)
{
	char buf[64];
	size_t o = 0;
	uint32_t rest = flags & ~(NETSESS_SESS_GUEST | NETSESS_SESS_NOENCRYPTION);

	buf[0] = '\0';
	if (flags & NETSESS_SESS_GUEST)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "guest");
	if (flags & NETSESS_SESS_NOENCRYPTION)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%snoencrypt", o ? "," : "");
	if (rest != 0)
		snprintf(buf + o, sizeof(buf) - o, "%s0x%lx", o ? "," : "", (unsigned long)rest);
	return strdup(flags != 0 ? buf : "-");
}

static char *cli_number_text(uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%lu", (unsigned long)v);
	return strdup(buf);
}

/* The text of one cell; *width as for cli_cell_text. */
static char *cli_cell(const struct netsess_session *s, enum cli_col col, size_t *width)
{
	char *t = NULL;

	switch (col) {
	case COL_CLIENT:
		return cli_cell_text(s->client, width);
	case COL_USER:
		return cli_cell_text(s->user, width);
	case COL_TYPE:
		return cli_cell_text(s->client_type, width);
	case COL_TRANSPORT:
		return cli_cell_text(s->transport, width);
	case COL_OPENS:
		t = cli_number_text(s->opens);
		break;
	case COL_TIME:
		t = cli_duration_text(s->time);
		break;
	case COL_IDLE:
		t = cli_duration_text(s->idle_time);
		break;
	case COL_FLAGS:
		t = cli_flags_text(s->user_flags);
		break;
	case COL_COUNT:
		break;
	}
	if (t != NULL)
		*width = strlen(t); /* ASCII only */
	return t;
}

/* A table of cells: rows x COL_COUNT, row 0 being the titles. */
struct cli_grid {
	size_t rows;
	char **text;   /* rows * COL_COUNT, NULL for hidden columns */
	size_t *width; /* same shape */
	size_t colw[COL_COUNT];
	bool show[COL_COUNT];
};

static void cli_grid_free(struct cli_grid *g)
{
	size_t i;

	if (g->text != NULL)
		for (i = 0; i < g->rows * COL_COUNT; i++)
			free(g->text[i]);
	free(g->text);
	free(g->width);
}

static int cli_grid_fill(struct cli_grid *g, const struct netsess_session_list *list)
{
	size_t r, c;

	cli_level_columns(list->level_served, g->show);
	if (list->count >= SIZE_MAX / COL_COUNT - 1) {
		errno = ENOMEM;
		return -1;
	}
	g->rows = list->count + 1;
	g->text = calloc(g->rows * COL_COUNT, sizeof(*g->text));
	g->width = calloc(g->rows * COL_COUNT, sizeof(*g->width));
	if (g->text == NULL || g->width == NULL)
		return -1;
	for (c = 0; c < COL_COUNT; c++) {
		if (!g->show[c])
			continue;
		g->text[c] = strdup(cli_col_title[c]);
		if (g->text[c] == NULL)
			return -1;
		g->width[c] = g->colw[c] = strlen(cli_col_title[c]);
		for (r = 1; r < g->rows; r++) {
			size_t k = r * COL_COUNT + c;

			g->text[k] = cli_cell(&list->items[r - 1], (enum cli_col)c, &g->width[k]);
			if (g->text[k] == NULL)
				return -1;
			if (g->width[k] > g->colw[c])
				g->colw[c] = g->width[k];
		}
	}
	return 0;
}

/* Numbers right-aligned, text left-aligned, two spaces between columns,
 * no trailing blanks. */
static int cli_grid_print(FILE *out, const struct cli_grid *g)
{
	size_t r, c;

	for (r = 0; r < g->rows; r++) {
		size_t pending = 0; /* blanks owed before the next cell */

		for (c = 0; c < COL_COUNT; c++) {
			size_t k = r * COL_COUNT + c, pad;
			bool right = c == COL_OPENS || c == COL_TIME || c == COL_IDLE;

			if (!g->show[c])
				continue;
			pad = g->colw[c] - g->width[k];
			if (right)
				pending += pad;
			fprintf(out, "%*s%s", (int)pending, "", g->text[k]);
			pending = 2 + (right ? 0 : pad);
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

int cli_output_table(FILE *out, const struct netsess_session_list *list)
{
	struct cli_grid g;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	if (cli_grid_fill(&g, list) != 0)
		goto out_free_grid;
	rc = cli_grid_print(out, &g);
out_free_grid:
	cli_grid_free(&g);
	return rc;
}

/* Adds key: v (NULL: null) to obj, which takes v; v is dropped on failure. */
static int cli_json_put(json_object *obj, const char *key, json_object *v)
{
	if (json_object_object_add(obj, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

/* Adds key: s (sanitised UTF-8, or null) to obj. */
static int cli_json_add_string(json_object *obj, const char *key, const char *s)
{
	json_object *v = NULL;
	char *clean;

	if (s != NULL) {
		clean = cli_utf8_sanitize(s);
		if (clean == NULL)
			return -1;
		v = json_object_new_string(clean);
		free(clean);
		if (v == NULL)
			return -1;
	}
	return cli_json_put(obj, key, v);
}

static int cli_json_add_u32(json_object *obj, const char *key, uint32_t n)
{
	json_object *v = json_object_new_int64((int64_t)n);

	if (v == NULL)
		return -1;
	return cli_json_put(obj, key, v);
}

/* The fields of one session that level carries, in the wire order. */
static int cli_json_fill(json_object *obj, const struct netsess_session *s, uint32_t level)
{
	if (cli_json_add_string(obj, "client", s->client) != 0)
		return -1;
	if (netsess_level_has_user(level) && cli_json_add_string(obj, "user", s->user) != 0)
		return -1;
	if (netsess_level_has_opens(level) && cli_json_add_u32(obj, "opens", s->opens) != 0)
		return -1;
	if (netsess_level_has_times(level) &&
	    (cli_json_add_u32(obj, "time", s->time) != 0 ||
	     cli_json_add_u32(obj, "idle_time", s->idle_time) != 0))
		return -1;
	if (netsess_level_has_flags(level) &&
	    cli_json_add_u32(obj, "user_flags", s->user_flags) != 0)
		return -1;
	if (netsess_level_has_client_type(level) &&
	    cli_json_add_string(obj, "client_type", s->client_type) != 0)
		return -1;
	if (netsess_level_has_transport(level) &&
	    cli_json_add_string(obj, "transport", s->transport) != 0)
		return -1;
	return 0;
}

static json_object *cli_json_list(const struct netsess_session_list *list)
{
	json_object *arr = json_object_new_array();
	size_t i;

	if (arr == NULL)
		return NULL;
	for (i = 0; i < list->count; i++) {
		json_object *obj = json_object_new_object();

		if (obj == NULL)
			goto out_put_arr;
		if (cli_json_fill(obj, &list->items[i], list->level_served) != 0 ||
		    json_object_array_add(arr, obj) != 0) {
			json_object_put(obj);
			goto out_put_arr;
		}
	}
	return arr;
out_put_arr:
	json_object_put(arr);
	return NULL;
}

/* Writes j, pretty, and a newline. */
static int cli_json_write(FILE *out, json_object *j)
{
	const char *text = json_object_to_json_string_ext(
	    j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);

	if (text == NULL) {
		errno = ENOMEM;
		return -1;
	}
	fputs(text, out);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

int cli_output_json(FILE *out, const struct netsess_session_list *list)
{
	json_object *arr = cli_json_list(list);
	int rc;

	if (arr == NULL) {
		errno = ENOMEM;
		return -1;
	}
	rc = cli_json_write(out, arr);
	json_object_put(arr);
	return rc;
}

/* The object of --json=v2, without its sessions. */
static json_object *cli_json_head(const char *server, time_t when, uint32_t level_requested,
                                  const struct netsess_session_list *list)
{
	json_object *obj = json_object_new_object();
	char stamp[32];
	struct tm tm;

	if (obj == NULL)
		return NULL;
	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		goto out_put;
	if (cli_json_add_string(obj, "server", server) != 0 ||
	    cli_json_add_string(obj, "timestamp", stamp) != 0 ||
	    cli_json_add_u32(obj, "level_requested", level_requested) != 0)
		goto out_put;
	if (list != NULL ? cli_json_add_u32(obj, "level_served", list->level_served) != 0
	                 : cli_json_put(obj, "level_served", NULL) != 0)
		goto out_put;
	return obj;
out_put:
	json_object_put(obj);
	return NULL;
}

int cli_output_json_object(FILE *out, const char *server, time_t when, uint32_t level_requested,
                           const struct netsess_session_list *list)
{
	struct netsess_session_list none;
	json_object *obj, *arr;
	int rc = -1;

	memset(&none, 0, sizeof(none));
	obj = cli_json_head(server, when, level_requested, list);
	arr = cli_json_list(list != NULL ? list : &none);
	if (obj == NULL || arr == NULL) {
		json_object_put(arr);
		errno = ENOMEM;
		goto out_put;
	}
	if (cli_json_put(obj, "sessions", arr) != 0) {
		errno = ENOMEM;
		goto out_put;
	}
	rc = cli_json_write(out, obj);
out_put:
	json_object_put(obj);
	return rc;
}

int cli_output_level_note(FILE *err, const struct netsess_session_list *list)
{
	if (list->level_served == list->level_requested)
		return 0;
	fprintf(err, "netsess: level %lu served from level %lu\n",
	        (unsigned long)list->level_requested, (unsigned long)list->level_served);
	return ferror(err) ? -1 : 0;
}

void cli_status_text(char *buf, size_t len, netsess_status_t status, uint32_t fault)
{
	const char *fname = netsess_fault_name(fault);
	int n;

	if (netsess_status_is_local(status))
		n = snprintf(buf, len, "%s (0x%08lX): %s", netsess_status_name(status),
		             (unsigned long)status, netsess_status_description(status));
	else
		n = snprintf(buf, len, "%s (%lu): %s", netsess_status_name(status),
		             (unsigned long)status, netsess_status_description(status));
	if (status == NETSESS_E_RPC_FAULT && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " (fault status 0x%08lX%s%s)",
		         (unsigned long)fault, fname != NULL ? " " : "",
		         fname != NULL ? fname : "");
}

int cli_output_status(FILE *err, netsess_status_t status, uint32_t fault)
{
	char text[512];

	cli_status_text(text, sizeof(text), status, fault);
	fprintf(err, "netsess: %s\n", text);
	return ferror(err) ? -1 : 0;
}
