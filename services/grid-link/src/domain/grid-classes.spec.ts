import { keysOf, PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import { categoryOfGridClass, GRID_CLASSES, GRID_MAJOR_CLASSES } from './grid-classes';

describe('grid event classes (GB/T 30428) → problem categories', () => {
  it('maps every class to a category the platform knows, under a known 大类, once per code', () => {
    const categories = new Set<string>(keysOf(PROBLEM_CATEGORIES));
    for (const g of GRID_CLASSES) {
      expect(GRID_MAJOR_CLASSES[g.code.slice(0, 2)]).toBeDefined();
      if (g.category) expect(categories.has(g.category)).toBe(true);
    }
    expect(new Set(GRID_CLASSES.map((g) => g.code)).size).toBe(GRID_CLASSES.length);
  });

  it('covers each of the five classes the standard names', () => {
    for (const major of ['市容环境', '宣传广告', '施工管理', '街面秩序', '突发事件']) {
      const code = Object.entries(GRID_MAJOR_CLASSES).find(([, n]) => n === major)![0];
      expect(GRID_CLASSES.some((g) => g.code.startsWith(code) && g.category)).toBe(true);
    }
  });

  it('maps by code, checking the name when given', () => {
    expect(categoryOfGridClass('0201')).toEqual({ category: 'illegal_posting', name: '非法小广告' });
    expect(categoryOfGridClass('0503', '机动车乱停放')).toEqual({
      category: 'disorderly_parking',
      name: '机动车乱停放',
    });
    expect(categoryOfGridClass('0110').category).toBe('stairwell_blocked');
  });

  it('refuses an unknown code, a code whose name differs, and a class that is no rectification', () => {
    expect(() => categoryOfGridClass('0299')).toThrow(
      /0299 is not in the class table \(大类 02 宣传广告 has 0201, 0202, 0203, 0204\)/,
    );
    expect(() => categoryOfGridClass('9901')).toThrow(/9901 is not in the class table$/);
    expect(() => categoryOfGridClass('0201', '暴露垃圾')).toThrow(/0201 is 非法小广告, not 暴露垃圾/);
    expect(() => categoryOfGridClass('0406')).toThrow(/火灾 \(突发事件\) maps to no problem category/);
    try {
      categoryOfGridClass('0299');
    } catch (e) {
      expect(e).toMatchObject({ kind: 'invalid', details: { field: 'classCode' } });
    }
  });
});
