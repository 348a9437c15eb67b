import type { Actor, InspectionsEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import type { IncidentCommand } from './commands';
import { incidentDecider } from './incident.decider';

const community = '620102001001';
const office: Actor = { id: 'office', roles: ['office'], jurisdiction: '620102' };
const elsewhere: Actor = { id: 'office-2', roles: ['office'], jurisdiction: '620103' };
const spec = (actor = office) => deciderSpec(incidentDecider({ actor, now: new Date('2025-06-01T02:00:00Z') }));

const i = { incidentId: 'x-1', communityCode: community, kind: 'major_criminal_case' };
const reported: InspectionsEvent = {
  type: 'IncidentReported',
  version: 1,
  data: { ...i, occurredOn: '2025-05-20', description: '重大刑事案件' },
};
const confirmed: InspectionsEvent = { type: 'IncidentConfirmed', version: 1, data: { ...i, occurredOn: '2025-05-20' } };
const dismissed: InspectionsEvent = { type: 'IncidentDismissed', version: 1, data: { ...i, reason: '经核查不属实' } };
const confirm: IncidentCommand = { type: 'ConfirmIncident', data: { incidentId: 'x-1' } };
const dismiss: IncidentCommand = { type: 'DismissIncident', data: { incidentId: 'x-1', reason: '经核查不属实' } };

describe('veto incident decider', () => {
  it('reports once, never a future incident', () => {
    spec()
      .given([])
      .when({ type: 'ReportIncident', data: reported.data as never })
      .then([reported]);
    spec()
      .given([reported])
      .when({ type: 'ReportIncident', data: reported.data as never })
      .thenThrows('conflict');
    spec()
      .given([])
      .when({ type: 'ReportIncident', data: { ...(reported.data as any), occurredOn: '2025-07-01' } })
      .thenThrows('invalid');
  });

  it('confirms a reported incident only', () => {
    spec().given([reported]).when(confirm).then([confirmed]);
    spec()
      .given([reported, confirmed])
      .when(confirm)
      .thenThrows('conflict', /confirmed/);
    spec()
      .given([reported, dismissed])
      .when(confirm)
      .thenThrows('conflict', /dismissed/);
    spec().given([]).when(confirm).thenThrows('not_found');
  });

  it('dismisses a reported or confirmed incident (cleared on review), once', () => {
    spec().given([reported]).when(dismiss).then([dismissed]);
    spec().given([reported, confirmed]).when(dismiss).then([dismissed]);
    spec()
      .given([reported, dismissed])
      .when(dismiss)
      .thenThrows('conflict', /already dismissed/);
  });

  it('refuses an office outside the community’s jurisdiction', () => {
    spec(elsewhere).given([reported]).when(confirm).thenThrows('forbidden');
  });
});
