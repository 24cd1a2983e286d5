// The Dockerfile parser: continuations, comments, heredocs, ARG scoping, stages and .dockerignore.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finalUser, hasHealthcheck, isIgnored, labels, parseDockerfile, targetStage } from '../src/dockerfile.ts';

describe('parseDockerfile', () => {
  it('joins continuations, drops comment lines inside them, keeps the first line number', () => {
    const [stage] = parseDockerfile(
      'FROM debian:12\nRUN apt-get update \\\n# a comment\n  && echo done\nUSER 1000\n',
    ).stages;
    assert.deepEqual(
      stage?.instructions.map((i) => [i.keyword, i.args, i.line]),
      [
        ['RUN', 'apt-get update    && echo done', 2],
        ['USER', '1000', 5],
      ],
    );
  });

  it('keeps a heredoc body inside its instruction', () => {
    const [stage] = parseDockerfile('FROM debian:12\nRUN <<EOF\nUSER root\nEOF\nUSER 1000\n').stages;
    assert.equal(stage?.instructions.length, 2);
    assert.equal(stage && finalUser(stage), '1000');
  });

  it('resolves FROM with the ARGs before it, build arguments first', () => {
    const text = 'ARG BASE=node:24-slim\nFROM ${BASE} AS build\nFROM ${BASE}\n';
    assert.deepEqual(
      parseDockerfile(text).stages.map((s) => s.from),
      ['node:24-slim', 'node:24-slim'],
    );
    assert.equal(parseDockerfile(text, { BASE: 'node:latest' }).stages[1]?.from, 'node:latest');
  });

  it('substitutes ARG and ENV in USER and LABEL, not the global ARG unless redeclared', () => {
    const text = 'ARG UID=1000\nFROM debian:12\nUSER ${UID:-root}\nARG UID\nENV APP=app\nLABEL a="${APP} x" b=${UID}\n';
    const stage = parseDockerfile(text).stages[0];
    assert.equal(stage && finalUser(stage), 'root');
    assert.deepEqual(stage && [...labels(stage)], [
      ['a', 'app x'],
      ['b', '1000'],
    ]);
  });

  it('substitutes $A, ${A:-word} (nested), ${A-word}, ${A:+word}, ${A+word} and keeps \\$ literal', () => {
    const text =
      'FROM debian:12\nARG A=a\nARG E=\nLABEL a="${U:-${V:-x}}" b=${E-d}/${E:-d} c=${E+y}${E:+n}${A:+y} d=$A e="\\$A"\n';
    const stage = parseDockerfile(text).stages[0];
    assert.deepEqual(stage && Object.fromEntries(labels(stage)), { a: 'x', b: '/d', c: 'yy', d: 'a', e: '$A' });
  });

  it('lets a stage inherit USER and HEALTHCHECK from the stage it is built from', () => {
    const dockerfile = parseDockerfile(
      'FROM debian:12 AS base\nUSER 1000\nHEALTHCHECK CMD true\nFROM base AS final\nRUN true\nFROM base AS off\nHEALTHCHECK NONE\n',
    );
    const final = targetStage(dockerfile, 'final');
    assert.equal(final && finalUser(final), '1000');
    assert.equal(final && hasHealthcheck(final), true);
    const off = targetStage(dockerfile);
    assert.equal(off && hasHealthcheck(off), false);
  });
});

describe('isIgnored (.dockerignore)', () => {
  it('applies globs, ** and negations, the last match winning', () => {
    assert.equal(isIgnored('.env', '.env*\n'), true);
    assert.equal(isIgnored('.env', '*\n!src/\n'), true);
    assert.equal(isIgnored('.env', '**/.env\n'), true);
    assert.equal(isIgnored('.env', '.env\n!.env\n'), false);
    assert.equal(isIgnored('.env', 'node_modules\n# .env\n'), false);
  });
});
