#!/usr/bin/env node
// Generates dist/orbited.mjs (the ES module) from src/orbited.js (the classic script), with no
// dependencies. The module is the same code: the classic script's `var Orbited = (function ...)`
// becomes a module-scoped const, registered as window.Orbited when that is free (the iframe
// transport's /_/iframe.js calls parent.Orbited.attach_iframe), and exported.
//
//   node clients/js/build.mjs           writes dist/orbited.mjs
//   node clients/js/build.mjs --check   fails if dist/orbited.mjs differs from a fresh build, or if
//                                       src/orbited.js gzips to more than the budget (BUDGET below)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.join(HERE, 'src', 'orbited.js');
const OUT = path.join(HERE, 'dist', 'orbited.mjs');
export const BUDGET = 6560; // bytes of src/orbited.js after gzip (default level), as served; 6144 + 320 for
// Orbited.route and Orbited.routeUrl (the HaloD route rule, issue 12), which cost 317 bytes gzipped, + 96 for
// the instance= and attempt= parameters (stale attempts, docs/transports.md), which cost 133

const DECLARATION = 'var Orbited = (function (window, document) {';

export function build(source) {
  const at = source.indexOf('\n' + DECLARATION);
  if (at < 0) throw new Error('src/orbited.js: no line "' + DECLARATION + '"');
  return '// GENERATED from src/orbited.js by clients/js/build.mjs: edit the source, then run\n' +
    '// `node clients/js/build.mjs`. Same client as /_/orbited.js, as an ES module.\n' +
    source.slice(0, at + 1) + 'const' + source.slice(at + 4) +
    '\nif (typeof window.Orbited === \'undefined\') window.Orbited = Orbited;\n' +
    'export default Orbited;\n' +
    '/** @type {function(OrbitedOptions): OrbitedConnection} */\n' +
    'export const open = Orbited.open;\n' +
    'export const connect = Orbited.connect;\n';
}

export function gzipSize(buf) {
  return zlib.gzipSync(buf).length;
}

// Imports the committed module in a minimal fake window: it must export default, open and connect.
async function moduleProblems() {
  globalThis.window = { location: { href: 'http://localhost/', hostname: 'localhost' } };
  globalThis.document = {};
  try {
    const m = await import(OUT + '?check=' + Date.now());
    const ok = typeof m.default === 'object' && typeof m.open === 'function' && m.open === m.default.open &&
      m.connect === m.default.connect && typeof m.default.attach_iframe === 'function' && window.Orbited === m.default;
    return ok ? [] : ['dist/orbited.mjs does not export default, open and connect as expected'];
  } catch (e) {
    return ['dist/orbited.mjs does not load as a module: ' + e.message];
  } finally {
    delete globalThis.window;
    delete globalThis.document;
  }
}

async function main(args) {
  const source = fs.readFileSync(SRC, 'utf8');
  const fresh = build(source);
  if (args.includes('--check')) {
    const problems = [];
    const committed = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : null;
    if (committed !== fresh) problems.push('dist/orbited.mjs is out of date: run `node clients/js/build.mjs` and commit it');
    const size = gzipSize(Buffer.from(source, 'utf8'));
    console.log('src/orbited.js: ' + Buffer.byteLength(source) + ' bytes, ' + size + ' gzipped (budget ' + BUDGET + ')');
    if (size > BUDGET) problems.push('src/orbited.js gzips to ' + size + ' bytes, over the ' + BUDGET + '-byte budget');
    problems.push(...await moduleProblems());
    if (problems.length) {
      for (const p of problems) console.error('build.mjs --check: ' + p);
      process.exit(1);
    }
    console.log('build.mjs --check: OK');
    return;
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, fresh);
  console.log('wrote ' + path.relative(process.cwd(), OUT) + ' (' + Buffer.byteLength(fresh) + ' bytes)');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
