import type { RecordedEvent, ServiceKind, VolunteerEvent } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';

export const VOLUNTEERS = 'volunteers';

/** A confirmed service as a certificate lists it (志愿服务记录与证明出具办法: date, hours, content, confirmer). */
export interface CertifiedService {
  recordId: string;
  date: string;
  hours: number;
  kind: ServiceKind;
  description: string;
  projectId?: string;
  teamId?: string;
  confirmedBy?: 'team' | 'community';
}

/** One volunteer as the register shows it: never the clear identity number, only the masked one. */
export interface VolunteerView extends ReadDoc {
  volunteerId: string;
  communityCode: string;
  name: string;
  idMasked: string;
  phone: string;
  skills: string[];
  status: 'registered' | 'deregistered';
  registeredOn: string;
  deregisteredOn?: string;
  cumulativeHours: number;
  star: number;
  /** Recorded services waiting for confirmation, and confirmed ones. */
  pending: CertifiedService[];
  services: CertifiedService[];
}

export const volunteerListProjection: Projection = {
  name: 'volunteers.list',
  collections: [{ name: VOLUNTEERS, indexes: [{ fields: { communityCode: 1, name: 1 } }] }],
  handles: new Set([
    'VolunteerRegistered',
    'VolunteerDeregistered',
    'ServiceRecorded',
    'ServiceRecordConfirmed',
    'ServiceRecordRejected',
    'VolunteerStarReached',
  ]),
  async apply(events, uow) {
    for (const e of events as readonly RecordedEvent<VolunteerEvent>[]) {
      await uow.update<VolunteerView>(VOLUNTEERS, e.data.volunteerId, e, (doc) => evolveView(doc, e));
    }
  },
};

function evolveView(doc: VolunteerView | undefined, e: RecordedEvent<VolunteerEvent>): VolunteerView | null {
  if (e.type === 'VolunteerRegistered') {
    const { volunteerId, communityCode, name, idMasked, phone, skills, registeredOn } = e.data;
    const base = doc ?? { _id: volunteerId, _pos: -1, cumulativeHours: 0, star: 0, pending: [], services: [] };
    const { deregisteredOn: _, ...rest } = base as VolunteerView;
    return {
      ...rest,
      volunteerId,
      communityCode,
      name,
      idMasked,
      phone,
      skills: [...skills],
      status: 'registered',
      registeredOn,
    };
  }
  if (!doc) return null;
  switch (e.type) {
    case 'VolunteerDeregistered':
      return { ...doc, status: 'deregistered', deregisteredOn: e.data.deregisteredOn };
    case 'ServiceRecorded': {
      const { recordId, date, hours, kind, description, projectId, teamId } = e.data;
      return {
        ...doc,
        pending: [
          ...doc.pending,
          {
            recordId,
            date,
            hours,
            kind,
            description,
            ...(projectId ? { projectId } : {}),
            ...(teamId ? { teamId } : {}),
          },
        ],
      };
    }
    case 'ServiceRecordConfirmed': {
      const record = doc.pending.find((r) => r.recordId === e.data.recordId);
      const pending = doc.pending.filter((r) => r.recordId !== e.data.recordId);
      const services = record ? [...doc.services, { ...record, confirmedBy: e.data.confirmedBy }] : doc.services;
      return { ...doc, pending, services, cumulativeHours: e.data.cumulativeHours };
    }
    case 'ServiceRecordRejected':
      return { ...doc, pending: doc.pending.filter((r) => r.recordId !== e.data.recordId) };
    case 'VolunteerStarReached':
      return { ...doc, star: Math.max(doc.star, e.data.star) };
  }
}
