/* Error detail and warnings: the library never prints, it fills ep_error or calls back. */
#include "util/error.h"
#include "util/options.h"

#include <stdio.h>
#include <string.h>

static ep_status vfail(ep_error *err, ep_status st, int errnum, const char *path, int line,
                       int column, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));

static ep_status vfail(ep_error *err, ep_status st, int errnum, const char *path, int line,
                       int column, const char *fmt, va_list ap)
{
    if (!err)
        return st;
    err->status = st;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    err->line = line;
    err->column = column;
    err->sys_errno = errnum;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return st;
}

ep_status epi_fail(ep_error *err, ep_status st, const char *path, int line, int column,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(err, st, 0, path, line, column, fmt, ap);
    va_end(ap);
    return st;
}

ep_status epi_fail_sys(ep_error *err, ep_status st, int errnum, const char *path, const char *fmt,
                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(err, st, errnum, path, 0, 0, fmt, ap);
    va_end(ap);
    return st;
}

void epi_warn(epi_ctx *ctx, epi_diag id, const char *path, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (!ctx)
        return;
    ctx->warnings++;
    if (!ctx->opt || !ctx->opt->diag)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ep_diag d = {epi_diag_severity(id), epi_diag_id(id), path ? path : "", line, 0, msg};
    ctx->opt->diag(ctx->opt->diag_userdata, &d);
}

const char *ep_status_string(ep_status st)
{
    switch (st) {
    case EP_OK:
        return "ok";
    case EP_ERR_NOMEM:
        return "out of memory";
    case EP_ERR_IO:
        return "input/output error";
    case EP_ERR_INPUT:
        return "bad input";
    case EP_ERR_XML:
        return "XML error";
    case EP_ERR_ZIP:
        return "zip error";
    case EP_ERR_FONT:
        return "font error";
    case EP_ERR_CHECK:
        return "the EPUB did not pass the checker";
    case EP_ERR_USAGE:
        return "usage error";
    }
    return "unknown error";
}

const char *ep_version_string(void)
{
    return EP_VERSION_STRING;
}
