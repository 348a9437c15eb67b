import { writeJsonArray } from './json-bytes';

describe('writeJsonArray', () => {
  const written = (values: unknown[], room = 4096) => {
    const buf = Buffer.alloc(room);
    const n = writeJsonArray(buf, 3, room, values);
    return n < 0 ? n : buf.toString('utf8', 3, 3 + n);
  };

  it('writes the same text as JSON.stringify', () => {
    const cases: unknown[][] = [
      [],
      [671725, 20028, 'A', 'safety_publicity', 'ordinary', 102, 0],
      [0, -0, -17, 9007199254740991, -9007199254740991, 2 ** 60, 1e21, 0.7023, 3.5, -1.25e-7, NaN, Infinity, -Infinity],
      [
        '',
        'plain',
        'quote"d',
        'back\\slash',
        'tab\there',
        '\u0000\u001f',
        '社区',
        'emoji 😀',
        '\ud800 lone',
        '~\u007f',
      ],
      [
        true,
        false,
        null,
        undefined,
        { quantities: { residents: 3200 }, attributes: { urban: true, name: '城关' } },
        [1, [2, 'x']],
      ],
    ];
    for (const values of cases) expect(written(values)).toBe(JSON.stringify(values));
  });

  it('reports -1 when the bytes do not fit, whatever kind of value runs over', () => {
    expect(written([123456], 7)).toBe(-1);
    expect(written([123456], 11)).toBe('[123456]');
    expect(written(['abcdef'], 12)).toBe(-1);
    expect(written(['社区'], 10)).toBe(-1);
    expect(written([{ a: 1 }], 10)).toBe(-1);
  });
});
