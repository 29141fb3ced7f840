/* One-time set-up of libxml2, cmark-gfm, fontconfig and libvips (init.h). */
#include "util/init.h"

#include <cmark-gfm-core-extensions.h>
#include <fontconfig/fontconfig.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <vips/vips.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_once_t fontconfig_once = PTHREAD_ONCE_INIT;
static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static bool vips_ok;

static void init_once(void)
{
    /* libxml2: "must be called … before calling any other libxml2 function" from threads
     * (parser.c); its own first call is not safe against a concurrent one, hence the once. */
    xmlInitParser();
    /* cmark-gfm's syntax-extension registry is a global list without a lock, written by the
     * first call and only read afterwards (cmark_find_syntax_extension). */
    cmark_gfm_core_extensions_ensure_registered();
}

void epi_init(void)
{
    pthread_once(&once, init_once);
}

static void fontconfig_init_once(void)
{
    /* FcConfigReference(NULL) would load the configuration on first use too, and safely, but
     * every thread that asks before one has finished loads its own copy (47 files parsed) and
     * throws it away: a batch's threads would all pay for it. A failure here is met again by
     * the lookup, which reports it. Never undone with FcFini(): the configuration is the
     * process's, and the program around the library may be using it (epubpack.h). */
    (void)FcInit();
}

void epi_init_fontconfig(void)
{
    pthread_once(&fontconfig_once, fontconfig_init_once);
}

/* libvips writes its warnings (a JPEG with extra bytes, an unknown chunk) through GLib's log to
 * stderr; the library never prints, and what matters reaches the caller as an error. */
static void vips_log_quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ud)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)ud;
}

static void vips_init_once(void)
{
    /* vips_init() guards itself with a plain flag, not a lock: two threads may both run it. */
    vips_ok = vips_init("epubpack") == 0;
    if (!vips_ok)
        return;
    /* The operation cache would keep up to 100 decoded images and their buffers alive between
     * images (and builds); each image here is converted once. */
    vips_cache_set_max(0);
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO,
                      vips_log_quiet, NULL);
}

bool epi_init_vips(void)
{
    pthread_once(&vips_once, vips_init_once);
    return vips_ok;
}
