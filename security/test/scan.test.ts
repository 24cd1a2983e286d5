// security/scan.sh with stand-ins for docker and trivy: the commands it runs, the summary it
// writes, and that it fails closed whenever a scan cannot run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const security = join(import.meta.dirname, '..');
const fakes = join(import.meta.dirname, 'fixtures', 'scan');
const images = ['local/app-db:dev', 'local/app-api:dev', 'local/app-front:dev'];
const onPath = (command: string) => spawnSync('bash', ['-c', `command -v ${command}`], { encoding: 'utf8' });
const realTrivy = onPath('trivy').status === 0;
// The policy check that scan.sh runs reads the model from the real Compose CLI.
const realDocker = onPath('docker').stdout.trim();
const temporary: string[] = [];
after(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Scenario {
  trivyOnPath?: boolean;
  trivyImageLocal?: boolean;
  mode?: 'clean' | 'vulnerable' | 'dbfail';
  missing?: string;
  compose?: string;
}

function scan(scenario: Scenario) {
  const root = mkdtempSync(join(tmpdir(), 'scan-'));
  temporary.push(root);
  copyFileSync(
    join(import.meta.dirname, 'fixtures', scenario.compose ?? 'compose/dev.yml'),
    join(root, 'docker-compose.yml'),
  );
  const bin = join(root, 'bin');
  mkdirSync(bin);
  symlinkSync(join(fakes, 'docker'), join(bin, 'docker'));
  if (scenario.trivyOnPath) symlinkSync(join(fakes, 'trivy'), join(bin, 'trivy'));
  const log = join(root, 'calls.log');
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_LOG: log,
    FAKE_REAL_DOCKER: realDocker,
    FAKE_TRIVY: join(fakes, 'trivy'),
    FAKE_TRIVY_MODE: scenario.mode ?? 'clean',
    FAKE_IMAGES: images.join(' '),
    FAKE_MISSING: scenario.missing ?? '',
    FAKE_TRIVY_IMAGE_LOCAL: scenario.trivyImageLocal ? '1' : '',
  };
  const run = spawnSync(join(security, 'scan.sh'), [root], { env, encoding: 'utf8' });
  const reports = join(root, 'security', 'reports');
  return {
    ...run,
    reports,
    calls: existsSync(log) ? readFileSync(log, 'utf8') : '',
    summary: existsSync(join(reports, 'summary.txt')) ? readFileSync(join(reports, 'summary.txt'), 'utf8') : '',
  };
}

describe('make scan (security/scan.sh)', () => {
  it('fails on a fixable HIGH and names the image, package, installed and fixed version', () => {
    const run = scan({ trivyOnPath: true, mode: 'vulnerable' });
    assert.equal(run.status, 1, run.stderr);
    const row = /local\/app-api:dev +libssl3 +3\.0\.11-1~deb12u2 +3\.0\.15-1~deb12u1 +HIGH +CVE-2026-0001/;
    assert.match(run.stdout, row);
    assert.match(run.summary, row);
    // Unfixed findings are listed, not failing.
    assert.match(run.summary, /Unfixed vulnerabilities[^\n]*\n.*\n.*zlib1g +1:1\.2\.13\.dfsg-1 +- +CRITICAL/);
    assert.match(run.summary, /Result: FAIL \(3 fixable vulnerabilities\)/);
  });

  it('scans each image once, writes its SBOM, scans config and secrets, and passes when all is clean', () => {
    const run = scan({ trivyOnPath: true });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.summary, /scanner: trivy 0\.70\.0 from PATH \(pinned: 0\.70\.0\)/);
    assert.match(run.summary, /Result: PASS/);
    for (const image of images) {
      const name = image.replaceAll(/[/:]/g, '_');
      assert.match(
        run.calls,
        new RegExp(
          `trivy image --input security/reports/\\.work\\.\\w+/${name}\\.tar --scanners vuln --severity HIGH,CRITICAL`,
        ),
      );
      assert.ok(existsSync(join(run.reports, `sbom-${name}.cdx.json`)), `SBOM of ${image}`);
      assert.ok(existsSync(join(run.reports, `trivy-${name}.json`)), `report of ${image}`);
    }
    assert.match(run.calls, /trivy config --severity HIGH,CRITICAL .*--skip-dirs security\/test\/fixtures/);
    assert.match(run.calls, /trivy fs --scanners secret .*--skip-dirs \*\*\/node_modules/);
    assert.doesNotMatch(run.calls, /docker run|docker pull/);
  });

  it('fails with the policy violations of the compose files', () => {
    const run = scan({ trivyOnPath: true, compose: 'compose/read-only.yml' });
    assert.equal(run.status, 1);
    assert.match(run.summary, /docker-compose\.yml: service app: read-only: /);
    assert.match(run.summary, /Result: FAIL \(policy violations\)/);
  });

  it(
    'runs the digest-pinned Trivy image, without the Docker socket, when trivy is not on PATH',
    { skip: realTrivy && 'a real trivy is on PATH' },
    () => {
      const run = scan({ trivyImageLocal: true });
      assert.equal(run.status, 0, run.stderr);
      assert.match(
        run.calls,
        /docker run --rm --cap-drop ALL .*-v app-trivy-cache:\/root\/\.cache -v \S+:\/src:ro .*aquasec\/trivy:0\.70\.0@sha256:[0-9a-f]{64} image /,
      );
      assert.doesNotMatch(run.calls, /docker\.sock/);
    },
  );

  it(
    'fails closed, saying why and how to fix it, when there is no trivy and no image',
    { skip: realTrivy && 'a real trivy is on PATH' },
    () => {
      const run = scan({});
      assert.equal(run.status, 2);
      assert.match(
        run.stderr,
        /^scan: no scanner: trivy is not on PATH and the image aquasec\/trivy:0\.70\.0@sha256:\w+ could not be pulled \(.*no such host\)\. Fix: install Trivy 0\.70\.0/,
      );
      assert.match(run.summary, /^SCAN INCOMPLETE, NOT A PASS: no scanner/);
    },
  );

  it('fails closed when the vulnerability database cannot be downloaded', () => {
    const run = scan({ trivyOnPath: true, mode: 'dbfail' });
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /scan: trivy could not scan local\/app-api:dev: .*FATAL.*failed to download vulnerability DB\. Fix: /,
    );
    assert.doesNotMatch(run.summary, /PASS$/m);
  });

  it('fails closed when an image is not built', () => {
    const run = scan({ trivyOnPath: true, missing: 'local/app-front:dev' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /scan: image local\/app-front:dev is not built\. Fix: make build, then make scan\./);
  });
});
