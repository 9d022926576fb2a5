/**
 * Loop files written for the original LoopKit, exactly as its README shows them (the pr-review
 * example), its `loopkit init` project file with `loops: {}`, and a triage loop in the same style:
 * `type: cron`, a bare agent step, a checker named but not declared, `maxIterations` in its budget.
 */
export const ORIGINAL_PR_REVIEW = `# loops/pr-review.yaml
name: pr-review
trigger:
  type: webhook
  event: pull_request

pipeline:
  - parallel:
      - prompt: "Review for correctness bugs"
        label: Bug Review
      - prompt: "Review for security vulnerabilities"
        label: Security Review
      - prompt: "Review for code quality"
        label: Quality Review

verify:
  maker: [Bug Review, Security Review, Quality Review]
  checker: Adversarial Verifier
  maxRounds: 3
  autoRetry: true

budget:
  maxTokens: 500000
  maxDurationMinutes: 30

memory:
  store: filesystem
  path: .loopkit/state
`;

export const ORIGINAL_PROJECT = `# LoopKit Project Configuration
version: "1"

settings:
  defaultBudget:
    maxTokens: 500000
    maxDurationMinutes: 30
    maxIterations: 10
  defaultMemory:
    store: filesystem
    path: .loopkit/state
  enforceMakerChecker: true

loops: {}
`;

export const ORIGINAL_TRIAGE = `# Daily Issue Triage Loop
name: daily-triage
description: Categorizes and prioritizes the issues opened since the last run.

trigger:
  type: cron
  cron: "0 9 * * 1-5"
  description: Every weekday at 09:00 UTC

pipeline:
  - prompt: >
      Read every new issue. Categorize it (bug/feature/question/docs),
      assess its priority (critical/high/medium/low) and suggest labels.
    label: Issue Triage

verify:
  maker: Issue Triage
  checker: Triage Verifier
  maxRounds: 2
  autoRetry: true

budget:
  maxTokens: 200000
  maxDurationMinutes: 15
  maxIterations: 10

memory:
  store: filesystem
  path: .loopkit/state

tags: [issues, triage, automation]
`;

/** The three as a repository: loopkit.yaml and loops/. */
export const ORIGINAL_REPOSITORY: Record<string, string> = {
  'loopkit.yaml': ORIGINAL_PROJECT,
  'loops/pr-review.yaml': ORIGINAL_PR_REVIEW,
  'loops/daily-triage.yaml': ORIGINAL_TRIAGE
};
