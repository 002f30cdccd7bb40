// Builds webirc/dist from webirc/src/main/js (docs/webirc.md "Size and safety"):
//   dist/widget.js     the embeddable widget: one IIFE, minified, its CSS inlined as a string (widget/index.js)
//   dist/helper.js     the help-desk page's script (helper/index.js), when present
//   dist/helper.html   copied from helper/helper.html, when present
//   dist/index.html    the demo host page: a small business site embedding the widget (data-channel=support)
//   dist/manifest.txt  the file names above that exist, one a line, sorted: what the node serves under [webirc] path
//
//   node webirc/build.mjs           rebuild dist (deterministic: the same sources give the same bytes)
//   node webirc/build.mjs --check   rebuild in memory; fail if dist differs or gzip(widget.js) > 15360 bytes
//   --dist DIR                      another dist directory (the size test checks that --check can fail)
//
// esbuild is pinned in package.json: `cd webirc && npm ci` first.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.join(HERE, 'src/main/js');
const DIST_ARG = process.argv.indexOf('--dist');
const DIST = DIST_ARG > 0 ? path.resolve(process.argv[DIST_ARG + 1]) : path.join(HERE, 'dist');
export const BUDGET = 15360;   // bytes, gzip of widget.js: JavaScript and CSS together, Bayeux client included

// CSS imports become a minified string (the widget puts it in its shadow root).
const cssAsText = {
  name: 'css-as-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const css = await esbuild.transform(fs.readFileSync(args.path, 'utf8'), { loader: 'css', minify: true });
      return { contents: css.code.trim(), loader: 'text' };
    });
  },
};

async function bundle(entry, banner) {
  const r = await esbuild.build({
    entryPoints: [path.join(SRC, entry)], bundle: true, write: false, format: 'iife', minify: true,
    target: ['es2020'], charset: 'ascii', legalComments: 'none', plugins: [cssAsText],
    banner: { js: banner }, logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

/** Every file of dist, by name, built in memory. */
export async function buildAll() {
  const files = {};
  files['widget.js'] = await bundle('widget/index.js', '/* Orbited WebIRC widget | docs/webirc.md */');
  if (fs.existsSync(path.join(SRC, 'helper/index.js'))) {
    files['helper.js'] = await bundle('helper/index.js', '/* Orbited WebIRC help-desk page | docs/webirc.md */');
  }
  if (fs.existsSync(path.join(SRC, 'helper/helper.html'))) {
    files['helper.html'] = fs.readFileSync(path.join(SRC, 'helper/helper.html'), 'utf8');
  }
  files['index.html'] = DEMO;
  files['manifest.txt'] = Object.keys(files).sort().join('\n') + '\n';   // what the node serves (not itself)
  return files;
}

// zlib's default level (6), what servers compressing on the fly use; gzip -9 saves a few bytes more
export const gzipSize = (text, level = 6) => zlib.gzipSync(Buffer.from(text), { level }).length;

function sizes(files) {
  for (const name of ['widget.js', 'helper.js']) {
    if (files[name]) {
      console.log(`${name}: ${Buffer.byteLength(files[name])} bytes, ${gzipSize(files[name])} gzipped ` +
        `(${gzipSize(files[name], 9)} with -9)` +
        (name === 'widget.js' ? ` (budget ${BUDGET})` : ''));
    }
  }
}

async function main() {
  const check = process.argv.includes('--check');
  const files = await buildAll();
  sizes(files);
  const problems = [];
  if (gzipSize(files['widget.js']) > BUDGET) problems.push(`widget.js is over budget: ${gzipSize(files['widget.js'])} > ${BUDGET} bytes gzipped`);
  const present = fs.existsSync(DIST) ? fs.readdirSync(DIST).filter((f) => !f.startsWith('.')) : [];
  if (check) {
    for (const [name, text] of Object.entries(files)) {
      const p = path.join(DIST, name);
      if (!fs.existsSync(p)) problems.push(`dist/${name} is missing`);
      else if (fs.readFileSync(p, 'utf8') !== text) problems.push(`dist/${name} differs from its sources`);
    }
    for (const name of present) if (!(name in files)) problems.push(`dist/${name} is not built from the sources`);
    if (problems.length) problems.push('run: node webirc/build.mjs (after cd webirc && npm ci) and commit dist');
  } else {
    fs.mkdirSync(DIST, { recursive: true });
    for (const name of present) if (!(name in files)) fs.rmSync(path.join(DIST, name));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(DIST, name), text);
    console.log('wrote ' + Object.keys(files).map((f) => 'dist/' + f).join(', '));
  }
  if (problems.length) {
    problems.forEach((p) => console.error('build.mjs: ' + p));
    process.exit(1);
  }
}

const DEMO = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Linden Street Bakery</title>
<style>
  body { margin: 0; font: 17px/1.6 Georgia, "Times New Roman", serif; color: #2b2520; background: #fbf7f1; }
  header { background: #5b3a29; color: #fbf7f1; padding: 18px 24px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: baseline; }
  header strong { font-size: 24px; letter-spacing: .5px; }
  nav a { color: #fbe3c8; margin-right: 16px; }
  main { max-width: 760px; margin: 0 auto; padding: 24px; }
  .hero { background: #f3e3cf; border-radius: 12px; padding: 24px 28px; margin-bottom: 24px; }
  .hero h1 { margin: 0 0 8px; font-size: 32px; line-height: 1.2; }
  ul.items { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 16px; }
  ul.items li { background: #fff; border: 1px solid #ead8c4; border-radius: 10px; padding: 16px; }
  ul.items b { display: block; font-size: 19px; }
  .demo { border: 2px dashed #b08a6c; border-radius: 10px; padding: 12px 16px; font: 15px/1.5 system-ui, sans-serif; background: #fff; }
  code { background: #f3e3cf; padding: 1px 4px; border-radius: 4px; }
  footer { text-align: center; padding: 24px; color: #6b5a4d; font-size: 14px; }
</style>
</head>
<body>
<header><strong>Linden Street Bakery</strong>
  <nav aria-label="Site"><a href="#bread">Bread</a><a href="#cakes">Cakes</a><a href="#visit">Visit us</a></nav></header>
<main>
  <section class="hero">
    <h1>Baked before sunrise, every day</h1>
    <p>Sourdough, rye and seasonal cakes from our wood-fired oven. Order a birthday cake or ask about allergens:
      the chat in the corner goes straight to the people behind the counter.</p>
  </section>
  <h2 id="bread">This week</h2>
  <ul class="items">
    <li><b>Country sourdough</b>48-hour rise, crisp crust. 6.50</li>
    <li><b>Dark rye</b>With sunflower seeds. 5.80</li>
    <li id="cakes"><b>Plum cake</b>While the plums last. 3.20 a slice</li>
  </ul>
  <h2 id="visit">Visit us</h2>
  <p>12 Linden Street. Tuesday to Saturday, 7:00 to 18:00; Sunday 8:00 to 13:00.</p>
  <p class="demo"><strong>This is the Orbited WebIRC demo.</strong> The chat bubble at the bottom right is one tag:
    <code>&lt;script src="widget.js" data-channel="support" async&gt;&lt;/script&gt;</code>.
    Answer as a helper in another window at <a href="helper.html">helper.html</a>: the node logs its address with the
    helper key when it starts (<code>helpdesk: helpers sign in at ...</code>).</p>
</main>
<footer>Linden Street Bakery, a made-up shop for the Orbited WebIRC demo.</footer>
<script src="widget.js" data-channel="support" async></script>
</body>
</html>
`;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
