/**
 * What `loopkit init` writes. The shipped loops/pr-review.yaml, loops/daily-triage.yaml and loops/release-notes.yaml are
 * these same texts (a test keeps them equal), so the scaffold is always a loop that validates and
 * scores well.
 */
export const PROJECT_TEMPLATE = `# yaml-language-server: $schema=https://raw.githubusercontent.com/loopkit/action/v1/loopkit.schema.json
version: "1"
settings:
  defaultBudget:
    maxDurationMinutes: 15
    maxIterations: 20
  defaultMemory:
    store: cache
  enforceMakerChecker: true
`;

/**
 * The workflow for the scaffolded loops: pr-review's pull request events, the comment commands it
 * answers (`/loopkit review` and `/loopkit help` in the conversation, `/loopkit ignore` in a review
 * thread) and manual runs; with the triage loop also its schedule, `/loopkit triage` and the
 * `issue` input; with the release-notes loop published releases, in a job of its own that alone has
 * the write access to contents that editing a release needs. A test checks that `loopkit validate` finds every trigger of the
 * scaffolded loops in it.
 */
export function workflowTemplate(options: { triage: boolean; releaseNotes?: boolean; learn?: boolean }): string {
  const { triage, releaseNotes = false, learn = false } = options;
  // Jobs of their own: a release and the learning loop's schedule (or a manual run of it) need write access the reviews never get.
  const apart = [
    ...(releaseNotes ? ["github.event_name != 'release'"] : []),
    ...(learn
      ? [
          `(github.event_name != 'schedule' || github.event.schedule != '${LEARN_CRON}')`,
          "(github.event_name != 'workflow_dispatch' || inputs.loop != 'learn')"
        ]
      : [])
  ];
  return `name: LoopKit
on:
  pull_request:
    types: [opened, synchronize, reopened, ready_for_review]
${
  releaseNotes
    ? `  release:                        # release-notes
    types: [published]
`
    : ''
}${
    triage || learn
      ? `  schedule:
${triage ? '    - cron: "0 9 * * 1-5"          # daily-triage\n' : ''}${learn ? `    - cron: "${LEARN_CRON}"            # learn\n` : ''}`
      : ''
  }  issue_comment:                  # /loopkit review${triage ? ', /loopkit triage' : ''}, /loopkit help
    types: [created]
  pull_request_review_comment:    # /loopkit ignore|fixed|reopen, as a reply to a LoopKit review comment
    types: [created]
  workflow_dispatch:
    inputs:
      loop:
        description: Loop to run
        required: true
        default: pr-review
      pr:
        description: Pull request number
        required: false
      command:
        description: "review (everything again) or recheck (the open findings only); empty: what changed"
        required: false
${
  triage
    ? `      issue:
        description: Issue number (triage loops; empty for every changed issue)
        required: false
`
    : ''
}
# The least the loops need: read code, comment and react on pull requests${triage ? ' and issues' : ''}, publish check runs${triage ? ', find the triage state among the cache entries' : ''}.
permissions:
  contents: read
  pull-requests: write
  issues: write
  checks: write
${triage ? '  actions: read\n' : ''}
jobs:
  loopkit:
    # Every comment starts the workflow; only commands start the job.${releaseNotes ? ' A release has its own job, below.' : ''}${learn ? ' The learning loop has its own job, below.' : ''}
    if: ${apart.length > 0 ? `${apart.join(' && ')} && (` : ''}(github.event_name != 'issue_comment' && github.event_name != 'pull_request_review_comment') || contains(github.event.comment.body, '/loopkit')${apart.length > 0 ? ')' : ''}
    # One run per pull request${triage ? ' or issue' : ''} at a time, so two pushes or a push and a command never post twice.
    concurrency:
      group: loopkit-\${{ github.event.pull_request.number || github.event.issue.number || inputs.pr${triage ? ' || inputs.issue' : ''} || github.ref }}
      cancel-in-progress: false
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: loopkit/action@v1
        with:
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          min-lrs: 65
          fail-on: high
${
  releaseNotes
    ? `
  # Editing a release body needs contents: write; only this job has it, never the pull request reviews.
  release-notes:
    if: github.event_name == 'release'
    permissions:
      contents: write
      pull-requests: read
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: loopkit/action@v1
        with:
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          loop: release-notes
`
    : ''
}${
    learn
      ? `
  # The learning loop pushes a branch and opens (or updates) one pull request editing the notes file:
  # contents and pull-requests write, in this job only. The repository must allow GitHub Actions to
  # create pull requests (Settings → Actions → General).
  learn:
    if: (github.event_name == 'schedule' && github.event.schedule == '${LEARN_CRON}') || (github.event_name == 'workflow_dispatch' && inputs.loop == 'learn')
    permissions:
      contents: write
      pull-requests: write
      issues: read
    concurrency:
      group: loopkit-learn
      cancel-in-progress: false
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: loopkit/action@v1
        with:
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          loop: learn
`
      : ''
  }`;
}

/** When the learning loop runs: Monday mornings, after a week of reviews. */
export const LEARN_CRON = '0 7 * * 1';

/** Where the learning loop keeps its lessons, and the review loops read them (`memory.notesFile`). */
export const NOTES_FILE = '.github/loopkit-notes.md';

/** The notes file `loopkit init --learn` starts with: a heading and how to read it; the lessons come as pull requests. */
export const NOTES_TEMPLATE = `# LoopKit notes

What the review loops are told on every pull request: one note per "- " line. The learning loop
(loops/learn.yaml) proposes new lines as a pull request; edit or remove any line freely.
`;

/**
 * The generic loop \`loopkit init --learn\` writes: every Monday, what maintainers said on the pull
 * requests closed since its last run (dismissals with their reasons, fixes, reopened findings,
 * removed labels, and the fixes LoopKit's checker confirmed), proposed as one pull request editing
 * the notes file the review loops read.
 */
export const LEARN_TEMPLATE = `# yaml-language-server: $schema=https://raw.githubusercontent.com/loopkit/action/v1/loop.schema.json
name: learn
description: >-
  Keep what maintainers taught LoopKit on closed pull requests (findings they dismissed, with their
  reason, marked fixed or reopened, and labels they removed) as lessons in the notes file the review
  loops read, proposed in one pull request that people review and merge. Only lessons the checker
  confirms are proposed, each with the link to where it was taught.
task: generic
trigger:
  cron: "${LEARN_CRON}"
connectors:
  - type: github-feedback
    lookbackDays: 14
    maxPullRequests: 50
pipeline:
  - agent:
      label: Lesson Keeper
      prompt: |
        The context lists feedback items: what maintainers did with LoopKit's findings and labels on
        closed pull requests, and the findings LoopKit saw fixed after it raised them. Propose as a
        lesson each item that teaches something a later review or triage should follow: a dismissal
        with a reason that applies beyond its one line, a fix that shows a kind of finding is worth
        reporting, a reopened finding, a label that keeps being removed.
        Leave out dismissals with no reason, and items that say the same as another item.
agents:
  - label: Lesson Verifier
    prompt: |
      Try to refute each proposed lesson: confirm it only when its feedback item is in the context and
      the lesson would help a later review of another pull request; refute one that rests on a single
      accident, or that contradicts another item. Cite the item as evidence.
verify:
  checker: Lesson Verifier
  maxRounds: 2
  autoRetry: true
  passThreshold: 0.7
budget:
  maxTokens: 200000
  maxCostUsd: 1
  maxDurationMinutes: 10
  maxIterations: 6
memory:
  notesFile: ${NOTES_FILE}
onError:
  provider: neutral
  budget: partial
# A schedule has no issue to label: a verification that still fails is said in the job summary.
escalation:
  comment: true
outputs:
  notes:
    max: 10
tags: [learning, generic]
`;

/**
 * The workflow `loopkit init --eval` writes: the action's eval mode (docs/eval.md) every Monday on
 * the repository's review loops, and on each pull request that changes a loop, against the base
 * commit's loop, in the `LoopKit Eval` check. Its permissions are what the evaluation needs: read
 * the code and the pull request, publish the check; nothing else is ever written.
 */
export const EVAL_WORKFLOW_TEMPLATE = `name: LoopKit Eval
on:
  schedule:                       # the review loops measured every Monday
    - cron: "0 5 * * 1"
  pull_request:                   # a loop change measured against the base commit's loop
    paths: ["loops/**"]
  workflow_dispatch:

# Read the code and the pull request, publish the LoopKit Eval check.
permissions:
  contents: read
  checks: write
  pull-requests: read

jobs:
  eval:
    # A newer push makes the running evaluation moot.
    concurrency:
      group: loopkit-eval-\${{ github.event.pull_request.number || github.ref }}
      cancel-in-progress: true
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v4
      - uses: loopkit/action@v1
        with:
          mode: eval
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          eval-bench: martian     # or a folder of this repository holding golden_comments/*.json
          eval-cases: 10          # each case is one review per loop and one judge call: see docs/eval.md for the cost
          eval-max-f1-drop: 0.05
`;

/** The triage loop `loopkit init --triage` writes: every weekday and on `/loopkit triage`, verified, bounded, escalating. */
export const TRIAGE_TEMPLATE = `# yaml-language-server: $schema=https://raw.githubusercontent.com/loopkit/action/v1/loop.schema.json
name: daily-triage
description: >-
  Label and answer the issues opened or updated since the last triage, every weekday morning. Only
  labels and replies the checker confirms with evidence are applied; the rest is escalated to a person.
trigger:
  cron: "0 9 * * 1-5"
  command: triage
connectors:
  - type: github-issues
    lookbackDays: 7
pipeline:
  - agent:
      label: Issue Triage
      prompt: |
        For each issue, propose labels from the repository's labels, a type and a priority, a possible
        duplicate with the evidence, what information is missing to act on it, and a short, friendly comment.
agents:
  - label: Triage Verifier
    prompt: |
      Try to refute every proposal: check each label, type, priority and duplicate against the issue text
      and the evidence given. Confirm only what the issue itself supports; refute what it contradicts.
verify:
  checker: Triage Verifier
  maxRounds: 2
  passThreshold: 0.7
budget:
  maxTokens: 300000
  maxCostUsd: 1
  maxDurationMinutes: 10
  maxIterations: 12
memory:
  store: cache
onError:
  provider: neutral
  budget: partial
escalation:
  label: needs-triage
outputs:
  labels:
    allowed: [bug, enhancement, question, documentation, duplicate, needs-info]
    max: 3
  comment:
    max: 1
tags: [triage]
`;

export const PR_REVIEW_TEMPLATE = `# yaml-language-server: $schema=https://raw.githubusercontent.com/loopkit/action/v1/loop.schema.json
name: pr-review
description: >-
  Find bugs and security problems that a pull request introduces. Only findings the checker
  confirms with evidence are posted, and the review check fails on a verified high or critical finding.
trigger:
  event: pull_request
  types: [opened, synchronize, reopened, ready_for_review]
  command: review
paths:
  exclude: ["**/*.lock", "dist/**"]
connectors:
  - type: github-pull-request
    surroundingLines: 20
pipeline:
  - parallel:
      - label: Security Reviewer
        prompt: |
          Find security vulnerabilities that this change introduces: injection (SQL, shell, HTML),
          secrets in code, unsafe deserialisation, missing authorisation checks, path traversal, SSRF,
          weak randomness for tokens. Report only problems on changed lines, with the code that proves them.
      - label: Logic Reviewer
        prompt: |
          Find bugs that this change introduces: wrong conditions, off-by-one errors, null or undefined
          access, unhandled errors and rejected promises, races, resource leaks, broken edge cases.
          Report only problems that a failing test could demonstrate; no style remarks.
agents:
  - label: Code Verifier
    prompt: |
      You are an adversarial verifier. Try to refute every finding: read the code around it, look for
      the guard, the caller or the test that makes it harmless, and check the claim against the actual
      lines. Confirm only what the code proves; refute what it disproves; say uncertain otherwise.
      Lower the severity when the finding is real but overstated. Cite the code you relied on as evidence.
verify:
  maker: [Security Reviewer, Logic Reviewer]
  checker: Code Verifier
  maxRounds: 2
  autoRetry: true
  passThreshold: 0.7
budget:
  maxTokens: 600000
  maxCostUsd: 3
  maxDurationMinutes: 10
  maxIterations: 16
memory:
  store: cache
failOn: high
onError:
  provider: neutral
  budget: partial
escalation:
  label: needs-human-review
  comment: true
outputs:
  review:
    maxComments: 15
tags: [review, security]
`;

/** The generic loop `loopkit init --release-notes` writes: on a published release, notes from the pull requests merged since the previous one, appended to its body. */
export const RELEASE_NOTES_TEMPLATE = `# yaml-language-server: $schema=https://raw.githubusercontent.com/loopkit/action/v1/loop.schema.json
name: release-notes
description: >-
  Write the notes of each published release from the pull requests merged since the previous release,
  appended below what the maintainers wrote. Only notes the checker confirms line by line against the
  merged pull requests are written; the maintainers' text is never changed.
trigger:
  event: release
  types: [published]
pipeline:
  - agent:
      label: Release Notes Writer
      prompt: |
        Write the notes of this release from the pull requests merged since the previous release (listed
        in the context): group them under Features, Fixes and Other, one line each ending with the pull
        request number, e.g. "- Faster checkout (#42)". Propose them once, as release_notes. Leave out
        anything the list does not show; say nothing about pull requests you cannot see.
agents:
  - label: Notes Verifier
    prompt: |
      Try to refute the release notes: check every line against the list of merged pull requests and
      cite the evidence. Refute notes that claim a change no pull request shows, misstate one or name a
      wrong number; confirm only notes whose every line the list supports.
verify:
  checker: Notes Verifier
  maxRounds: 2
  autoRetry: true
  passThreshold: 1
budget:
  maxTokens: 200000
  maxCostUsd: 1
  maxDurationMinutes: 10
  maxIterations: 6
# No memory: a generic loop keeps no state; its release section is found again by its markers.
onError:
  provider: neutral
  budget: partial
# A release has no issue to label: a verification that still fails is said in the job summary.
escalation:
  comment: true
outputs:
  release:
    mode: append
tags: [release, generic]
`;
