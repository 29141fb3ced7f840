/* `epubpack catalog DIR`: a folder of EPUBs → a static OPDS catalog (epubpack.h "Catalogs"). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

void help_catalog(FILE *f)
{
    fprintf(f, "Usage: epubpack catalog DIR [-o OUT] [--title T] [--base-url URL]\n"
               "\n"
               "List every EPUB under DIR (.epub, .kepub.epub, subfolders too) in a static\n"
               "catalog that e-readers browse: OPDS 1.2 (OUT/opds.xml) and OPDS 2.0\n"
               "(OUT/opds.json) feeds by newest, author, series, language and subject, an\n"
               "HTML page per feed (OUT/index.html) and cover thumbnails; serve OUT with any\n"
               "static web server. A second run reads only the EPUBs added or changed and\n"
               "writes only the files that change. Nothing under DIR is changed but the\n"
               "catalog's own files (OUT/catalog/, the three root files).\n"
               "\n"
               "Options:\n"
               "  -o, --output DIR       write the catalog there (default: DIR); the EPUBs are\n"
               "                         put there too (hard links, else copies)\n"
               "      --title T          the catalog's title (default: Library)\n"
               "      --base-url URL     absolute links under URL, where OUT is served\n"
               "                         (default: relative links)\n"
               "  -h, --help             this help\n"
               "\n"
               "Examples:\n"
               "  epubpack catalog library/ --title 'Home library'\n"
               "  cd library && python3 -m http.server 8000   then open\n"
               "                         http://HOST:8000/opds.xml in KOReader\n"
               "  SOURCE_DATE_EPOCH=1590019200 epubpack catalog library/    reproducible\n");
}

int cmd_catalog(int argc, char **argv)
{
    enum { O_TITLE = 256, O_BASE };
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"title", required_argument, NULL, O_TITLE},
                                             {"base-url", required_argument, NULL, O_BASE},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *out = NULL, *title = NULL, *base = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case O_TITLE:
            title = optarg;
            break;
        case O_BASE:
            base = optarg;
            break;
        case 'h':
            help_catalog(stdout);
            return EXIT_OKAY;
        default:
            return bad_option("catalog", c, argv, longopts);
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "%s: catalog needs one folder of EPUBs (see 'epubpack help catalog')\n",
                progname);
        return EXIT_USAGE;
    }
    ep_catalog_result res;
    ep_error err;
    ep_status st = ep_catalog(argv[optind], out, title, base, build_diag, NULL, &res, &err);
    if (st != EP_OK) {
        print_error(&err);
        return st == EP_ERR_USAGE ? EXIT_USAGE : EXIT_FAIL;
    }
    printf("%s: %zu books (%zu read), %zu files written, %zu removed\n", out ? out : argv[optind],
           res.books, res.read, res.written, res.removed);
    return EXIT_OKAY;
}
