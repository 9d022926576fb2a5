/**
 * Generic loops written in the original LoopKit format (`trigger.type`, bare agent steps, a checker
 * named but not declared), with LoopKit's `outputs` beside them: the loops issue 13's done-when names.
 */
export const POST_MERGE_AUDIT = `# loops/post-merge-audit.yaml
name: Post-merge audit
description: Find what landed on main that breaks something, and open one issue for it.
trigger:
  type: webhook
  event: push
  branches: [main]
pipeline:
  - prompt: "Read the pushed diff and report what breaks."
    label: Auditor
  - prompt: "Look again, for what the first one missed."
    label: Second Auditor
verify:
  checker: Adversarial Verifier
  maxRounds: 1
outputs:
  issue: { max: 1, labels: [audit], titlePrefix: "[audit] " }
  check: { name: LoopKit Audit }
`;

/** `outputs.issue` without `max`: one issue per event. */
export const WEEKLY_DIGEST = `# loops/weekly-digest.yaml
name: weekly-digest
trigger:
  type: cron
  cron: "0 6 * * 1"
pipeline:
  - prompt: "Summarise the week into one issue."
    label: Digest Writer
verify:
  checker: Adversarial Verifier
  maxRounds: 1
outputs:
  issue: { labels: [digest], titlePrefix: "Weekly: " }
`;
