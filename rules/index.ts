import type { Rule } from '../server/src/engine/rule-api';
import expiredIgnore from './expired-ignore';
import fileUnreadable from './file-unreadable';
import helmTemplateUnrendered from './helm-template-unrendered';
import internalError from './internal-error';
import pdbMissing from './pdb-missing';
import unusedSuppression from './unused-suppression';
import yamlSyntax from './yaml-syntax';

/** Every rule, sorted by id: the order of `kubeready rules`, the docs index and SARIF rule metadata. */
export const RULES: readonly Rule[] = [
  expiredIgnore,
  fileUnreadable,
  helmTemplateUnrendered,
  internalError,
  pdbMissing,
  unusedSuppression,
  yamlSyntax,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
