/** The slice of addons-linter's programmatic API (README "Using the linter as a library") used here. */
declare module 'addons-linter' {
  interface LinterFinding {
    code: string;
    message: string;
    description?: string;
    file?: string;
    line?: number;
    column?: number;
  }
  interface LinterResult {
    count: number;
    summary: { errors: number; notices: number; warnings: number };
    errors: LinterFinding[];
    warnings: LinterFinding[];
    notices: LinterFinding[];
  }
  interface Linter {
    run(): Promise<LinterResult>;
  }
  const linter: {
    createInstance(options: { config: Record<string, unknown>; runAsBinary: boolean }): Linter;
  };
  export default linter;
}
