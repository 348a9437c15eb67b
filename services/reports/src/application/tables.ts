import type { Scorecard } from '@chuangwen/scoring-engine';
import { arrow } from '../domain/bulletin';
import { col, Table } from '../domain/table';
import type { Warning } from '../domain/early-warning';
import type { RankedRow, TrendPoint } from './reports.queries';

/** Every table the dashboard shows, as sheets: one builder each, from the same answers the JSON endpoints give. */

const STATUS: Record<string, string> = {
  met: '达标',
  partial: '部分达标',
  not_met: '未达标',
  awaiting_data: '待补数据',
  not_applicable: '不适用',
};
const LEVEL: Record<string, string> = {
  province: '省',
  city: '市',
  district: '区（县）',
  street: '街道（乡镇）',
  community: '社区',
};

export function rankingTable(level: string, items: readonly RankedRow[]): Table {
  const community = level === 'community';
  const columns = community
    ? [
        col('名次', 'rank', 'integer'),
        col('较上期', 'change', 'text'),
        col('上期名次', 'previousRank', 'integer'),
        col('代码', 'code', 'text', 15),
        col('名称', 'name', 'text', 24),
        col('总分', 'total', 'number'),
        col('达标', 'passed', 'text'),
        col('一票否决', 'vetoed', 'text'),
        col('短板数', 'gaps', 'integer'),
        col('评价日', 'evaluatedOn', 'date'),
      ]
    : [
        col('名次', 'rank', 'integer'),
        col('较上期', 'change', 'text'),
        col('上期名次', 'previousRank', 'integer'),
        col('代码', 'code', 'text', 12),
        col('名称', 'name', 'text', 20),
        col('平均总分', 'meanTotal', 'number'),
        col('达标率', 'passRate', 'percent'),
        col('达标社区数', 'passed', 'integer'),
        col('否决社区数', 'vetoed', 'integer'),
        col('社区数', 'communities', 'integer'),
      ];
  return {
    sheet: `${LEVEL[level] ?? level}排名`.replace(/[（）]/g, ''),
    columns,
    rows: items.map((r) => ({
      ...r,
      change: arrow(r.rankChange),
      ...(community
        ? {
            passed: r.passed ? '是' : '否',
            vetoed: r.vetoed ? '是' : '否',
            gaps: typeof r.gaps === 'number' ? r.gaps : Array.isArray(r.gaps) ? r.gaps.length : null,
          }
        : {}),
    })),
  };
}

export function scorecardTables(card: Scorecard): Table[] {
  const categories = new Map(card.categories.map((c) => [c.id, c.title]));
  return [
    {
      sheet: '指标得分',
      columns: [
        col('类别', 'category', 'text', 18),
        col('指标编号', 'id', 'text', 9),
        col('指标', 'title', 'text', 36),
        col('得分', 'points', 'number'),
        col('满分', 'maxPoints', 'number'),
        col('状态', 'status', 'text'),
        col('原因', 'cause', 'text', 60),
      ],
      rows: card.indicators.map((i) => ({
        category: categories.get(i.categoryId),
        id: i.id,
        title: i.title,
        points: i.points,
        maxPoints: i.maxPoints,
        status: STATUS[i.status] ?? i.status,
        cause: i.cause ?? '',
      })),
    },
    {
      sheet: '类别小计',
      columns: [
        col('类别', 'title', 'text', 20),
        col('得分', 'points', 'number'),
        col('满分', 'maxPoints', 'number'),
        col('适用满分', 'applicableMax', 'number'),
      ],
      rows: [
        ...card.categories,
        { title: '合计（百分制总分）', points: card.total, maxPoints: 100, applicableMax: card.applicableMax },
      ],
    },
    {
      sheet: '一票否决',
      columns: [
        col('否决事项', 'title', 'text', 36),
        col('情况', 'cause', 'text', 50),
        col('发生日期', 'date', 'date'),
        col('否决至', 'until', 'date'),
      ],
      rows: card.veto.incidents,
    },
  ];
}

type NodeRow = {
  rank: number;
  code: string;
  name?: string | null;
  meanTotal?: number | null;
  total?: number;
  passRate?: number | null;
  passed?: number | boolean;
  vetoed?: number | boolean;
  communities?: number;
};
/** A node's ranked children as its roll-up gives them (each child's aggregate: mean total, pass rate…), whatever their level. */
export function childrenTable(childLevel: string, rows: readonly NodeRow[]): Table {
  const table = rankingTable(
    'street',
    rows.map((r) => ({ ...r, name: r.name ?? null, rankChange: null, previousRank: null })) as RankedRow[],
  );
  return {
    ...table,
    sheet: `${LEVEL[childLevel] ?? childLevel}排名`.replace(/[（）]/g, ''),
    columns: table.columns.filter((c) => c.key !== 'change' && c.key !== 'previousRank'),
  };
}

export function rectificationCountsTable(
  rows: readonly {
    code: string;
    name: string | null;
    recorded: number;
    open: number;
    overdue: number;
    awaitingVerification: number;
    verified: number;
  }[],
): Table {
  return {
    sheet: '整改统计',
    columns: [
      col('代码', 'code', 'text', 15),
      col('名称', 'name', 'text', 24),
      col('已记录问题', 'recorded', 'integer'),
      col('未完成', 'open', 'integer'),
      col('逾期', 'overdue', 'integer'),
      col('待核查', 'awaitingVerification', 'integer'),
      col('已核查', 'verified', 'integer'),
    ],
    rows,
  };
}

export function rectificationListTable(rows: readonly Record<string, unknown>[], title: string): Table {
  return {
    sheet: title,
    columns: [
      col('问题编号', 'problemId', 'text', 38),
      col('社区代码', 'communityCode', 'text', 15),
      col('社区', 'name', 'text', 22),
      col('类别', 'category', 'text', 14),
      col('问题描述', 'description', 'text', 36),
      col('发现日期', 'foundOn', 'date'),
      col('通知书下发', 'issuedOn', 'date'),
      col('整改期限', 'deadline', 'date'),
      col('状态', 'status', 'text'),
      col('逾期', 'overdueText', 'text'),
      col('核查日期', 'verifiedOn', 'date'),
    ],
    rows,
  };
}

export function volunteerTable(rows: readonly Record<string, unknown>[]): Table {
  return {
    sheet: '志愿服务',
    columns: [
      col('代码', 'code', 'text', 15),
      col('名称', 'name', 'text', 22),
      col('注册志愿者', 'registered', 'integer'),
      col('常住居民', 'residents', 'integer'),
      col('注册率', 'registrationRate', 'percent'),
      col('期内服务志愿者', 'activeVolunteers', 'integer'),
      col('期内服务时长（小时）', 'hours', 'number'),
      col('累计时长（小时）', 'totalHours', 'number'),
      col('统计起', 'from', 'date'),
      col('统计止', 'to', 'date'),
    ],
    rows,
  };
}

export function coverageTable(rows: readonly Record<string, unknown>[]): Table {
  return {
    sheet: '称号覆盖',
    columns: [
      col('代码', 'code', 'text', 15),
      col('名称', 'name', 'text', 22),
      col('社区数', 'communities', 'integer'),
      col('获评社区数', 'titled', 'integer'),
      col('覆盖率', 'coverage', 'percent'),
      col('街道级及以上', 'street', 'integer'),
      col('区县级及以上', 'county', 'integer'),
      col('市级及以上', 'city', 'integer'),
      col('省级及以上', 'province', 'integer'),
      col('全国', 'national', 'integer'),
    ],
    rows,
  };
}

export function trendTable(points: readonly TrendPoint[], community: boolean): Table {
  return {
    sheet: '趋势',
    columns: [
      col('截至日期', 'day', 'date'),
      col(community ? '总分' : '平均总分', 'total', 'number'),
      col('达标率', 'passRate', 'percent'),
      col('达标社区数', 'passed', 'integer'),
      col('否决社区数', 'vetoed', 'integer'),
      col('未整改问题', 'openProblems', 'integer'),
      col('逾期问题', 'overdueProblems', 'integer'),
      col('社区数', 'communities', 'integer'),
    ],
    rows: points as unknown as Record<string, unknown>[],
  };
}

export function warningTables(list: readonly (Warning & { name: string | null; titleAtRisk: boolean })[]): Table[] {
  return [
    {
      sheet: '预警社区',
      columns: [
        col('代码', 'code', 'text', 15),
        col('名称', 'name', 'text', 22),
        col('当前总分', 'now', 'number'),
        col('测评日预计', 'projected', 'number'),
        col('达标线', 'passMark', 'number'),
        col('预计达标', 'passes', 'text'),
        col('一票否决', 'vetoed', 'text'),
        col('称号摘牌风险', 'title', 'text'),
        col('测评日', 'evaluationDay', 'date'),
        col('达标所需', 'takes', 'text', 60),
      ],
      rows: list.map((w) => ({
        code: w.code,
        name: w.name,
        now: w.now.total,
        projected: w.projected.total,
        passMark: w.standard.passMark,
        passes: w.projected.passed ? '是' : '否',
        vetoed: w.projected.vetoed ? '是' : '否',
        title: w.titleAtRisk ? '是' : '',
        evaluationDay: w.evaluationDay,
        takes: w.whatItTakes.note ?? w.whatItTakes.steps.map((s) => `${s.indicator}（+${s.gain}）`).join('、'),
      })),
    },
    {
      sheet: '原因',
      columns: [
        col('社区代码', 'code', 'text', 15),
        col('社区', 'name', 'text', 22),
        col('指标', 'indicator', 'text', 8),
        col('指标名称', 'title', 'text', 28),
        col('当前得分', 'pointsNow', 'number'),
        col('测评日得分', 'pointsThen', 'number'),
        col('满分', 'maxPoints', 'number'),
        col('原因', 'text', 'text', 70),
      ],
      rows: list.flatMap((w) => w.reasons.map((r) => ({ code: w.code, name: w.name, ...r }))),
    },
  ];
}
