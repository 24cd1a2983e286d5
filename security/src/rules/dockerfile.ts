// Dockerfile rules: who the image runs as, how it gets its files, what it leaves in its layers.
import {
  effectiveInstructions,
  finalUser,
  hasHealthcheck,
  isIgnored,
  labels,
  splitWords,
  targetStage,
  type Dockerfile,
  type Instruction,
  type Stage,
} from '../dockerfile.ts';
import { imageReferenceProblem, type Violation } from '../violation.ts';
import { isRoot } from './compose.ts';

export interface DockerfileUnderCheck {
  /** Path for messages, relative to the repository root. */
  readonly file: string;
  readonly dockerfile: Dockerfile;
  /** Compose `build.target`, when the build stops at a named stage. */
  readonly target?: string;
  /** The build context's .dockerignore ('' when it has none). */
  readonly dockerignore: string;
}

const REQUIRED_LABELS = [
  'org.opencontainers.image.title',
  'org.opencontainers.image.description',
  'org.opencontainers.image.source',
];

const DOTENV = /(^|\/)\.env(\.(?!example$|sample$|template$)[^/]*)?$/;
const WHOLE_CONTEXT = new Set(['.', './', '*', '/']);
const REMOTE = /^(https?:\/\/|git@|git:\/\/)/;

interface Finding {
  line: number;
  problem: string;
  fix: string;
}

/** Rules on the image the build produces (its target stage). */
const imageRules: Record<string, (stage: Stage) => Finding[]> = {
  'dockerfile-user': (stage) => {
    const user = finalUser(stage);
    if (user === undefined)
      return [
        {
          line: stage.line,
          problem: 'the image sets no USER, so it runs as the base image user (root for most)',
          fix: 'end with USER <non-root user>',
        },
      ];
    const line = stage.instructions.findLast((i) => i.keyword === 'USER')?.line ?? stage.line;
    return isRoot(user) ? [{ line, problem: `the last USER is ${user}`, fix: 'end with USER <non-root user>' }] : [];
  },
  'dockerfile-healthcheck': (stage) =>
    hasHealthcheck(stage)
      ? []
      : [{ line: stage.line, problem: 'the image has no HEALTHCHECK', fix: 'add HEALTHCHECK CMD <probe>' }],
  'oci-labels': (stage) => {
    const present = labels(stage);
    const missing = REQUIRED_LABELS.filter((label) => !present.has(label));
    return missing.length === 0
      ? []
      : [
          {
            line: stage.line,
            problem: `the image lacks ${missing.join(', ')}`,
            fix: 'add LABEL org.opencontainers.image.<name>=...',
          },
        ];
  },
};

/** Rules on every stage: what it is built from. */
const stageRules: Record<string, (stage: Stage) => Finding[]> = {
  'base-image-tag': (stage) => {
    const problem = stage.parent || stage.from === 'scratch' ? undefined : imageReferenceProblem(stage.from);
    return problem ? [{ line: stage.line, problem, fix: 'pin a version tag or a digest' }] : [];
  },
};

type InstructionRule = (i: Instruction, input: DockerfileUnderCheck) => Omit<Finding, 'line'>[];

/** Rules on every instruction of every stage. */
const instructionRules: Record<string, InstructionRule> = {
  'dockerfile-add': (i) =>
    i.keyword === 'ADD' && sources(i).some((source) => !REMOTE.test(source))
      ? [{ problem: 'ADD of local files (it also unpacks archives and fetches URLs)', fix: 'use COPY' }]
      : [],
  'dockerfile-dotenv': (i, input) => {
    if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || i.flags.some(([name]) => name === 'from')) return [];
    const dotenv = sources(i).find((source) => DOTENV.test(source));
    if (dotenv)
      return [
        { problem: `copies ${dotenv} into the image`, fix: 'pass settings at run time; keep .env out of images' },
      ];
    const whole = sources(i).find((source) => WHOLE_CONTEXT.has(source));
    return whole && !isIgnored('.env', input.dockerignore)
      ? [
          {
            problem: `${i.keyword} ${whole} copies the whole context, and .dockerignore does not exclude .env`,
            fix: 'add .env* to the .dockerignore of the build context',
          },
        ]
      : [];
  },
  'apt-no-recommends': (i) =>
    run(i, /\bapt(-get)?\s+(\S+\s+)*install\b/) && !/--no-install-recommends|Install-Recommends=(false|0)/.test(i.args)
      ? [
          {
            problem: 'apt-get install pulls in recommended packages',
            fix: 'apt-get install -y --no-install-recommends',
          },
        ]
      : [],
};

/** Rules on the instructions whose layers the image ships (its stage and the stages it is built FROM). */
const layerRules: Record<string, InstructionRule> = {
  'apt-lists': (i) =>
    run(i, /\bapt(-get)?\s+(\S+\s+)*(update|install)\b/) &&
    !/rm\s+-(rf|fr)\s+\/var\/lib\/apt\/lists/.test(i.args) &&
    !cacheMount(i, '/var/lib/apt')
      ? [
          {
            problem: 'the apt package lists stay in the layer',
            fix: 'end the same RUN with rm -rf /var/lib/apt/lists/*',
          },
        ]
      : [],
  'package-cache': (i) => {
    const leaks = [
      run(i, /\bnpm\s+(ci|install|i)\b/) && !/npm\s+cache\s+clean/.test(i.args) && !cacheMount(i, 'npm')
        ? 'npm'
        : undefined,
      run(i, /\bpip3?\s+install\b/) && !/--no-cache-dir/.test(i.args) && !cacheMount(i, 'pip') ? 'pip' : undefined,
      run(i, /\bapk\s+add\b/) && !/--no-cache/.test(i.args) ? 'apk' : undefined,
    ].filter((tool) => tool !== undefined);
    return leaks.map((tool) => ({
      problem: `the ${tool} cache stays in the layer`,
      fix: `RUN --mount=type=cache,target=<${tool} cache dir> ... (or the tool's no-cache option)`,
    }));
  },
};

export function checkDockerfile(input: DockerfileUnderCheck): Violation[] {
  const { stages } = input.dockerfile;
  const target = targetStage(input.dockerfile, input.target);
  if (!target)
    return [
      {
        file: input.file,
        rule: 'dockerfile',
        problem: `no build stage${input.target ? ` named ${input.target}` : ''}`,
        fix: 'check the file and build.target',
      },
    ];
  const apply = <T>(rules: Record<string, (subject: T) => Finding[]>, subject: T) =>
    Object.entries(rules).flatMap(([rule, check]) => check(subject).map((f) => ({ rule, ...f })));
  const applyEach = (rules: Record<string, InstructionRule>, instructions: Instruction[]) =>
    instructions.flatMap((i) =>
      Object.entries(rules).flatMap(([rule, check]) => check(i, input).map((f) => ({ rule, line: i.line, ...f }))),
    );
  const findings = [
    ...apply(imageRules, target),
    ...stages.flatMap((stage) => apply(stageRules, stage)),
    ...applyEach(
      instructionRules,
      stages.flatMap((stage) => stage.instructions),
    ),
    ...applyEach(layerRules, effectiveInstructions(target)),
  ];
  return findings.sort((a, b) => a.line - b.line).map((f) => ({ file: input.file, ...f }));
}

/** COPY/ADD sources: every argument but the destination (shell or JSON form). */
function sources(i: Instruction): string[] {
  const args = i.args.trim().startsWith('[')
    ? (JSON.parse(i.args) as string[])
    : splitWords(i.args.split('\n')[0] ?? '');
  return args.slice(0, -1);
}

function run(i: Instruction, command: RegExp): boolean {
  return i.keyword === 'RUN' && command.test(i.args);
}

function cacheMount(i: Instruction, target: string): boolean {
  return i.flags.some(([name, value]) => name === 'mount' && value.includes('type=cache') && value.includes(target));
}
