/* libvips, opened on first use (vips.h). */
#include "util/vips.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static epi_vips table;
static const epi_vips *opened;
static char reason[256];

/* libvips writes its warnings (a JPEG with extra bytes, an unknown chunk) through GLib's log to
 * stderr; the library never prints, and what matters reaches the caller as an error. */
static void log_quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ud)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)ud;
}

static void open_once(void)
{
#ifdef EPI_VIPS_LINKED
    /* Sanitizer builds (CMakeLists.txt): linked, the table takes the addresses. */
    const char *name = "libvips (linked)";
#define EPI_VIPS_LOAD(fn) table.fn = vips_##fn;
    EPI_VIPS_CALLS(EPI_VIPS_LOAD)
#undef EPI_VIPS_LOAD
    table.object_unref = g_object_unref;
#else
    /* The name the library was built against: libvips.so.42 for libvips 8 (its soname is
     * current - age of the libtool version). */
    char name[32];
    snprintf(name, sizeof name, "libvips.so.%d", VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
    void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(reason, sizeof reason, "cannot open %s: %s", name, e ? e : "?");
        return;
    }
    /* memcpy: ISO C has no conversion from dlsym's void * to a function pointer. */
#define EPI_VIPS_LOAD(field, sym)                                                                  \
    {                                                                                              \
        void *p = dlsym(h, sym);                                                                   \
        if (!p) {                                                                                  \
            snprintf(reason, sizeof reason, "%s has no %s", name, sym);                            \
            return;                                                                                \
        }                                                                                          \
        memcpy(&table.field, &p, sizeof p);                                                        \
    }
#define EPI_VIPS_LOAD_CALL(fn) EPI_VIPS_LOAD(fn, "vips_" #fn)
    EPI_VIPS_CALLS(EPI_VIPS_LOAD_CALL)
#undef EPI_VIPS_LOAD_CALL
    /* libvips links libgobject: the handle's search finds it there. */
    EPI_VIPS_LOAD(object_unref, "g_object_unref")
#undef EPI_VIPS_LOAD
#endif
    (void)name;
    /* vips_init() guards itself with a plain flag, not a lock: hence the once. */
    if (table.init("epubpack") != 0) {
        snprintf(reason, sizeof reason, "vips_init failed");
        return;
    }
    /* The operation cache would keep up to 100 decoded images and their buffers alive between
     * images (and builds); each image here is converted once. */
    table.cache_set_max(0);
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO,
                      log_quiet, NULL);
    opened = &table; /* the handle stays open for the process */
}

const epi_vips *epi_vips_open(const char **why)
{
    pthread_once(&once, open_once);
    if (!opened && why)
        *why = reason;
    return opened;
}

int epi_vips_max_coord(const epi_vips *v)
{
#if VIPS_MAJOR_VERSION > 8 || (VIPS_MAJOR_VERSION == 8 && VIPS_MINOR_VERSION >= 16)
    return v->max_coord_get();
#else
    (void)v;
    return VIPS_MAX_COORD;
#endif
}
