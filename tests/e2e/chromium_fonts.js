// Opens content documents of unzipped EPUBs in headless Chromium (a second engine beside MuPDF)
// and checks the embedded fonts, for tests/e2e/chromium_fonts.sh:
//  - every @font-face of the stylesheet loads (FontFace.status "loaded", none "error": Chromium's
//    font sanitizer, OTS, accepts the subset files);
//  - body text (p, li, td, th, blockquote, figcaption) has the embedded family first in its
//    computed font-family, and document.fonts.check() says that face covers its text;
//  - the glyphs Chromium draws for that text come from the embedded face, not a system font
//    (DevTools CSS.getPlatformFontsForNode: custom font, the embedded family); inline code is
//    left out, it is set in the reader's monospace font on purpose.
// Usage: node chromium_fonts.js PUPPETEER_CORE_DIR CHROMIUM ROOT PAGE...  (PAGE: a path under
// ROOT). The files are served over http://127.0.0.1, as reading apps serve a book.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const [puppeteerDir, chromium, root, ...pages] = process.argv.slice(2);
const puppeteer = require(puppeteerDir);
const types = {'.xhtml': 'application/xhtml+xml', '.css': 'text/css', '.ttf': 'font/ttf',
               '.otf': 'font/otf', '.png': 'image/png', '.jpg': 'image/jpeg', '.gif': 'image/gif',
               '.svg': 'image/svg+xml'};

const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(path.resolve(root) + path.sep) || !fs.existsSync(file)) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, {'Content-Type': types[path.extname(file)] || 'application/octet-stream'});
  fs.createReadStream(file).pipe(res);
});

async function checkPage(browser, base, page) {
  const problems = [];
  const tab = await browser.newPage();
  const failed = [];
  tab.on('requestfailed', (r) => failed.push(r.url() + ' ' + r.failure().errorText));
  tab.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(r.url() + ' ' + r.status());
  });
  await tab.goto(base + '/' + page, {waitUntil: 'load'});
  const info = await tab.evaluate(async () => {
    const faces = [...document.fonts];
    await Promise.all(faces.map((f) => f.load().catch(() => null)));
    await document.fonts.ready;
    const sel = 'p, li, td, th, blockquote, figcaption';
    const text = [...document.body.querySelectorAll(sel)]
      .filter((e) => e.textContent.trim() && !e.closest('nav'));
    return {
      faces: faces.map((f) => ({family: f.family.replace(/^"|"$/g, ''), weight: f.weight,
                                style: f.style, status: f.status})),
      text: text.map((e, i) => {
        e.setAttribute('data-fontcheck', String(i));
        // Code is set in the reader's monospace font on purpose: its glyphs are counted apart.
        const code = [...e.querySelectorAll('code, kbd, samp, tt')];
        code.forEach((c) => c.setAttribute('data-fontcode', String(i)));
        const cs = getComputedStyle(e);
        const t = e.textContent.trim();
        return {tag: e.tagName.toLowerCase(), sample: t.slice(0, 40), code: code.length,
                family: cs.fontFamily.split(',')[0].trim().replace(/^"|"$/g, ''),
                check: document.fonts.check(`${cs.fontStyle} ${cs.fontWeight} 16px ${cs.fontFamily}`, t)};
      }),
    };
  });
  if (failed.length) problems.push('requests failed: ' + failed.join(', '));
  if (!info.faces.length) problems.push('no @font-face in the stylesheet');
  for (const f of info.faces) {
    if (f.status !== 'loaded') problems.push(`face ${f.family} ${f.weight} ${f.style}: ${f.status}`);
  }
  const families = new Set(info.faces.map((f) => f.family));
  const cdp = await tab.target().createCDPSession();
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const doc = await cdp.send('DOM.getDocument', {depth: -1});
  const drawn = {};
  for (const [i, t] of info.text.entries()) {
    if (!families.has(t.family)) problems.push(`<${t.tag}> "${t.sample}": font-family ${t.family}`);
    if (!t.check) problems.push(`<${t.tag}> "${t.sample}": document.fonts.check is false`);
    const {nodeId} = await cdp.send('DOM.querySelector',
                                    {nodeId: doc.root.nodeId, selector: `[data-fontcheck="${i}"]`});
    const {fonts} = await cdp.send('CSS.getPlatformFontsForNode', {nodeId});
    const inCode = {};
    if (t.code) {
      const {nodeIds} = await cdp.send('DOM.querySelectorAll',
                                       {nodeId: doc.root.nodeId, selector: `[data-fontcode="${i}"]`});
      for (const id of nodeIds) {
        for (const f of (await cdp.send('CSS.getPlatformFontsForNode', {nodeId: id})).fonts) {
          inCode[f.familyName] = (inCode[f.familyName] || 0) + f.glyphCount;
        }
      }
    }
    for (const f of fonts) {
      const n = f.glyphCount - (inCode[f.familyName] || 0);
      drawn[f.familyName] = (drawn[f.familyName] || 0) + n;
      if (n > 0 && (!f.isCustomFont || !families.has(f.familyName))) {
        problems.push(`<${t.tag}> "${t.sample}": ${n} glyphs drawn in ${f.familyName}` +
                      (f.isCustomFont ? '' : ' (a system font)'));
      }
    }
  }
  await tab.close();
  const faces = info.faces.map((f) => `${f.weight}/${f.style} ${f.status}`).join(', ');
  const glyphs = Object.entries(drawn).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`  ${page}: faces [${faces}]; ${info.text.length} text blocks; glyphs: ${glyphs || 'none'}`);
  return problems.map((p) => `${page}: ${p}`);
}

(async () => {
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  const args = ['--headless=new', '--disable-gpu', '--font-render-hinting=none'];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  const browser = await puppeteer.launch({executablePath: chromium, args});
  let problems = [];
  try {
    for (const page of pages) problems = problems.concat(await checkPage(browser, base, page));
  } finally {
    await browser.close();
    server.close();
  }
  for (const p of problems) console.error('  ' + p);
  process.exit(problems.length ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
