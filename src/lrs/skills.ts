/**
 * Skills and the LRS. A skill that is missing or does not parse is an error of the loop file (the
 * loader's, at the `skill:` line or the SKILL.md line, with its fix), so such a loop never runs and
 * fails the `LoopKit LRS` check. A skill that loads but has no front matter is a warning: its text
 * reaches the agents, but nothing says what it is for, which the next person to edit it needs.
 */
import type { LoadedSkill } from '../loop/skill.js';

export function skillWarnings(skills: Readonly<Record<string, LoadedSkill>>): string[] {
  return Object.values(skills)
    .filter((skill) => !skill.frontMatter)
    .map(
      (skill) =>
        `skill ${skill.file} has no front matter: its text reaches the agents, but not what it is for; fix: start it with \`---\`, \`name: ${skill.name.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'my-skill'}\`, \`description: <what it does and when to use it>\`, \`---\` (the SKILL.md format)`
    );
}
