// The workshop's starting state: when the app has no orders, one order placed in London local time
// and ten placed in the supplier's +10:00. With the timezone bug the first is paid and the queue
// then sticks on the second; with the fix all eleven go through.
import type { Clock } from '../platform/clock';
import { toIsoWithOffset, toLondonIso } from '../platform/london-time';
import type { AppClient, GeneratedOrder } from './app-client';
import { productFor, SUPPLIER_OFFSET_MINUTES } from './load-generator';

const SEEDED_SUPPLIER_ORDERS = 10;

export function seedOrders(now: Date): GeneratedOrder[] {
  // Placed a second apart over the last minute, London's first, so they are paid in this order.
  const placed = (i: number) => new Date(now.getTime() - (60 - i) * 1000);
  const london = { ...productFor(0), date_placed: toLondonIso(placed(0)) };
  const supplier = Array.from({ length: SEEDED_SUPPLIER_ORDERS }, (_, i) => ({
    ...productFor(i + 1),
    date_placed: toIsoWithOffset(placed(i + 1), SUPPLIER_OFFSET_MINUTES),
  }));
  return [london, ...supplier];
}

/** Seeds the app if it has no orders. Returns how many orders were placed (0 when it had some). */
export async function seedIfEmpty(app: AppClient, clock: Clock): Promise<number> {
  if ((await app.countOrders()) > 0) return 0;
  let placed = 0;
  for (const order of seedOrders(clock())) {
    const result = await app.placeOrder(order);
    if (result.status !== 201) throw new Error(`the app answered ${result.status} to a seed order: ${result.body}`);
    placed++;
  }
  return placed;
}
