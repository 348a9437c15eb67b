import type { AwardProgramData, Nominee, PeerRating, TitleRemoved } from '@chuangwen/contracts';

/** Each step of the procedure is a command on the nomination's stream; the title lives on it too. */
export type NominationCommand =
  | {
      type: 'SubmitNomination';
      data: { nominationId: string; programId: string; route: 'application' | 'nomination'; nominee: Nominee };
    }
  | { type: 'ReviewMaterials'; data: { nominationId: string; passed: boolean; remark: string } }
  | { type: 'HearReport'; data: { nominationId: string; ratings: Record<PeerRating, number> } }
  | { type: 'InspectField'; data: { nominationId: string; passed: boolean; remark: string } }
  | { type: 'Shortlist'; data: { nominationId: string } }
  | { type: 'StartPublicNotice'; data: { nominationId: string; days?: number } }
  | { type: 'LodgeObjection'; data: { nominationId: string; objectionId: string; summary: string } }
  | {
      type: 'ResolveObjection';
      data: { nominationId: string; objectionId: string; upheld: boolean; resolution: string };
    }
  | { type: 'ConferTitle'; data: { nominationId: string } }
  | { type: 'ReinspectTitle'; data: { nominationId: string; passed: boolean; remark: string } }
  | {
      type: 'RemoveTitle';
      data: { nominationId: string; reason: TitleRemoved['data']['reason']; detail: string; incidentId?: string };
    };

export interface DefineProgram {
  readonly type: 'DefineProgram';
  readonly data: AwardProgramData;
}

/** Taken by the handler of `Shortlist` on the program's stream before the nomination is shortlisted. */
export interface ReservePlace {
  readonly type: 'ReservePlace';
  readonly data: { readonly programId: string; readonly nominationId: string; readonly communityCode: string };
}
