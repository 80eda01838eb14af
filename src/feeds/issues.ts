import type { ImportIssue } from './report.js';
import type { Place } from './records.js';

/** Most warnings a report lists; the rest are counted in a last one. */
const MAX_LISTED = 1_000;

/** The warnings and errors of one import, in the order found. */
export class ImportIssues {
  readonly warnings: ImportIssue[] = [];
  readonly errors: ImportIssue[] = [];
  private unlisted = 0;

  warn(at: Place, message: string) {
    if (this.warnings.length < MAX_LISTED) this.warnings.push({ ...at, message });
    else this.unlisted += 1;
  }

  fail(at: Place, message: string) {
    this.errors.push({ ...at, message });
  }

  /** The warnings, with a last one saying how many more there were. */
  listedWarnings(): ImportIssue[] {
    if (this.unlisted === 0) return this.warnings;
    const more = `${this.unlisted.toLocaleString('en')} more warnings are not listed`;

    return [...this.warnings, { file: '', line: null, path: null, message: more }];
  }
}
