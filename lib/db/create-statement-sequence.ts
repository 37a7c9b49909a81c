/** Runs statements on one connection strictly one after another; see createStatementSequence. */
export type StatementSequence = <T>(send: () => PromiseLike<T>) => Promise<T>;

/**
 * Lets a bulk write hand statements to one transaction without waiting for them, so this process
 * prepares the next rows while Postgres writes the last ones, yet only one statement is ever in the
 * driver at a time: `pg` queues further queries on a busy connection only as a deprecated
 * convenience (removed in pg 9). Each `send` starts when the one before it has finished. After a
 * failure the transaction is aborted, so later statements are not sent at all: they reject with
 * an error that names the first failure, which is the one worth reporting.
 */
export function createStatementSequence(): StatementSequence {
  let last: Promise<unknown> = Promise.resolve();
  let failure: unknown = null;
  return <T>(send: () => PromiseLike<T>): Promise<T> => {
    const next = last.then(() => {
      if (failure !== null) {
        const reason = failure instanceof Error ? failure.message : String(failure);
        throw new Error(`Not sent: an earlier statement of this transaction failed (${reason}).`, { cause: failure });
      }
      return Promise.resolve(send()).catch((error: unknown) => {
        failure = error;
        throw error;
      });
    });
    // The chain itself must not stop at a rejection; the caller handles `next`.
    last = next.catch(() => {});
    return next;
  };
}
