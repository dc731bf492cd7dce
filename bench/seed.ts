// Fills an order database quickly, straight through SQLite, for the large series: half the orders
// Complete, half still Queued (a queue under System Monitoring's load), one a second apart.
import { DatabaseSync } from 'node:sqlite';
import { SqliteOrderStore, immediateTransaction } from '../app/store/sqlite-store';

export async function seedOrders(file: string, count: number, downloadBytes: number): Promise<void> {
  (await SqliteOrderStore.open({ file, maxSizeMb: 100_000 })).close();
  const db = new DatabaseSync(file);
  const order = db.prepare(
    'INSERT INTO orders (product, customer, placed_at, placed_offset_minutes, status, attempts, next_attempt_at, processed_at) ' +
      'VALUES (@product, @customer, @placedAt, 600, @status, @attempts, @placedAt, @processedAt)',
  );
  const download = db.prepare('INSERT INTO order_downloads (order_id, bytes) VALUES (@id, @bytes)');
  const bytes = Buffer.alloc(downloadBytes, 7);
  const start = Date.now() - count * 1000;
  immediateTransaction(db, () => {
    for (let i = 0; i < count; i++) {
      const complete = i < count / 2;
      const placedAt = start + i * 1000;
      const { lastInsertRowid } = order.run({
        product: `product ${i % 50}`, customer: `customer ${i % 200}`, placedAt,
        status: complete ? 'Complete' : 'Queued', attempts: complete ? 1 : 0, processedAt: complete ? placedAt + 500 : null,
      });
      download.run({ id: lastInsertRowid, bytes });
    }
  });
  db.close();
}
