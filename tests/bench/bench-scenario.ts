/**
 * A benchmark scenario. Add one by adding a file to tests/bench/scenarios/ whose default export is
 * `defineScenario({ … })`; the file name is irrelevant, `name` is what `--only` selects.
 */
export type BenchContext = {
  /** The benchmark's own copy of the seeded database (also in process.env.DATABASE_URL). */
  databaseUrl: string;
  /** How many backers the seeded campaign has. */
  backers: number;
  /** The seeded campaign's project. */
  projectId: string;
  /** A scratch directory for files (e.g. a generated CSV), removed after the run. */
  workDir: string;
};

export type BenchScenario<State = unknown> = {
  name: string;
  /** One line for the readable table. */
  description: string;
  /**
   * Untimed preparation (generate a file, pick ids). Runs in the parent process, so its memory does
   * not count toward the scenario's peak RSS; its result must survive JSON (it is handed to the
   * measuring child process).
   */
  setup?: (context: BenchContext) => Promise<State>;
  /** Untimed, before every timed iteration of `run` and `baseline` (e.g. undo the previous import). */
  reset?: (context: BenchContext, state: State) => Promise<void>;
  /** The work measured, done the product's way. */
  run: (context: BenchContext, state: State) => Promise<void>;
  /** The same work by the plainest means (raw SQL, a bare library call), measured in the same run. */
  baseline: (context: BenchContext, state: State) => Promise<void>;
  /**
   * Untimed, after every timed iteration of `run` and of `baseline`: the rows the work produced
   * (counts, a digest), read the same way for both. The bench fails when the two differ: a
   * baseline that does less work is not a baseline. Without it the table says "rows not compared".
   */
  outcome?: (context: BenchContext, state: State) => Promise<unknown>;
  /**
   * When the plain baseline cannot do all of the product's work: what it leaves out. The table
   * then names the baseline a lower bound, so the ratio is read as an upper bound of the overhead.
   */
  lowerBound?: string;
  /** Timed iterations (median reported); default 7. */
  runs?: number;
  /** Untimed iterations first (caches, JIT); default 2. */
  warmups?: number;
};

/** Identity, for type inference of `State` between setup and run. */
export function defineScenario<State>(scenario: BenchScenario<State>): BenchScenario<State> {
  return scenario;
}
