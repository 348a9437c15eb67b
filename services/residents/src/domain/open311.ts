import { PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import { STAGE_LABELS } from './report-view';
import type { ReportView } from './report-view';

/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2), pure: the field lists of each response,
 * filled from the platform's records. Field names, types and order are the specification's.
 */

/** GET services: one per problem category. */
export interface Open311Service {
  readonly service_code: string;
  readonly service_name: string;
  readonly description: string;
  /** true: the service definition lists attributes (here: the community). */
  readonly metadata: boolean;
  /** realtime: the service_request_id is returned at once (no token resource). */
  readonly type: 'realtime' | 'batch' | 'blackbox';
  readonly keywords: string;
  readonly group: string;
}

export interface Open311AttributeValue {
  readonly key: string;
  readonly name: string;
}

export interface Open311Attribute {
  readonly variable: boolean;
  readonly code: string;
  readonly datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  readonly required: boolean;
  readonly datatype_description: string;
  readonly order: number;
  readonly description: string;
  readonly values?: readonly Open311AttributeValue[];
}

export interface Open311ServiceDefinition {
  readonly service_code: string;
  readonly attributes: readonly Open311Attribute[];
}

/** GET requests and GET request: the service request's fields. */
export interface Open311Request {
  readonly service_request_id: string;
  readonly status: 'open' | 'closed';
  readonly status_notes: string;
  readonly service_name: string;
  readonly service_code: string;
  readonly description: string;
  readonly agency_responsible: string;
  readonly service_notice: string;
  readonly requested_datetime: string;
  readonly updated_datetime: string;
  readonly expected_datetime: string;
  readonly address: string;
  readonly address_id: string;
  readonly zipcode: string;
  readonly lat: number | null;
  readonly long: number | null;
  readonly media_url: string;
}

/** POST request: the answer, one element. */
export interface Open311Created {
  readonly service_request_id: string;
  readonly token?: string;
  readonly service_notice: string;
  readonly account_id?: string;
}

/** The error format: a list of code (the HTTP status) and description. */
export interface Open311Error {
  readonly code: number;
  readonly description: string;
}

/** The attribute carrying the community (12-digit code): there is no geocoder to find it from a point here. */
export const COMMUNITY_ATTRIBUTE = 'community_code';

export const GROUPS: Record<string, string> = {
  sanitation_dead_corner: '环境卫生',
  littering: '环境卫生',
  pests: '环境卫生',
  pollution: '环境卫生',
  random_piling: '环境卫生',
  illegal_posting: '市容秩序',
  illegal_construction: '市容秩序',
  stairwell_blocked: '市容秩序',
  street_occupation: '市容秩序',
  disorderly_parking: '市容秩序',
  illegal_livestock: '市容秩序',
  green_encroachment: '园林绿化',
  blocked_drain: '设施设备',
  road_damage: '设施设备',
  facility_damage: '设施设备',
};

export const open311Services = (): Open311Service[] =>
  Object.entries(PROBLEM_CATEGORIES).map(([code, c]) => ({
    service_code: code,
    service_name: c.label,
    description: `${c.label} (${c.en})`,
    metadata: true,
    type: 'realtime',
    keywords: [c.label, c.en].join(','),
    group: GROUPS[code] ?? '其他',
  }));

export const isServiceCode = (code: string): boolean => Object.prototype.hasOwnProperty.call(PROBLEM_CATEGORIES, code);

export function open311Definition(
  code: string,
  communities: readonly { code: string; name: string }[],
): Open311ServiceDefinition {
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: COMMUNITY_ATTRIBUTE,
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: '社区居委会（12位统计用区划代码）',
        order: 1,
        description: '问题所在社区（也可用 address_id 传社区代码）',
        values: communities.map((c) => ({ key: c.code, name: c.name })),
      },
    ],
  };
}

/** End of the notice's deadline day, China time, with its offset (the spec wants one). */
export const endOfDay = (day: string) => `${day}T23:59:59+08:00`;
/** An instant as ISO 8601 with the China offset. */
export function chinaTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 19)}+08:00`;
}

/**
 * A report (a duplicate reads as its original: the same problem, the same id) as a GeoReport request.
 * Open while the problem is being handled; closed when rejected or verified (rectified).
 */
export function open311Request(
  view: ReportView,
  agency: string,
  publicMediaUrl: (m: string) => string,
): Open311Request {
  const closed = view.stage === 'closed' || view.stage === 'rejected';
  const notes = [STAGE_LABELS[view.stage], view.statusNote, view.overdue && !closed ? '已超期' : undefined]
    .filter(Boolean)
    .join('；');
  return {
    service_request_id: view.reportId,
    status: closed ? 'closed' : 'open',
    status_notes: notes,
    service_name: PROBLEM_CATEGORIES[view.category as keyof typeof PROBLEM_CATEGORIES]?.label ?? view.category,
    service_code: view.category,
    description: view.description,
    agency_responsible: agency,
    service_notice:
      view.duplicateCount > 0
        ? `另有 ${view.duplicateCount} 位居民反映了同一问题`
        : view.reopenCount > 0
          ? `经居民反映重新打开 ${view.reopenCount} 次`
          : '',
    requested_datetime: chinaTime(view.submittedAt),
    updated_datetime: chinaTime(view.updatedAt),
    expected_datetime: view.deadline && !closed ? endOfDay(view.deadline) : '',
    address: view.addressString ?? '',
    address_id: view.communityCode,
    zipcode: '',
    lat: view.lat ?? null,
    long: view.long ?? null,
    media_url: view.media[0] ? publicMediaUrl(view.media[0]) : '',
  };
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xmlValue(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = name === 'values' ? 'value' : name === 'attributes' ? 'attribute' : 'item';
    return `<${name}>${value.map((v) => xmlValue(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => xmlValue(k, v))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The XML format of a response: `<services><service>…</service></services>` and so on. */
export function toXml(root: 'services' | 'service_definition' | 'service_requests' | 'errors', body: unknown): string {
  const item = { services: 'service', service_requests: 'request', errors: 'error' } as const;
  const inner =
    root === 'service_definition'
      ? Object.entries(body as object)
          .map(([k, v]) => xmlValue(k, v))
          .join('')
      : (body as unknown[]).map((v) => xmlValue(item[root], v)).join('');
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${inner}</${root}>`;
}
