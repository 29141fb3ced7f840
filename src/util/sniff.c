/* Magic bytes of the image and font formats an EPUB carries (sniff.h). */
#include "util/sniff.h"

#include <string.h>

const char *epi_sniff(const unsigned char *b, size_t n)
{
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
        return "image/gif";
    if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
        return "image/webp";
    if (n >= 4 &&
        (memcmp(b, "\0\1\0\0", 4) == 0 || memcmp(b, "true", 4) == 0 || memcmp(b, "ttcf", 4) == 0))
        return "font/ttf";
    if (n >= 4 && memcmp(b, "OTTO", 4) == 0)
        return "font/otf";
    if (n >= 4 && memcmp(b, "wOFF", 4) == 0)
        return "font/woff";
    if (n >= 4 && memcmp(b, "wOF2", 4) == 0)
        return "font/woff2";
    return NULL;
}

const char *epi_image_ext(const char *media_type)
{
    static const char *const map[][2] = {{"image/jpeg", "jpg"},
                                         {"image/png", "png"},
                                         {"image/gif", "gif"},
                                         {"image/webp", "webp"},
                                         {"image/svg+xml", "svg"}};
    for (size_t i = 0; media_type && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(media_type, map[i][0]))
            return map[i][1];
    return NULL;
}
