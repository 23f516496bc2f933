/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * level.c - which SESSION_INFO fields each NetrSessionEnum level carries
 * ([MS-SRVS] 2.2.4.11 - 2.2.4.15: SESSION_INFO_0, _1, _2, _10, _502).
 */
#include "netsess.h"

bool netsess_level_valid(uint32_t level)
{
	return level == 0 || level == 1 || level == 2 || level == 10 || level == 502;
}

bool netsess_level_has_user(uint32_t level)
{
	return level == 1 || level == 2 || level == 10 || level == 502;
}

bool netsess_level_has_opens(uint32_t level)
{
	return level == 1 || level == 2 || level == 502;
}

bool netsess_level_has_times(uint32_t level)
{
	return level == 1 || level == 2 || level == 10 || level == 502;
}

bool netsess_level_has_flags(uint32_t level)
{
	return level == 1 || level == 2 || level == 502;
}

bool netsess_level_has_client_type(uint32_t level)
{
	return level == 2 || level == 502;
}

bool netsess_level_has_transport(uint32_t level)
{
	return level == 502;
}
