/* The epubpack command: parses options and calls the library (which never prints). */
#include "cli.h"
#include "util/suggest.h"
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <libdeflate.h>
#include <zip.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *progname = "epubpack";

/* The values of --hyphenate (in the order of its enum from _CSS); --typography's are the
 * library's (ep_typography_names). */
static const char *const hyph_modes[] = {"css", "soft", "off"};
/* The values of --target, in the order of its enum from _EPUB. */
static const char *const target_modes[] = {"epub", "kobo"};

/* `epubpack --help`: a short overview; each command has its own help. */
static void help_overview(FILE *f)
{
    fprintf(f, "Usage: epubpack COMMAND [ARGS]\n"
               "\n"
               "Package Markdown or plain text with YAML metadata into a valid EPUB 3, and\n"
               "check EPUB files.\n"
               "\n"
               "Commands:\n"
               "  build [INPUT]          package a book folder, one .md/.txt file or a web page\n"
               "                         (default: the folder 'book')\n"
               "  build INPUT... -O DIR  package each INPUT into DIR/NAME.epub\n"
               "  check FILE...          validate EPUBs; epubcheck's options and reports\n"
               "  catalog DIR            an OPDS catalog of the EPUBs in DIR, for e-readers\n"
               "  help [COMMAND]         this overview, or a command's options and examples\n"
               "\n"
               "Examples:\n"
               "  epubpack build article.md       writes article.epub\n"
               "  epubpack check article.epub\n"
               "\n"
               "Options: -h, --help (this overview); -V, --version.\n"
               "Exit status: 0 success, 1 failure or errors found, 2 usage error.\n"
               "'epubpack help build' lists the build options; the manual is epubpack(1).\n");
}

/* The number of names before the NULL that ends the list. */
static size_t count_of(const char *const *names)
{
    size_t n = 0;
    while (names[n])
        n++;
    return n;
}

static void help_build(FILE *f)
{
    char hyph[64], typo[64], target[64];
    epi_join_choices(hyph, sizeof hyph, hyph_modes, COUNT(hyph_modes));
    epi_join_choices(typo, sizeof typo, ep_typography_names(), count_of(ep_typography_names()));
    epi_join_choices(target, sizeof target, target_modes, COUNT(target_modes));
    fprintf(f,
            "Usage: epubpack build [INPUT] [-o OUT.epub] [options]\n"
            "       epubpack build INPUT... -O DIR [-j N] [options]\n"
            "\n"
            "Package INPUT into an EPUB 3 and validate it. INPUT is a book folder (book.yaml\n"
            "and chapter files), one Markdown (.md) or plain text (.txt) file, or a saved web\n"
            "page (.html, .htm: its article, with images from its NAME_files folder); without\n"
            "INPUT, the folder 'book'. The EPUB is INPUT's name with .epub (.kepub.epub for\n"
            "the Kobo target), in the current folder, unless -o names another.\n"
            "\n"
            "Options:\n"
            "  -o, --output FILE      where to write the EPUB\n"
            "  -O, --output-dir DIR   build every INPUT into DIR/NAME.epub; DIR is created\n"
            "  -j, --jobs N           with -O, build on N threads (default: the CPUs)\n"
            "      --font FAMILY|FILE|none\n"
            "                         the font to embed (default: PT Serif)\n"
            "      --css FILE         a stylesheet appended after epubpack's own\n"
            "      --lang TAG         the book's language, over its 'lang' key (default:\n"
            "                         the key, else detected from the text, with a warning)\n"
            "      --hyphenate=%s\n"
            "                         soft: soft hyphens in the text (default where\n"
            "                         libhyphen has the language, as hyphen-ru); css: the\n"
            "                         reader hyphenates (default otherwise and for kobo);\n"
            "                         off: no hyphenation\n"
            "      --typography=%s\n"
            "                         typographic rules (default: by the book's language)\n"
            "      --split-level N    split chapters into files at headings of level 1 to N\n"
            "                         (default 1); a file still over 256 KB is split at\n"
            "                         the next level down, then between paragraphs\n"
            "      --image-size WxH|off\n"
            "                         shrink JPEG and PNG images larger than W x H px to fit\n"
            "                         (default: 1600x2560), upright, 8-bit sRGB, without\n"
            "                         metadata; off: store every image as it is\n"
            "      --grayscale        convert JPEG and PNG images to 8-bit grey (e-ink)\n"
            "      --no-grayscale     keep colour, whatever the book's grayscale: key\n"
            "      --target=%s\n"
            "                         epub (default): for every reader; kobo: a kepub\n"
            "                         for Kobo's reader (koboSpan markup, as kepubify)\n"
            "      --no-check         skip validating the written EPUB (not recommended)\n"
            "      --stats            print the time spent in each stage\n"
            "  -h, --help             this help\n"
            "\n"
            "Examples:\n"
            "  epubpack build                          book/ -> book.epub\n"
            "  epubpack build article.md -o a.epub\n"
            "  epubpack build notes.md --hyphenate=css --font none\n"
            "  epubpack build photos.md --image-size 1264x1680 --grayscale\n"
            "  epubpack build article.md --target kobo    writes article.kepub.epub\n"
            "  epubpack build articles/*.md -O out/ -j 2\n"
            "  SOURCE_DATE_EPOCH=1590019200 epubpack build book    reproducible\n"
            "\n"
            "Metadata keys (title, author, lang, date, ...) are listed in epubpack(1).\n",
            hyph, typo, target);
}

/* The commands and their help, for `epubpack help COMMAND` and "did you mean". */
static const char *const commands[] = {"build", "check", "catalog", "help"};

void print_error_to(FILE *f, const ep_error *err)
{
    if (err->path[0] && err->line > 0 && err->column > 0)
        fprintf(f, "%s: %s:%d:%d: %s\n", progname, err->path, err->line, err->column, err->message);
    else if (err->path[0] && err->line > 0)
        fprintf(f, "%s: %s:%d: %s\n", progname, err->path, err->line, err->message);
    else if (err->path[0])
        fprintf(f, "%s: %s: %s\n", progname, err->path, err->message);
    else
        fprintf(f, "%s: %s\n", progname,
                err->message[0] ? err->message : ep_status_string(err->status));
}

void print_error(const ep_error *err)
{
    print_error_to(stderr, err);
}

_Thread_local FILE *diag_stream;

/* Warnings during a build: "epubpack: PATH:LINE: warning: message", formatted first and written
 * with one call, so that the lines of parallel batch builds do not interleave. */
void build_diag(void *ud, const ep_diag *d)
{
    char loc[64] = "", line[2048];
    (void)ud;
    if (d->line > 0 && d->column > 0)
        snprintf(loc, sizeof loc, ":%d:%d", d->line, d->column);
    else if (d->line > 0)
        snprintf(loc, sizeof loc, ":%d", d->line);
    snprintf(line, sizeof line, "%s: %s%s: %s(%s): %s\n", progname,
             d->path && d->path[0] ? d->path : "-", loc, ep_severity_string(d->severity), d->id,
             d->message);
    fputs(line, diag_stream ? diag_stream : stderr);
}

/* "N.epub" from INPUT: the folder's or file's name without its extension; "N.kepub.epub"
 * for the Kobo target (opts, else the book's metadata). */
char *default_output(const ep_options *opts, const char *input)
{
    const char *ext = ep_target_of(opts, input) == EP_TARGET_KOBO ? ".kepub.epub" : ".epub";
    size_t len = strlen(input);
    while (len > 1 && input[len - 1] == '/')
        len--;
    const char *start = input;
    for (size_t i = 0; i < len; i++)
        if (input[i] == '/')
            start = input + i + 1;
    size_t n = (size_t)(input + len - start);
    const char *dot = NULL;
    for (const char *p = start; p < input + len; p++)
        if (*p == '.')
            dot = p;
    if (dot && dot > start)
        n = (size_t)(dot - start);
    if (n == 0 || (n == 1 && start[0] == '.') || (n == 2 && !strncmp(start, "..", 2))) {
        start = "book";
        n = 4;
    }
    char *out = malloc(n + strlen(ext) + 1);
    if (!out)
        return NULL;
    memcpy(out, start, n);
    strcpy(out + n, ext);
    return out;
}

int parse_jobs(const char *val)
{
    char *end;
    long j = strtol(val, &end, 10);
    if (*val == '\0' || *end != '\0' || j < 1 || j > 1024) {
        fprintf(stderr, "%s: --jobs: expected a number from 1 to 1024, got '%s'\n", progname, val);
        return -1;
    }
    return (int)j;
}

int parse_mode(const char *opt, const char *val, const char *const *names, int count)
{
    char list[128], near[128];
    for (int i = 0; i < count; i++)
        if (strcmp(val, names[i]) == 0)
            return i;
    fprintf(stderr, "%s: --%s: unknown value '%s' (allowed: %s)%s\n", progname, opt, val,
            epi_join_choices(list, sizeof list, names, (size_t)count),
            epi_did_you_mean(near, sizeof near, "", val, names, (size_t)count));
    return -1;
}

/* getopt_long (opterr = 0, optstring starting with ':') refused the option before argv[optind]:
 * one line naming it, with the nearest known option, and where the options are listed. */
int bad_option(const char *cmd, int c, char **argv, const struct option *longopts)
{
    const char *arg = argv[optind - 1];
    size_t len = strcspn(arg, "=");
    if (c == ':') {
        fprintf(stderr, "%s: %s: option '%s' needs a value (see 'epubpack help %s')\n", progname,
                cmd, arg, cmd);
    } else if (optopt && !strncmp(arg, "--", 2)) {
        fprintf(stderr, "%s: %s: option '%.*s' takes no value (see 'epubpack help %s')\n", progname,
                cmd, (int)len, arg, cmd);
    } else if (optopt) {
        fprintf(stderr, "%s: %s: unknown option '-%c' (see 'epubpack help %s')\n", progname, cmd,
                optopt, cmd);
    } else {
        const char *names[32];
        size_t n = 0;
        char word[128];
        for (; longopts[n].name && n < COUNT(names); n++)
            names[n] = longopts[n].name;
        /* "--hyphenation=soft" → "hyphenation" */
        snprintf(word, sizeof word, "%.*s", (int)(len > 2 ? len - 2 : 0), arg + 2);
        /* getopt_long takes an unambiguous prefix ("--hyph"); say so for an ambiguous one. */
        char list[256] = "";
        size_t found = 0;
        for (size_t i = 0; i < n; i++) {
            if (*word && !strncmp(names[i], word, strlen(word))) {
                size_t used = strlen(list);
                snprintf(list + used, sizeof list - used, "%s--%s", found++ ? "|" : "", names[i]);
            }
        }
        if (found > 1) {
            fprintf(stderr, "%s: %s: option '%.*s' is ambiguous (%s)\n", progname, cmd, (int)len,
                    arg, list);
            return EXIT_USAGE;
        }
        fprintf(stderr, "%s: %s: unknown option '%.*s'%s (see 'epubpack help %s')\n", progname, cmd,
                (int)len, arg, epi_did_you_mean(list, sizeof list, "--", word, names, n), cmd);
    }
    return EXIT_USAGE;
}

/* What `epubpack build` was asked: the options object, then where the EPUBs go. */
typedef struct build_args {
    ep_options *opts;
    const char *output, *outdir; /* -o FILE, -O DIR; NULL when not given */
    char **inputs;               /* the INPUT arguments */
    size_t ninputs;
    int stats, jobs;
} build_args;

/* Parses the options into *a (a->opts made by the caller). Returns -1 to go on, else the exit
 * status (help printed, a usage error said, or out of memory). */
static int parse_build(int argc, char **argv, build_args *a)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"font", required_argument, NULL, 'f'},
                                             {"css", required_argument, NULL, 'c'},
                                             {"lang", required_argument, NULL, 'l'},
                                             {"hyphenate", required_argument, NULL, 'y'},
                                             {"typography", required_argument, NULL, 't'},
                                             {"split-level", required_argument, NULL, 'L'},
                                             {"image-size", required_argument, NULL, 'I'},
                                             {"grayscale", no_argument, NULL, 'g'},
                                             {"no-grayscale", no_argument, NULL, 'G'},
                                             {"target", required_argument, NULL, 'T'},
                                             {"no-check", no_argument, NULL, 'n'},
                                             {"stats", no_argument, NULL, 's'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"output-dir", required_argument, NULL, 'O'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    ep_status st = EP_OK;
    int c, m;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:O:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            a->output = optarg;
            break;
        case 'O':
            a->outdir = optarg;
            break;
        case 'j':
            if ((a->jobs = parse_jobs(optarg)) < 0)
                return EXIT_USAGE;
            break;
        case 'f':
            st = ep_options_set_font(a->opts, optarg);
            break;
        case 'c':
            st = ep_options_set_css(a->opts, optarg);
            break;
        case 'l':
            if ((st = ep_options_set_lang(a->opts, optarg)) == EP_ERR_USAGE) {
                fprintf(stderr,
                        "%s: --lang: expected a language tag of ISO 639 such as uk, sr-Cyrl or "
                        "en-GB, got '%s'\n",
                        progname, optarg);
                return EXIT_USAGE;
            }
            break;
        case 'y':
            if ((m = parse_mode("hyphenate", optarg, hyph_modes, COUNT(hyph_modes))) < 0)
                return EXIT_USAGE;
            st = ep_options_set_hyphenation(a->opts, (ep_hyphenation)(EP_HYPHEN_CSS + m));
            break;
        case 't':
            if (parse_mode("typography", optarg, ep_typography_names(),
                           (int)count_of(ep_typography_names())) < 0)
                return EXIT_USAGE;
            st = ep_options_set_typography_text(a->opts, optarg);
            break;
        case 'L':
            /* a heading level, as pandoc's --split-level */
            if (optarg[0] < '1' || optarg[0] > '6' || optarg[1]) {
                fprintf(stderr,
                        "%s: --split-level: expected a heading level from 1 to 6, got '%s'\n",
                        progname, optarg);
                return EXIT_USAGE;
            }
            st = ep_options_set_split_level(a->opts, optarg[0] - '0');
            break;
        case 'I':
            if (ep_options_set_image_size_text(a->opts, optarg) != EP_OK) {
                fprintf(stderr,
                        "%s: --image-size: expected WIDTHxHEIGHT in px (each 1 to %d, e.g. "
                        "1600x2560) or off, got '%s'\n",
                        progname, EP_IMAGE_SIDE_MAX, optarg);
                return EXIT_USAGE;
            }
            break;
        case 'g':
        case 'G':
            st = ep_options_set_grayscale(a->opts, c == 'g');
            break;
        case 'T':
            if ((m = parse_mode("target", optarg, target_modes, COUNT(target_modes))) < 0)
                return EXIT_USAGE;
            st = ep_options_set_target(a->opts, (ep_target)(EP_TARGET_EPUB + m));
            break;
        case 'n':
            st = ep_options_set_check(a->opts, 0);
            break;
        case 's':
            a->stats = 1;
            break;
        case 'h':
            help_build(stdout);
            return EXIT_OKAY;
        default:
            return bad_option("build", c, argv, longopts);
        }
        if (st != EP_OK) { /* the values are checked above: only memory can run out */
            fprintf(stderr, "%s: %s\n", progname, ep_status_string(st));
            return EXIT_FAIL;
        }
    }
    a->inputs = argv + optind;
    a->ninputs = (size_t)(argc - optind);
    if (a->outdir && a->output) {
        fprintf(stderr, "%s: -o and -O exclude each other\n", progname);
        return EXIT_USAGE;
    }
    if (a->outdir) {
        if (!*a->outdir) {
            fprintf(stderr, "%s: -O needs a folder name\n", progname);
            return EXIT_USAGE;
        }
        if (!a->ninputs) {
            fprintf(stderr, "%s: -O needs at least one INPUT\n", progname);
            return EXIT_USAGE;
        }
        return -1;
    }
    if (a->jobs) {
        fprintf(stderr, "%s: -j applies to batch builds (-O OUTDIR)\n", progname);
        return EXIT_USAGE;
    }
    if (a->ninputs > 1) {
        fprintf(stderr, "%s: build takes one INPUT, or several with -O OUTDIR (got %zu)\n",
                progname, a->ninputs);
        return EXIT_USAGE;
    }
    return -1;
}

/* The line a build prints, and with --stats the time of each stage. */
static void report_build(const char *output, const ep_build_result *res, int stats)
{
    printf("%s: %zu bytes, %zu chapter%s, %zu words\n", output, res->bytes, res->chapters,
           res->chapters == 1 ? "" : "s", res->words);
    if (stats) {
        static const char *const stage[6] = {"read", "typeset", "fonts", "package", "zip", "check"};
        double total = 0;
        for (int i = 0; i < 6; i++)
            total += res->seconds[i];
        for (int i = 0; i < 6; i++)
            printf("  %-8s %8.3f ms\n", stage[i], res->seconds[i] * 1e3);
        printf("  %-8s %8.3f ms\n", "total", total * 1e3);
    }
}

/* One INPUT (default: the folder 'book') into -o FILE (default: named after the input). */
static int run_build(const build_args *a)
{
    const char *input = a->ninputs ? a->inputs[0] : "book", *output = a->output;
    char *out_alloc = NULL;
    ep_build_result res;
    ep_error err;
    struct stat sb;
    int rc = EXIT_FAIL;

    if (!a->ninputs && stat(input, &sb) != 0) {
        fprintf(stderr,
                "%s: book: no such folder here (the default INPUT); name the input: epubpack "
                "build FILE.md, FILE.txt or FOLDER\n",
                progname);
        return EXIT_FAIL;
    }
    if (!output) {
        out_alloc = default_output(a->opts, input);
        if (!out_alloc) {
            fprintf(stderr, "%s: out of memory\n", progname);
            return EXIT_FAIL;
        }
        output = out_alloc;
    }
    if (ep_build(a->opts, input, output, &res, &err) != EP_OK) {
        print_error(&err);
    } else {
        report_build(output, &res, a->stats);
        rc = EXIT_OKAY;
    }
    free(out_alloc);
    return rc;
}

/* epubpack build: parse, then one build or a batch (-O). */
static int cmd_build(int argc, char **argv)
{
    build_args a = {.opts = ep_options_new()};
    int rc;

    if (!a.opts) {
        fprintf(stderr, "%s: out of memory\n", progname);
        return EXIT_FAIL;
    }
    ep_options_set_diag(a.opts, build_diag, NULL);
    rc = parse_build(argc, argv, &a);
    if (rc < 0)
        rc = a.outdir ? build_batch(a.opts, a.inputs, a.ninputs, a.outdir, a.jobs, a.stats)
                      : run_build(&a);
    ep_options_free(a.opts);
    return rc;
}

/* "unknown command 'x' (commands: build|check|help); did you mean 'build'?" */
static void unknown_command_message(const char *context, const char *arg)
{
    char list[64], near[128];
    fprintf(stderr, "%s: %sunknown command '%s' (commands: %s)%s\n", progname, context, arg,
            epi_join_choices(list, sizeof list, commands, COUNT(commands)),
            epi_did_you_mean(near, sizeof near, "", arg, commands, COUNT(commands)));
}

/* `epubpack help [COMMAND]`. */
static int cmd_help(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "help")) {
        help_overview(stdout);
        return EXIT_OKAY;
    }
    if (!strcmp(argv[1], "build")) {
        help_build(stdout);
        return EXIT_OKAY;
    }
    if (!strcmp(argv[1], "check")) {
        help_check(stdout);
        return EXIT_OKAY;
    }
    if (!strcmp(argv[1], "catalog")) {
        help_catalog(stdout);
        return EXIT_OKAY;
    }
    unknown_command_message("help: ", argv[1]);
    return EXIT_USAGE;
}

/* argv[1] is no command: say what was probably meant. A file or folder (or a name ending in
 * .md or .txt) was meant for build, an .epub for check; a misspelt command is near one. */
static int unknown_command(int argc, char **argv)
{
    const char *arg = argv[1], *dot = strrchr(arg, '.');
    const char *cmd = NULL;
    char near[128];
    struct stat sb;

    if (arg[0] == '-') {
        static const char *const opts[] = {"help", "version"};
        fprintf(
            stderr, "%s: unknown option '%s'%s (see 'epubpack --help')\n", progname, arg,
            epi_did_you_mean(near, sizeof near, "--", arg + strspn(arg, "-"), opts, COUNT(opts)));
        return EXIT_USAGE;
    }
    if (dot && !strcmp(dot, ".epub"))
        cmd = "check";
    else if ((dot && (!strcmp(dot, ".md") || !strcmp(dot, ".txt"))) || stat(arg, &sb) == 0)
        cmd = "build";
    if (cmd) {
        fprintf(stderr, "%s: unknown command '%s'; did you mean '%s %s", progname, arg, progname,
                cmd);
        for (int i = 1; i < argc; i++)
            fprintf(stderr, " %s", argv[i]);
        fprintf(stderr, "'?\n");
        return EXIT_USAGE;
    }
    unknown_command_message("", arg);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* With TZ unset, glibc's mktime() looks at /etc/localtime again at each call (a stat
     * system call), and libzip calls it for every entry of an archive it opens, to turn the
     * entry's DOS time into a time_t: 297 calls, 0.4 ms, to open War and Peace for checking.
     * Naming the file it reads (glibc and musl alike) makes it read once; local times stay
     * those of an unset TZ. */
    if (!getenv("TZ"))
        setenv("TZ", ":/etc/localtime", 0);
    if (argc < 2) {
        help_overview(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return cmd_help(1, argv);
    if (!strcmp(argv[1], "help"))
        return cmd_help(argc - 1, argv + 1);
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        /* The libraries that shape an EPUB's bytes besides its input (docs/ARCHITECTURE.md
         * "Reproducibility"): libdeflate's deflate streams differ between its versions (1.14 on
         * Debian 12, 1.23 on Debian 13); it reports no version at run time, so this is the one
         * the program was built with. HarfBuzz (the font subset) and libzip say their own. */
        printf("epubpack %s\n", ep_version_string());
        printf("libdeflate %s (built with), HarfBuzz %s, libzip %s\n", LIBDEFLATE_VERSION_STRING,
               hb_version_string(), zip_libzip_version());
        return EXIT_OKAY;
    }
    if (!strcmp(argv[1], "build")) {
        int rc = cmd_build(argc - 1, argv + 1);
        /* The library keeps fontconfig's configuration for the life of the process
         * (include/epubpack.h); this program is that life, so it releases it after its last
         * build, and leak checkers (ASan, valgrind) see nothing left. */
        FcFini();
        return rc;
    }
    if (!strcmp(argv[1], "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(argv[1], "catalog"))
        return cmd_catalog(argc - 1, argv + 1);
    return unknown_command(argc, argv);
}
