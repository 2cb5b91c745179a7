import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AppError } from '@nexus/platform';

/**
 * A versioned prompt file, `<name>.v<version>.md`:
 *
 * ```
 * ---
 * name: analyze
 * version: 1
 * description: what it is for
 * ---
 * # system
 * ...instructions (optional for follow-up prompts)...
 * # user
 * ...{{placeholders}}...
 * ```
 *
 * `{{name}}` inserts a value as it is; `{{data:name}}` inserts user-supplied
 * text inside a delimited data block whose boundary the text cannot forge
 * (it is derived from the text itself), so the prompt can tell the model
 * that everything inside is material to work on, never instructions.
 */
export interface Prompt {
  name: string;
  version: number;
  description: string;
  system: string;
  user: string;
}

export interface RenderedPrompt {
  system: string;
  user: string;
}

export interface PromptLibrary {
  /** The prompt with that name, at that version or else the highest one present. Files are read once. */
  load(name: string, version?: number): Promise<Prompt>;
}

const fileName = /^([a-z0-9][a-z0-9-]*)\.v(\d+)\.md$/;
const placeholder = /\{\{\s*(data:)?([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

/**
 * @example
 * const prompts = createPromptLibrary();
 * const prompt = await prompts.load('analyze', 1);
 * const { system, user } = renderPrompt(prompt, { text: email.body, schema });
 */
export function createPromptLibrary(options: { dir?: string | URL } = {}): PromptLibrary {
  const dir = options.dir ?? new URL('./', import.meta.url);
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const cache = new Map<string, Promise<Prompt>>();

  async function latestVersion(name: string): Promise<number> {
    const versions = (await readdir(path))
      .map((file) => fileName.exec(file))
      .filter((match): match is RegExpExecArray => match !== null && match[1] === name)
      .map((match) => Number(match[2]));
    if (versions.length === 0) throw promptError(`No prompt named ${name} in ${path}`);
    return Math.max(...versions);
  }

  return {
    async load(name, version) {
      const resolved = version ?? (await latestVersion(name));
      const key = `${name}.v${resolved}`;
      let loading = cache.get(key);
      if (!loading) {
        loading = readFile(`${path.replace(/[\\/]$/, '')}/${key}.md`, 'utf8').then((text) => parsePrompt(text, name, resolved));
        // A failed read is not cached: the next call tries again.
        loading.catch(() => cache.delete(key));
        cache.set(key, loading);
      }
      return loading;
    },
  };
}

/** Parses a prompt file; `name` and `version` are what its file name says, and the front matter must agree. */
export function parsePrompt(text: string, name: string, version: number): Prompt {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw promptError(`Prompt ${name}.v${version} has no front matter`);
  const meta = new Map<string, string>();
  for (const line of match[1]!.split(/\r?\n/)) {
    const field = /^([a-z]+):\s*(.*)$/.exec(line.trim());
    if (field) meta.set(field[1]!, field[2]!.trim());
  }
  if (meta.get('name') !== name || Number(meta.get('version')) !== version) {
    throw promptError(`Prompt file ${name}.v${version} declares name ${meta.get('name') ?? '?'} version ${meta.get('version') ?? '?'}`);
  }
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of match[2]!.split(/\r?\n/)) {
    const heading = /^#\s+(system|user)\s*$/i.exec(line);
    if (heading) {
      current = [];
      sections.set(heading[1]!.toLowerCase(), current);
    } else current?.push(line);
  }
  // A follow-up prompt (such as a repair request) may have no system section of its own.
  const system = sections.get('system')?.join('\n').trim() ?? '';
  const user = sections.get('user')?.join('\n').trim();
  if (!user) throw promptError(`Prompt ${name}.v${version} needs a "# user" section`);
  return { name, version, description: meta.get('description') ?? '', system, user };
}

/**
 * Fills the placeholders. Values are inserted as they are, never re-scanned
 * for placeholders; a placeholder without a value is an error, so a prompt
 * never goes out with a hole in it.
 */
export function renderPrompt(prompt: Prompt, variables: Readonly<Record<string, string>>): RenderedPrompt {
  const fill = (template: string): string =>
    template.replace(placeholder, (_whole, data: string | undefined, key: string) => {
      const value = variables[key];
      if (value === undefined) throw promptError(`Prompt ${prompt.name}.v${prompt.version} needs a value for {{${data ?? ''}${key}}}`);
      return data === undefined ? value : dataBlock(key, value);
    });
  return { system: fill(prompt.system), user: fill(prompt.user) };
}

/**
 * User text inside a block the text cannot close: the boundary is a hash of
 * the text, and no text contains a closing tag carrying its own hash.
 */
export function dataBlock(label: string, value: string): string {
  const boundary = createHash('sha256').update(value).digest('hex').slice(0, 16);
  return `<data name="${label}" boundary="${boundary}">\n${value}\n</data boundary="${boundary}">`;
}

function promptError(message: string): AppError {
  return new AppError('internal_error', message, { kind: 'unexpected' });
}
