// Types for config-validator.js, which `npm run generate` writes (ajv standalone code).
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction & { ruleIds: readonly string[] };
export = validate;
