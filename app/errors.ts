// Expected failures at the HTTP edge, each with its status in one table. Anything thrown that is
// not an AppError is a bug: the error handler logs it with its stack and answers a bare 500.

export const httpStatusFor = {
  'bad-input': 400,
  'unknown-scenario': 400,
  'not-found': 404,
  'payload-too-large': 413,
  'database-unavailable': 503,
  'storage-full': 507,
} as const satisfies Record<string, number>;

export type AppErrorKind = keyof typeof httpStatusFor;

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly kind: AppErrorKind,
    message: string,
  ) {
    super(message);
    this.status = httpStatusFor[kind];
  }
}

export const storageFull = (): AppError =>
  new AppError(
    'storage-full',
    'Order storage is exhausted: the database has reached its size limit, so no new orders can be accepted. ' +
      'Orders already stored are safe. Raise the database size (DATABASE_MAX_SIZE_MB locally) or delete orders (Reset).',
  );
