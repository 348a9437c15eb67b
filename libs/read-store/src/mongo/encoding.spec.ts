import { ARRAY, decodeDoc, encodeDoc } from './encoding';

/** True when some array holds an array as an element: what FerretDB 1.24 refuses to store. */
const hasNestedArray = (v: unknown): boolean =>
  Array.isArray(v)
    ? v.some((x) => Array.isArray(x) || hasNestedArray(x))
    : v !== null && typeof v === 'object'
      ? Object.values(v).some(hasNestedArray)
      : false;
/** True when some field name has a '.' or a leading '$': what MongoDB and FerretDB refuse. */
const hasRefusedName = (v: unknown): boolean =>
  Array.isArray(v)
    ? v.some(hasRefusedName)
    : v !== null && typeof v === 'object'
      ? Object.entries(v).some(([k, x]) => k.includes('.') || k.startsWith('$') || hasRefusedName(x))
      : false;

// The round trip through a server is the read-store contract (mongo-read-store.int.spec.ts, with MONGO_URL);
// this checks the stored form itself, with or without a server.
describe('the MongoDB adapter’s stored form', () => {
  const docs = [
    {
      _id: 'log',
      _pos: 3,
      entries: [
        [1, 20000, 'A', 'culture_sports', 'ordinary', 30, 0],
        [2, 20001, 'I', 's', 'g1.1', 4, 0],
      ],
    },
    {
      _id: 'deep',
      _pos: 1,
      a: [[[[]]], [[1], { b: [[2]] }]],
      m: { 'g1.1': [[3]], $x: { 'y.z': [[4, [5]]] } },
      empty: [[]],
    },
    { _id: 'look-alike', _pos: 1, [ARRAY]: [[1]], only: { [ARRAY]: [2] }, nested: [{ [ARRAY]: [[3]] }], '［x': 1 },
    { _id: 'plain', _pos: 1, list: [1, 'two', { three: true }], none: null },
  ];

  it.each(docs.map((d) => [d._id, d]))(
    '%s: no array inside an array, no refused field name, and back as it was',
    (_, doc) => {
      const stored = encodeDoc(doc);
      expect(hasNestedArray(stored)).toBe(false);
      expect(hasRefusedName(stored)).toBe(false);
      expect(decodeDoc(stored)).toStrictEqual(doc);
    },
  );

  it('leaves documents without nested arrays or odd names as they are', () => {
    expect(encodeDoc(docs[3])).toStrictEqual(docs[3]);
  });
});
