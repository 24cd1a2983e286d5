import fc from 'fast-check';
import { decodeCursor, encodeCursor, type ItemCursor, MAX_CURSOR_LENGTH } from './item-cursor';

const base64url = (json: string) => Buffer.from(json, 'utf8').toString('base64url');

const key = fc.record(
  { id: fc.integer({ min: 1, max: 2_147_483_647 }), name: fc.string({ minLength: 1, maxLength: 100 }) },
  { requiredKeys: ['id'] },
);
const cursor: fc.Arbitrary<ItemCursor> = fc.oneof(
  key.map((after) => ({ after })),
  key.map((before) => ({ before })),
  fc.constant({ before: null }),
);

describe('item cursors', () => {
  it('decode to what was encoded, for any key', () => {
    fc.assert(fc.property(cursor, (value) => expect(decodeCursor(encodeCursor(value))).toEqual(value)));
  });

  it('stay well under the length refused unread, even with the longest name in four-byte characters', () => {
    const longest = encodeCursor({ after: { id: 2_147_483_647, name: '🍎'.repeat(100) } });

    expect(longest.length).toBeLessThan(MAX_CURSOR_LENGTH);
  });

  it('are refused after any change of one character, unless it spells another valid cursor', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. ';
    fc.assert(
      fc.property(cursor, fc.nat(), fc.constantFrom(...alphabet), (value, at, character) => {
        const text = encodeCursor(value);
        const index = at % text.length;
        const changed = text.slice(0, index) + character + text.slice(index + 1);
        const decoded = decodeCursor(changed);
        if (decoded !== undefined) expect(encodeCursor(decoded)).toBe(changed);
      }),
    );
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'WyJhIiwxXQ=='],
    ['standard base64', '+/+/'],
    ['not JSON', base64url('["a",1')],
    ['another spelling of a valid cursor', base64url('["a", 1]')],
    ['an object', base64url('{"after":1}')],
    ['an unknown direction', base64url('["c",1]')],
    ['no key after', base64url('["a"]')],
    ['id 0', base64url('["a",0]')],
    ['an id past PostgreSQL integers', base64url('["a",2147483648]')],
    ['a fractional id', base64url('["a",1.5]')],
    ['an id as a string', base64url('["a","1"]')],
    ['an empty name', base64url('["a",1,""]')],
    ['a name of 101 characters', base64url(JSON.stringify(['a', 1, 'n'.repeat(101)]))],
    ['a fourth element', base64url('["a",1,"x",2]')],
    ['too long', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
  ])('are refused when %s', (_, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});
