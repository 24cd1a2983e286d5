// The readable summary of make scan (security/reports/summary.txt, also printed), from Trivy's JSON
// reports and the policy check's output. Exits 1 when anything fails the scan, 2 when a report is
// not a Trivy report (so a broken scan never reads as a pass).
//   node summary.ts --out FILE --scanner TEXT [--image NAME=REPORT]... --config REPORT
//                   --secrets REPORT --policy FILE --policy-exit CODE
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface TrivyReport {
  SchemaVersion: number;
  Results?: Array<{
    Target: string;
    Vulnerabilities?: Array<{
      VulnerabilityID: string;
      PkgName: string;
      InstalledVersion: string;
      FixedVersion?: string;
      Severity: string;
    }>;
    Misconfigurations?: Array<{
      ID: string;
      Severity: string;
      Title: string;
      Status?: string;
      CauseMetadata?: { StartLine?: number };
    }>;
    Secrets?: Array<{ RuleID: string; Severity: string; Title: string; StartLine?: number }>;
  }>;
}

function readReport(path: string): TrivyReport {
  const report = JSON.parse(readFileSync(path, 'utf8')) as TrivyReport;
  if (report?.SchemaVersion !== 2) throw new Error(`${path} is not a Trivy JSON report (SchemaVersion 2)`);
  return report;
}

function table(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ['  (none)'];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  return [header, ...rows].map((row) =>
    `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd(),
  );
}

function summarize(): number {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      scanner: { type: 'string' },
      image: { type: 'string', multiple: true, default: [] },
      config: { type: 'string' },
      secrets: { type: 'string' },
      policy: { type: 'string' },
      'policy-exit': { type: 'string' },
    },
  });
  const required = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string') throw new Error(`--${name} is required`);
    return value;
  };

  const vulnerabilities = values.image.flatMap((pair) => {
    const eq = pair.lastIndexOf('=');
    const image = pair.slice(0, eq);
    return (readReport(pair.slice(eq + 1)).Results ?? []).flatMap((result) =>
      (result.Vulnerabilities ?? []).map((v) => ({ image, ...v, FixedVersion: v.FixedVersion ?? '' })),
    );
  });
  const fixable = vulnerabilities.filter((v) => v.FixedVersion !== '');
  const unfixed = vulnerabilities.filter((v) => v.FixedVersion === '');
  const misconfigurations = (readReport(required('config')).Results ?? []).flatMap((result) =>
    (result.Misconfigurations ?? [])
      .filter((m) => (m.Status ?? 'FAIL') === 'FAIL')
      .map((m) => ({ target: result.Target, ...m })),
  );
  const secrets = (readReport(required('secrets')).Results ?? []).flatMap((result) =>
    (result.Secrets ?? []).map((s) => ({ target: result.Target, ...s })),
  );
  const policy = readFileSync(required('policy'), 'utf8').trimEnd();
  const policyFailed = required('policy-exit') !== '0';

  const vulnerabilityRows = (list: typeof vulnerabilities) =>
    list.map((v) => [v.image, v.PkgName, v.InstalledVersion, v.FixedVersion || '-', v.Severity, v.VulnerabilityID]);
  const vulnerabilityHeader = ['IMAGE', 'PACKAGE', 'INSTALLED', 'FIXED IN', 'SEVERITY', 'ID'];
  const failures = [
    [fixable.length, 'fixable vulnerability', 'fixable vulnerabilities'],
    [misconfigurations.length, 'misconfiguration', 'misconfigurations'],
    [secrets.length, 'committed secret', 'committed secrets'],
  ]
    .filter(([count]) => Number(count) > 0)
    .map(([count, one, many]) => `${count} ${count === 1 ? one : many}`);
  if (policyFailed) failures.push('policy violations');

  const lines = [
    `make scan, ${new Date().toISOString()}, scanner: ${required('scanner')}`,
    'Threshold HIGH and CRITICAL. Fixable vulnerabilities, misconfigurations, committed secrets and policy violations fail the scan.',
    '',
    `Images scanned (an SBOM of each: sbom-<image>.cdx.json, CycloneDX)`,
    ...table(
      ['IMAGE', 'FIXABLE', 'UNFIXED'],
      values.image.map((pair) => {
        const image = pair.slice(0, pair.lastIndexOf('='));
        const count = (list: typeof vulnerabilities) => String(list.filter((v) => v.image === image).length);
        return [image, count(fixable), count(unfixed)];
      }),
    ),
    '',
    'Fixable vulnerabilities: these fail the scan. Fix: rebuild on the patched base image, or upgrade the package',
    ...table(vulnerabilityHeader, vulnerabilityRows(fixable)),
    '',
    'Unfixed vulnerabilities: reported, not failing, as no fixed version exists yet',
    ...table(vulnerabilityHeader, vulnerabilityRows(unfixed)),
    '',
    'Misconfigurations in the Dockerfiles (trivy config)',
    ...table(
      ['FILE', 'ID', 'SEVERITY', 'TITLE'],
      misconfigurations.map((m) => [
        `${m.target}${m.CauseMetadata?.StartLine ? `:${m.CauseMetadata.StartLine}` : ''}`,
        m.ID,
        m.Severity,
        m.Title,
      ]),
    ),
    '',
    'Committed secrets (trivy fs --scanners secret)',
    ...table(
      ['FILE', 'RULE', 'SEVERITY', 'TITLE'],
      secrets.map((s) => [`${s.target}${s.StartLine ? `:${s.StartLine}` : ''}`, s.RuleID, s.Severity, s.Title]),
    ),
    '',
    'Policy of the compose files and Dockerfiles (make policy)',
    ...policy.split('\n').map((line) => `  ${line}`),
    '',
    failures.length === 0 ? 'Result: PASS' : `Result: FAIL (${failures.join(', ')})`,
  ];
  const text = `${lines.join('\n')}\n`;
  writeFileSync(required('out'), text);
  process.stdout.write(text);
  return failures.length === 0 ? 0 : 1;
}

try {
  process.exitCode = summarize();
} catch (error) {
  console.error(`scan summary: ${(error as Error).message}`);
  process.exitCode = 2;
}
