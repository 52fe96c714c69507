import { forbiddenQueryKey, inputViolation, nestsDeeperThan } from './input-guards.js';

describe('nestsDeeperThan', () => {
  const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

  it('counts arrays and objects alike', () => {
    expect(nestsDeeperThan(nested(32), 32)).toBe(false);
    expect(nestsDeeperThan(nested(33), 32)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":{"c":1}}}', 2)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":{"c":1}}}', 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ text: '[[[[[[' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ text: 'say "[[[[" \\ ok' }), 1)).toBe(false);
  });

  it('sees depth after siblings close', () => {
    expect(nestsDeeperThan('[[],[],[[]]]', 2)).toBe(true);
    expect(nestsDeeperThan('[[],[],[]]', 2)).toBe(false);
  });
});

describe('forbiddenQueryKey', () => {
  it('finds prototype keys, also inside bracketed or dotted names', () => {
    expect(forbiddenQueryKey('/a?__proto__=1')).toBe('__proto__');
    expect(forbiddenQueryKey('/a?x=1&filter[constructor][prototype]=1')).toBe(
      'filter[constructor][prototype]',
    );
    expect(forbiddenQueryKey('/a?a.prototype.b=1')).toBe('a.prototype.b');
  });

  it('lets ordinary keys and values through', () => {
    expect(forbiddenQueryKey('/a')).toBeNull();
    expect(forbiddenQueryKey('/a?status=scheduled&q=__proto__')).toBeNull();
  });
});

describe('inputViolation', () => {
  const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

  it('names the field holding a NUL character, in strings and keys, at any depth', () => {
    expect(inputViolation({ name: 'ana\u0000' }, 'body')).toEqual({
      field: 'name',
      constraints: { noNul: expect.any(String) },
    });
    expect(inputViolation([{ start: '09:00' }, { start: '\u0000' }], 'body')?.field).toBe('1.start');
    expect(inputViolation({ 'a\u0000': 1 }, 'body')?.field).toBe('a\u0000');
    expect(inputViolation('\u0000', 'body')?.field).toBe('body');
  });

  it('refuses lone surrogates (validator.js threw URIError on them), not surrogate pairs', () => {
    expect(inputViolation({ email: '\ud800' }, 'body')).toEqual({
      field: 'email',
      constraints: { wellFormed: expect.any(String) },
    });
    expect(inputViolation({ name: 'a\udc00b' }, 'body')?.field).toBe('name');
    expect(inputViolation({ name: '\udc00\ud800' }, 'body')?.field).toBe('name');
    expect(inputViolation({ name: 'Ana 😀 \ud83d\ude00' }, 'body')).toBeNull();
  });

  it('refuses prototype keys, also own __proto__ keys as JSON.parse makes them', () => {
    expect(inputViolation(JSON.parse('{"body":"x","__proto__":{"rol":"admin"}}'), 'payload')).toEqual({
      field: '__proto__',
      constraints: { forbiddenKey: expect.any(String) },
    });
    expect(inputViolation({ a: { constructor: { prototype: {} } } }, 'payload')?.field).toBe('a.constructor');
  });

  it('counts depth like the JSON text scan: 32 levels pass, 33 do not', () => {
    expect(inputViolation(nested(32), 'payload')).toBeNull();
    expect(inputViolation(nested(33), 'payload')).toEqual({
      field: 'payload',
      constraints: { maxDepth: expect.any(String) },
    });
  });

  it('walks 100,000 levels without recursion (a recursive walk overflows the stack), stopping at the limit', () => {
    expect(inputViolation(nested(100_000), 'payload')?.constraints).toHaveProperty('maxDepth');
  });

  it('names the first problem in written order and passes clean values', () => {
    expect(inputViolation({ a: 'x\u0000', b: 'y\u0000' }, 'body')?.field).toBe('a');
    expect(inputViolation({ body: 'hola', userId: null, list: [1, true, 'ok'] }, 'payload')).toBeNull();
    expect(inputViolation(undefined, 'body')).toBeNull();
  });
});
