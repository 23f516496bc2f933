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
     "The SMB client cannot guarantee the required protection (SMB encryption)"},
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
