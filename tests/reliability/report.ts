// Prints the figures the reliability suite recorded, as one table, then starts the file afresh.
import fs from 'node:fs';
import { FIGURES_FILE } from './figures';

const rows = fs.existsSync(FIGURES_FILE)
  ? fs.readFileSync(FIGURES_FILE, 'utf8').split('\n').filter(Boolean).map((line): unknown => JSON.parse(line))
  : [];
console.log('\nReliability figures');
console.table(rows);
fs.rmSync(FIGURES_FILE, { force: true });
