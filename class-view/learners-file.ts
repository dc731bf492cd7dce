// The class file: one line per learner, `learner=<app URL>`, as infra/create-learner-environments.sh
// writes it. Blank lines and lines starting with # are skipped; anything else wrong names its line.
import fs from 'node:fs';

export interface Learner { learner: string; app: string }

export function parseLearnersFile(text: string, file: string): Learner[] {
  const learners: Learner[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${file}:${index + 1}`;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`${where}: "${line}" is not learner=<app URL> (e.g. alice=https://orders-alice-app.azurewebsites.net)`);
    const learner = line.slice(0, equals).trim();
    const app = line.slice(equals + 1).trim();
    let url: URL;
    try {
      url = new URL(app);
    } catch {
      throw new Error(`${where}: "${app}" is not a URL (e.g. ${learner}=https://orders-${learner}-app.azurewebsites.net)`);
    }
    if (!['http:', 'https:'].includes(url.protocol)) throw new Error(`${where}: "${app}" is not an http(s) URL`);
    if (learners.some((known) => known.learner === learner)) throw new Error(`${where}: learner ${learner} is listed twice`);
    learners.push({ learner, app: url.href });
  });
  if (learners.length === 0) throw new Error(`${file}: no learner in it; write one line per learner, learner=<app URL>`);
  return learners;
}

export function readLearnersFile(file: string): Learner[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parseLearnersFile(text, file);
}
