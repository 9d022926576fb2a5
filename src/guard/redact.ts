/**
 * The run's secrets and the one place they are taken out of text. Everything LoopKit sends out of
 * its process (to GitHub, to a model, to the job summary, the outputs, the log and the state it
 * saves) goes through a Redactor that knows every secret of the run: the GitHub token, the model
 * keys, the `ACTIONS_*` tokens of the runner and each connector secret resolved from
 * `${{ secrets.X }}`. A tool (an MCP server runs with the runner's rights and can read its
 * environment) or a model can quote any of them; the runner's masking covers only its log.
 */
import { Buffer } from 'node:buffer';

/** What a secret is replaced with: what the runner's masking prints too. */
export const REDACTED = '***';

/**
 * Shorter values are not taken out: a secret this short is no secret, and taking out every copy of
 * a common word would garble the text around it.
 */
const MIN_SECRET_CHARS = 8;

/** The runner's own tokens: `ACTIONS_RUNTIME_TOKEN` (cache, artifacts) and the OIDC request token. */
export const RUNNER_SECRET_VARIABLES = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

export class Redactor {
  /** Every form a secret may take in text, longest first when used. */
  readonly #forms = new Set<string>();
  #sorted: string[] = [];
  readonly #warned = new Set<string>();

  /** `warn` hears, once per place, that a secret was taken out of what was about to leave there. */
  constructor(private readonly warn: (message: string) => void = () => {}) {}

  /** Adds a secret of the run (a value too short to be one is ignored). */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_CHARS || this.#forms.has(secret)) return;
    for (const form of encodings(secret)) if (form.length >= MIN_SECRET_CHARS) this.#forms.add(form);
    this.#sorted = [...this.#forms].sort((a, b) => b.length - a.length);
  }

  /** Whether the text holds a secret, in any of its forms. */
  holds(text: string): boolean {
    return this.#sorted.some((form) => text.includes(form));
  }

  /**
   * The text with every secret, in any of its forms, replaced by `***`. `where` names what the
   * text is for (a request to GitHub, a prompt); a secret found there is warned about once.
   */
  redact(text: string, where?: string): string {
    if (!this.holds(text)) return text;
    const out = this.#sorted.reduce((acc, form) => acc.split(form).join(REDACTED), text);
    if (where !== undefined && !this.#warned.has(where)) {
      this.#warned.add(where);
      this.warn(`A secret of the run was in ${where}; it was replaced by ${REDACTED} before it left LoopKit.`);
    }
    return out;
  }

  /** Every string inside a JSON-like value redacted (objects and arrays rebuilt only where something changed). */
  redactValue<T>(value: T, where?: string): T {
    if (typeof value === 'string') return this.redact(value, where) as T;
    if (Array.isArray(value)) {
      const items = value.map((item: unknown) => this.redactValue(item, where));
      return (items.some((item, i) => item !== value[i]) ? items : value) as T;
    }
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const entries = Object.entries(value);
      const redacted = entries.map(([key, item]) => [key, this.redactValue(item as unknown, where)] as const);
      return (redacted.some(([, item], i) => item !== entries[i]![1]) ? Object.fromEntries(redacted) : value) as T;
    }
    return value;
  }
}

/**
 * The forms a secret commonly takes in text: as is, URL-encoded, JSON-escaped, and base64 (and
 * base64url) at each of the three alignments it can have inside a longer encoded text (a
 * `user:token` Basic credential, a token inside an encoded JSON document), cut to the characters
 * that come from the secret's bytes alone.
 */
function encodings(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters 6 bits each: skip those holding bits of the padding before, stop before those holding bits after.
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}
