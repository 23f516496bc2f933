/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * status.c - names and one-line descriptions of every netsess_status_t.
 *
 * Server codes keep their Windows names ([MS-ERREF] 2.2 Win32 error codes,
 * lmerr.h NERR_*); the NETSESS_E_* codes are this library's own.
 */
#include "netsess.h"

#include <stddef.h>

struct status_entry {
	netsess_status_t code;
	const char *name;
	const char *description;
};

static const struct status_entry status_table[] = {
    {NERR_Success, "NERR_Success", "The operation completed successfully"},
    {ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED", "Access is denied"},
    {ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY",
     "Not enough memory is available to process this command"},
    {ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER", "The parameter is incorrect"},
    {ERROR_INVALID_LEVEL, "ERROR_INVALID_LEVEL", "The information level is not supported"},
    {ERROR_MORE_DATA, "ERROR_MORE_DATA", "More data is available"},
    {NERR_UserNotFound, "NERR_UserNotFound", "The user name could not be found"},
    {NERR_ClientNameNotFound, "NERR_ClientNameNotFound",
     "A session does not exist with that computer name"},
    {NERR_InvalidComputer, "NERR_InvalidComputer", "This computer name is invalid"},
    {NETSESS_E_CONNECTION_REFUSED, "NETSESS_E_CONNECTION_REFUSED",
     "The server refused the connection (nothing listens on that port)"},
    {NETSESS_E_HOST_NOT_FOUND, "NETSESS_E_HOST_NOT_FOUND", "The server name does not resolve"},
    {NETSESS_E_LOGON_FAILURE, "NETSESS_E_LOGON_FAILURE",
     "Logon failure: unknown user name, bad password or no valid ticket"},
    {NETSESS_E_TIMEOUT, "NETSESS_E_TIMEOUT", "The server did not answer in time"},
    {NETSESS_E_PROTOCOL, "NETSESS_E_PROTOCOL", "The server's reply is malformed"},
    {NETSESS_E_RPC_FAULT, "NETSESS_E_RPC_FAULT",
     "The server answered the remote procedure call with a fault"},
    {NETSESS_E_BIND_REJECTED, "NETSESS_E_BIND_REJECTED",
     "The server rejected the srvsvc interface binding"},
    {NETSESS_E_TRANSPORT, "NETSESS_E_TRANSPORT",
     "The connection to the server broke or could not be used"},
    {NETSESS_E_AUTH_FILE, "NETSESS_E_AUTH_FILE",
     "The authentication file is unreadable, malformed or readable by others"},
    {NETSESS_E_PIPE_UNAVAILABLE, "NETSESS_E_PIPE_UNAVAILABLE",
     "The server has no usable \\PIPE\\srvsvc"},
    {NETSESS_E_NOT_SUPPORTED, "NETSESS_E_NOT_SUPPORTED",
     "The server cannot provide the required protection (SMB3 encryption)"},
    {NETSESS_E_NTLM_DISABLED, "NETSESS_E_NTLM_DISABLED",
     "The server refuses NTLM logons: log on with Kerberos (a keytab or a ticket)"},
};

static const struct status_entry *status_find(netsess_status_t status)
{
	size_t i;

	for (i = 0; i < sizeof(status_table) / sizeof(status_table[0]); i++)
		if (status_table[i].code == status)
			return &status_table[i];
	return NULL;
}

const char *netsess_status_name(netsess_status_t status)
{
	const struct status_entry *e = status_find(status);

	return e != NULL ? e->name : "UNKNOWN";
}

const char *netsess_status_description(netsess_status_t status)
{
	const struct status_entry *e = status_find(status);

	return e != NULL ? e->description : "Unknown status code";
}

/* NETSESS_E_* codes: the customer bit (bit 29) and a non-zero low half. */
bool netsess_status_is_local(netsess_status_t status)
{
	return (status & 0xFFFF0000u) == NETSESS_E_BASE && (status & 0xFFFFu) != 0;
}

/*
 * DCE/RPC fault status names: C706 appendix E, and the Windows values of
 * [MS-RPCE] 3.1.1.5.5 under their usual nca_s_fault_* names.
 */
static const struct {
	uint32_t status;
	const char *name;
} status_faults[] = {
    {0x00000001, "nca_s_fault_other"},
    {0x00000005, "nca_s_fault_access_denied"},
    {0x000006BA, "RPC_S_SERVER_UNAVAILABLE"},
    {0x000006BD, "RPC_S_NO_CALL_ACTIVE"},
    {0x000006D8, "nca_s_fault_cant_perform"},
    {0x000006F7, "nca_s_fault_ndr"},
    {0x00000721, "nca_s_fault_sec_pkg_error"},
    {0x1C000001, "nca_s_fault_int_div_by_zero"},
    {0x1C000002, "nca_s_fault_addr_error"},
    {0x1C000003, "nca_s_fault_fp_div_zero"},
    {0x1C000004, "nca_s_fault_fp_underflow"},
    {0x1C000005, "nca_s_fault_fp_overflow"},
    {0x1C000006, "nca_s_fault_invalid_tag"},
    {0x1C000007, "nca_s_fault_invalid_bound"},
    {0x1C000008, "nca_s_rpc_version_mismatch"},
    {0x1C000009, "nca_s_unspec_reject"},
    {0x1C00000A, "nca_s_bad_actid"},
    {0x1C00000B, "nca_s_who_are_you_failed"},
    {0x1C00000C, "nca_s_manager_not_entered"},
    {0x1C00000D, "nca_s_fault_cancel"},
    {0x1C00000E, "nca_s_fault_ill_inst"},
    {0x1C00000F, "nca_s_fault_fp_error"},
    {0x1C000010, "nca_s_fault_int_overflow"},
    {0x1C000012, "nca_s_fault_unspec"},
    {0x1C000013, "nca_s_fault_remote_comm_failure"},
    {0x1C000014, "nca_s_fault_pipe_empty"},
    {0x1C000015, "nca_s_fault_pipe_closed"},
    {0x1C000016, "nca_s_fault_pipe_order"},
    {0x1C000017, "nca_s_fault_pipe_discipline"},
    {0x1C000018, "nca_s_fault_pipe_comm_error"},
    {0x1C000019, "nca_s_fault_pipe_memory"},
    {0x1C00001A, "nca_s_fault_context_mismatch"},
    {0x1C00001B, "nca_s_fault_remote_no_memory"},
    {0x1C00001C, "nca_s_invalid_pres_context_id"},
    {0x1C00001D, "nca_s_unsupported_authn_level"},
    {0x1C00001F, "nca_s_invalid_checksum"},
    {0x1C000020, "nca_s_invalid_crc"},
    {0x1C000021, "nca_s_fault_user_defined"},
    {0x1C000022, "nca_s_fault_tx_open_failed"},
    {0x1C000023, "nca_s_fault_codeset_conv_error"},
    {0x1C000024, "nca_s_fault_object_not_found"},
    {0x1C000025, "nca_s_fault_no_client_stub"},
    {0x1C010001, "nca_s_comm_failure"},
    {0x1C010002, "nca_s_op_rng_error"},
    {0x1C010003, "nca_s_unk_if"},
    {0x1C010006, "nca_s_wrong_boot_time"},
    {0x1C010009, "nca_s_you_crashed"},
    {0x1C01000B, "nca_s_proto_error"},
    {0x1C010013, "nca_s_out_args_too_big"},
    {0x1C010014, "nca_s_server_too_busy"},
    {0x1C010015, "nca_s_fault_string_too_long"},
    {0x1C010017, "nca_s_unsupported_type"},
};

const char *netsess_fault_name(uint32_t fault)
{
	size_t i;

	for (i = 0; i < sizeof(status_faults) / sizeof(status_faults[0]); i++)
		if (status_faults[i].status == fault)
			return status_faults[i].name;
	return NULL;
}
