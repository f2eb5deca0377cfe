#!/usr/bin/env node
// Every relative link in README.md and docs/ (and the READMEs they link to) must resolve to a file or folder
// inside the repository, and a `#fragment` into a Markdown file to one of its headings. A clone has nothing
// else: a link to ../shared or any path outside the repository is dead there.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const markdownIn = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownIn(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );
const files = [join(root, 'README.md'), ...(existsSync(join(root, 'docs')) ? markdownIn(join(root, 'docs')) : [])];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
const anchorsOf = (file) => {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => anchorOf(match[1].replace(/`/g, ''))));
};

const problems = [];
let checked = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  for (const [, target] of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
    checked += 1;
    const [path, fragment] = target.split('#');
    const where = `${relative(root, file)}: (${target})`;
    const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    if (resolved !== root && !resolved.startsWith(root + sep)) problems.push(`${where} leaves the repository`);
    else if (!existsSync(resolved)) problems.push(`${where} does not exist`);
    else if (fragment && resolved.endsWith('.md') && statSync(resolved).isFile() && !anchorsOf(resolved).has(fragment)) {
      problems.push(`${where} names no heading of ${relative(root, resolved)}`);
    }
  }
}
if (problems.length > 0) {
  console.error(`Broken links:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Links: ${checked} relative links in ${files.length} files, all inside the repository`);
