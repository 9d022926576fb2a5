/**
 * Whose comments LoopKit believes: its own, and nobody else's. Hidden markers carry what LoopKit
 * did (its summary and review record, the findings it posted, the ignores it recorded), and anyone
 * can type a marker, including other bots and people who may write to the repository; only a
 * comment written with LoopKit's own token is LoopKit's word. A `/loopkit ignore` stays a person's
 * command: its author's write permission is asked of GitHub (action/commands.ts), and LoopKit
 * records it in a reply of its own.
 */
import type { GitHub } from './client.js';

export interface Authored {
  user?: { login?: string } | null;
}

export function writtenBy(comment: Authored, identity: string): boolean {
  // Logins are case-insensitive on GitHub.
  return (comment.user?.login ?? '').toLowerCase() === identity.toLowerCase();
}

/**
 * The login LoopKit's token writes as, asked of GitHub once per run. A check run created with the
 * token names the GitHub App it belongs to, and an App writes as `<slug>[bot]` (the workflow token
 * as `github-actions[bot]`), so a run that created a check learns it without a request; otherwise
 * GraphQL's `viewer`, which answers for App installation tokens and personal tokens alike (REST's
 * `GET /user` refuses installation tokens).
 */
export class TokenIdentity {
  private login: Promise<string> | undefined;

  constructor(private readonly octokit: GitHub) {}

  /** From a check run this token created: its `app.slug`. */
  learnFromApp(slug: string | undefined): void {
    if (slug && !this.login) this.login = Promise.resolve(`${slug}[bot]`);
  }

  /** Rejects when GitHub cannot say; the caller then trusts no comment at all. */
  get(): Promise<string> {
    this.login ??= this.octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }').then(({ viewer }) => viewer.login);
    const pending = this.login;
    // A failure is not an answer: the next caller asks again.
    pending.catch(() => {
      if (this.login === pending) this.login = undefined;
    });
    return pending;
  }
}
