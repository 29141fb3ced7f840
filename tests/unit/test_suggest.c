/* epi_edit_distance / epi_nearest / epi_join_choices: "did you mean" in messages (issue 15). */
#include "harness.h"
#include "util/suggest.h"

#include <string.h>

int main(void)
{
    /* Optimal string alignment: insertions, deletions, substitutions, neighbour swaps. */
    CHECK(epi_edit_distance("", "") == 0);
    CHECK(epi_edit_distance("author", "author") == 0);
    CHECK(epi_edit_distance("autor", "author") == 1);   /* insertion */
    CHECK(epi_edit_distance("authors", "author") == 1); /* deletion */
    CHECK(epi_edit_distance("autxor", "author") == 1);  /* substitution */
    CHECK(epi_edit_distance("biuld", "build") == 1);    /* swap: 2 for plain Levenshtein */
    CHECK(epi_edit_distance("ca", "abc") == 3);         /* OSA, not full Damerau (2) */
    CHECK(epi_edit_distance("hyphenation", "hyphenate") == 3);
    CHECK(epi_edit_distance("", "css") == 3);
    /* Counted in code points, not bytes: one Cyrillic letter is one edit. */
    CHECK(epi_edit_distance("автор", "автр") == 1);
    CHECK(epi_edit_distance("язык", "язьк") == 1);
    /* A byte that is not UTF-8 is one character, and equals only itself. */
    CHECK(epi_edit_distance("a\xff", "a\xff") == 0);
    CHECK(epi_edit_distance("a\xff", "a\xfe") == 1);
    CHECK(epi_edit_distance("\xd0", "\xd0\xb0") == 1); /* a cut-off "а" is not "а" */
    /* Too long to compare. */
    char lng[EPI_SUGGEST_MAX + 2];
    memset(lng, 'a', sizeof lng - 1);
    lng[sizeof lng - 1] = '\0';
    CHECK(epi_edit_distance(lng, "a") == (size_t)-1);
    CHECK(epi_edit_distance("a", lng) == (size_t)-1);
    lng[EPI_SUGGEST_MAX] = '\0'; /* exactly the limit */
    CHECK(epi_edit_distance(lng, "") == EPI_SUGGEST_MAX);

    static const char *const keys[] = {"title", "author", "lang", "language", "css", "notes"};
    CHECK_STR(epi_nearest("autor", keys, 6), "author");
    CHECK_STR(epi_nearest("Title", keys, 6), "title");
    CHECK_STR(epi_nearest("cs", keys, 6), "css"); /* short words: one edit allowed */
    CHECK_STR(epi_nearest("langauge", keys, 6), "language");
    CHECK(epi_nearest("lang", keys, 6) == NULL); /* a known word needs no suggestion */
    CHECK(epi_nearest("frobnicate", keys, 6) == NULL);
    CHECK(epi_nearest("", keys, 6) == NULL);
    CHECK(epi_nearest("ab", keys, 6) == NULL);       /* "lang" is two away: more than a third */
    CHECK_STR(epi_nearest("lnag", keys, 6), "lang"); /* the first of the nearest wins */
    static const char *const modes[] = {"css", "soft", "off"};
    CHECK_STR(epi_nearest("sfot", modes, 3), "soft");
    CHECK(epi_nearest("maybe", modes, 3) == NULL);
    static const char *const opts[] = {"output", "hyphenate", "typography"};
    CHECK_STR(epi_nearest("hyphenation", opts, 3), "hyphenate");
    CHECK(epi_nearest(lng, opts, 3) == NULL);

    char buf[32];
    CHECK_STR(epi_join_choices(buf, sizeof buf, modes, 3), "css|soft|off");
    CHECK_STR(epi_join_choices(buf, sizeof buf, modes, 1), "css");
    CHECK_STR(epi_join_choices(buf, sizeof buf, modes, 0), "");
    CHECK_STR(epi_join_choices(buf, 6, modes, 3), "css|s"); /* truncated, terminated */
    CHECK_STR(epi_join_choices(buf, 4, modes, 3), "css");
    return ep_test_done();
}
