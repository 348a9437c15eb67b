import { invalid } from '@chuangwen/contracts';

/**
 * Event classes of the grid (GB/T 30428.2, 数字化城市管理信息系统 — 管理部件和事件): a 大类 (two digits)
 * and its 小类 (two more). The names follow the standard's classes; the codes are this platform's
 * table in the standard's layout — a deployment whose grid numbers its 小类 otherwise edits this
 * table (docs/grid.md lists it). Each class maps to one problem category of the platform
 * (PROBLEM_CATEGORIES in libs/scoring-engine); a class with none (a fire, a gas leak) is refused:
 * it is an emergency for other services, not a rectification of the community.
 */
export interface GridClass {
  readonly code: string;
  readonly name: string;
  /** The platform's problem category; absent: the class is known but not taken (refused, 422). */
  readonly category?: string;
}

export const GRID_MAJOR_CLASSES: Readonly<Record<string, string>> = {
  '01': '市容环境',
  '02': '宣传广告',
  '03': '施工管理',
  '04': '突发事件',
  '05': '街面秩序',
  '06': '扩展事件',
};

const c = (code: string, name: string, category?: string): GridClass => ({
  code,
  name,
  ...(category ? { category } : {}),
});

export const GRID_CLASSES: readonly GridClass[] = [
  c('0101', '私搭乱建', 'illegal_construction'),
  c('0102', '暴露垃圾', 'littering'),
  c('0103', '积存垃圾渣土', 'sanitation_dead_corner'),
  c('0104', '道路不洁', 'littering'),
  c('0105', '水域不洁', 'pollution'),
  c('0106', '绿地脏乱', 'sanitation_dead_corner'),
  c('0107', '乱堆物堆料', 'random_piling'),
  c('0108', '违法饲养家禽家畜', 'illegal_livestock'),
  c('0109', '焚烧垃圾树叶', 'pollution'),
  c('0110', '楼道堆物', 'stairwell_blocked'),
  c('0111', '病媒生物孳生', 'pests'),
  c('0201', '非法小广告', 'illegal_posting'),
  c('0202', '违规张贴悬挂宣传品', 'illegal_posting'),
  c('0203', '涂写刻画', 'illegal_posting'),
  c('0204', '占道广告牌', 'street_occupation'),
  c('0301', '施工扰民', 'pollution'),
  c('0302', '工地扬尘', 'pollution'),
  c('0303', '道路遗撒', 'littering'),
  c('0304', '违规占道施工', 'street_occupation'),
  c('0401', '路面塌陷', 'road_damage'),
  c('0402', '供水管道破裂', 'facility_damage'),
  c('0403', '下水道堵塞或破损', 'blocked_drain'),
  c('0404', '道路积水', 'blocked_drain'),
  c('0405', '燃气泄漏'),
  c('0406', '火灾'),
  c('0501', '无照经营游商', 'street_occupation'),
  c('0502', '店外经营', 'street_occupation'),
  c('0503', '机动车乱停放', 'disorderly_parking'),
  c('0504', '非机动车乱停放', 'disorderly_parking'),
  c('0505', '占绿毁绿', 'green_encroachment'),
  c('0601', '公共设施损坏', 'facility_damage'),
  c('0602', '道路破损', 'road_damage'),
];

const BY_CODE = new Map(GRID_CLASSES.map((g) => [g.code, g]));

/**
 * The platform category of a grid class. The name, when sent, must be the table's: a code and a
 * name that disagree mean the two systems' tables differ, and guessing would file it wrongly.
 */
export function categoryOfGridClass(code: string, name?: string): { category: string; name: string } {
  const known = BY_CODE.get(code);
  if (!known) {
    const major = GRID_MAJOR_CLASSES[code.slice(0, 2)];
    throw invalid(
      `grid event class ${code} is not in the class table${
        major
          ? ` (大类 ${code.slice(0, 2)} ${major} has ${GRID_CLASSES.filter((g) => g.code.startsWith(code.slice(0, 2)))
              .map((g) => g.code)
              .join(', ')})`
          : ''
      }`,
      { field: 'classCode' },
    );
  }
  if (name !== undefined && name !== known.name) {
    throw invalid(`grid event class ${code} is ${known.name}, not ${name}`, { field: 'className' });
  }
  if (!known.category) {
    throw invalid(
      `grid event class ${code} ${known.name} (${GRID_MAJOR_CLASSES[code.slice(0, 2)]}) maps to no problem category: it is handled by emergency services, not by a community rectification`,
      { field: 'classCode' },
    );
  }
  return { category: known.category, name: known.name };
}
