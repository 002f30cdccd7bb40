// The WebIRC widget's size budget and the freshness of webirc/dist (issue 15: JavaScript and CSS together at most
// 15 KB gzipped, its Bayeux client included). Rebuilds webirc/src/main/js in memory with the pinned esbuild
// (webirc/build.mjs --check), compares the result with the committed dist byte for byte, gzips the built assets and
// prints their sizes; and checks that --check fails on a dist that differs, so the freshness check can fail.
//
//   bash browser-tests/run.sh --test-name-pattern='webirc size'
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEBIRC = path.join(ROOT, 'webirc');
const DIST = path.join(WEBIRC, 'dist');
const BUDGET = 15360;

const build = (...args) => spawnSync(process.execPath, [path.join(WEBIRC, 'build.mjs'), ...args],
  { cwd: WEBIRC, encoding: 'utf8', timeout: 60000 });

test('webirc size: build.mjs --check finds dist fresh and widget.js within 15 KB gzipped', () => {
  assert.ok(fs.existsSync(path.join(WEBIRC, 'node_modules', 'esbuild')), 'esbuild is installed: cd webirc && npm ci');
  const r = build('--check');
  console.log(r.stdout.trim());
  assert.equal(r.status, 0, 'build.mjs --check failed:\n' + r.stdout + r.stderr);

  const sizes = {};
  for (const name of ['widget.js', 'helper.js']) {
    const file = path.join(DIST, name);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    sizes[name] = { bytes: bytes.length, gzip: zlib.gzipSync(bytes).length, gzip9: zlib.gzipSync(bytes, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(bytes).length };
  }
  console.log('[webirc-size] ' + JSON.stringify(sizes));
  assert.ok(sizes['widget.js'], 'dist/widget.js exists');
  assert.ok(sizes['widget.js'].gzip <= BUDGET, 'widget.js is ' + sizes['widget.js'].gzip + ' bytes gzipped, budget ' + BUDGET);
  // the CSS travels inside widget.js: no other asset is loaded by the widget
  const manifest = fs.readFileSync(path.join(DIST, 'manifest.txt'), 'utf8').trim().split('\n');
  assert.deepEqual(manifest, [...manifest].sort(), 'manifest sorted');
  assert.ok(manifest.includes('widget.js') && manifest.includes('index.html'), 'manifest: ' + manifest);
  for (const name of manifest) assert.ok(fs.existsSync(path.join(DIST, name)), 'dist/' + name + ' listed and present');
  const widget = fs.readFileSync(path.join(DIST, 'widget.js'), 'utf8');
  assert.ok(/^[\x00-\x7f]*$/.test(widget), 'widget.js is ASCII (it reads the same on a page of any encoding)');
  assert.ok(widget.includes(':host{all:initial!important}'), 'widget.js carries its (minified) CSS');
});

test('webirc size: build.mjs --check fails on a dist that differs from the sources', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'webirc-dist.'));
  try {
    for (const f of fs.readdirSync(DIST)) fs.copyFileSync(path.join(DIST, f), path.join(copy, f));
    assert.equal(build('--check', '--dist', copy).status, 0, 'an exact copy of dist passes');
    fs.appendFileSync(path.join(copy, 'widget.js'), '\n');
    const r = build('--check', '--dist', copy);
    assert.equal(r.status, 1, 'a changed widget.js fails the check');
    assert.match(r.stderr, /dist\/widget\.js differs from its sources/);
    fs.writeFileSync(path.join(copy, 'stale.js'), '');
    fs.copyFileSync(path.join(DIST, 'widget.js'), path.join(copy, 'widget.js'));
    assert.match(build('--check', '--dist', copy).stderr, /dist\/stale\.js is not built from the sources/);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
