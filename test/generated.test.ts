import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from './support/generated-files';

const ROOT = join(__dirname, '..');

describe('generated files are up to date (npm run generate)', () => {
  for (const [path, content] of Object.entries(generatedFiles())) {
    it(path, () => {
      if (process.env.UPDATE_GENERATED) writeFileSync(join(ROOT, path), content);
      let current = '';
      try {
        current = readFileSync(join(ROOT, path), 'utf8');
      } catch {
        // Missing counts as stale.
      }
      expect(current, `${path} is stale: run npm run generate`).toBe(content);
    });
  }
});
