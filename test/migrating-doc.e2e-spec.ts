import { readFileSync } from 'node:fs';
import { cookieNames } from '../src/auth/cookie-names.js';
import { ERROR_STATUS } from '../src/common/error-codes.js';
import { ROLES } from '../src/auth/roles.js';
import { startApp, type TestApp } from './support/helpers.js';

interface Parameter {
  in: string;
  name: string;
}
interface Document {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
}

/** One table of the guide: its header cells (lower-cased) and its rows of cells, with the line of each row. */
interface Table {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/** A route the guide names in a New or notes column: `METHOD /path` with an optional `?name=…&name=…`. */
interface NamedRoute {
  line: number;
  text: string;
  method: string;
  path: string;
  query: string[];
}

const GUIDE = new URL('../docs/MIGRATING.md', import.meta.url);
const ENV_EXAMPLE = new URL('../.env.example', import.meta.url);

/** The Markdown tables of a text: runs of lines that start with `|`, the second being the `---` separator. */
function tables(markdown: string): Table[] {
  const found: Table[] = [];
  const lines = markdown.split('\n');
  const cellsOf = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|') || !/^\|[\s|:-]+\|$/.test(lines[i + 1]?.trim() ?? '')) {
      continue;
    }
    const table: Table = { header: cellsOf(lines[i]).map((cell) => cell.toLowerCase()), rows: [] };
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith('|'); j++) {
      table.rows.push({ line: j + 1, cells: cellsOf(lines[j]) });
    }
    found.push(table);
    i = j;
  }
  return found;
}

/** The columns that describe this API: "New", and the "notes" beside it. Old columns are never checked. */
const CURRENT_COLUMNS = ['new', 'notes'];

/** The cells of every column that describes this API, with their line. */
function currentCells(all: Table[]): { line: number; cell: string }[] {
  return all.flatMap((table) =>
    table.header.flatMap((name, column) =>
      CURRENT_COLUMNS.includes(name)
        ? table.rows.map(({ line, cells }) => ({ line, cell: cells[column] ?? '' }))
        : [],
    ),
  );
}

const ROUTE = /`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s?]*)(\?[^`]*)?`/g;

function routesIn(line: number, cell: string): NamedRoute[] {
  return [...cell.matchAll(ROUTE)].map(([text, method, path, query]) => ({
    line,
    text,
    method: method.toLowerCase(),
    // `:id` in the guide, `{id}` in OpenAPI.
    path: path.replace(/:([A-Za-z]\w*)/g, '{$1}'),
    query: (query ?? '')
      .slice(1)
      .split('&')
      .map((pair) => pair.split('=')[0])
      .filter(Boolean),
  }));
}

const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

/** docs/MIGRATING.md may only name, as what a front-end calls now, what this API has. */
describe('the migration guide (docs/MIGRATING.md)', () => {
  const guide = readFileSync(GUIDE, 'utf8');
  const guideTables = tables(guide);
  const cells = currentCells(guideTables);
  const routes = cells.flatMap(({ line, cell }) => routesIn(line, cell));
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await startApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as Document;
  });

  afterAll(async () => {
    await t.close();
  });

  it('has tables with a New column that the parser reads', () => {
    // A guide whose tables this parser no longer understood would check nothing: fail instead.
    expect(guideTables.filter((table) => table.header.includes('new')).length).toBeGreaterThanOrEqual(8);
    expect(routes.length).toBeGreaterThanOrEqual(40);
  });

  it('names in its New and notes columns only routes of the OpenAPI document', () => {
    const missing = routes
      .filter(({ method, path }) => !doc.paths[path]?.[method])
      .map(({ line, text }) => `line ${line}: ${text}`);
    expect(missing).toEqual([]);
  });

  it('names only query parameters those routes take', () => {
    const unknown = routes.flatMap(({ line, text, method, path, query }) => {
      const taken = new Set(
        (doc.paths[path]?.[method]?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      );
      return query.filter((name) => !taken.has(name)).map((name) => `line ${line}: ${text} (${name})`);
    });
    expect(unknown).toEqual([]);
  });

  it('names in its New and notes columns only error codes of the contract and settings of .env.example', () => {
    const settings = new Set(
      [...readFileSync(ENV_EXAMPLE, 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]),
    );
    const unknown = cells.flatMap(({ line, cell }) =>
      codeSpans(cell)
        .filter((span) => /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(span))
        .filter((span) => !(span in ERROR_STATUS) && !settings.has(span))
        .map((span) => `line ${line}: ${span}`),
    );
    expect(unknown).toEqual([]);
  });

  it('names in its New and notes columns only the cookies the API sets', () => {
    const names = new Set([...Object.values(cookieNames(false)), ...Object.values(cookieNames(true))]);
    const unknown = cells.flatMap(({ line, cell }) =>
      codeSpans(cell)
        .filter((span) => /^(?:__Host-|__Secure-)?[a-z]+_token$/.test(span))
        .filter((span) => !names.has(span))
        .map((span) => `line ${line}: ${span}`),
    );
    expect(unknown).toEqual([]);
  });

  it('maps the old roles only to roles of the API', () => {
    const roles = guideTables.find((table) => table.header[0] === 'old role');
    const column = roles?.header.indexOf('new') ?? -1;
    expect(column).toBeGreaterThan(0);
    const mapped = roles!.rows.map(({ cells: row }) => row[column]);
    expect(mapped.filter((cell) => cell !== '—' && !ROLES.some((role) => cell === `\`${role}\``))).toEqual(
      [],
    );
    expect(new Set(mapped)).toEqual(new Set([...ROLES.map((role) => `\`${role}\``), '—']));
  });
});
