/**
 * Reads `loopkit.yaml` and `loops/*.yaml` through a narrow file source (the workspace, the base
 * branch over the API, or a test folder), validates them and merges project defaults into each loop.
 * Every problem becomes a Diagnostic with a position; nothing here throws for a user's mistake.
 */
import { formatKeyPath, type Diagnostic, type KeyPath } from './diagnostic.js';
import { canonicalLoop, canonicalMemory, isBuiltInVerifier } from './dialect.js';
import { resolveExtends, resolveInlineExtends, type ChainLink, type SharedLoopReaders, type SharedRepositories } from './extends.js';
import { OutsideCheckoutError } from './fs-source.js';
import { issuesToDiagnostics } from './issues.js';
import { Loop, ProjectConfig, taskOf, type Agent, type LoopFile } from './schema.js';
import { MAX_SKILL_BYTES, parseSkill, SKILL_FILE, skillCandidates, type LoadedSkill } from './skill.js';
import { suggestion } from './suggest.js';
import { lessonsNobodyReads, loopWarnings } from './warnings.js';
import { writeProblems } from './writes.js';
import { decodeUtf8, parseYaml, type ParsedYaml, type Position } from './yaml-document.js';

export interface LoopFileSource {
  /** Bytes of a file, by path from the repository root; null when it does not exist. */
  read(path: string): Promise<Uint8Array | null>;
  /** Names of the files in a folder; empty when the folder does not exist. */
  list(dir: string): Promise<string[]>;
}

export interface LoadedLoop {
  /** The loop with the project defaults merged in. */
  loop: Loop;
  file: string;
  text: string;
  /** Position of a key path inside this loop (inline loops live inside loopkit.yaml); the closest parent when absent. */
  locate(path: KeyPath): Position;
  /** Position of a key path the file writes; undefined when it does not write it. */
  locateExact(path: KeyPath): Position | undefined;
  makers: Agent[];
  /** Every checker, in the order written; a finding is confirmed only when all of them confirm it. */
  checkers: Agent[];
  /** What LoopKit made of the file that its author may not expect (built-in verifier, slug, store), for `validate`. */
  notes: string[];
  /** `skill:` as written → the skill's instructions (its body), for every skill the loop's agents name. */
  skills: Record<string, string>;
  /** `skill:` as written → the whole skill: name, description, folder and resource files (loop/skill.ts). */
  skillDetails: Record<string, LoadedSkill>;
  /** The loop as written with the shared loops it extends merged in (no `extends`): what `validate --resolved` prints. */
  written: Record<string, unknown>;
  /** Its file, then each shared file it extends with the digest that pinned it (extends.ts); one link when it extends nothing. */
  chain: ChainLink[];
}

export interface ProjectSettings {
  enforceMakerChecker: boolean;
  loopsDir: string;
}

export interface LoadedProject {
  configFile: string;
  /** False when there is no project file: every default comes from LoopKit itself. */
  hasConfig: boolean;
  settings: ProjectSettings;
  loops: LoadedLoop[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /**
   * Where `npm:` skills are read from (their node_modules): default `source`. The action reads the
   * loops of a pull request from a fork at the base commit over the API, which holds no
   * node_modules; it passes the workspace here.
   */
  packages?: LoopFileSource;
  /** Where `extends: github:…` files are read (the API at their ref); without it such a file is an error. */
  github?: SharedRepositories;
}

export async function loadProject(source: LoopFileSource, configFile = 'loopkit.yaml', options: LoadOptions = {}): Promise<LoadedProject> {
  const sources: SkillSources = { repository: source, packages: options.packages ?? source };
  // Shared loops are packages too: read where `npm:` skills are (a fork's pull request: the base commit).
  const shared: SharedLoopReaders = { packages: sources.packages, ...(options.github ? { github: options.github } : {}) };
  const diagnostics: Diagnostic[] = [];
  let config: ProjectConfig | undefined;
  let configYaml: ParsedYaml | undefined;
  /** The chains of the inline loops that extend a shared loop, by their key in `loops`. */
  let inlineChains = new Map<string | number, ChainLink[]>();

  const configBytes = await readInside(source, configFile, diagnostics);
  if (configBytes) {
    configYaml = readYaml(configFile, configBytes, diagnostics);
    if (configYaml && isMapping(configYaml.value)) configYaml = (await resolveExtends(configYaml, shared, diagnostics))?.yaml;
    if (configYaml && isMapping(configYaml.value)) ({ yaml: configYaml, chains: inlineChains } = await resolveInlineExtends(configYaml, shared, diagnostics));
    if (configYaml && configYaml.value !== undefined) {
      const parsed = ProjectConfig.safeParse(configYaml.value);
      if (parsed.success) config = parsed.data;
      else diagnostics.push(...issuesToDiagnostics(parsed.error.issues, configYaml, ProjectConfig));
    }
  }

  const settings: ProjectSettings = {
    enforceMakerChecker: config?.settings?.enforceMakerChecker ?? true,
    loopsDir: config?.settings?.loopsDir ?? 'loops'
  };

  const candidates: { loop: Loop; yaml: ParsedYaml; prefix: KeyPath; chain: ChainLink[] }[] = [];
  /** Loops that did not validate, read again without their unknown keys: checked for the rest of their problems, never run. */
  const laterProblems: { loop: Loop; yaml: ParsedYaml; prefix: KeyPath }[] = [];
  const inline = config?.loops;
  const inlineChain = (key: string | number) => inlineChains.get(key) ?? [{ source: configFile }];
  if (Array.isArray(inline))
    inline.forEach((loop, index) => candidates.push({ loop: canonicalLoop(loop), yaml: configYaml!, prefix: ['loops', index], chain: inlineChain(index) }));
  else if (inline) {
    // The original LoopKit's `loops: { name: loop }`: the key names the loop unless it has a `name`.
    for (const [key, loop] of Object.entries(inline))
      candidates.push({
        loop: canonicalLoop({ ...loop, name: loop.name ?? key } as LoopFile),
        yaml: configYaml!,
        prefix: ['loops', key],
        chain: inlineChain(key)
      });
  }

  const names = (await source.list(settings.loopsDir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  for (const name of names) {
    const file = `${settings.loopsDir}/${name}`;
    const bytes = await readInside(source, file, diagnostics);
    if (!bytes) continue;
    const read = readYaml(file, bytes, diagnostics);
    if (!read || read.value === undefined) continue;
    if (!isMapping(read.value)) {
      diagnostics.push({
        severity: 'error',
        file,
        line: 1,
        column: 1,
        path: '',
        message: 'a loop file is a mapping with `name`, `trigger` and `pipeline` keys',
        fix: 'run `loopkit init` to see an example loop file'
      });
      continue;
    }
    // The shared loops it extends, each checked against its pin, merged under it: then validated as any loop.
    const resolved = await resolveExtends(read, shared, diagnostics);
    if (!resolved) continue;
    const { yaml, chain } = resolved;
    const parsed = Loop.safeParse(yaml.value);
    if (parsed.success) candidates.push({ loop: parsed.data, yaml, prefix: [], chain });
    else {
      diagnostics.push(...issuesToDiagnostics(parsed.error.issues, yaml, Loop));
      // All of a file's problems in one pass: without its unknown keys the loop may parse, and then
      // its agent labels and skills can be checked now rather than after the next run.
      const stripped = Loop.safeParse(withoutUnknownKeys(yaml.value, parsed.error.issues));
      if (stripped.success) laterProblems.push({ loop: stripped.data, yaml, prefix: [] });
    }
  }

  const problemIn =
    (yaml: ParsedYaml, prefix: KeyPath) =>
    (path: KeyPath, message: string, fix?: string): Diagnostic => ({
      severity: 'error',
      file: yaml.file,
      ...yaml.locate([...prefix, ...path]),
      path: formatKeyPath(path),
      message,
      ...(fix ? { fix } : {})
    });
  for (const { loop, yaml, prefix } of laterProblems) {
    const problem = problemIn(yaml, prefix);
    diagnostics.push(...resolveAgents(loop, problem).problems, ...writeProblems(loop, problem));
    await loadSkills(loop, sources, problem, diagnostics);
  }

  const loops: LoadedLoop[] = [];
  const seen = new Map<string, string>();
  for (const { loop, yaml, prefix, chain } of candidates) {
    const locate = (path: KeyPath) => yaml.locate([...prefix, ...path]);
    const problem = problemIn(yaml, prefix);
    const before = seen.get(loop.name);
    if (before) {
      diagnostics.push(
        problem(
          ['name'],
          `loop name "${loop.name}" is already used in ${before}`,
          'give each loop a unique `name` (names that differ only in case or punctuation share a slug)'
        )
      );
      continue;
    }
    seen.set(loop.name, yaml.file);

    const resolved = resolveAgents(loop, problem);
    const writes = writeProblems(loop, problem);
    diagnostics.push(...resolved.problems, ...writes);
    // An agent a misspelt checker meant is already named in the error: no second word on it.
    if (resolved.problems.length === 0)
      diagnostics.push(...loopWarnings(loop, (path, message, fix) => ({ ...problem(path, message, fix), severity: 'warning' })));
    const skillDetails = await loadSkills(loop, sources, problem, diagnostics);
    if (resolved.problems.length > 0 || writes.some((d) => d.severity === 'error') || skillDetails === undefined) continue;

    loops.push({
      loop: withDefaults(loop, config),
      file: yaml.file,
      text: yaml.text,
      locate,
      locateExact: (path: KeyPath) => yaml.locateExact([...prefix, ...path]),
      makers: resolved.makers,
      checkers: resolved.checkers,
      notes: [...notesOn(loop, valueAt(yaml.value, prefix), config), ...skillNotes(skillDetails)],
      skills: Object.fromEntries(Object.entries(skillDetails).map(([ref, skill]) => [ref, skill.body])),
      skillDetails,
      written: valueAt(yaml.value, prefix),
      chain
    });
  }

  const project = loops.map((l) => l.loop);
  for (const l of loops)
    diagnostics.push(
      ...lessonsNobodyReads(l.loop, project, (path, message, fix) => ({
        severity: 'warning',
        file: l.file,
        ...l.locate(path),
        path: formatKeyPath(path),
        message,
        ...(fix ? { fix } : {})
      }))
    );
  return { configFile, hasConfig: configBytes !== null, settings, loops, diagnostics };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A copy of `value` without the keys zod called unrecognised. */
function withoutUnknownKeys(value: unknown, issues: readonly { code: string; path: PropertyKey[]; keys?: string[] }[]): unknown {
  const copy = structuredClone(value);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys' || !issue.keys) continue;
    let at: unknown = copy;
    for (const part of issue.path) at = (at as Record<PropertyKey, unknown> | undefined)?.[part];
    if (at && typeof at === 'object') for (const key of issue.keys) delete (at as Record<string, unknown>)[key];
  }
  return copy;
}

function readYaml(file: string, bytes: Uint8Array, diagnostics: Diagnostic[]): ParsedYaml | undefined {
  const decoded = decodeUtf8(file, bytes);
  if (decoded.diagnostic) {
    diagnostics.push(decoded.diagnostic);
    return undefined;
  }
  const yaml = parseYaml(file, decoded.text!);
  diagnostics.push(...yaml.diagnostics);
  return yaml;
}

type Problem = (path: KeyPath, message: string, fix?: string) => Diagnostic;

/** Every agent of the loop with the key path where it is declared (a built-in verifier: after the written agents). */
export function agentsOf(loop: Loop): { agent: Agent; path: KeyPath; inPipeline: boolean }[] {
  const out: { agent: Agent; path: KeyPath; inPipeline: boolean }[] = [];
  loop.pipeline.forEach((step, i) => {
    if (step.agent) out.push({ agent: step.agent, path: ['pipeline', i, 'agent'], inPipeline: true });
    step.parallel?.forEach((agent, j) => out.push({ agent, path: ['pipeline', i, 'parallel', j], inPipeline: true }));
    step.agents?.forEach((agent, j) => out.push({ agent, path: ['pipeline', i, 'agents', j], inPipeline: true }));
  });
  loop.agents?.forEach((agent, i) => out.push({ agent, path: ['agents', i], inPipeline: false }));
  loop.verify?.checker.forEach((checker, i) => {
    if (typeof checker !== 'string') out.push({ agent: checker, path: checkerPath(loop, i), inPipeline: false });
  });
  return out;
}

/** Where the i-th checker is written: `verify.checker` itself when there is one. */
export function checkerPath(loop: Loop, i: number): KeyPath {
  return (loop.verify?.checker.length ?? 0) > 1 ? ['verify', 'checker', i] : ['verify', 'checker'];
}

function resolveAgents(loop: Loop, problem: Problem): { makers: Agent[]; checkers: Agent[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const all = agentsOf(loop);
  const byLabel = new Map<string, Agent>();
  for (const { agent, path } of all) {
    if (byLabel.has(agent.label)) {
      problems.push(problem([...path, 'label'], `duplicate agent label "${agent.label}"`, 'labels name agents in `verify`; make each one unique'));
    } else byLabel.set(agent.label, agent);
  }
  const labels = [...byLabel.keys()];
  const inPipeline = new Set(all.filter((a) => a.inPipeline).map((a) => a.agent.label));
  const lookup = (label: string, path: KeyPath, role: 'maker' | 'checker'): Agent | undefined => {
    const agent = byLabel.get(label);
    if (!agent) {
      // A checker is never one of the makers, so a maker is never its "did you mean".
      const near = suggestion(label, role === 'checker' ? labels.filter((l) => !inPipeline.has(l)) : labels);
      const fix = near ? `did you mean "${near}"?` : `name one of the agents: ${labels.map((l) => `"${l}"`).join(', ')}, or declare it under \`agents:\``;
      problems.push(problem(path, `${role} "${label}" names no agent`, fix));
    }
    return agent;
  };

  const pipelineAgents = all.filter((a) => a.inPipeline).map((a) => a.agent);
  let makers = pipelineAgents;
  const checkers: Agent[] = [];
  if (loop.verify) {
    if (loop.verify.maker) {
      makers = loop.verify.maker
        .map((label, i) => lookup(label, loop.verify!.maker!.length > 1 ? ['verify', 'maker', i] : ['verify', 'maker'], 'maker'))
        .filter((a): a is Agent => a !== undefined);
    }
    // A checker name that is no agent's became the built-in verifier (dialect.ts), unless it is a near-miss of a label.
    loop.verify.checker.forEach((c, i) => {
      const agent = typeof c === 'string' ? lookup(c, checkerPath(loop, i), 'checker') : c;
      if (agent) checkers.push(agent);
    });
  }
  return { makers, checkers, problems };
}

function valueAt(value: unknown, path: KeyPath): Record<string, unknown> {
  let current = value;
  for (const part of path) current = (current as Record<string | number, unknown> | undefined)?.[part];
  return (current ?? {}) as Record<string, unknown>;
}

/** What each `memory.persistence` keeps, as `validate` says it (src/state/persistence.ts does it). */
const PERSISTENCE_NOTES: Record<string, string> = {
  full: 'state also keeps a history of the recent runs (findings, verdicts, spend), which `loopkit status` shows',
  summary: 'state keeps what the runs need (findings posted with their claims, rounds, spend), no run history',
  minimal: "state keeps only the last reviewed head and the posted findings' fingerprints (no claims, rounds or spend)"
};

/** What validate says about a loop beyond its problems: where LoopKit read the file differently from what its author may expect. */
function notesOn(loop: Loop, written: Record<string, unknown>, config: ProjectConfig | undefined): string[] {
  const notes: string[] = [];
  if (typeof written.name === 'string' && written.name !== loop.name)
    notes.push(`the loop "${written.name}" is called "${loop.name}" in the \`loop\` input, \`loopkit run\`, state keys and file names`);
  for (const agent of loop.agents ?? []) {
    if (isBuiltInVerifier(agent))
      notes.push(
        `checker "${agent.label}": no agent has this label, so it is LoopKit's built-in verifier (an adversarial prompt that tries to refute each finding)`
      );
  }
  if ((loop.verify?.checker.length ?? 0) > 1) {
    notes.push(
      `${loop.verify!.checker.length} checkers: a finding is confirmed only when every checker confirms it, refuted when any refutes it, else uncertain`
    );
  }
  const memory = { ...(config?.settings?.defaultMemory ?? {}), ...((written.memory ?? {}) as Record<string, unknown>) };
  if (memory.store === 'claude')
    notes.push(
      '`memory.store: claude` keeps state in the default store (the Actions cache in the action, the filesystem store in the CLI) and learns unless `learn: false`'
    );
  if (loop.memory?.learn)
    notes.push(
      'the loop learns: what maintainers teach it (`/loopkit ignore` and its reason, findings the checker refuted, labels removed after triage) is kept in its state and given to its agents on later runs; `loopkit status` shows the notes'
    );
  if (loop.memory?.notesFile)
    notes.push(
      `notes in ${loop.memory.notesFile} (one per "- " line) are given to the agents; LoopKit never writes the file, the job summary shows the lines to add`
    );
  const kept = typeof memory.persistence === 'string' ? PERSISTENCE_NOTES[memory.persistence] : undefined;
  if (kept) notes.push(`\`memory.persistence: ${String(memory.persistence)}\`: ${kept}`);
  if (taskOf(loop) === 'generic' && !loop.task)
    notes.push('a generic loop (its trigger or `outputs` say so): it writes only what its `outputs` declare, and the job summary');
  return notes;
}

/** What validate says about the skills: a file without front matter is read as instructions alone. */
function skillNotes(skills: Record<string, LoadedSkill>): string[] {
  return Object.values(skills).flatMap((skill) => [
    ...(skill.frontMatter
      ? []
      : [`skill ${skill.file} has no front matter: read as instructions alone; add \`name\` and \`description\` between \`---\` lines (the SKILL.md format)`]),
    ...(skill.resources.length > 0 ? [`skill "${skill.name}": the agent may read ${skill.resources.join(', ')} on demand (tool read_skill_file)`] : [])
  ]);
}

/**
 * Every skill the loop's agents name: read, parsed and listed (see loop/skill.ts), or undefined
 * when one of them is missing or broken (each problem in `diagnostics`, at the `skill:` that names
 * it or at the line of the skill file).
 */
interface SkillSources {
  repository: LoopFileSource;
  packages: LoopFileSource;
}

/**
 * A file through the source, or null when it is missing; one whose real path leaves the checkout
 * (a symbolic link) is an error diagnostic on that file and is never read.
 */
async function readInside(source: LoopFileSource, file: string, diagnostics: Diagnostic[], onOutside?: () => void): Promise<Uint8Array | null> {
  try {
    return await source.read(file);
  } catch (error) {
    if (!(error instanceof OutsideCheckoutError)) throw error;
    diagnostics.push({ severity: 'error', file, line: 1, column: 1, path: '', message: error.problem, fix: error.fix });
    onOutside?.();
    return null;
  }
}

async function loadSkills(loop: Loop, sources: SkillSources, problem: Problem, diagnostics: Diagnostic[]): Promise<Record<string, LoadedSkill> | undefined> {
  const skills: Record<string, LoadedSkill> = {};
  let ok = true;
  for (const { agent, path } of agentsOf(loop)) {
    if (!agent.skill || agent.skill in skills) continue;
    const at = [...path, 'skill'];
    const source = agent.skill.startsWith('npm:') ? sources.packages : sources.repository;
    const candidates = skillCandidates(agent.skill);
    if (!candidates.ok) {
      diagnostics.push(problem(at, candidates.message, candidates.fix));
      ok = false;
      continue;
    }
    let found: { file: string; bytes: Uint8Array } | undefined;
    let outside = false;
    for (const file of candidates.files) {
      const bytes = await readInside(source, file, diagnostics, () => (outside = true));
      if (bytes) {
        found = { file, bytes };
        break;
      }
    }
    if (outside) {
      ok = false;
      continue;
    }
    if (!found) {
      const fix = agent.skill.startsWith('npm:')
        ? 'install the package before LoopKit runs (a step `npm ci` with it in devDependencies, or `npm install --no-save <package>`), and check that it holds a SKILL.md; a pull request from a fork reads its loops and skills from the base commit only, never from its own installed packages: to review forks with this skill, commit its folder to the repository and name it by its path'
        : 'create the file, or fix the path (it is relative to the repository root; a folder needs a SKILL.md)';
      const what = candidates.files.length === 1 ? `skill file "${agent.skill}"` : `skill "${agent.skill}"`;
      diagnostics.push(
        problem(
          at,
          `${what} not found${candidates.files.length > 1 || candidates.files[0] !== agent.skill ? ` (looked for ${candidates.files.join(', ')})` : ''}`,
          fix
        )
      );
      ok = false;
      continue;
    }
    if (found.bytes.byteLength > MAX_SKILL_BYTES) {
      diagnostics.push(
        problem(
          at,
          `skill file "${found.file}" is ${found.bytes.byteLength} bytes; at most ${MAX_SKILL_BYTES}`,
          'keep skills short: they are sent with every call; move details into files beside the SKILL.md, which the agent reads on demand'
        )
      );
      ok = false;
      continue;
    }
    const decoded = decodeUtf8(found.file, found.bytes);
    if (decoded.diagnostic) {
      diagnostics.push(decoded.diagnostic);
      ok = false;
      continue;
    }
    const parsed = parseSkill(agent.skill, found.file, decoded.text!);
    if (!parsed.skill) {
      const named = problem(at, '');
      diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, message: `${d.message} (named at ${named.file}:${named.line})` })));
      ok = false;
      continue;
    }
    // Only a SKILL.md owns its folder: a skill written as any other file shares it with the files beside it.
    const fileName = found.file.slice(found.file.lastIndexOf('/') + 1);
    const resources = fileName === SKILL_FILE && parsed.skill.dir !== '' ? (await source.list(parsed.skill.dir)).filter((n) => n !== fileName).sort() : [];
    skills[agent.skill] = { ...parsed.skill, resources };
  }
  return ok ? skills : undefined;
}

function withDefaults(loop: Loop, config: ProjectConfig | undefined): Loop {
  const settings = config?.settings;
  if (!settings) return loop;
  const budget = settings.defaultBudget || loop.budget ? { ...settings.defaultBudget, ...loop.budget } : undefined;
  const store = loop.memory ?? (settings.defaultMemory ? canonicalMemory(settings.defaultMemory) : undefined);
  // How much state keeps, and whether loops learn, are project-wide policies: a loop that names its own store keeps the project's unless it says otherwise.
  const persistence = loop.memory?.persistence ?? settings.defaultMemory?.persistence;
  const learn = loop.memory?.learn ?? (settings.defaultMemory ? canonicalMemory(settings.defaultMemory).learn : undefined);
  const memory = store ? { ...store, ...(persistence ? { persistence } : {}), ...(learn !== undefined ? { learn } : {}) } : store;
  const model = loop.model ?? settings.defaultModel;
  return { ...loop, ...(budget ? { budget } : {}), ...(memory ? { memory } : {}), ...(model ? { model } : {}) };
}
