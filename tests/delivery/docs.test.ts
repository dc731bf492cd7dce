// The docs stand on their own: every link between them resolves inside the repository (and every
// #anchor to a heading that exists), every picture is there, nothing points outside the repository,
// and the README stays a front door.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n').filter((file) => file !== '' && fs.existsSync(path.join(root, file)));
const markdown = tracked.filter((file) => file.endsWith('.md'));
/** Where a file's links are read from: the learner README becomes README.md at a learner copy's root. */
const linkBase = (file: string) => (file === 'workshop/learner-readme.md' ? 'README.md' : file);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
const anchorsIn = (text: string) => new Set(text.replace(/^```[\s\S]*?^```/gm, '').split('\n')
  .filter((line) => /^#{1,6} /.test(line)).map((line) => anchorOf(line.replace(/^#+ /, ''))));

/** Every [text](target) and ![alt](target) outside code, with its line. */
function linksIn(text: string): Array<{ target: string; line: number }> {
  const links: Array<{ target: string; line: number }> = [];
  let inCode = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) inCode = !inCode;
    if (inCode) return;
    for (const [, target] of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) links.push({ target: target ?? '', line: i + 1 });
  });
  return links;
}

test('every relative link and image in the docs resolves inside the repository, anchors included', () => {
  assert.ok(markdown.length >= 12, `the docs: ${markdown.join(', ')}`);
  const broken: string[] = [];
  let checked = 0;
  for (const file of markdown) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const { target, line } of linksIn(text)) {
      if (/^(https?:|mailto:)/.test(target)) continue;
      checked++;
      const [pathPart = '', anchor] = target.split('#');
      const resolved = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(linkBase(file)), pathPart));
      const where = `${file}:${line} → ${target}`;
      if (resolved.startsWith('..') || !fs.existsSync(path.join(root, resolved))) {
        broken.push(`${where} (no such file in the repository)`);
      } else if (anchor && resolved.endsWith('.md') && !anchorsIn(fs.readFileSync(path.join(root, resolved), 'utf8')).has(anchor)) {
        broken.push(`${where} (no heading #${anchor})`);
      }
    }
  }
  assert.ok(checked > 60, `links were found and checked: ${checked}`);
  assert.deepEqual(broken, []);
});

test('nothing in the repository points at a file outside it', () => {
  const outside = tracked.filter((file) => !file.startsWith('docs/images/') && !/\.(png|jpg|ico)$/.test(file) && file !== 'package-lock.json')
    .filter((file) => /\.\.\/shared\b|shared\/SPEC\.md|DEVELOPERS\.md/.test(fs.readFileSync(path.join(root, file), 'utf8')));
  // this file names them to look for them
  assert.deepEqual(outside.filter((file) => file !== 'tests/delivery/docs.test.ts'), []);
});

test('the README is a front door: short, with a picture, the two commands and a table of the docs', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.ok(readme.split('\n').length < 120, `README has ${readme.split('\n').length} lines`);
  assert.match(readme, /!\[[^\]]+\]\(docs\/images\/[\w-]+\.png\)/);
  assert.match(readme, /npm install && npm start/);
  assert.match(readme, /^npm test\b/m);
  for (const doc of fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    assert.ok(readme.includes(`(docs/${doc})`), `README links docs/${doc}`);
  }
});
