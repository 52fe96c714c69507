/* eslint-disable jest/no-export, jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests --
   this helper builds suites for the spec files: it exports, and its titles and callbacks are parameters */

/**
 * `describe` when the condition holds; otherwise the suite is reported as skipped, with the reason in its name,
 * so a run on the embedded engine says what it did not prove and why.
 */
export function describeIf(condition: boolean, reason: string): (name: string, suite: () => void) => void {
  if (condition) {
    return (name, suite) => describe(name, suite);
  }
  return (name) =>
    describe.skip(`${name} (skipped: ${reason})`, () => {
      it(`needs: ${reason}`, () => expect(condition).toBe(true));
    });
}

/** For what only a real PostgreSQL server shows (server-side timeouts, real parallel transactions). */
export const describeOnPostgres = describeIf(
  Boolean(process.env.DATABASE_URL),
  'set DATABASE_URL to a real PostgreSQL: the embedded engine serves one connection at a time',
);
