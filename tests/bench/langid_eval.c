/*
 * Accuracy of util/langid.c on held-out sentences (docs/ARCHITECTURE.md "Language detection").
 *   langid_eval DIR [FLOORS]
 * DIR holds LANG.txt files, one sentence a line. Each file is cut into texts of 1, 3 and 10
 * consecutive sentences; a text is right when epi_langid_guess names LANG. Prints the accuracy
 * per language and length (Markdown), and the wrong guesses' languages. With FLOORS (lines
 * "LANG N1 N3 N10", percentages), exits 1 when a language is under a floor: the suite's test on
 * tests/data/langid/. The benchmark (tests/bench/langid.sh) runs it on the whole held-out set.
 */
#include "util/langid.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXLINES 20000
static const int lengths[] = {1, 3, 10};

typedef struct score {
    char lang[8];
    int right[3], total[3];
    char wrong[160];
} score;

static int read_lines(const char *path, char ***lines)
{
    FILE *f = fopen(path, "r");
    char buf[65536];
    int n = 0;
    if (!f)
        return -1;
    *lines = calloc(MAXLINES, sizeof **lines);
    while (*lines && n < MAXLINES && fgets(buf, sizeof buf, f))
        if (buf[0] != '\n')
            (*lines)[n++] = strdup(buf);
    fclose(f);
    return n;
}

static void note_wrong(score *s, const char *lang)
{
    char tag[12];
    snprintf(tag, sizeof tag, " %s", lang ? lang : "none");
    if (!strstr(s->wrong, tag) && strlen(s->wrong) + strlen(tag) < sizeof s->wrong)
        strcat(s->wrong, tag);
}

static void evaluate(const char *dir, const char *name, score *s)
{
    char path[4096], **lines = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int n = read_lines(path, &lines);
    snprintf(s->lang, sizeof s->lang, "%.*s", (int)(strlen(name) - 4), name);
    epi_langid *id = malloc(sizeof *id);
    for (int k = 0; k < 3 && id && n > 0; k++)
        for (int i = 0; i + lengths[k] <= n; i += lengths[k]) {
            memset(id, 0, sizeof *id);
            for (int j = i; j < i + lengths[k]; j++)
                epi_langid_add(id, lines[j], strlen(lines[j]));
            epi_langid_result r = epi_langid_guess(id);
            s->total[k]++;
            if (r.lang && !strcmp(r.lang, s->lang))
                s->right[k]++;
            else
                note_wrong(s, r.lang);
        }
    free(id);
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static int by_lang(const void *a, const void *b)
{
    return strcmp(((const score *)a)->lang, ((const score *)b)->lang);
}

int main(int argc, char **argv)
{
    static score scores[64];
    int n = 0, failed = 0;
    DIR *d = argc > 1 ? opendir(argv[1]) : NULL;
    if (!d) {
        fprintf(stderr, "usage: langid_eval DIR [FLOORS]\n");
        return 2;
    }
    for (struct dirent *e; (e = readdir(d)) && n < 64;) {
        size_t len = strlen(e->d_name);
        if (len > 4 && len < 12 && !strcmp(e->d_name + len - 4, ".txt"))
            evaluate(argv[1], e->d_name, &scores[n++]);
    }
    closedir(d);
    qsort(scores, (size_t)n, sizeof *scores, by_lang);
    printf("| language | 1 sentence | 3 sentences | 10 sentences | wrong guesses |\n"
           "|---|---|---|---|---|\n");
    for (int i = 0; i < n; i++) {
        printf("| %s |", scores[i].lang);
        for (int k = 0; k < 3; k++)
            printf(" %.1f%% (%d) |",
                   scores[i].total[k] ? 100.0 * scores[i].right[k] / scores[i].total[k] : 0.0,
                   scores[i].total[k]);
        printf("%s |\n", scores[i].wrong);
    }
    FILE *f = argc > 2 ? fopen(argv[2], "r") : NULL;
    if (argc > 2 && !f) {
        fprintf(stderr, "langid_eval: cannot read %s\n", argv[2]);
        return 2;
    }
    char lang[8];
    double floor[3];
    while (f && fscanf(f, "%7s %lf %lf %lf", lang, &floor[0], &floor[1], &floor[2]) == 4) {
        int i = 0;
        while (i < n && strcmp(scores[i].lang, lang))
            i++;
        for (int k = 0; k < 3; k++) {
            double got =
                i < n && scores[i].total[k] ? 100.0 * scores[i].right[k] / scores[i].total[k] : -1;
            if (got < floor[k]) {
                fprintf(stderr, "langid: %s, %d sentence(s): %.1f%% under the floor %.1f%%\n", lang,
                        lengths[k], got, floor[k]);
                failed = 1;
            }
        }
    }
    if (f)
        fclose(f);
    return failed;
}
