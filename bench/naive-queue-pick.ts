// The queue query of the workshop's starting state, as the original Python app had it: load every
// order, download bytes and all, sort them in memory, take the first that is due. It is what the
// System Monitoring stretch asks learners to find and replace; kept here to measure it side by side.
import Database from 'better-sqlite3';

interface Row {
  id: number;
  status: string;
  placed_at: number;
  next_attempt_at: number;
}

export function naiveQueuePick(db: Database.Database, now: number): number | undefined {
  const all = db
    .prepare('SELECT o.*, d.bytes FROM orders o JOIN order_downloads d ON d.order_id = o.id')
    .all() as Row[]; // the starting state's code trusts its rows, as the original did
  const due = all.filter((o) => o.status === 'Queued' && o.next_attempt_at <= now);
  due.sort((a, b) => a.placed_at - b.placed_at || a.id - b.id);
  return due[0]?.id;
}
