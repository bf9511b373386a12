// ---- Bounded waits: nothing in shutdown or in a request may wait forever on Redis ----------------

/** Rejects with `onTimeout()` when the promise has not settled within ms. */
export const withTimeout = async <T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** True when the promise settled (either way) within ms. */
export const settlesWithin = async (promise: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

const MAX_TIMER_MS = 2_147_483_647;

/** setTimeout beyond its 24.8-day limit, unref'd (in-process jobs die with the process anyway); returns a cancel. */
export const after = (ms: number, fn: () => void): (() => void) => {
  let timer: NodeJS.Timeout;
  const arm = (left: number): void => {
    timer = setTimeout(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : fn()), Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  arm(Math.max(0, ms));
  return () => clearTimeout(timer);
};
