import type { CollectionSpec, DocWrite, ReadDoc, ReadStore } from '../port';
import { DocPacker } from '../packed-docs';

/**
 * The contract every ReadStore adapter passes, unchanged. `fresh` opens a store on a new, empty
 * location; `reopen` opens another instance on the location of the last `fresh` (a restart).
 * `harness` is called in beforeEach, so it may depend on a server found in a beforeAll.
 */
export interface ReadStoreHarness {
  fresh(): Promise<ReadStore>;
  reopen(): Promise<ReadStore>;
}

interface Item extends ReadDoc {
  name: string;
  n: number;
  grp: string;
  flag: boolean;
  tag?: string | null;
}

const SPECS: CollectionSpec[] = [
  { name: 'items', indexes: [{ fields: { grp: 1, n: -1 } }, { fields: { flag: 1 } }] },
  { name: 'others' },
];

// Names sort differently from ids, and `n` has ties, so the tests see which key ordered a result.
const ITEMS: Item[] = [
  { _id: 'a1', _pos: 1, name: 'delta', n: 3, grp: 'x', flag: true, tag: 'red' },
  { _id: 'a2', _pos: 1, name: 'alpha', n: 1, grp: 'y', flag: false, tag: null },
  { _id: 'a3', _pos: 1, name: 'echo', n: 2.5, grp: 'x', flag: false },
  { _id: 'a4', _pos: 1, name: 'bravo', n: 3, grp: 'y', flag: true, tag: 'blue' },
  { _id: 'a5', _pos: 1, name: 'charlie', n: -1, grp: 'x', flag: true, tag: 'red' },
];
const ids = (docs: ReadDoc[]) => docs.map((d) => d._id);
const puts = <T extends ReadDoc>(collection: string, docs: T[]): DocWrite[] => docs.map((put) => ({ collection, put }));
const byId = <T extends ReadDoc>(docs: T[]) => [...docs].sort((a, b) => (a._id < b._id ? -1 : 1));

export function readStoreContract(name: string, harness: () => ReadStoreHarness | undefined): void {
  describe(`ReadStore contract: ${name}`, () => {
    let h: ReadStoreHarness;
    let store: ReadStore;
    const opened: ReadStore[] = [];
    const open = async (how: 'fresh' | 'reopen') => {
      const s = await h[how]();
      opened.push(s);
      return s;
    };
    const seed = async () => store.commit('seed', puts('items', ITEMS), 1);

    beforeEach(async () => {
      const found = harness();
      if (!found) throw new Error(`${name}: no harness (its server is not available)`);
      h = found;
      store = await open('fresh');
      await store.ensureCollections(SPECS);
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
    });

    it('ensureCollections is idempotent and keeps the data', async () => {
      await seed();
      await store.ensureCollections(SPECS);
      await store.ensureCollections([...SPECS, { name: 'later', indexes: [{ fields: { n: 1 } }] }]);
      expect(await store.count('items')).toBe(5);
      expect(await store.count('later')).toBe(0);
    });

    it('puts and gets documents whole, nested values and Unicode included', async () => {
      const doc = {
        _id: '社区-1',
        _pos: 3,
        name: '文明社区 ✓',
        n: 0.5,
        nested: { list: [1, 'two', { three: true }], empty: {} },
        none: null,
      };
      await store.commit('p', [{ collection: 'others', put: doc }], 3);
      expect(await store.get('others', '社区-1')).toEqual(doc);
      expect(await store.get('others', 'missing')).toBeUndefined();
      expect(await store.get('items', '社区-1')).toBeUndefined();
    });

    // A field set to undefined means "absent" in the code (`x ?? []`, defaults in destructuring):
    // stored as null it would come back as null, and those defaults no longer apply.
    it('undefined fields are not stored: they come back absent, not null (put, load, nested)', async () => {
      const doc = {
        _id: 'u1',
        _pos: 2,
        a: undefined,
        kept: null,
        nested: { b: undefined, c: 1, deeper: { d: undefined } },
        list: [{ e: undefined, f: 2 }],
      };
      const expected = { _id: 'u1', _pos: 2, kept: null, nested: { c: 1, deeper: {} }, list: [{ f: 2 }] };
      await store.commit('p', [{ collection: 'others', put: doc }], 2);
      for (const got of [
        await store.get('others', 'u1'),
        (await store.getMany('others', ['u1']))[0],
        (await store.find('others'))[0],
      ])
        expect(got).toStrictEqual(expected);
      await store.reset('p', ['others']);
      await store.load('others', [{ ...doc, _id: 'u2' }]);
      await store.ensureCollections(SPECS);
      expect(await store.get('others', 'u2')).toStrictEqual({ ...expected, _id: 'u2' });
      expect(await store.find('others', { a: null } as never).then(ids)).toEqual(['u2']); // absent matches null
    });

    // Arrays of arrays (a fact log's entries are tuples): FerretDB 1.24 refuses them as such.
    it('keeps arrays of arrays, at the top, inside objects and inside arrays of objects (put and load)', async () => {
      const doc = {
        _id: 'n1',
        _pos: 4,
        entries: [[1, 20000, 'A', 'culture', null], [2, 20001, 'S', [3, [4, []]]], []],
        inside: { pairs: { '2025': [3, 2] }, grid: [[['deep']]] },
        list: [{ rows: [[1], [2, 3]] }, [{ x: [[0]] }]],
        empty: [[]],
        '［］': 'a key that looks like the encoding',
        odd: { '［］': [[1]] },
      };
      await store.commit('p', [{ collection: 'others', put: doc }], 4);
      expect(await store.get('others', 'n1')).toStrictEqual(doc);
      expect(await store.find('others', { _id: 'n1' } as never)).toStrictEqual([doc]);
      await store.commit(
        'p',
        [
          {
            collection: 'others',
            put: { ...doc, _pos: 5, entries: [...doc.entries, [3, 20002, 'P', 'litter']] } as ReadDoc,
          },
        ],
        5,
      );
      expect(((await store.get<typeof doc>('others', 'n1'))!.entries as unknown[]).at(-1)).toEqual([
        3,
        20002,
        'P',
        'litter',
      ]);
      await store.reset('p', ['others']);
      await store.load('others', [
        { ...doc, _id: 'n2' },
        { ...doc, _id: 'n3' },
      ]);
      await store.ensureCollections(SPECS);
      expect(await store.getMany('others', ['n2', 'n3']).then(byId)).toStrictEqual([
        { ...doc, _id: 'n2' },
        { ...doc, _id: 'n3' },
      ]);
    });

    it('getMany returns the documents found and skips the missing ones', async () => {
      await seed();
      expect(ids(byId(await store.getMany('items', ['a3', 'nope', 'a1'])))).toEqual(['a1', 'a3']);
      expect(await store.getMany('items', [])).toEqual([]);
      const many = Array.from({ length: 1200 }, (_, i) => ({ _id: `m${String(i).padStart(4, '0')}`, _pos: 2 }));
      await store.commit('p', puts('others', many), 2);
      const got = await store.getMany('others', [...ids(many), 'nope']);
      expect(ids(byId(got))).toEqual(ids(many));
    });

    describe('find and count', () => {
      beforeEach(seed);
      const find = (filter?: object, options?: object) =>
        store.find<Item>('items', filter as never, options as never).then(ids);

      it('no filter: everything, ordered by _id', async () => {
        expect(await find()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
        expect(await find({})).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
      });

      it('equality on strings, numbers and booleans; several fields are ANDed', async () => {
        expect(await find({ grp: 'x' })).toEqual(['a1', 'a3', 'a5']);
        expect(await find({ n: 3 })).toEqual(['a1', 'a4']);
        expect(await find({ n: 2.5 })).toEqual(['a3']);
        expect(await find({ flag: true })).toEqual(['a1', 'a4', 'a5']);
        expect(await find({ flag: false })).toEqual(['a2', 'a3']);
        expect(await find({ grp: 'x', flag: true, tag: 'red' })).toEqual(['a1', 'a5']);
        expect(await find({ grp: 'z' })).toEqual([]);
      });

      it('null matches null and missing fields', async () => {
        expect(await find({ tag: null })).toEqual(['a2', 'a3']);
        expect(await find({ nosuchfield: null })).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
      });

      it('$in, including an empty list and null', async () => {
        expect(await find({ tag: { $in: ['blue', 'green'] } })).toEqual(['a4']);
        expect(await find({ n: { $in: [3, -1] } })).toEqual(['a1', 'a4', 'a5']);
        expect(await find({ tag: { $in: [] } })).toEqual([]);
        expect(await find({ tag: { $in: [null, 'blue'] } })).toEqual(['a2', 'a3', 'a4']);
      });

      it('range operators, alone and combined, on numbers and strings', async () => {
        expect(await find({ n: { $gt: 2.5 } })).toEqual(['a1', 'a4']);
        expect(await find({ n: { $gte: 2.5 } })).toEqual(['a1', 'a3', 'a4']);
        expect(await find({ n: { $lt: 1 } })).toEqual(['a5']);
        expect(await find({ n: { $lte: 1 } })).toEqual(['a2', 'a5']);
        expect(await find({ n: { $gt: -1, $lt: 3 } })).toEqual(['a2', 'a3']);
        expect(await find({ name: { $gte: 'bravo', $lt: 'delta' } })).toEqual(['a4', 'a5']);
        expect(await find({ n: { $gte: 3 }, grp: 'y' })).toEqual(['a4']);
      });

      it('sorts ascending and descending, on one and two fields, ties broken by _id', async () => {
        expect(await find({}, { sort: { name: 1 } })).toEqual(['a2', 'a4', 'a5', 'a1', 'a3']);
        expect(await find({}, { sort: { name: -1 } })).toEqual(['a3', 'a1', 'a5', 'a4', 'a2']);
        expect(await find({}, { sort: { n: -1 } })).toEqual(['a1', 'a4', 'a3', 'a2', 'a5']);
        expect(await find({}, { sort: { grp: 1, n: -1 } })).toEqual(['a1', 'a3', 'a5', 'a4', 'a2']);
        expect(await find({}, { sort: { flag: -1, name: 1 } })).toEqual(['a4', 'a5', 'a1', 'a2', 'a3']);
        expect(await find({}, { sort: { _id: -1 } })).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
      });

      it('limit and skip page through a sorted result', async () => {
        const sort = { n: 1 };
        expect(await find({}, { sort, limit: 2 })).toEqual(['a5', 'a2']);
        expect(await find({}, { sort, skip: 2, limit: 2 })).toEqual(['a3', 'a1']);
        expect(await find({}, { sort, skip: 4, limit: 2 })).toEqual(['a4']);
        expect(await find({}, { sort, skip: 3 })).toEqual(['a1', 'a4']);
        expect(await find({}, { sort, limit: 0 })).toEqual([]);
        expect(await find({ grp: 'x' }, { skip: 1 })).toEqual(['a3', 'a5']);
      });

      it('count with and without a filter', async () => {
        expect(await store.count('items')).toBe(5);
        expect(await store.count('items', { grp: 'x', n: { $gt: 0 } })).toBe(2);
        expect(await store.count('items', { tag: { $in: [] } })).toBe(0);
        expect(await store.count('others')).toBe(0);
      });

      it('rejects names that are not plain identifiers', async () => {
        await expect(store.find('items', { $where: 'true' } as never)).rejects.toThrow();
        await expect(store.find('items', { 'a.b': 1 })).rejects.toThrow();
        await expect(store.find('items', {}, { sort: { 'n; DROP': 1 } })).rejects.toThrow();
        await expect(store.get('Items-X', 'a1')).rejects.toThrow();
      });
    });

    describe('commit', () => {
      it('checkpoint is -1 until a projection commits, then moves with each commit', async () => {
        expect(await store.checkpoint('p')).toBe(-1);
        await store.commit('p', [], 7);
        expect(await store.checkpoint('p')).toBe(7);
        await store.commit('p', puts('items', [{ ...ITEMS[0], _pos: 9 }]), 9);
        expect(await store.checkpoint('p')).toBe(9);
        expect(await store.checkpoint('q')).toBe(-1);
      });

      it('a put replaces the document only when its position is above the stored one', async () => {
        await store.commit('p', puts('items', [{ ...ITEMS[0], _pos: 5 }]), 5);
        await store.commit('p', puts('items', [{ ...ITEMS[0], _pos: 5, name: 'same position' }]), 6);
        await store.commit('p', puts('items', [{ ...ITEMS[0], _pos: 3, name: 'older' }]), 7);
        expect(await store.get<Item>('items', 'a1')).toMatchObject({ _pos: 5, name: 'delta' });
        const { tag: _dropped, ...rest } = ITEMS[0];
        await store.commit('p', puts('items', [{ ...rest, _pos: 8, name: 'newer' }]), 8);
        expect(await store.get('items', 'a1')).toEqual({ ...rest, _pos: 8, name: 'newer' }); // tag is gone: replaced, not merged
        expect(await store.checkpoint('p')).toBe(8);
      });

      it('a derived put replaces the document whatever position is stored (roll-ups)', async () => {
        await store.commit('p', puts('items', [{ ...ITEMS[0], _pos: 9 }]), 9);
        await store.commit(
          'p',
          [{ collection: 'items', put: { ...ITEMS[0], _pos: 4, name: 'derived' } as Item, derived: true }],
          10,
        );
        expect((await store.get<Item>('items', ITEMS[0]._id))!.name).toBe('derived');
      });

      it('keeps map keys with dots and a leading $ (indicator ids such as g1.1)', async () => {
        const doc = { _id: 'k1', _pos: 1, gaps: { 'g1.1': 2, $weird: 1 }, nested: [{ 'a.b': { 'c.d': true } }] };
        await store.commit('p', [{ collection: 'others', put: doc }], 1);
        expect(await store.get('others', 'k1')).toEqual(doc);
        expect(await store.find('others', { _id: 'k1' } as never)).toEqual([doc]);
      });

      it('a delete removes the document only when its position is above the stored one', async () => {
        await store.commit('p', puts('items', [{ ...ITEMS[0], _pos: 5 }]), 5);
        await store.commit('p', [{ collection: 'items', delete: 'a1', pos: 5 }], 6);
        await store.commit('p', [{ collection: 'items', delete: 'a1', pos: 4 }], 7);
        expect(await store.get('items', 'a1')).toBeDefined();
        await store.commit(
          'p',
          [
            { collection: 'items', delete: 'a1', pos: 6 },
            { collection: 'items', delete: 'never', pos: 6 },
          ],
          8,
        );
        expect(await store.get('items', 'a1')).toBeUndefined();
        expect(await store.checkpoint('p')).toBe(8);
      });

      it('a derived delete removes the document whatever its position (a roll-up left empty)', async () => {
        await store.commit('p', [{ collection: 'items', put: { ...ITEMS[0], _pos: 9 }, derived: true }], 9);
        await store.commit(
          'p',
          [
            { collection: 'items', delete: 'a1', pos: 4, derived: true },
            { collection: 'items', delete: 'never', pos: 4, derived: true },
          ],
          10,
        );
        expect(await store.get('items', 'a1')).toBeUndefined();
      });

      it('applies writes to several collections and several writes to one document in order', async () => {
        await store.commit(
          'p',
          [
            { collection: 'items', put: { ...ITEMS[0], _pos: 10 } },
            { collection: 'others', put: { _id: 'o1', _pos: 10 } },
            { collection: 'items', put: { ...ITEMS[1], _pos: 10 } },
            { collection: 'items', delete: 'a2', pos: 11 },
            { collection: 'items', put: { ...ITEMS[2], _pos: 11 } },
            { collection: 'items', put: { ...ITEMS[2], _pos: 12, name: 'last' } },
          ],
          12,
        );
        expect(ids(await store.find('items'))).toEqual(['a1', 'a3']);
        expect(await store.get<Item>('items', 'a3')).toMatchObject({ _pos: 12, name: 'last' });
        expect(await store.get('others', 'o1')).toEqual({ _id: 'o1', _pos: 10 });
      });

      it('replaying a batch, whole or after a partial first attempt, leaves the state of applying it once', async () => {
        await seed();
        const batch: DocWrite[] = [
          ...puts('items', [
            { ...ITEMS[0], _pos: 20, n: 100 },
            { _id: 'new', _pos: 20, name: 'new', n: 0, grp: 'z', flag: false } as Item,
          ]),
          { collection: 'items', delete: 'a2', pos: 20 },
          { collection: 'others', put: { _id: 'o', _pos: 20 } },
        ];
        await store.commit('p', batch, 20);
        const once = {
          items: await store.find('items'),
          others: await store.find('others'),
          cp: await store.checkpoint('p'),
        };
        await store.commit('p', batch, 20);
        expect({
          items: await store.find('items'),
          others: await store.find('others'),
          cp: await store.checkpoint('p'),
        }).toEqual(once);

        // A crash after part of the batch was written and before the checkpoint moved: replay it all.
        const second = await open('fresh');
        await second.ensureCollections(SPECS);
        await second.commit('seed', puts('items', ITEMS), 1);
        await second.commit('p', batch.slice(0, 2), -1);
        expect(await second.checkpoint('p')).toBe(-1);
        await second.commit('p', batch, 20);
        expect({
          items: await second.find('items'),
          others: await second.find('others'),
          cp: await second.checkpoint('p'),
        }).toEqual(once);
      });

      it("a writer's stored positions (DocWrite.stored) are a hint: right ones are applied, stale ones never overwrite a higher position", async () => {
        await store.commit(
          'seed',
          [
            { collection: 'others', put: { _id: 'kept', _pos: 7 } },
            { collection: 'others', put: { _id: 'moved', _pos: 3 } },
          ],
          7,
        );
        await store.commit(
          'p',
          [
            { collection: 'others', put: { _id: 'fresh', _pos: 9, v: 'new' } as ReadDoc, stored: -1 },
            { collection: 'others', put: { _id: 'moved', _pos: 9, v: 'moved' } as ReadDoc, stored: 3 },
            // Stale: the writer read 'kept' at 3 or absent, but 7 is stored: a write at 5 changes nothing.
            { collection: 'others', put: { _id: 'kept', _pos: 5, v: 'stale' } as ReadDoc, stored: 3 },
            { collection: 'others', put: { _id: 'kept', _pos: 5, v: 'stale' } as ReadDoc, stored: -1 },
          ],
          9,
        );
        const docs = Object.fromEntries(
          (await store.find<ReadDoc & { v?: string }>('others')).map((d) => [d._id, [d._pos, d.v]]),
        );
        expect(docs).toEqual({ fresh: [9, 'new'], moved: [9, 'moved'], kept: [7, undefined] });
      });
    });

    describe('conditional writes (DocWrite.expect): documents shared by writers side by side', () => {
      type Node = ReadDoc & { sum: number };
      const node = (_v: string, sum: number, _pos = 1): Node => ({ _id: 'n', _pos, _v, sum });
      const put = (doc: Node, expect: string | null): DocWrite => ({ collection: 'others', put: doc, expect });
      const stored = () => store.get<Node>('others', 'n');

      it('a put expecting no version creates the document; a second one from the same reading conflicts and changes nothing', async () => {
        expect(await store.write([put(node('v1', 1), null)])).toEqual([]);
        expect(await store.write([put(node('v2', 2), null)])).toEqual([{ collection: 'others', id: 'n' }]);
        expect(await stored()).toMatchObject({ _v: 'v1', sum: 1 });
      });

      it('a put expecting the stored version replaces it, whatever positions say; a stale version conflicts', async () => {
        await store.write([put(node('v1', 1, 9), null)]);
        expect(await store.write([put(node('v2', 2, 3), 'v1')])).toEqual([]);
        expect(await stored()).toMatchObject({ _v: 'v2', sum: 2, _pos: 3 });
        expect(await store.write([put(node('v3', 3), 'v1')])).toEqual([{ collection: 'others', id: 'n' }]);
        expect(await stored()).toMatchObject({ _v: 'v2', sum: 2 });
      });

      it('a document stored without a version (a bulk load, an older writer) matches "none"; an absent one matches no version read', async () => {
        await store.commit('seed', [{ collection: 'others', put: { _id: 'n', _pos: 1, sum: 0 } as Node }], 1);
        expect(await store.write([put(node('v1', 1), null)])).toEqual([]);
        expect(
          await store.write([
            { collection: 'others', put: { _id: 'gone', _pos: 1, _v: 'v9', sum: 1 } as Node, expect: 'v8' },
          ]),
        ).toEqual([{ collection: 'others', id: 'gone' }]);
        expect(await store.get('others', 'gone')).toBeUndefined();
      });

      it('a delete expecting the stored version removes the document; a stale one keeps it; an absent one expecting none is no conflict', async () => {
        await store.write([put(node('v1', 1), null)]);
        expect(await store.write([{ collection: 'others', delete: 'n', pos: 1, expect: 'v0' }])).toEqual([
          { collection: 'others', id: 'n' },
        ]);
        expect(await stored()).toMatchObject({ _v: 'v1' });
        expect(
          await store.write([
            { collection: 'others', delete: 'n', pos: 1, expect: 'v1' },
            { collection: 'others', delete: 'never', pos: 1, expect: null },
          ]),
        ).toEqual([]);
        expect(await stored()).toBeUndefined();
        // Made again after the delete: a version read before it never matches the new document.
        await store.write([put(node('v2', 2), null)]);
        expect(await store.write([put(node('v3', 3), 'v1')])).toEqual([{ collection: 'others', id: 'n' }]);
      });

      it('two writers from one reading, at once, through two connections: exactly one succeeds', async () => {
        await store.write([put(node('v1', 1), null)]);
        const other = await open('reopen');
        const results = await Promise.all([
          store.write([put(node('a', 10), 'v1')]),
          other.write([put(node('b', 20), 'v1')]),
        ]);
        expect(results.map((r) => r.length).sort()).toEqual([0, 1]);
        expect((await stored())!._v).toBe(results[0].length === 0 ? 'a' : 'b');
      });

      it('write applies unconditional writes as commit does, moves no checkpoint; commit with a conflict throws and keeps its checkpoint', async () => {
        await seed();
        expect(
          await store.write([
            { collection: 'items', put: { ...ITEMS[0], _pos: 5, name: 'newer' } as Item },
            { collection: 'items', put: { ...ITEMS[1], _pos: 0, name: 'older' } as Item },
          ]),
        ).toEqual([]);
        expect((await store.get<Item>('items', 'a1'))!.name).toBe('newer');
        expect((await store.get<Item>('items', 'a2'))!.name).toBe('alpha');
        expect(await store.checkpoint('seed')).toBe(1);
        await store.write([put(node('v1', 1), null)]);
        await expect(store.commit('seed', [put(node('v2', 2), 'v0')], 5)).rejects.toMatchObject({
          name: 'WriteConflictError',
        });
        expect(await store.checkpoint('seed')).toBe(1);
        expect(await stored()).toMatchObject({ _v: 'v1' });
      });
    });

    it('reset empties the collections and forgets the checkpoint of that projection only', async () => {
      await seed();
      await store.commit('p', [{ collection: 'others', put: { _id: 'o', _pos: 2 } }], 2);
      await store.reset('seed', ['items']);
      expect(await store.count('items')).toBe(0);
      expect(await store.checkpoint('seed')).toBe(-1);
      expect(await store.checkpoint('p')).toBe(2);
      expect(await store.count('others')).toBe(1);
      // usable again right away, indexes or not
      await store.ensureCollections(SPECS);
      await seed();
      expect(await store.find('items', { grp: 'y' }, { sort: { n: -1 } }).then(ids)).toEqual(['a4', 'a2']);
    });

    it('loads documents in bulk after a reset, then indexes and queries them as written ones', async () => {
      await seed();
      await store.reset('seed', ['items']);
      const many = Array.from({ length: 1200 }, (_, i) => ({
        _id: `m${String(i).padStart(4, '0')}`,
        _pos: 7,
        n: i % 50,
        grp: i % 2 ? 'odd' : 'even',
      }));
      await store.load('items', many.slice(0, 700));
      // Overlapping: loaded twice is loaded once.
      await store.load('items', many.slice(600));
      await store.ensureCollections(SPECS);
      await store.commit('seed', [], 7);
      expect(await store.count('items')).toBe(1200);
      expect(await store.get('items', 'm0042')).toEqual(many[42]);
      expect(await store.get('items', 'm0601')).toEqual(many[601]);
      expect(await store.getMany('items', ['m0603', 'm0605'])).toEqual([many[603], many[605]]);
      expect(ids(await store.find('items', { grp: 'odd', n: { $gte: 49 } }, { sort: { n: -1 }, limit: 3 }))).toEqual([
        'm0049',
        'm0099',
        'm0149',
      ]);
      expect(await store.checkpoint('seed')).toBe(7);
      // Written documents are guarded by the loaded positions like any others.
      await store.commit('seed', [{ collection: 'items', put: { _id: 'm0042', _pos: 6, n: -1 } as ReadDoc }], 8);
      expect(await store.get('items', 'm0042')).toEqual(many[42]);
    });

    it('loads packed batches (texts back to back in one buffer, one position) as the documents they hold', async () => {
      await store.reset('seed', ['items']);
      const docs = [
        { _id: 'p1', _pos: 9, n: 1, grp: '东城' },
        { _id: 'p2', _pos: 9, n: 2, grp: 'x', nested: { a: [1, 'é'] } },
        { _id: 'p3', _pos: 9, n: 3, grp: 'x' },
      ];
      const packer = new DocPacker(8); // smaller than one text: grows
      for (const { _id, _pos, ...rest } of docs.slice(0, 2)) packer.add(_id, JSON.stringify(rest));
      await store.load('items', packer.take(9));
      packer.add('p3', JSON.stringify({ n: 3, grp: 'x' }));
      await store.load('items', packer.take(9));
      await store.load('items', new DocPacker().take(9)); // empty
      await store.ensureCollections(SPECS);
      await store.commit('seed', [], 9);
      expect(await store.getMany('items', ['p1', 'p2', 'p3'])).toEqual(docs);
      expect(ids(await store.find('items', { grp: 'x' }, { sort: { n: -1 } }))).toEqual(['p3', 'p2']);
    });

    it('data and checkpoints survive a reopen', async () => {
      await seed();
      await store.commit('p', [{ collection: 'items', delete: 'a5', pos: 2 }], 2);
      await store.close();
      const again = await open('reopen');
      await again.ensureCollections(SPECS);
      expect(ids(await again.find('items'))).toEqual(['a1', 'a2', 'a3', 'a4']);
      expect(await again.get('items', 'a1')).toEqual(ITEMS[0]);
      expect(await again.checkpoint('seed')).toBe(1);
      expect(await again.checkpoint('p')).toBe(2);
    });
  });
}
