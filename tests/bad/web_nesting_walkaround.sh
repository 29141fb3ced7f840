#!/usr/bin/env bash
# Hostile input (issue 20, item 2): pages of 200 000 nested elements that walked around the
# nesting guard and reached Gumbo (over a minute each, n² in depth): a stray end tag that the
# parser ignores, `<!-->` and `<!--->` (whole comments in HTML5, not openers), a `</i>` inside
# an attribute value, and elements that nest without being counted (<li><dd>, <rt>, a <form>
# closed around open <div>s, <tr> inside <svg>, a `</script` that does not end the script).
# Each must be refused within seconds with the guard's message. Generated at test time.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK" <<'PY'
import sys
N = 200000
def page(name, body):
    open(sys.argv[1] + '/' + name + '.html', 'w').write(
        '<html><head><title>t</title></head><body>\n' + body + '\ntext</body></html>')
page('stray', '<div></x>' * N)
page('comment', '<!-->' + '<div>' * N + '-->')
page('comment_dash', '<!--->' + '<div>' * N + '-->')
page('attribute', '<div title="</i>">' * N)
page('list', '<li><dd>' * N)
page('ruby', '<rt>' * N)
page('form', ('<form>' + '<div>' * 1000 + '</form>') * 200)
page('svg', '<svg>' + '<tr>' * N)
page('script', '<div>' * 1000 + '<script></scriptx>' + '</div>' * 1000 + '</script>' + '<div>' * 1500)
page('script_escaped', '<div>' * 1000 + '<script><!--<script></script>' + '</div>' * 1000 +
     '--></script>' + '<div>' * 1500)
page('svg_title', '<svg><title>' + '<div>' * N)
PY
for name in stray comment comment_dash attribute list ruby form svg script script_escaped svg_title; do
    expect_refused_fast "$name" "epubpack: $BOOK/$name.html:2: elements are nested more than 2000 deep here; the page is refused" "$BOOK/$name.html"
done
# Legal pages stay legal: 1900 levels, misnested formatting, comments and scripts holding tags.
python3 - "$BOOK/fine.html" <<'PY'
import sys
body = '<div>' * 1900 + '<p>' + 'word ' * 60 + '</p>' + '</div>' * 1900
body += ('<p><b>bold <i>both</b> italic</i></p><!-- <div><div> --><script>var s = "<div></div>";'
         '</script><ul><li>one<li>two</ul>') * 3000
open(sys.argv[1], 'w').write('<html><head><title>Fine</title></head><body>' + body + '</body></html>')
PY
RC=0
timeout 20 "$EPUBPACK" build "$BOOK/fine.html" -o "$OUT/fine.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
note "fine: exit $RC: $(cat "$WORK/stderr")"
[[ $RC -eq 0 ]] || fail "a legal page was refused: exit $RC: $(cat "$WORK/stderr")"
