/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * answer.c - from the outcomes of a PDU's deletes to its answer
 * (answer.h).
 */
#include "answer.h"

#include "core/pstate.h"

enum nsd_answer_outcome nsd_answer_outcome(const struct nsd_del_outcome *out)
{
	switch (out->how) {
	case NSD_DEL_DONE:
		if (out->code == NERR_Success)
			return NSD_OUT_ENDED;
		if (nsd_pstate_delete_ok(out->code))
			return NSD_OUT_NOTHING;
		if (nsd_pstate_delete_effect(out->code) == NSD_DEL_UNKNOWN)
			return NSD_OUT_UNKNOWN; /* sent, no valid answer */
		return NSD_OUT_FAILED;
	case NSD_DEL_NOT_SENT:
		return NSD_OUT_FAILED;
	case NSD_DEL_PENDING:
		return NSD_OUT_UNKNOWN;
	}
	return NSD_OUT_UNKNOWN;
}

bool nsd_answer_failed(enum nsd_answer_outcome o)
{
	return o == NSD_OUT_FAILED || o == NSD_OUT_UNKNOWN;
}

static bool answer_effect(enum nsd_answer_outcome o)
{
	return o == NSD_OUT_ENDED || o == NSD_OUT_UNKNOWN || o == NSD_OUT_STARTED;
}

int nsd_answer_status(const enum nsd_answer_outcome *o, size_t n)
{
	bool failed = false, effect = false;
	size_t i;

	for (i = 0; i < n; i++) {
		failed = failed || nsd_answer_failed(o[i]);
		effect = effect || answer_effect(o[i]);
	}
	if (!failed)
		return NSD_ERR_NOERROR;
	return effect ? NSD_ERR_UNDOFAILED : NSD_ERR_COMMITFAILED;
}
