// The class view as a terminal table, as JSON for tools, and as a page for the projector.
import { partLabel } from '../progress/parts';
import type { ClassRow } from './snapshot';

interface Cells { learner: string; status: string; version: string; queue: string; failed: string; scenario: string; part: string; still: string }

const HEADINGS: Cells = { learner: 'learner', status: 'app', version: 'version', queue: 'queue', failed: 'failed', scenario: 'scenario', part: 'furthest part', still: 'not moved for' };

function cellsOf(row: ClassRow): Cells {
  const { snapshot } = row;
  const still = row.stuck ? `${Math.floor(row.minutesStill)} min, stuck?` : row.minutesStill >= 1 ? `${Math.floor(row.minutesStill)} min` : '';
  if (!snapshot.answering) {
    return { learner: snapshot.learner, status: 'not answering', version: '', queue: '', failed: '', scenario: '', part: '', still };
  }
  return {
    learner: snapshot.learner,
    status: 'up',
    version: snapshot.version ?? '?',
    queue: String(snapshot.queue),
    failed: String(snapshot.failed),
    scenario: snapshot.scenario ?? 'finance package not answering',
    part: snapshot.furthestPart === null ? 'before 4' : partLabel(snapshot.furthestPart),
    still,
  };
}

export function classTable(rows: ClassRow[], at: Date): string {
  const table = [HEADINGS, ...rows.map(cellsOf)].map((cells) => Object.values(cells) as string[]);
  const widths = table[0]?.map((_, column) => Math.max(...table.map((cells) => cells[column]?.length ?? 0))) ?? [];
  const notAnswering = rows.filter((row) => !row.snapshot.answering);
  return [
    `Class at ${at.toISOString().slice(11, 19)} UTC: ${rows.length} learners, ${notAnswering.length} not answering`,
    ...table.map((cells) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()),
    ...notAnswering.map((row) => (row.snapshot.answering ? '' : `${row.snapshot.learner}: ${row.snapshot.app} ${row.snapshot.why}`)),
  ].join('\n');
}

export function classJson(rows: ClassRow[]): string {
  return JSON.stringify({ learners: rows.map((row) => ({ ...row.snapshot, minutesStill: Math.floor(row.minutesStill), stuck: row.stuck })) }, null, 2);
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page that reloads itself every 30 s (a button pauses it): one row per learner, large enough for a projector. */
export function classPage(rows: ClassRow[], at: Date, refreshSeconds: number): string {
  const body = rows.map((row) => {
    const cells = cellsOf(row);
    const state = !row.snapshot.answering ? 'down' : row.stuck ? 'stuck' : 'ok';
    return `<tr class="${state}">${Object.values(cells).map((cell, i) => (i === 0 ? `<th scope="row">${escape(cell)}</th>` : `<td>${escape(cell)}</td>`)).join('')}</tr>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Class view</title>
<style>
  body { font: 1.4rem/1.4 system-ui, sans-serif; margin: 1.5rem; color: #111; background: #fff; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .8rem; border-bottom: 1px solid #999; }
  thead th { background: #222; color: #fff; }
  tr.down td, tr.down th { background: #fde2e1; }
  tr.stuck td, tr.stuck th { background: #fff3cd; }
  .legend span { padding: 0 .5rem; margin-right: 1rem; }
</style>
</head>
<body>
<main>
<h1>Class view</h1>
<p>Updated ${at.toISOString().slice(11, 19)} UTC; this page reloads every ${refreshSeconds} s.
<button type="button" id="pause">Pause refreshing</button>
<span class="legend"><span style="background:#fde2e1">not answering</span><span style="background:#fff3cd">not moved for 15 minutes</span></span></p>
<table>
<caption>One row per learner: the furthest part is what the orders show (4, 7 or 8)</caption>
<thead><tr>${Object.values(HEADINGS).map((heading) => `<th scope="col">${escape(heading)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</main>
<script>
  // A reload the viewer can stop (WCAG 2.2.1), rather than a meta refresh they cannot.
  const timer = setTimeout(() => location.reload(), ${refreshSeconds * 1000});
  document.getElementById('pause').addEventListener('click', (event) => {
    clearTimeout(timer);
    event.target.textContent = 'Paused: reload the page to refresh again';
    event.target.disabled = true;
  });
</script>
</body>
</html>
`;
}
