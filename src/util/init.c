/* One-time set-up of libxml2, cmark-gfm and fontconfig (init.h); libvips's is util/vips.c. */
#include "util/init.h"

#include <cmark-gfm-core-extensions.h>
#include <fontconfig/fontconfig.h>
#include <libxml/parser.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_once_t fontconfig_once = PTHREAD_ONCE_INIT;

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
