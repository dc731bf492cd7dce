// Order intake as a short story: validate the input, work out when it was placed, attach the
// product download, store it. Used by POST /new and by the BrokenOrder scenario alike.
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import { AppError } from '../errors';
import type { OrderStore } from '../store/order-store';
import type { Order } from './lifecycle';
import { parseIsoWithOffset } from '../../platform/london-time';

/** Every order carries a product download this big, as the original did: it is what fills the database. */
export const DOWNLOAD_BYTES = 100_000;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function boundedText(field: string) {
  const message = `${field} must be text of 1 to 100 characters`;
  return z
    .string({ error: message })
    .refine((s) => s.trim().length > 0, { error: `${field} must not be blank` })
    .refine((s) => [...s].length <= 100, { error: `${field} must be at most 100 characters` })
    .refine((s) => !CONTROL_CHARACTERS.test(s), { error: `${field} must not contain control characters` })
    .refine((s) => !LONE_SURROGATE.test(s), { error: `${field} must be valid Unicode text` });
}

const NewOrderInput = z.strictObject(
  {
    product: boundedText('product'),
    customer: boundedText('customer'),
    date_placed: z.string({ error: 'date_placed must be a string' }).max(64, { error: 'date_placed is too long' }).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unexpected field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: allowed fields are product, customer, date_placed`
        : 'the body must be a JSON object: {"product": "...", "customer": "...", "date_placed": "2024-03-31T12:00:00+10:00"}',
  },
);

export interface OrderIntakeDeps {
  store: OrderStore;
  clock: Clock;
  makeDownload: () => Buffer;
}

/** Validates untrusted input and stores the order. Bad input is an AppError('bad-input') naming the field. */
export function createOrderIntake(deps: OrderIntakeDeps): { place(input: unknown): Promise<Order> } {
  return {
    async place(input) {
      const parsed = NewOrderInput.safeParse(input);
      if (!parsed.success) {
        throw new AppError('bad-input', parsed.error.issues.map((issue) => issue.message).join('; '));
      }
      const { product, customer, date_placed } = parsed.data;
      const now = deps.clock();
      let placedAt = now;
      let placedOffsetMinutes = 0;
      if (date_placed !== undefined) {
        const date = parseIsoWithOffset(date_placed);
        if ('error' in date) throw new AppError('bad-input', `date_placed ${date.error}`);
        placedAt = date.instant;
        placedOffsetMinutes = date.offsetMinutes;
      }
      return deps.store.addOrder({
        product,
        customer,
        placedAt,
        placedOffsetMinutes,
        receivedAt: now,
        download: deps.makeDownload(),
      });
    },
  };
}
