// npm run check [-- <repository root>] (make policy): the policy check of the compose model, with
// this process's environment as Compose would use it, the Dockerfiles, .trivyignore and the
// Kubernetes manifests as make k8s-manifests renders them with this environment. Prints every
// violation and exits 1, or the count of files checked and exits 0; exits 2 when it cannot check
// (no Compose CLI, a compose file Compose refuses, a Dockerfile missing, manifests that do not render
// or parse).
import { resolve } from 'node:path';
import { checkProject } from './policy.ts';
import { formatViolation } from './violation.ts';

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../..'));
try {
  const { files, violations } = checkProject({ root });
  for (const violation of violations) console.log(formatViolation(violation));
  const summary = `policy: ${files.length} files checked, ${violations.length === 0 ? 'no' : violations.length} violation${violations.length === 1 ? '' : 's'}`;
  console.log(summary);
  process.exitCode = violations.length === 0 ? 0 : 1;
} catch (error) {
  console.error(`policy: ${(error as Error).message}`);
  process.exitCode = 2;
}
