#!/usr/bin/env bash
# Bad input (issue 15): a date that is not W3CDTF, or that does not exist, is an error naming the
# file, line and column; epubcheck would warn OPF-053 on the EPUB otherwise.
. "$(dirname "$0")/bad.bash"
date_case() {
    printf -- '---\ntitle: T\nlang: en\ndate: %s\n---\ntext\n' "$1" >"$BOOK/article.md"
    expect_fail 1 "^epubpack: .*/article\.md:4:7: metadata key 'date': $2$" "$BOOK/article.md"
}
date_case 'May 21, 2020' "'May 21, 2020' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD \(W3CDTF; DD\.MM\.YYYY is also read\)"
date_case '2020/05/21' "'2020/05/21' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD \(W3CDTF; DD\.MM\.YYYY is also read\)"
date_case '2020-13-45' "'2020-13-45' is not a real date: there is no month 13"
date_case '2021-02-29' "'2021-02-29' is not a real date: February 2021 has 28 days"
date_case '31.04.2020' "'31\.04\.2020' is not a real date: April 2020 has 30 days"
date_case '2020-05-21T10:00' "'2020-05-21T10:00' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD \(W3CDTF; DD\.MM\.YYYY is also read\)"
