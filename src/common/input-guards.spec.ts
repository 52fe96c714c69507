import { forbiddenQueryKey, nestsDeeperThan } from './input-guards.js';

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
