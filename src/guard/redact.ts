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
const RUNNER_SECRET_VARIABLES = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

/**
 * Every variable that holds a secret wherever LoopKit runs: the GitHub token and the model keys as
 * the CLI reads them and as the runner hands the action's inputs over (`INPUT_<NAME>`), and the
 * runner's own tokens.
 */
export const SECRET_VARIABLES = [
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'INPUT_GITHUB-TOKEN',
  'ANTHROPIC_API_KEY',
  'INPUT_ANTHROPIC-API-KEY',
  'OPENAI_API_KEY',
  'INPUT_OPENAI-API-KEY',
  ...RUNNER_SECRET_VARIABLES
] as const;

/** OpenTelemetry exporter headers (`key=value,…`, values URL-encoded): each value is a credential as far as LoopKit knows. */
const OTEL_HEADER_VARIABLES = [
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  'OTEL_EXPORTER_OTLP_METRICS_HEADERS',
  'OTEL_EXPORTER_OTLP_LOGS_HEADERS'
] as const;

export interface SecretSources {
  /** Hears where a secret was taken out (Redactor's `warn`). */
  warn?: (message: string) => void;
  /** Secrets known otherwise (the action's inputs as read). */
  values?: readonly (string | undefined)[];
  /** More variables holding secrets: the `${{ secrets.X }}` a loop's connectors declare. */
  variables?: readonly string[];
}

/**
 * The one way the action and the CLI build their Redactor: every secret `env` holds (the tokens,
 * the model keys, the runner's tokens, the OpenTelemetry headers' values) and those named in
 * `sources`. What either prints, writes, posts or sends to a model is then redacted the same way.
 */
export function redactorFromEnv(env: Readonly<Record<string, string | undefined>>, sources: SecretSources = {}): Redactor {
  const redactor = new Redactor(sources.warn);
  for (const name of [...SECRET_VARIABLES, ...(sources.variables ?? [])]) redactor.add(env[name]);
  for (const name of OTEL_HEADER_VARIABLES) for (const value of headerValues(env[name])) redactor.add(value);
  for (const value of sources.values ?? []) redactor.add(value);
  return redactor;
}

/**
 * The values of an OTLP headers variable as they are and decoded, and the credential after a scheme
 * (`Bearer x`, `Basic x`), which may be quoted alone.
 */
function headerValues(headers: string | undefined): string[] {
  return (headers ?? '')
    .split(',')
    .flatMap((pair) => {
      const at = pair.indexOf('=');
      if (at < 0) return [];
      const value = pair.slice(at + 1).trim();
      let decoded = value;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        // Not URL-encoded after all: the value as written is the secret.
      }
      return [value, decoded, decoded.split(/\s+/).at(-1)];
    })
    .filter((value): value is string => value !== undefined);
}

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
