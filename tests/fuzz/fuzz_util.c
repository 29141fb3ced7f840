/* Scratch-folder helpers for the harnesses that need files on disk (build, check). */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[512];

static void rm_tree(const char *dir, int keep_top)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];
    if (d) {
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            struct stat sb;
            if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
                rm_tree(path, 0);
            else
                unlink(path);
        }
        closedir(d);
    }
    if (!keep_top)
        rmdir(dir);
}

static void cleanup_at_exit(void)
{
    if (tmpdir[0])
        rm_tree(tmpdir, 0);
}

const char *ep_fuzz_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/ep-fuzz.XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            abort();
        }
        atexit(cleanup_at_exit);
    }
    return tmpdir;
}

int ep_fuzz_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = len ? fwrite(data, 1, len, f) : 0;
    int rc = fclose(f);
    return (n == len && rc == 0) ? 0 : -1;
}

void ep_fuzz_clean(void)
{
    rm_tree(ep_fuzz_tmpdir(), 1);
}
