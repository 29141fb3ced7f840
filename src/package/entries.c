/* The ordered list of container entries handed from the package stage to the zip writer. */
#include "epi.h"

#include <stdlib.h>
#include <string.h>

bool epi_entries_add(epi_entries *e, const char *name, unsigned char *data, size_t len, bool store)
{
    char *copy;

    epi_entry *v = epi_grow(e->v, &e->cap, e->n, sizeof *v, 16);
    if (!v)
        return false;
    e->v = v;
    copy = epi_strdup(name);
    if (!copy)
        return false;
    e->v[e->n].name = copy;
    e->v[e->n].data = data; /* ownership passes only on success */
    e->v[e->n].len = len;
    e->v[e->n].store = store;
    e->n++;
    return true;
}

void epi_entries_free(epi_entries *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].name);
        free(e->v[i].data);
    }
    free(e->v);
    e->v = NULL;
    e->n = e->cap = 0;
}
