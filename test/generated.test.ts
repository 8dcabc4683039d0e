import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedBlocks, generatedFiles } from './support/generated-files';

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

describe('generated blocks are up to date (npm run generate)', () => {
  for (const { file, name, content } of generatedBlocks()) {
    it(`${file} ${name}`, () => {
      const path = join(ROOT, file);
      const text = readFileSync(path, 'utf8');
      const start = `<!-- ${name}:start -->\n`;
      const end = `\n<!-- ${name}:end -->`;
      const from = text.indexOf(start);
      const to = text.indexOf(end);
      expect(from, `${file} has the ${name} markers`).toBeGreaterThan(-1);
      const updated = text.slice(0, from + start.length) + content + text.slice(to);
      if (process.env.UPDATE_GENERATED) {
        writeFileSync(path, updated);
        return;
      }
      expect(text.slice(from + start.length, to), `${file} ${name} is stale: run npm run generate`).toBe(content);
    });
  }
});
