import type { ResidentReportSubmitted } from '@chuangwen/contracts';

export interface SubmitResidentReport {
  readonly type: 'SubmitResidentReport';
  readonly data: ResidentReportSubmitted['data'];
}
export interface AcceptResidentReport {
  readonly type: 'AcceptResidentReport';
  readonly data: { readonly reportId: string; readonly note?: string };
}
export interface RejectResidentReport {
  readonly type: 'RejectResidentReport';
  readonly data: { readonly reportId: string; readonly reason: string };
}
export interface ReopenResidentReport {
  readonly type: 'ReopenResidentReport';
  /** `secretHash`: SHA-256 of the secret the reporter was given; compared with the one stored. */
  readonly data: { readonly reportId: string; readonly secretHash: string; readonly reason: string };
}
export type ResidentReportCommand =
  SubmitResidentReport | AcceptResidentReport | RejectResidentReport | ReopenResidentReport;

export interface IssueOpen311Key {
  readonly type: 'IssueOpen311Key';
  readonly data: {
    readonly keyId: string;
    readonly jurisdiction: string;
    readonly clientName: string;
    readonly keyHash: string;
  };
}
export interface RevokeOpen311Key {
  readonly type: 'RevokeOpen311Key';
  readonly data: { readonly keyId: string };
}
export type Open311KeyCommand = IssueOpen311Key | RevokeOpen311Key;
