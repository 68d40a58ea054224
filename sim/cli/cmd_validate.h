/*
 * cmd_validate.h — `drsim validate`: check scenario files, or print one
 * resolved.
 */
#ifndef DRSIM_CMD_VALIDATE_H
#define DRSIM_CMD_VALIDATE_H

#include "sim/core/err.h"

/* argv[0] is "validate". Returns ERR_OK when every file is valid, ERR_INPUT
 * when one is not (its diagnostics on stderr), ERR_USAGE, ERR_NOMEM, ERR_IO. */
err_code cmd_validate(int argc, char **argv);

#endif
