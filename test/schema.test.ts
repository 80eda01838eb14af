import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema, schemaFile } from '../src/schema/print.js';

describe('the printed schema', () => {
  it('matches schema/schema.graphql so API changes show in review (npm run schema:print)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(printedSchema());
  });

  it('contains every name of the public contract', () => {
    let output = '';
    try {
      output = execFileSync('node', ['../shared/tools/check-contract.mjs'], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? '');
    }
    const missing = output
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((l) => l.trim());
    expect(missing).toEqual([]);
  });
});
