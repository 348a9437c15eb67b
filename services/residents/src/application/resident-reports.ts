import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  DomainError,
  forbidden,
  invalid,
  isWithin,
  JURISDICTION_LOOKUP,
  nameBasedId,
  notFound,
  open311KeyStream,
  problemStream,
  residentReportStream,
} from '@chuangwen/contracts';
import type {
  Actor,
  Clock,
  InspectionsEvent,
  JurisdictionLookup,
  ResidentReportChannel,
  ResidentReportEvent,
  ResidentsEvent,
} from '@chuangwen/contracts';
import { handleCommand, stateOf } from '@chuangwen/commanding';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { problemDecider } from '@chuangwen/inspections';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { PROBLEM_CATEGORIES, toDay } from '@chuangwen/scoring-engine';
import type { ResidentReportCommand } from '../domain/commands';
import { scrubPhones } from '../domain/contact';
import { findOriginal } from '../domain/duplicates';
import { open311KeyDecider } from '../domain/open311-key.decider';
import {
  evolveResidentReport,
  initialResidentReport,
  residentReportDecider,
  submissionProblem,
} from '../domain/resident-report.decider';
import type { ResidentReport } from '../domain/resident-report.decider';
import { ContactProtector, sha256 } from './contact-protector';
import { RESIDENTS_OPTIONS, ResidentsOptions } from './options';
import {
  DuplicateCountDoc,
  FiguresDoc,
  OPEN311_KEYS,
  Open311KeyDoc,
  RESIDENT_DUPLICATE_COUNTS,
  RESIDENT_FIGURES,
  RESIDENT_REPORTS,
  ReportDoc,
  StreetFigures,
} from './reports.projection';

/** What a resident (or a client system for one) sends; contact details in clear, handled once here. */
export interface ReportInput {
  readonly communityCode: string;
  readonly category: string;
  readonly description: string;
  readonly lat?: number;
  readonly long?: number;
  readonly addressString?: string;
  readonly media?: readonly string[];
  readonly phone?: string;
  readonly email?: string;
  readonly name?: string;
  readonly deviceId?: string;
}

export interface ReportReceipt {
  readonly reportId: string;
  readonly trackingCode: string;
  /** Shown once to the reporter: with the tracking code, it reopens the report. Kept nowhere. */
  readonly reopenSecret: string;
  /** The open report this one was linked to ("report once"): the problem everyone follows. */
  readonly duplicateOf?: string;
  readonly events: string[];
  readonly position: number;
}

/** No 0/O, 1/I/L: read aloud on the phone (12345) without mistakes. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const newTrackingCode = () => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
/** The report id follows from its tracking code, so the status page reads one document by id. */
export const reportIdOf = (trackingCode: string) => nameBasedId(`resident-report/${trackingCode}`);
export const TRACKING_CODE = /^[A-HJKMNP-Z2-9]{10}$/;

const residentActor = (channel: ResidentReportChannel, communityCode: string, key?: Open311KeyDoc): Actor =>
  key
    ? { id: `open311-client:${key.keyId}`, roles: ['system'], jurisdiction: key.jurisdiction }
    : { id: `resident:${channel}`, roles: [], jurisdiction: communityCode };

const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

@Injectable()
export class ResidentReports {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly registry: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly readYourWrites: ReadYourWrites,
    @Inject(RESIDENTS_OPTIONS) private readonly options: ResidentsOptions,
    private readonly contacts: ContactProtector,
  ) {}

  /** A new report: checked, linked to an open one it duplicates, appended. Refusals write nothing. */
  async submit(
    input: ReportInput,
    channel: ResidentReportChannel,
    correlationId: string,
    key?: Open311KeyDoc,
  ): Promise<ReportReceipt> {
    if (key && !isWithin(input.communityCode, key.jurisdiction))
      throw forbidden(
        `community ${input.communityCode} is outside the jurisdiction ${key.jurisdiction} of this api_key`,
        { field: 'communityCode' },
      );
    if (!Object.prototype.hasOwnProperty.call(PROBLEM_CATEGORIES, input.category))
      throw invalid(`${input.category} is not a problem category`, { field: 'category' });
    const problem = submissionProblem(input);
    if (problem)
      throw invalid(problem, { field: input.lat === undefined && input.long !== undefined ? 'lat' : 'long' });
    const node = await this.registry.find(input.communityCode);
    if (!node || node.level !== 'community')
      throw invalid(`community ${input.communityCode} is not in the jurisdiction registry`, { field: 'communityCode' });

    const contact = this.contacts.protect({ phone: input.phone, email: input.email, name: input.name });
    const now = this.clock.now();
    const submittedAt = now.toISOString();
    const open = await this.reads.find<ReportDoc>(RESIDENT_REPORTS, {
      communityCode: input.communityCode,
      category: input.category,
    });
    const original = findOriginal(
      {
        communityCode: input.communityCode,
        category: input.category,
        lat: input.lat,
        long: input.long,
        addressString: input.addressString,
        submittedAt,
      },
      open,
      this.options.duplicates,
    );

    const trackingCode = newTrackingCode();
    const reportId = reportIdOf(trackingCode);
    const reopenSecret = randomBytes(18).toString('base64url');
    const deviceHash = this.contacts.device(input.deviceId);
    const command: ResidentReportCommand = {
      type: 'SubmitResidentReport',
      data: {
        reportId,
        trackingCode,
        communityCode: input.communityCode,
        category: input.category,
        description: scrubPhones(input.description),
        channel,
        ...(key ? { clientKeyId: key.keyId } : {}),
        ...(input.lat !== undefined && input.long !== undefined ? { lat: input.lat, long: input.long } : {}),
        ...(input.addressString ? { addressString: input.addressString } : {}),
        media: [...(input.media ?? [])],
        ...(contact ? { contact } : {}),
        ...(deviceHash ? { deviceHash } : {}),
        reopenSecretHash: sha256(reopenSecret),
        ...(original ? { duplicateOf: original.reportId } : {}),
        submittedAt,
      },
    };
    const result = await this.run(reportId, command, residentActor(channel, input.communityCode, key), correlationId);
    return {
      reportId,
      trackingCode,
      reopenSecret,
      ...(original ? { duplicateOf: original.reportId } : {}),
      events: result.events,
      position: result.position,
    };
  }

  /**
   * 立案: the report becomes a problem in inspections (source `resident`), with the report's id as the
   * problem's on the first round. The acceptance is appended first, then the problem; a retry after a
   * crash between the two finds the report accepted and records the missing problem.
   */
  async accept(reportId: string, note: string | undefined, actor: Actor, correlationId: string) {
    const view = await this.view(reportId);
    if (!view) throw notFound(`report ${reportId} does not exist`);
    let accepted: { events: string[]; position: number } | undefined;
    try {
      accepted = await this.run(
        reportId,
        { type: 'AcceptResidentReport', data: { reportId, ...(note ? { note } : {}) } },
        actor,
        correlationId,
      );
    } catch (e) {
      if (!(e instanceof DomainError && e.kind === 'conflict')) throw e;
      const state = await this.reportState(reportId);
      if (!(state.status === 'accepted' && state.problemId)) throw e;
    }
    // The problem's id from the report's stream, not its read model: across processes the answer does
    // not wait for the projections, so the view may not have seen the acceptance just appended.
    const state = await this.reportState(reportId);
    if (state.status === 'none' || !state.problemId) throw notFound(`report ${reportId} has no accepted problem`);
    const problemId = state.problemId;
    const now = this.clock.now();
    const foundOn = toDay(now);
    const location = view.addressString ?? (view.lat !== undefined ? `${view.lat},${view.long}` : undefined);
    const evidence = [
      ...view.media.map((ref) => ({ kind: 'photo' as const, ref })),
      ...(view.lat !== undefined ? [{ kind: 'gps_point' as const, ref: `${view.lat},${view.long}` }] : []),
    ];
    const existing = await this.store.readStream(problemStream(problemId));
    const recorded = existing.length
      ? { events: [] as InspectionsEvent[], position: existing[existing.length - 1].position }
      : await handleCommand(
          this.store,
          problemStream(problemId),
          problemDecider({ actor, now }),
          {
            type: 'RecordProblem',
            data: {
              problemId,
              communityCode: view.communityCode,
              category: view.category,
              description: view.description,
              source: 'resident',
              foundOn,
              ...(location ? { location } : {}),
              ...(evidence.length ? { evidence } : {}),
            },
          },
          { actor, correlationId, now },
          {
            jurisdictionOf: (e: InspectionsEvent) => e.data.communityCode,
            occurredAt: (e: InspectionsEvent) => (e.type === 'ProblemRecorded' ? dayStart(foundOn) : undefined),
          },
        );
    if (recorded.events.length)
      await this.readYourWrites.waitFor(
        recorded.position,
        recorded.events.map((e) => e.type),
      );
    return {
      id: reportId,
      problemId,
      events: [...(accepted?.events ?? []), ...recorded.events.map((e) => e.type)],
      position: Math.max(accepted?.position ?? -1, recorded.position),
    };
  }

  async reject(reportId: string, reason: string, actor: Actor, correlationId: string) {
    const r = await this.run(
      reportId,
      { type: 'RejectResidentReport', data: { reportId, reason } },
      actor,
      correlationId,
    );
    return { id: reportId, ...r };
  }

  /** The reporter's "closed, not fixed", by tracking code and the secret given at reporting. */
  async reopen(trackingCode: string, secret: string, reason: string, correlationId: string) {
    const reportId = reportIdOf(trackingCode);
    const view = await this.view(reportId);
    if (!view) throw notFound(`no report with tracking code ${trackingCode}`);
    const closedOn = view.stage === 'closed' ? view.closedOn : undefined;
    const actor: Actor = { id: 'resident:reporter', roles: [], jurisdiction: view.communityCode };
    const r = await this.run(
      reportId,
      { type: 'ReopenResidentReport', data: { reportId, secretHash: sha256(secret), reason } },
      actor,
      correlationId,
      closedOn,
    );
    return { id: reportId, ...r };
  }

  /** The report as its own stream says (what a command decides on). */
  private async reportState(reportId: string): Promise<ResidentReport> {
    return stateOf<ResidentReport, ResidentReportEvent>(this.store, residentReportStream(reportId), {
      evolve: evolveResidentReport,
      initialState: initialResidentReport,
    });
  }

  async view(reportId: string): Promise<ReportDoc | undefined> {
    const doc = await this.reads.get<ReportDoc>(RESIDENT_REPORTS, reportId);
    return doc && (await this.withDuplicateCounts([doc]))[0];
  }

  /**
   * Reports with the number of duplicates each original has: kept apart from the report (a shared
   * document over one link per duplicate, see the projection), so it is read here, for every view.
   */
  private async withDuplicateCounts(docs: ReportDoc[]): Promise<ReportDoc[]> {
    const ids = docs.filter((d) => !d.duplicateOf).map((d) => d._id);
    const counts = new Map(
      ids.length
        ? (await this.reads.getMany<DuplicateCountDoc>(RESIDENT_DUPLICATE_COUNTS, ids)).map((c) => [
            c._id,
            c.duplicateCount,
          ])
        : [],
    );
    return docs.map((d) => ({ ...d, duplicateCount: counts.get(d._id) ?? 0 }));
  }

  /** The report a duplicate stands for: the original, whose problem everyone follows. */
  async followed(view: ReportDoc): Promise<ReportDoc> {
    return (view.duplicateOf && (await this.view(view.duplicateOf))) || view;
  }

  async list(
    scope: string,
    filter: { status?: string; from?: string; to?: string; limit?: number; skip?: number } = {},
  ): Promise<ReportDoc[]> {
    // A city or province code is six digits too: those read every report and keep the ones within.
    const filterOf: Record<string, string> =
      scope.length === 12 ? { communityCode: scope } : scope.length === 9 ? { streetCode: scope } : {};
    const docs = await this.reads.find<ReportDoc>(RESIDENT_REPORTS, filterOf, { sort: { submittedAt: -1 } });
    return this.withDuplicateCounts(
      docs
        .filter((d) => isWithin(d.communityCode, scope))
        .filter((d) => !filter.status || d.status === filter.status || d.stage === filter.status)
        .filter((d) => (!filter.from || d.submittedAt >= filter.from) && (!filter.to || d.submittedAt <= filter.to)),
    );
  }

  /** One row per street within (or above) the scope, by street code. */
  async streetFigures(scope: string): Promise<StreetFigures[]> {
    const docs = await this.reads.find<FiguresDoc>(RESIDENT_FIGURES, {
      level: 'street',
      ...(scope.length >= 6 ? { districtCode: scope.slice(0, 6) } : {}),
    });
    return docs
      .filter((d) => isWithin(d.code, scope) || isWithin(scope, d.code))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((d) => ({
        streetCode: d.code,
        districtCode: d.districtCode,
        reports: d.reports,
        duplicates: d.duplicates,
        accepted: d.accepted,
        rejected: d.rejected,
        reopened: d.reopened,
      }));
  }

  // ---- Open311 keys -------------------------------------------------------------------------

  async issueKey(jurisdiction: string, clientName: string, actor: Actor, correlationId: string) {
    if (!isWithin(jurisdiction, actor.jurisdiction))
      throw forbidden(`${jurisdiction} is outside your jurisdiction ${actor.jurisdiction}`, { field: 'jurisdiction' });
    const node = await this.registry.find(jurisdiction);
    if (!node) throw invalid(`jurisdiction ${jurisdiction} is not in the registry`, { field: 'jurisdiction' });
    const keyId = randomUUID();
    const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
    const r = await this.runKey(
      keyId,
      { type: 'IssueOpen311Key', data: { keyId, jurisdiction, clientName, keyHash: sha256(apiKey) } },
      actor,
      correlationId,
      jurisdiction,
    );
    return { id: keyId, keyId, apiKey, jurisdiction, clientName, ...r };
  }

  async revokeKey(keyId: string, actor: Actor, correlationId: string) {
    const r = await this.runKey(keyId, { type: 'RevokeOpen311Key', data: { keyId } }, actor, correlationId);
    return { id: keyId, ...r };
  }

  async keys(scope: string): Promise<Open311KeyDoc[]> {
    return (await this.reads.find<Open311KeyDoc>(OPEN311_KEYS, {})).filter((k) => isWithin(k.jurisdiction, scope));
  }

  /** The active key with this value, if any. */
  async keyFor(apiKey: string): Promise<Open311KeyDoc | undefined> {
    const doc = await this.reads.get<Open311KeyDoc>(OPEN311_KEYS, sha256(apiKey));
    return doc?.active ? doc : undefined;
  }

  private async run(
    reportId: string,
    command: ResidentReportCommand,
    actor: Actor,
    correlationId: string,
    closedOn?: string,
  ) {
    const now = this.clock.now();
    const decider = residentReportDecider({
      actor,
      now,
      reopenPeriodDays: this.options.reopenPeriodDays,
      ...(closedOn ? { closedOn } : {}),
    });
    const result = await handleCommand(
      this.store,
      residentReportStream(reportId),
      decider,
      command,
      { actor, correlationId, now },
      { jurisdictionOf: (e: ResidentsEvent) => (e.data as { communityCode: string }).communityCode },
    );
    if (result.events.length)
      await this.readYourWrites.waitFor(
        result.position,
        result.events.map((e) => e.type),
      );
    return { events: result.events.map((e) => e.type), position: result.position };
  }

  private async runKey(
    keyId: string,
    command: Parameters<ReturnType<typeof open311KeyDecider>['decide']>[0],
    actor: Actor,
    correlationId: string,
    jurisdiction?: string,
  ) {
    const now = this.clock.now();
    const result = await handleCommand(
      this.store,
      open311KeyStream(keyId),
      open311KeyDecider(actor),
      command,
      { actor, correlationId, now },
      {
        jurisdictionOf: (e: ResidentsEvent) =>
          (e.data as { jurisdiction?: string }).jurisdiction ?? jurisdiction ?? actor.jurisdiction,
      },
    );
    if (result.events.length)
      await this.readYourWrites.waitFor(
        result.position,
        result.events.map((e) => e.type),
      );
    return { events: result.events.map((e) => e.type), position: result.position };
  }
}
