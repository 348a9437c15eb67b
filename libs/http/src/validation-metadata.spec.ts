import 'reflect-metadata';
import { IsInt, IsString, validate } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata';

describe('memoizeValidationMetadata: rules looked up once per class, still every rule', () => {
  beforeAll(() => memoizeValidationMetadata());

  it('validates with the class’s rules and its parent’s, the same on every call', async () => {
    class Base {
      @IsString() name!: unknown;
    }
    class Derived extends Base {
      @IsInt() count!: unknown;
    }
    const bad = Object.assign(new Derived(), { name: 1, count: 'x' });
    for (let i = 0; i < 3; i++) expect((await validate(bad)).map((e) => e.property).sort()).toEqual(['count', 'name']);
    expect(await validate(Object.assign(new Derived(), { name: 'a', count: 2 }))).toEqual([]);
  });

  it('sees a rule added after the first look-up (a class defined later, a decorator run late)', async () => {
    class Late {
      @IsString() name!: unknown;
    }
    expect((await validate(Object.assign(new Late(), { name: 'a', count: 'x' }))).length).toBe(0);
    IsInt()(Late.prototype, 'count');
    expect((await validate(Object.assign(new Late(), { name: 'a', count: 'x' }))).map((e) => e.property)).toEqual([
      'count',
    ]);
  });
});
