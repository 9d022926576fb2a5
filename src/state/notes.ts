/**
 * Memory that learns: notes of what maintainers taught a loop, kept in its state document and given
 * to its agents on later runs (`memory.learn`, on by default with `memory.store: claude`).
 *
 * Three lessons are kept: a finding dismissed with `/loopkit ignore` (and the reason typed after it),
 * a finding the checker refuted (its claim and why), and a label LoopKit added that a maintainer
 * removed. A lesson taught again is counted, not repeated: notes are keyed by what they are about
 * (the finding's fingerprint, the label's name). They are capped in number and in bytes, the most
 * taught and then the newest kept, so the prompt section they become stays small and cacheable.
 *
 * Optionally a file people edit (`memory.notesFile`, one note per "- " line) is merged in; a review
 * or triage run never writes it: the job summary shows the learned lines it does not hold yet. A
 * learning loop (`outputs.notes`, github/lessons-pull.ts) proposes lessons across pull requests as
 * a pull request that edits it; once merged, every loop naming the file reads them here.
 *
 * Everything here is pure but readNotesFile (and recall), which read through the loop file source.
 *
 * How a run uses it: before the agents, `recall(loop.memory, state, loopSource)` gives the engine
 * input `memoryNotes` (and the job summary's notes-file section); after a review,
 * `learnFromFindings(loop.memory, state, result.findings, number, at)` before the state is saved;
 * after a triage applied labels, `recordLabelsAdded`; on an `issues.unlabeled` event, `labelRemoval`
 * then `learnLabelRemoval` on the triage loop's state; `/loopkit ignore` calls `noteIgnored`.
 */
import { z } from 'zod';
import type { LoopFileSource } from '../loop/load.js';
import type { Memory } from '../loop/schema.js';
import type { StateDocument } from './document.js';

/** Notes kept per document, and the bytes of their JSON: a cache entry and a prompt section stay small. */
export const NOTES_LIMIT = 40;
export const NOTES_BYTES_LIMIT = 16 * 1024;
/** Bytes of the notes given to the agents, file and learned together (UTF-8 of the lines). */
export const PROMPT_NOTES_BYTES_LIMIT = 8 * 1024;
/** Labels LoopKit remembers having added; older ones can no longer teach anything when removed. */
export const LABELS_ADDED_LIMIT = 500;
/** Characters kept of a claim or a reason: a note is one line, not a copy. */
const TEXT_LIMIT = 300;

export const NOTE_KINDS = ['ignored', 'refuted', 'unlabeled'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

const Timestamp = z.iso.datetime({ offset: true });

export const MemoryNote = z.object({
  kind: z.enum(NOTE_KINDS),
  /** What the lesson is about: a finding's fingerprint, or `label:<name>`; taught again, it counts once more. */
  key: z.string().min(1),
  /** The finding's claim, or the label's name. */
  subject: z.string(),
  /** The finding's file. */
  path: z.string().optional(),
  /** Why: the maintainer's reason or the checker's evidence; absent when none was given. */
  reason: z.string().optional(),
  /** The maintainer who taught it; absent for the checker. */
  by: z.string().optional(),
  /** The pull request or issue it was taught on, last time. */
  number: z.number().int().positive().optional(),
  firstAt: Timestamp,
  lastAt: Timestamp,
  count: z.number().int().positive()
});
export type MemoryNote = z.infer<typeof MemoryNote>;

/** A lesson as it is taught: the note without its bookkeeping. */
export type Lesson = Omit<MemoryNote, 'firstAt' | 'lastAt' | 'count'>;

/** Whether a loop learns (`memory.learn`; `store: claude` turns it on, see loop/dialect.ts). */
export function learns(memory: Memory | undefined): boolean {
  return memory?.learn === true;
}

/** One line, at most TEXT_LIMIT characters: notes are read by models and by people in a terminal. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= TEXT_LIMIT ? flat : `${flat.slice(0, TEXT_LIMIT - 1)}…`;
}

/**
 * The notes worth keeping, best first: the most taught, then the most recently taught, at most
 * NOTES_LIMIT of them and NOTES_BYTES_LIMIT bytes of JSON. Applied whenever a document is read or written.
 */
export function capNotes(notes: readonly MemoryNote[]): MemoryNote[] {
  const ranked = [...notes].sort((a, b) => b.count - a.count || Date.parse(b.lastAt) - Date.parse(a.lastAt));
  const kept: MemoryNote[] = [];
  let bytes = 0;
  for (const note of ranked) {
    const size = Buffer.byteLength(JSON.stringify(note));
    if (kept.length === NOTES_LIMIT || bytes + size > NOTES_BYTES_LIMIT) break;
    kept.push(note);
    bytes += size;
  }
  return kept;
}

/** `doc` with `lesson` learned at `at`: a new note, or the same lesson counted once more with its latest words. Pure. */
export function teach(doc: StateDocument, lesson: Lesson, at: string): StateDocument {
  const { reason: written, ...rest } = lesson;
  const reason = oneLine(written ?? '');
  const clean: Lesson = {
    ...rest,
    subject: oneLine(lesson.subject),
    ...(reason ? { reason } : {})
  };
  const before = doc.notes.find((n) => n.kind === clean.kind && n.key === clean.key);
  const note: MemoryNote = before
    ? {
        ...before,
        ...clean,
        ...(clean.reason === undefined && before.reason !== undefined ? { reason: before.reason } : {}),
        lastAt: at,
        count: before.count + 1
      }
    : { ...clean, firstAt: at, lastAt: at, count: 1 };
  return { ...doc, notes: capNotes([note, ...doc.notes.filter((n) => n !== before)]) };
}

/** A finding dismissed with `/loopkit ignore <reason>`. */
export function noteIgnored(
  doc: StateDocument,
  finding: { fingerprint: string; path?: string; claim?: string; reason?: string; by: string; number: number },
  at: string
): StateDocument {
  return teach(
    doc,
    {
      kind: 'ignored',
      key: finding.fingerprint,
      // Without the claim (minimal persistence, or a state that was lost) the finding is known by its fingerprint only.
      subject: finding.claim || `the finding ${finding.fingerprint}`,
      ...(finding.path ? { path: finding.path } : {}),
      ...(finding.reason ? { reason: finding.reason } : {}),
      by: finding.by,
      number: finding.number
    },
    at
  );
}

/** What noteRefuted reads of a finding (engine/finding.ts Finding, or a generic loop's finding proposal). */
export interface JudgedFinding {
  fingerprint: string;
  path: string;
  claim: string;
  verdict?: { kind: string; evidence: string };
}

/** Every finding of a review the checker refuted, with its evidence; one note per fingerprint. */
export function noteRefuted(doc: StateDocument, findings: readonly JudgedFinding[], number: number, at: string): StateDocument {
  let next = doc;
  const seen = new Set<string>();
  for (const f of findings) {
    if (f.verdict?.kind !== 'refuted' || seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    next = teach(next, { kind: 'refuted', key: f.fingerprint, subject: f.claim, path: f.path, reason: f.verdict.evidence, number }, at);
  }
  return next;
}

/** `doc` remembering that LoopKit added `labels` to `issue` (call it after the labels were applied). */
export function recordLabelsAdded(doc: StateDocument, issue: number, labels: readonly string[], at: string): StateDocument {
  const fresh = new Set(labels);
  const kept = doc.labelsAdded.filter((a) => a.issue !== issue || !fresh.has(a.label));
  return { ...doc, labelsAdded: [...kept, ...labels.map((label) => ({ issue, label, at }))].slice(-LABELS_ADDED_LIMIT) };
}

const UnlabeledPayload = z.object({
  action: z.literal('unlabeled'),
  label: z.object({ name: z.string().min(1) }),
  issue: z.object({ number: z.number().int().positive(), pull_request: z.unknown().optional() }),
  sender: z.object({ login: z.string().min(1), type: z.string() })
});

export type LabelRemoval = { learn: true; lesson: Lesson; issue: number; label: string } | { learn: false; why: string };

/**
 * Whether an `issues` event teaches the loop whose state is `state`: it does when a person (not a
 * bot, LoopKit included) removed a label LoopKit itself added to that issue. The lesson is what the
 * maintainer did (removed label X on #N), never the issue's words: its title is the author's text,
 * which may hold instructions, and a note reads as the maintainers' own.
 */
export function labelRemoval(payload: unknown, state: StateDocument): LabelRemoval {
  const parsed = UnlabeledPayload.safeParse(payload);
  if (!parsed.success) return { learn: false, why: 'not an issue label removal' };
  const { label, issue, sender } = parsed.data;
  if (issue.pull_request != null) return { learn: false, why: 'the label was removed from a pull request, which triage does not label' };
  if (sender.type !== 'User') return { learn: false, why: `the label was removed by ${sender.login}, a ${sender.type.toLowerCase()}, not a maintainer` };
  if (!state.labelsAdded.some((a) => a.issue === issue.number && a.label === label.name)) {
    return { learn: false, why: `LoopKit did not add "${label.name}" to #${issue.number}` };
  }
  return {
    learn: true,
    issue: issue.number,
    label: label.name,
    lesson: {
      kind: 'unlabeled',
      key: `label:${label.name}`,
      subject: label.name,
      by: sender.login,
      number: issue.number
    }
  };
}

/** `state` having learned from a label removal: the note taught, and the label no longer counted as LoopKit's on that issue. */
export function learnLabelRemoval(state: StateDocument, removal: Extract<LabelRemoval, { learn: true }>, at: string): StateDocument {
  const taught = teach(state, removal.lesson, at);
  return { ...taught, labelsAdded: taught.labelsAdded.filter((a) => a.issue !== removal.issue || a.label !== removal.label) };
}

/** A note as one line of the prompt (and of a notes file). */
export function noteLine(note: MemoryNote): string {
  const times = note.count > 1 ? ` (taught ${note.count} times)` : '';
  const where = note.path ? ` in ${note.path}` : '';
  switch (note.kind) {
    case 'ignored':
      return `A maintainer${note.by ? ` (@${note.by})` : ''} dismissed the finding "${note.subject}"${where}: ${note.reason ?? 'no reason given'}. Do not report it, or findings like it, again${times}.`;
    case 'refuted':
      return `The checker refuted the finding "${note.subject}"${where}: ${note.reason ?? 'no evidence kept'}. Report it again only with new evidence${times}.`;
    case 'unlabeled':
      return `A maintainer${note.by ? ` (@${note.by})` : ''} removed the label "${note.subject}" that LoopKit had added${note.number ? ` to #${note.number}` : ''}. Propose it only when the issue clearly calls for it${times}.`;
  }
}

/**
 * What the agents are told the loop has learned: the notes file's lines first (people wrote them),
 * then the learned notes, most taught first, each once, within PROMPT_NOTES_BYTES_LIMIT. The engine
 * puts them in the shared context as `memoryNotes`.
 */
export function memoryNotes(notes: readonly MemoryNote[], fileNotes: readonly string[] = []): string[] {
  const lines: string[] = [];
  let bytes = 0;
  for (const line of [...fileNotes, ...capNotes(notes).map(noteLine)]) {
    const size = Buffer.byteLength(line) + 1;
    if (lines.includes(line)) continue;
    if (bytes + size > PROMPT_NOTES_BYTES_LIMIT) break;
    lines.push(line);
    bytes += size;
  }
  return lines;
}

/** The notes of a notes file: each line that starts with "- " or "* ", one note; headings and prose are for people. */
export function parseNotesFile(text: string): string[] {
  const notes: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*[-*]\s+(.+)$/.exec(line);
    const note = m ? oneLine(m[1]!) : '';
    if (note !== '' && !notes.includes(note)) notes.push(note);
  }
  return notes;
}

/** The lines to add to the notes file for it to hold what the loop learned (for the job summary); empty when it holds them all. */
export function notesFileAdditions(notes: readonly MemoryNote[], fileNotes: readonly string[]): string[] {
  return capNotes(notes)
    .map(noteLine)
    .filter((line) => !fileNotes.includes(line))
    .map((line) => `- ${line}`);
}

/** The notes of `memory.notesFile` as the checkout holds it; none, with a warning, when it cannot be read. */
export async function readNotesFile(source: Pick<LoopFileSource, 'read'>, memory: Memory | undefined): Promise<{ notes: string[]; warning?: string }> {
  const file = memory?.notesFile;
  if (!file) return { notes: [] };
  try {
    const bytes = await source.read(file.replace(/^\.\//, ''));
    if (!bytes) return { notes: [], warning: `memory.notesFile ${file} does not exist: create it (one note per "- " line) or remove the key` };
    return { notes: parseNotesFile(new TextDecoder('utf-8').decode(bytes)) };
  } catch (error) {
    return { notes: [], warning: `memory.notesFile ${file} could not be read: ${(error as Error).message}` };
  }
}

/** `ours` with the notes and label records of `theirs` (a document another run saved meanwhile): each lesson once, at its higher count. */
export function mergeNotes(ours: StateDocument, theirs: StateDocument): StateDocument {
  const notes = [...ours.notes];
  for (const t of theirs.notes) {
    const i = notes.findIndex((n) => n.kind === t.kind && n.key === t.key);
    if (i < 0) notes.push(t);
    else if (t.count > notes[i]!.count || (t.count === notes[i]!.count && Date.parse(t.lastAt) > Date.parse(notes[i]!.lastAt))) notes[i] = t;
  }
  const labels = [...ours.labelsAdded];
  for (const t of theirs.labelsAdded) if (!labels.some((a) => a.issue === t.issue && a.label === t.label)) labels.push(t);
  labels.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { ...ours, notes: capNotes(notes), labelsAdded: labels.slice(-LABELS_ADDED_LIMIT) };
}

/**
 * The job summary's section for a notes file: the learned lines it does not hold yet, in a block
 * people can copy into it (LoopKit never commits); undefined when there is nothing to add.
 */
export function notesFileSummary(file: string, additions: readonly string[]): string | undefined {
  if (additions.length === 0) return undefined;
  const body = additions.join('\n');
  // A fence longer than any run of backticks in the notes: a claim cannot close it.
  const fence = '`'.repeat(Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return [
    `### Learned notes for ${file.replace(/[`\r\n]/g, '')}`,
    '',
    `LoopKit never commits. To keep what the loop learned where people can edit it, add these lines to \`${file.replace(/[`\r\n]/g, '')}\`:`,
    '',
    `${fence}markdown`,
    body,
    fence
  ].join('\n');
}

/** What a run gives its agents from memory, and what its job summary shows. */
export interface Recalled {
  /** For the engine's `memoryNotes`: the notes file's lines, then the learned notes when the loop learns. */
  notes: string[];
  /** The job summary's notes-file section (notesFileSummary), when there are lines to add. */
  summary?: string;
  /** The notes file could not be read: a warning for the log. */
  warning?: string;
}

/** Everything a run needs from memory before its agents start: one call for the flows. */
export async function recall(memory: Memory | undefined, doc: Pick<StateDocument, 'notes'>, source: Pick<LoopFileSource, 'read'>): Promise<Recalled> {
  const file = await readNotesFile(source, memory);
  const learned = learns(memory) ? doc.notes : [];
  const summary = memory?.notesFile ? notesFileSummary(memory.notesFile, notesFileAdditions(learned, file.notes)) : undefined;
  return { notes: memoryNotes(learned, file.notes), ...(summary ? { summary } : {}), ...(file.warning ? { warning: file.warning } : {}) };
}

/** `doc` after a review or generic run, having learned the findings the checker refuted when the loop learns; else `doc` itself. */
export function learnFromFindings(
  memory: Memory | undefined,
  doc: StateDocument,
  findings: readonly JudgedFinding[],
  number: number,
  at: string
): StateDocument {
  return learns(memory) ? noteRefuted(doc, findings, number, at) : doc;
}
