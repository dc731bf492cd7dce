// Domain code asks this for the time instead of calling new Date(), so tests can fix the time.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
