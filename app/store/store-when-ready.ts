// Stands in for the order store while the database is still being waited for, so the app can
// listen at once: /healthz answers 503 with the reason (App Service keeps the instance out of
// rotation), and every other route says the database is unavailable, until ready() hands over
// the real store. Afterwards it simply passes every call through.
import { AppError } from '../errors';
import type { ClaimedOrder, Order, OrderChange, OrderStatus } from '../orders/lifecycle';
import type { NewOrder, OrderStore, Summary } from './order-store';

export class StoreWhenReady implements OrderStore {
  private store: OrderStore | undefined;
  private reason = 'the database is being opened';

  constructor(readonly engine: OrderStore['engine']) {}

  /** Why the database is not there yet (shown by /healthz). */
  waiting(reason: string): void {
    this.reason = reason;
  }

  ready(store: OrderStore): void {
    this.store = store;
  }

  private get real(): OrderStore {
    if (!this.store) throw new AppError('database-unavailable', `waiting for the database: ${this.reason}`);
    return this.store;
  }

  addOrder(order: NewOrder): Promise<Order> {
    return this.real.addOrder(order);
  }
  countOrders(): Promise<number> {
    return this.real.countOrders();
  }
  claimNextDue(now: Date, leaseUntil: Date): Promise<ClaimedOrder | undefined> {
    return this.real.claimNextDue(now, leaseUntil);
  }
  saveAttemptResult(order: ClaimedOrder, change: OrderChange): Promise<boolean> {
    return this.real.saveAttemptResult(order, change);
  }
  listOrders(filter: { status?: OrderStatus; limit: number }): Promise<Order[]> {
    return this.real.listOrders(filter);
  }
  dashboardOrders(since: Date, limit: number): Promise<Order[]> {
    return this.real.dashboardOrders(since, limit);
  }
  summary(since: Date): Promise<Summary> {
    return this.real.summary(since);
  }
  getDownload(id: number): Promise<Buffer | undefined> {
    return this.real.getDownload(id);
  }
  deleteAllOrders(): Promise<number> {
    return this.real.deleteAllOrders();
  }
  async ping(): Promise<void> {
    return this.real.ping();
  }
  spaceUsed(): Promise<{ usedBytes: number; maxBytes: number }> {
    return this.real.spaceUsed();
  }
  async close(): Promise<void> {
    await this.store?.close();
  }
}
